import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, test } from 'vitest';
import { main } from '../packages/cli/src/main.js';

type Tree = Readonly<Record<string, string | Uint8Array>>;
const jsonl = (records: readonly object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

async function writeTree(tree: Tree): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'readin-cli-data-'));
  for (const [rel, content] of Object.entries(tree)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: string[], cwd = process.cwd()) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const WMT_CLEAN = jsonl([
  { id: '0', zh: '今天天气很好。\n', en: 'Nice weather.\n' },
  { id: '1', zh: '他在北京工作。\n', en: 'He works in Beijing.\n' },
  { id: '2', zh: '我们明天见。\n', en: 'See you.\n' },
]);
const WMT_KB = jsonl([
  { id: '0', zh: '今天天气很号。', en: 'Nice weather.' },
  { id: '1', zh: '他在北京工作。', en: 'He works in Beijing.' },
  { id: '2', zh: '我们明天见。', en: 'See you.' },
]);
const WMT_ASR = jsonl([
  { id: '0', zh: '今天天气很好', en: 'Nice weather.' },
  { id: '2', zh: '', en: 'See you.' },
]);
const AFQMC = jsonl([
  { sentence1: '花呗怎么还款', sentence2: '花呗如何还钱', label: '1' },
  { sentence1: '借呗能提额吗', sentence2: '花呗怎么关闭', label: '0' },
]);
const DATA: Tree = {
  'wmt21/test_clean.json': WMT_CLEAN,
  'wmt21/test_noisy_keyboard_1.json': WMT_KB,
  'wmt21/test_noisy_asr_1.json': WMT_ASR,
  'afqmc/test_clean.json': AFQMC,
  'afqmc/test_noisy_keyboard_1.json': AFQMC,
};

