import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSha256, UsageError, VERSION } from '@readin/core';
import { describe, expect, it, test } from 'vitest';
import {
  defaultRunDir,
  evaluate,
  limitTask,
  type ProgressEvent,
  redactCommand,
  resolveDataPath,
  runModel,
  sampleDataDir,
  scorePredictions,
  scoreReportJson,
} from '../src/index.js';
import { afqmcTree, readJsonlFile, tempDir, wmtTree, writeTree } from './helpers/fixtures.js';

async function fixture(n = 6) {
  const root = await tempDir();
  await writeTree(join(root, 'data'), { ...afqmcTree(n), ...wmtTree(n) });
  return root;
}

describe('runModel with an offline baseline', () => {
  it('writes predictions per task and split, config.json and status.json', async () => {
    const root = await fixture(6);
    const out = join(root, 'run');
    const events: ProgressEvent[] = [];
    const run = await runModel('baseline:default', {
      data: join(root, 'data'),
      out,
      onProgress: (e) => events.push(e),
      command: ['readin', 'run', '--model', 'baseline:default'],
    });
    expect(run.dir).toBe(out);
    expect(run.tasks.map((t) => t.task)).toEqual(['afqmc', 'wmt21']);
    expect(run.totals).toMatchObject({ total: 36, done: 36, errors: 0 });
    for (const task of ['afqmc', 'wmt21']) {
      for (const split of ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_asr_1']) {
        const lines = await readJsonlFile(join(out, 'predictions', task, `${split}.jsonl`));
        expect(lines.map((l) => l.id)).toEqual(['0', '1', '2', '3', '4', '5']);
        for (const l of lines) expect(Object.keys(l).sort()).toEqual(['id', 'prediction']);
      }
    }
    const afqmc = await readJsonlFile(join(out, 'predictions', 'afqmc', 'test_clean.jsonl'));
    for (const l of afqmc) expect(['0', '1']).toContain(l.prediction);

    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.readin).toBe(VERSION);
    expect(config.model.spec).toBe('baseline:default');
    expect(config.model.tasks.afqmc).toMatch(/^baseline:pinyin-overlap@\d+$/);
    expect(config.command).toEqual(['readin', 'run', '--model', 'baseline:default']);
    expect(config.params.concurrency).toBe(8);
    const cleanFile = join(root, 'data', 'afqmc', 'test_clean.json');
    expect(config.tasks.afqmc.data.splits.test_clean).toEqual({
      file: cleanFile,
      sha256: await fileSha256(cleanFile),
    });
    expect(config.tasks.wmt21.predicted).toEqual({
      test_clean: 6,
      test_noisy_keyboard_1: 6,
      test_noisy_asr_1: 6,
    });
    const status = JSON.parse(await readFile(join(out, 'status.json'), 'utf8'));
    expect(status.state).toBe('complete');
    expect(status.splits).toHaveLength(6);

    expect(events[0]?.type).toBe('plan');
    expect(events.filter((e) => e.type === 'split-done')).toHaveLength(6);
    expect(events.at(-1)?.type).toBe('end');
  });

  it('--limit keeps the first N clean ids in every split; --splits picks splits', async () => {
    const root = await fixture(8);
    const out = join(root, 'run');
    const run = await runModel('baseline:default', {
      data: join(root, 'data'),
      task: 'afqmc',
      out,
      limit: 3,
      splits: ['test_noisy_asr_1'],
    });
    expect(run.totals.total).toBe(3);
    expect(existsSync(join(out, 'predictions', 'afqmc', 'test_clean.jsonl'))).toBe(false);
    const lines = await readJsonlFile(join(out, 'predictions', 'afqmc', 'test_noisy_asr_1.jsonl'));
    expect(lines.map((l) => l.id)).toEqual(['0', '1', '2']);
    expect(existsSync(join(out, 'predictions', 'wmt21'))).toBe(false);
  });

  it('the default run folder is the same for the same model and data, and differs for other data', async () => {
    const root = await fixture(4);
    const a = await runModel('baseline:default', { data: 'data', cwd: root, task: 'afqmc' });
    const b = await runModel('baseline:default', { data: 'data', cwd: root, task: 'afqmc' });
    expect(a.dir).toBe(b.dir);
    expect(a.dir.startsWith(join(root, 'runs', 'baseline-default-'))).toBe(true);
    await writeFile(
      join(root, 'data', 'afqmc', 'test_clean.json'),
      `${JSON.stringify({ id: '0', sentence1: '甲', sentence2: '乙', label: '0' })}\n`,
    );
    const c = await runModel('baseline:default', { data: 'data', cwd: root, task: 'afqmc' });
    expect(c.dir).not.toBe(a.dir);
  });

  it('refuses to resume into a folder of another model or of changed data', async () => {
    const root = await fixture(4);
    const out = join(root, 'run');
    await runModel('baseline:default', { data: join(root, 'data'), task: 'afqmc', out });
    await expect(
      runModel('baseline:char-overlap', { data: join(root, 'data'), task: 'afqmc', out }),
    ).rejects.toThrow(/another model/);
    await writeFile(
      join(root, 'data', 'afqmc', 'test_noisy_asr_1.json'),
      `${JSON.stringify({ id: '0', sentence1: '甲', sentence2: '乙', label: '0' })}\n`,
    );
    const error = await runModel('baseline:default', { data: join(root, 'data'), task: 'afqmc', out }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/test_noisy_asr_1 data changed/);
  });

  test.each([
    [{ concurrency: 0 }, /--concurrency/],
    [{ limit: 1.5 }, /--limit/],
    [{ maxFailures: -1 }, /--max-failures/],
    [{ task: 'afqmcc' }, /unknown task/],
    [{ splits: ['test_noisy_keyboard_9'] }, /no split test_noisy_keyboard_9/],
    [{ shots: 2 }, /training data/],
  ])('bad options are UsageErrors: %o', async (options, message) => {
    const root = await fixture(2);
    const error = await runModel('baseline:default', {
      data: join(root, 'data'),
      task: 'afqmc',
      out: join(root, 'r'),
      ...options,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it('removes temporary files of a write cut short by a kill, which readin score would list', async () => {
    const root = await fixture(3);
    const out = join(root, 'run');
    const stale = join(out, 'predictions', 'afqmc', '.test_clean.jsonl.4242.0badcafe.tmp');
    await writeTree(out, { 'predictions/afqmc/.test_clean.jsonl.4242.0badcafe.tmp': '{"id":"0","predic' });
    expect(existsSync(stale)).toBe(true);
    await runModel('baseline:default', { data: join(root, 'data'), task: 'afqmc', out });
    expect(existsSync(stale)).toBe(false);
    const { report } = await scorePredictions(join(root, 'data', 'afqmc'), out, { bootstrap: 0 });
    expect(report.notes?.join(' ')).not.toMatch(/ignored/);
  });

  it('--task takes a comma-separated list', async () => {
    const root = await fixture(2);
    const run = await runModel('baseline:default', {
      data: join(root, 'data'),
      task: 'wmt,afqmc',
      out: join(root, 'r'),
    });
    expect(run.tasks.map((t) => t.task)).toEqual(['afqmc', 'wmt21']);
    await expect(
      runModel('baseline:default', { data: join(root, 'data'), task: 'afqmc,cspider', out: join(root, 'r') }),
    ).rejects.toThrow(/no cspider data/);
  });

  it('a task the model cannot answer is a UsageError before anything is written', async () => {
    const root = await fixture(2);
    const out = join(root, 'run');
    await expect(runModel('baseline:copy', { data: join(root, 'data'), task: 'afqmc', out })).rejects.toThrow(
      /cannot answer afqmc/,
    );
    expect(existsSync(join(out, 'config.json'))).toBe(false);
  });
});

describe('evaluate', () => {
  it('writes scores.json that readin score reproduces from the run folder', async () => {
    const root = await fixture(6);
    const out = join(root, 'run');
    const { report, run } = await evaluate('baseline:default', {
      data: join(root, 'data'),
      out,
      bootstrap: 50,
    });
    expect(report.model).toBe('baseline:default');
    expect(report.tasks.map((t) => t.task)).toEqual(['afqmc', 'wmt21']);
    const saved = JSON.parse(await readFile(join(out, 'scores.json'), 'utf8'));
    expect(saved).toEqual(JSON.parse(JSON.stringify(report)));
    for (const task of report.tasks) {
      const again = await scorePredictions(join(root, 'data', task.task), run.dir, { bootstrap: 50 });
      const a = scoreReportJson(again.report) as Record<string, unknown>;
      const b = scoreReportJson(task) as Record<string, unknown>;
      expect(a.summary).toEqual(b.summary);
      expect(a.splits).toEqual(b.splits);
      expect(a.signature).toBe(b.signature);
    }
  });

  it('always runs the clean split, which the scores need', async () => {
    const root = await fixture(4);
    const { run } = await evaluate('baseline:default', {
      data: join(root, 'data'),
      task: 'wmt21',
      out: join(root, 'run'),
      splits: ['test_noisy_asr_1'],
      bootstrap: 0,
    });
    expect(run.tasks[0]?.splits.map((s) => s.split)).toEqual(['test_clean', 'test_noisy_asr_1']);
  });
});

describe('helpers', () => {
  it('sample resolves to the bundled data/sample, not the working directory', () => {
    expect(resolveDataPath('sample', { cwd: '/nowhere' })).toBe(sampleDataDir());
    expect(existsSync(join(sampleDataDir(), 'readin-manifest.json'))).toBe(true);
    expect(resolveDataPath('x/y', { cwd: '/base' })).toBe('/base/x/y');
  });

  it('limitTask keeps aligned ids', async () => {
    const root = await fixture(5);
    const { loadTask } = await import('@readin/data');
    const loaded = await loadTask(join(root, 'data', 'afqmc'));
    const limited = limitTask(loaded, 2);
    for (const s of limited.splits.values()) expect(s.examples.map((e) => e.id)).toEqual(['0', '1']);
    expect(limitTask(loaded, undefined)).toBe(loaded);
  });

  test.each([
    [
      ['--model', 'openai:http://user:pw@h:8000/v1#m'],
      ['--model', 'openai:http://[redacted]@h:8000/v1#m'],
    ],
    [
      ['--key', 'hf_abcdefghijklmnop'],
      ['--key', '[redacted]'],
    ],
    [
      ['--x', 'my-own-secret-value'],
      ['--x', '[redacted]'],
    ],
  ])('redactCommand(%o)', (argv, expected) => {
    expect(redactCommand(argv, ['my-own-secret-value'])).toEqual(expected);
  });

  it('defaultRunDir names the model and hashes model + data', () => {
    const description = {
      spec: 'openai:http://h/v1#qwen',
      backend: 'openai' as const,
      model: 'qwen/Qwen2.5 7B',
      settings: {},
      tasks: {},
      signature: 'backend:openai|model:qwen',
    };
    const data = [
      {
        task: 'afqmc' as const,
        root: '/d',
        layout: 'flat',
        splits: { test_clean: { file: '/d/a', sha256: 'aa' } },
      },
    ];
    const dir = defaultRunDir(description, data);
    expect(dir).toMatch(/^runs\/openai-qwen-Qwen2\.5-7B-[0-9a-f]{12}$/);
    expect(defaultRunDir(description, data)).toBe(dir);
    expect(
      defaultRunDir(description, [{ ...data[0]!, splits: { test_clean: { file: '/d/a', sha256: 'ab' } } }]),
    ).not.toBe(dir);
  });
});
