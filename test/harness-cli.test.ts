import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, test } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { readJsonlFile, tempDir } from '../packages/harness/test/helpers/fixtures.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function cli(argv: string[], cwd = process.cwd()) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr, cwd, env: { ...process.env, CI: '1' } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('readin eval', () => {
  it('with no arguments: every sample task with the default baselines, offline, and the READIN table', {
    timeout: 120_000,
  }, async () => {
    const cwd = await tempDir('readin-eval-');
    const { code, stdout, stderr } = await cli(['eval'], cwd);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('READIN robustness');
    expect(stdout).toMatch(/SYNTHETIC NOISE/);
    for (const task of ['AFQMC', 'CMRC2018', 'CSpider', 'WMT21']) expect(stdout).toContain(task);
    expect(stderr).toMatch(/^afqmc +7 splits/m);
    expect(stderr).toMatch(/run folder: runs\/baseline-default-[0-9a-f]{12}/);
    const [dir] = await readdir(join(cwd, 'runs'));
    const scores = JSON.parse(await readFile(join(cwd, 'runs', dir!, 'scores.json'), 'utf8'));
    expect(scores.model).toBe('baseline:default');
    expect(scores.tasks.map((t: { task: string }) => t.task)).toEqual([
      'afqmc',
      'cmrc2018',
      'cspider',
      'wmt21',
    ]);
    expect(scores.tasks.every((t: { synthetic_noise?: boolean }) => t.synthetic_noise)).toBe(true);

    // `readin report` reads the run folder.
    const report = await cli(['report', join(cwd, 'runs', dir!), '--json']);
    expect(report.code, report.stderr).toBe(0);
  });
});

describe('readin run', () => {
  it('writes a run folder that readin score reads', async () => {
    const cwd = await tempDir('readin-run-');
    const { code, stdout, stderr } = await cli(
      [
        'run',
        '--model',
        'baseline:default',
        '--task',
        'wmt21',
        '--limit',
        '3',
        '--splits',
        'test_clean,test_noisy_asr_1',
        '--out',
        'r',
      ],
      cwd,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^wrote r: 6 predictions for 1 task/m);
    expect(stdout).toMatch(/score with: readin score --data .*sample\/wmt21 --pred r$/m);
    expect(stderr).toMatch(/wmt21 +test_noisy_asr_1 +3\/3/);
    const lines = await readJsonlFile(join(cwd, 'r', 'predictions', 'wmt21', 'test_noisy_asr_1.jsonl'));
    expect(lines).toHaveLength(3);
    expect(existsSync(join(cwd, 'r', 'predictions', 'wmt21', 'test_noisy_keyboard_1.jsonl'))).toBe(false);
    const config = JSON.parse(await readFile(join(cwd, 'r', 'config.json'), 'utf8'));
    expect(config.command).toEqual(
      expect.arrayContaining(['readin', 'run', '--model', 'baseline:default', '--limit', '3']),
    );
  });

  test.each([
    [['run'], 2, /--model is required/],
    [['run', '--model', 'baseline:defualt'], 2, /Did you mean "default"/],
    [
      ['run', '--model', 'baseline:default', '--concurrency', '0'],
      2,
      /--concurrency must be a whole number ≥ 1/,
    ],
    [['run', '--model', 'baseline:default', '--temperature', 'hot'], 2, /--temperature must be/],
    [['eval', '--mode', 'fast'], 2, /--mode must be chat or native/],
    [['eval', 'extra'], 2, /unexpected argument "extra"/],
    [['eval', '--data', 'no/such/dir'], 1, /no such file or folder/],
  ])('%o exits %d with a one-line message', async (argv, exit, message) => {
    const cwd = await tempDir('readin-run-err-');
    const { code, stderr } = await cli(argv, cwd);
    expect(code).toBe(exit);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