describe('readin data validate|stats', () => {
  it('--json gives tasks.<task>.splits.<split> with n, missing_ids, empty', async () => {
    const root = await writeTree(DATA);
    const { code, stdout, stderr } = await run(['data', 'validate', root, '--json']);
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    expect(Object.keys(report.tasks)).toEqual(['afqmc', 'wmt21']);
    expect(report.tasks.wmt21.splits.test_noisy_asr_1).toMatchObject({
      n: 2,
      missing_ids: ['1'],
      empty: 1,
      duplicates: 0,
    });
    expect(report.tasks.afqmc.splits.test_clean).toMatchObject({ n: 2, missing_ids: [], empty: 0 });
    expect(report.tasks.wmt21.splits.test_clean.cer).toBeUndefined();
  });

  it('stats adds the CER; --task and --data pick the data, relative to cwd', async () => {
    const root = await writeTree(DATA);
    const { code, stdout } = await run(['data', 'stats', '--data', '.', '--task', 'wmt', '--json'], root);
    expect(code).toBe(0);
    const splits = JSON.parse(stdout).tasks.wmt21.splits;
    expect(splits.test_noisy_keyboard_1.cer).toBeCloseTo(1 / 20, 6);
    expect(splits.test_noisy_asr_1.cer).toBeCloseTo(7 / 13, 6);
  });

  it('prints a readable table', async () => {
    const root = await writeTree(DATA);
    const { code, stdout } = await run(['data', 'stats', join(root, 'wmt21')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/split\s+n\s+missing\s+empty\s+dup\s+CER\s+changed/);
    expect(stdout).toMatch(/test_noisy_asr_1\s+2\s+1\s+1\s+0\s+53\.8 %\s+100\.0 %/);
    expect(stdout).toContain('ok: the data is usable.');
  });

  it('exits 1 on duplicate ids, with the report still printed', async () => {
    const root = await writeTree({ 'wmt21/test_clean.json': WMT_CLEAN + WMT_CLEAN });
    const { code, stdout, stderr } = await run(['data', 'validate', join(root, 'wmt21'), '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).tasks.wmt21.splits.test_clean.duplicate_ids).toEqual(['0', '1', '2']);
    expect(stderr).toContain('problem(s)');
  });

  test.each([
    [['data', '--help'], 0, /data validate/],
    [['data', 'validate', '--help'], 0, /Exit codes/],
    [['data', 'validate'], 2, /no data given/],
    [['data', 'validate', '.', '--task', 'cmrk'], 2, /unknown task "cmrk". Did you mean "cmrc2018"\?/],
  ])('%j exits %i', async (argv, exit, pattern) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(exit);
    expect(stdout + stderr).toMatch(pattern);
  });
});

describe('malformed inputs: exit 1, one line naming file, line and field, no stack, no output', () => {
  const good = AFQMC;
  test.each<[string, Tree, RegExp]>([
    [
      'truncated JSON line',
      { 'afqmc/test_clean.json': `${good}{"sentence1": "花呗", "sentence2": "怎么` },
      /test_clean\.json:3: field "sentence2": invalid JSON: the line is truncated/,
    ],
    [
      'wrong field type',
      { 'afqmc/test_clean.json': `${good}{"sentence1": 5, "sentence2": "b", "label": "0"}\n` },
      /test_clean\.json:3: field "sentence1": expected a string, found the number 5/,
    ],
    [
      'missing field',
      {
        'afqmc/test_clean.json': good,
        'afqmc/test_noisy_keyboard_1.json': '{"sentence1": "a", "sentence2": "b"}\n',
      },
      /test_noisy_keyboard_1\.json:1: field "label": missing field/,
    ],
    [
      'UTF-16 file (BOM FF FE)',
      { 'afqmc/test_clean.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]) },
      /test_clean\.json:1: the line is not valid UTF-8/,
    ],
    [
      'bare CR line ends',
      { 'afqmc/test_clean.json': good.replace(/\n/g, '\r') },
      /test_clean\.json:1: field "label": invalid JSON/,
    ],
    [
      'empty file',
      { 'afqmc/test_clean.json': '' },
      /test_clean\.json:1: the file holds no examples \(empty file\)/,
    ],
    [
      'unknown layout',
      { 'afqmc/a.json': good, 'afqmc/b.json': good },
      /afqmc: unrecognised data layout; found a\.json, b\.json\. Expected one of: .*readin-manifest\.json/,
    ],
  ])('%s', async (_name, tree, pattern) => {
    const root = await writeTree(tree);
    const before = await readdir(join(root, 'afqmc'));
    const { code, stdout, stderr } = await run(['data', 'validate', join(root, 'afqmc'), '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(pattern);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(join(root, 'afqmc'))).toEqual(before);
  });

  test.each<[string, string | Buffer, RegExp]>([
    [
      'UTF-8 BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)]),
      /test_clean\.json:1: starts with a UTF-8 byte-order mark/,
    ],
    ['CRLF line ends', good.replace(/\n/g, '\r\n'), /test_clean\.json:1: Windows line ending \(CRLF\)/],
  ])('%s: validate exits 1 naming file and line (loaders still read it)', async (_name, content, pattern) => {
    const root = await writeTree({ 'afqmc/test_clean.json': content });
    const { code, stdout } = await run(['data', 'validate', join(root, 'afqmc'), '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout).tasks.afqmc;
    expect(report.problems.join('\n')).toMatch(pattern);
    expect(report.splits.test_clean.n).toBeGreaterThan(0);
  });

  it('the built bin exits 1 with a one-line message (spawned)', async () => {
    const bin = fileURLToPath(new URL('../packages/cli/bin/readin.js', import.meta.url));
    if (!existsSync(fileURLToPath(new URL('../packages/cli/dist/main.js', import.meta.url)))) {
      throw new Error('build first: npx tsc -b');
    }
    const root = await writeTree({ 'wmt21/test_clean.json': '{"id": "0", "zh": "你好\n' });
    const error = await promisify(execFile)(process.execPath, [
      bin,
      'data',
      'validate',
      join(root, 'wmt21'),
    ]).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stdout).toBe('');
    expect(error?.stderr).toMatch(
      /^readin data validate: .*test_clean\.json:1: field "zh": invalid JSON: the line is truncated/,
    );
    expect(error?.stderr).not.toMatch(/\n\s+at /);
  });
});
