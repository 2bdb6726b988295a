// `readin score` end to end, in process: main() on the bundled sample (data/sample, synthetic noise) with
// prediction sets generated here from the gold answers (perfect, all wrong, partial), the official single-file
// formats, and garbage that must score 0 or exit 1 with a message naming the file — never exit 3.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadTask } from '@readin/data';
import { scoreLoaded } from '@readin/harness';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, test } from 'vitest';
import { main } from '../packages/cli/src/main.js';

type Task = 'afqmc' | 'cmrc2018' | 'cspider' | 'wmt21';
const TASKS: readonly Task[] = ['afqmc', 'cmrc2018', 'cspider', 'wmt21'];
const SAMPLE = fileURLToPath(new URL('../data/sample', import.meta.url));
const SPLITS = [
  'test_clean',
  'test_noisy_keyboard_1',
  'test_noisy_keyboard_2',
  'test_noisy_keyboard_3',
  'test_noisy_asr_1',
  'test_noisy_asr_2',
  'test_noisy_asr_3',
] as const;
type Split = (typeof SPLITS)[number];

/** Metric keys of `--json` per task (cspider: the sample has a database/, so execution accuracy is there too). */
const METRIC_KEYS: Record<Task, readonly string[]> = {
  afqmc: ['acc', 'acc_neg', 'acc_pos', 'macro_f1'],
  cmrc2018: ['em', 'f1'],
  cspider: ['by_hardness', 'exact_match', 'exec'],
  wmt21: ['bleu', 'chrf'],
};
const HARDNESS = ['easy', 'extra', 'hard', 'medium'];

interface Row {
  readonly id: string;
  readonly gold: string;
  readonly db_id?: string;
}

/** The sample's examples of one split in file order, with id (record index when absent) and gold output. */
function sampleRows(task: Task, split: Split = 'test_clean'): Row[] {
  const text = readFileSync(join(SAMPLE, task, `${split}.json`), 'utf8');
  const records = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return records.map((r, i) => ({
    id: r.id === undefined ? String(i) : String(r.id),
    gold: goldOf(task, r),
    ...(typeof r.db_id === 'string' ? { db_id: r.db_id } : {}),
  }));
}

function goldOf(task: Task, r: Record<string, unknown>): string {
  switch (task) {
    case 'afqmc':
      return String(r.label);
    case 'cmrc2018':
      return (r.answers as { text: string }[])[0]!.text;
    case 'cspider':
      return String(r.query);
    case 'wmt21':
      return String(r.en).replace(/\n$/, '');
  }
}

/** A prediction that is wrong for every example of the task. */
function wrongOf(task: Task, row: Row): string {
  switch (task) {
    case 'afqmc':
      return row.gold === '1' ? '0' : '1';
    case 'cmrc2018':
      return '';
    case 'cspider':
      return 'SELECT nothing FROM no_such_table';
    case 'wmt21':
      return '◇◇◇ ◆◆◆';
  }
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: readonly string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr, cwd: process.cwd(), env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs `readin score --json` and parses the output (failing with stderr when the exit code is not 0). */
async function score(task: Task, pred: string, ...extra: string[]) {
  const r = await run(['score', '--task', task, '--data', SAMPLE, '--pred', pred, '--json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ScoreJson;
}

interface SplitJson {
  n: number;
  missing: number;
  missing_ids?: string[];
  metrics: Record<string, number | Record<string, number>>;
}
interface NoiseJson {
  versions: number;
  average: SplitJson['metrics'];
  worst: SplitJson['metrics'];
  drop?: Record<string, { estimate: number; low: number; high: number }>;
}
interface ScoreJson {
  task: string;
  signature: string;
  splits: Record<string, SplitJson>;
  summary: { clean: SplitJson['metrics']; keyboard?: NoiseJson; speech?: NoiseJson };
  notes?: string[];
}

let tmpRoot = '';
async function tmp(name: string): Promise<string> {
  if (!tmpRoot) tmpRoot = await mkdtemp(join(tmpdir(), 'readin-score-cli-'));
  const dir = join(tmpRoot, name);
  await mkdir(dir, { recursive: true });
  return dir;
}
async function put(file: string, content: string | Buffer): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}
const jsonl = (records: readonly unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** A prediction folder with one `<split>.jsonl` per split; `predict(row, i, split)` gives each prediction. */
async function predictionFolder(
  name: string,
  task: Task,
  predict: (row: Row, i: number, split: Split) => unknown,
  splits: readonly Split[] = SPLITS,
): Promise<string> {
  const dir = await tmp(name);
  for (const split of splits) {
    const rows = sampleRows(task, split);
    await put(
      join(dir, `${split}.jsonl`),
      jsonl(rows.map((row, i) => ({ id: row.id, prediction: predict(goldRow(task, row.id), i, split) }))),
    );
  }
  return dir;
}

/** The clean row (gold answer) of an id: noisy splits share the clean gold. */
function goldRow(task: Task, id: string): Row {
  const row = sampleRows(task).find((r) => r.id === id);
  if (!row) throw new Error(`no clean row ${id}`);
  return row;
}

/** Flattens `by_hardness` so every metric is a number keyed by a path. */
function flat(metrics: SplitJson['metrics']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v === 'number') out[k] = v;
    else for (const [h, x] of Object.entries(v)) out[`${k}.${h}`] = x;
  }
  return out;
}

function expectAllMetrics(metrics: SplitJson['metrics'], value: number, precision = 9) {
  for (const [key, v] of Object.entries(flat(metrics))) {
    expect([key, v]).toEqual([key, expect.closeTo(value, precision)]);
  }
}

function expectMetricKeys(task: Task, metrics: SplitJson['metrics']) {
  expect(Object.keys(metrics).sort()).toEqual(METRIC_KEYS[task]);
  if (task === 'cspider') {
    expect(Object.keys(metrics.by_hardness as object).sort()).toEqual(HARDNESS);
    expect(Object.keys(metrics).some((k) => k.startsWith('exact_match_'))).toBe(false);
  }
  for (const v of Object.values(flat(metrics))) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(100 + 1e-9);
  }
}

describe('readin score --json on the sample: shape and values', () => {
  test.each(TASKS)('%s: perfect predictions score 100 everywhere, in the issue’s shape', async (task) => {
    const pred = await predictionFolder(`perfect-${task}`, task, (row) => row.gold);
    const report = await score(task, pred);
    expect(report.task).toBe(task);
    expect(report.signature).toMatch(new RegExp(`^task:${task}\\|`));
    expect(Object.keys(report.splits).sort()).toEqual([...SPLITS].sort());
    for (const split of SPLITS) {
      const s = report.splits[split]!;
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['n', 'missing', 'metrics']));
      expect(s.n).toBe(sampleRows(task, split).length);
      expectMetricKeys(task, s.metrics);
      expectAllMetrics(s.metrics, 100);
    }
    expect(Object.keys(report.summary).sort()).toEqual(['clean', 'keyboard', 'speech']);
    expectMetricKeys(task, report.summary.clean);
    for (const noise of [report.summary.keyboard!, report.summary.speech!]) {
      expect(noise.versions).toBe(3);
      expectMetricKeys(task, noise.average);
      expectMetricKeys(task, noise.worst);
      expectAllMetrics(noise.average, 100);
      expectAllMetrics(noise.worst, 100);
      // default bootstrap: a drop interval per metric, 0 for perfect predictions
      for (const d of Object.values(noise.drop ?? {})) expect(d).toEqual({ estimate: 0, low: 0, high: 0 });
      expect(Object.keys(noise.drop ?? {}).length).toBeGreaterThan(0);
    }
  });

  test.each(TASKS)('%s: all-wrong predictions score 0 everywhere', async (task) => {
    const pred = await predictionFolder(`wrong-${task}`, task, (row) => wrongOf(task, row));
    const report = await score(task, pred, '--bootstrap', '0');
    for (const split of SPLITS) expectAllMetrics(report.splits[split]!.metrics, 0);
    for (const noise of [report.summary.keyboard!, report.summary.speech!]) {
      expectAllMetrics(noise.average, 0);
      expectAllMetrics(noise.worst, 0);
      expect(noise.drop).toBeUndefined(); // --bootstrap 0 turns intervals off
    }
  });

  // Example i of split k is right unless (i + k) % (k + 2) === 0: a different share wrong in every split.
  const rightIn = (i: number, split: Split) => {
    const k = SPLITS.indexOf(split);
    return (i + k) % (k + 2) !== 0;
  };

  test.each(TASKS)(
    '%s: partial predictions — split scores, average = mean, worst ≤ average',
    async (task) => {
      const pred = await predictionFolder(`partial-${task}`, task, (row, i, split) =>
        rightIn(i, split) ? row.gold : wrongOf(task, row),
      );
      const report = await score(task, pred, '--bootstrap', '0');
      for (const split of SPLITS) {
        const m = flat(report.splits[split]!.metrics);
        const rows = sampleRows(task, split);
        const share = (100 * rows.filter((_, i) => rightIn(i, split)).length) / rows.length;
        if (task === 'afqmc') expect(m.acc).toBeCloseTo(share, 9);
        if (task === 'cmrc2018')
          expect([m.em, m.f1]).toEqual([expect.closeTo(share, 9), expect.closeTo(share, 9)]);
        if (task === 'cspider')
          expect([m.exact_match, m.exec]).toEqual([expect.closeTo(share, 9), expect.closeTo(share, 9)]);
        if (task === 'wmt21') {
          expect(m.bleu).toBeGreaterThan(0);
          expect(m.bleu).toBeLessThan(100);
          expect(m.chrf).toBeGreaterThan(0);
          expect(m.chrf).toBeLessThan(100);
        }
      }
      for (const [key, noise] of [
        ['keyboard', 'test_noisy_keyboard'],
        ['speech', 'test_noisy_asr'],
      ] as const) {
        const summary = report.summary[key]!;
        const versions = [1, 2, 3].map((v) => flat(report.splits[`${noise}_${v}`]!.metrics));
        const average = flat(summary.average);
        const worst = flat(summary.worst);
        expect(Object.keys(average).sort()).toEqual(Object.keys(versions[0]!).sort());
        for (const [m, value] of Object.entries(average)) {
          const mean = versions.reduce((s, v) => s + v[m]!, 0) / 3;
          expect([m, value]).toEqual([m, expect.closeTo(mean, 9)]);
          expect(worst[m]).toBeLessThanOrEqual(value + 1e-9);
        }
        // worst is strictly worse here: versions are wrong on different examples
        const headline =
          task === 'afqmc' ? 'acc' : task === 'cmrc2018' ? 'em' : task === 'cspider' ? 'exact_match' : 'chrf';
        expect(worst[headline]).toBeLessThan(average[headline]! - 1);
      }
    },
  );

  it('wmt21 test_noisy_asr_2 of the sample misses 2 ids: missing and missing_ids', async () => {
    const pred = await predictionFolder('perfect-wmt21-missing', 'wmt21', (row) => row.gold);
    const report = await score('wmt21', pred, '--bootstrap', '0');
    const present = new Set(sampleRows('wmt21', 'test_noisy_asr_2').map((r) => r.id));
    const expected = sampleRows('wmt21')
      .map((r) => r.id)
      .filter((id) => !present.has(id));
    expect(expected).toHaveLength(2);
    const s = report.splits.test_noisy_asr_2!;
    expect(s).toMatchObject({ n: sampleRows('wmt21').length - 2, missing: 2, missing_ids: expected });
    expect(report.splits.test_noisy_asr_1).toMatchObject({ missing: 0 });
    expect(report.splits.test_noisy_asr_1!.missing_ids).toBeUndefined();
  });

  test.each(TASKS)('%s: --details writes one JSONL line per scored example', async (task) => {
    const pred = await predictionFolder(`details-${task}`, task, (row, i, split) =>
      rightIn(i, split) ? row.gold : wrongOf(task, row),
    );
    const details = join(await tmp(`details-out-${task}`), 'details.jsonl');
    const report = await score(task, pred, '--bootstrap', '0', '--details', details);
    const lines = (await readFile(details, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { split: string; id: string; metrics: Record<string, number> });
    const total = Object.values(report.splits).reduce((s, x) => s + x.n, 0);
    expect(lines).toHaveLength(total);
    for (const split of SPLITS) {
      const mine = lines.filter((l) => l.split === split);
      expect(mine.map((l) => l.id)).toEqual(
        sampleRows(task, split)
          .map((r) => r.id)
          .filter((id) => sampleRows(task).some((c) => c.id === id)),
      );
      for (const l of mine) expect(Object.keys(l).sort()).toEqual(['id', 'metrics', 'split']);
      // per-example values agree with rightness (first metric: acc / em / exact_match / bleu)
      const key = Object.keys(mine[0]!.metrics)[0]!;
      mine.forEach((l) => {
        const i = sampleRows(task, split).findIndex((r) => r.id === l.id);
        if (rightIn(i, split)) expect(l.metrics[key]).toBeGreaterThan(99.999);
        else expect(l.metrics[key]).toBe(0);
      });
    }
  });

  it('prints a table without --json', async () => {
    const pred = await predictionFolder('table-afqmc', 'afqmc', (row) => row.gold);
    const { code, stdout, stderr } = await run([
      'score',
      '--task',
      'afqmc',
      '--data',
      SAMPLE,
      '--pred',
      pred,
    ]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/keyboard.*100\.00/);
    expect(stdout).toContain('SYNTHETIC');
  });
});

describe('official single-file prediction formats', () => {
  test.each([
    ['on one line (json.dump)', undefined],
    ['indented', 4],
  ])('CMRC {id: answer} JSON %s', async (_how, indent) => {
    const rows = sampleRows('cmrc2018');
    const file = await put(
      join(await tmp(`official-cmrc-${indent ?? 0}`), 'predictions.json'),
      JSON.stringify(Object.fromEntries(rows.map((r, i) => [r.id, i % 2 ? r.gold : ''])), null, indent),
    );
    const report = await score('cmrc2018', file, '--bootstrap', '0');
    expect(Object.keys(report.splits)).toEqual(['test_clean']);
    const half = (100 * rows.filter((_, i) => i % 2).length) / rows.length;
    expect(report.splits.test_clean!.metrics.em).toBeCloseTo(half, 9);
    expect(report.summary.keyboard).toBeUndefined();
  });

  test.each([
    ['SQL lines', (r: Row) => r.gold],
    ['SQL\\tdb_id lines', (r: Row) => `${r.gold}\t${r.db_id}`],
    ['lines with a BOM and CRLF ends', (r: Row, i: number) => `${i === 0 ? '\uFEFF' : ''}${r.gold}\r`],
  ])('Spider %s', async (name, line) => {
    const rows = sampleRows('cspider');
    const file = await put(
      join(await tmp(`official-spider-${name.length}`), 'pred.sql'),
      `${rows.map(line).join('\n')}\n`,
    );
    const report = await score('cspider', file, '--bootstrap', '0');
    expect(Object.keys(report.splits)).toEqual(['test_clean']);
    expectAllMetrics(report.splits.test_clean!.metrics, 100);
  });

  it('WMT translation lines, and --split for a noisy split', async () => {
    const dir = await tmp('official-wmt');
    const clean = await put(
      join(dir, 'hyp.en'),
      `${sampleRows('wmt21')
        .map((r) => r.gold)
        .join('\n')}\n`,
    );
    const report = await score('wmt21', clean, '--bootstrap', '0');
    expect(Object.keys(report.splits)).toEqual(['test_clean']);
    expectAllMetrics(report.splits.test_clean!.metrics, 100);
    // test_noisy_asr_2 has 46 lines: aligned with its own order, not the clean one
    const asr2 = sampleRows('wmt21', 'test_noisy_asr_2');
    const noisy = await put(join(dir, 'asr2.txt'), asr2.map((r) => goldRow('wmt21', r.id).gold).join('\n'));
    const r2 = await score('wmt21', noisy, '--split', 'test_noisy_asr_2', '--bootstrap', '0');
    expect(Object.keys(r2.splits)).toEqual(['test_noisy_asr_2']);
    expect(r2.splits.test_noisy_asr_2).toMatchObject({ n: asr2.length, missing: 2 });
    expectAllMetrics(r2.splits.test_noisy_asr_2!.metrics, 100);
    expect(r2.summary.speech?.versions).toBe(1);
    expect(r2.summary.clean).toEqual({});
  });

  it('AFQMC label lines; the split comes from the file name', async () => {
    const rows = sampleRows('afqmc', 'test_noisy_keyboard_2');
    const file = await put(
      join(await tmp('official-afqmc'), 'model.test_noisy_keyboard_2.txt'),
      `${rows.map((r) => r.gold).join('\n')}\n\n`,
    );
    const report = await score('afqmc', file, '--bootstrap', '0');
    expect(Object.keys(report.splits)).toEqual(['test_noisy_keyboard_2']);
    expectAllMetrics(report.splits.test_noisy_keyboard_2!.metrics, 100);
  });
});

describe('garbage predictions score 0 or exit 1 naming the file — never exit 3', () => {
  const HUGE = '☃'.repeat(Math.ceil((5 * 1024 * 1024) / 3)); // 5 MB of UTF-8
  const nonStrings: [string, unknown, number][] = [
    ['a number', 3.25, 3],
    ['null', null, 3],
    ['an object', { text: 'x' }, 3],
    ['an array', ['x', 'y'], 3],
    ['a 5 MB string', HUGE, 1000],
  ];
  const scoring = TASKS.flatMap((task) =>
    nonStrings.map(([what, value, every]) => [task, what, value, every] as const),
  );

  // `every`: example i gets the garbage when i % every === 0 (the 5 MB string only once per file).
  test.each(scoring)(
    '%s: prediction is %s → those examples score 0, the others 100',
    async (task, what, value, every) => {
      const pred = await predictionFolder(
        `garbage-${task}-${what.replace(/\W/g, '')}`,
        task,
        (row, i) => (i % every === 0 ? value : row.gold),
        ['test_clean'],
      );
      const details = join(await tmp(`garbage-details-${task}-${what.replace(/\W/g, '')}`), 'd.jsonl');
      const report = await score(task, pred, '--bootstrap', '0', '--details', details);
      const lines = (await readFile(details, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; metrics: Record<string, number> });
      const rows = sampleRows(task);
      expect(lines).toHaveLength(rows.length);
      lines.forEach((l, i) => {
        expect(l.id).toBe(rows[i]!.id);
        for (const v of Object.values(l.metrics)) {
          if (i % every === 0) expect([l.id, v]).toEqual([l.id, 0]);
          else expect([l.id, v]).toEqual([l.id, expect.closeTo(100, 9)]);
        }
      });
      const m = flat(report.splits.test_clean!.metrics);
      const first = Object.keys(m)[0]!;
      expect(m[first]).toBeLessThan(100);
    },
  );

  test.each(TASKS)('%s: ids that are not in the data → unanswered, score 0', async (task) => {
    const dir = await tmp(`wrong-ids-${task}`);
    await put(
      join(dir, 'test_clean.jsonl'),
      jsonl(sampleRows(task).map((r) => ({ id: `nope-${r.id}`, prediction: r.gold }))),
    );
    const report = await score(task, dir, '--bootstrap', '0');
    expectAllMetrics(report.splits.test_clean!.metrics, 0);
    expect(report.splits.test_clean).toMatchObject({
      n: sampleRows(task).length,
      unanswered: sampleRows(task).length,
    });
    expect(report.notes?.join('\n')).toMatch(/predictions for ids not in this split were ignored/);
  });

  it('cspider: invalid SQL scores 0 (exact and execution)', async () => {
    const rows = sampleRows('cspider');
    const bad = [
      'SELEC FROM WHERE (((',
      'SELECT',
      ')',
      "SELECT * FROM store WHERE name = 'unterminated",
      ';;;',
    ];
    const file = await put(
      join(await tmp('invalid-sql'), 'pred.sql'),
      `${rows.map((r, i) => (i < bad.length ? bad[i] : r.gold)).join('\n')}\n`,
    );
    const details = join(await tmp('invalid-sql-details'), 'd.jsonl');
    await score('cspider', file, '--bootstrap', '0', '--details', details);
    const lines = (await readFile(details, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.slice(0, bad.length).map((l) => l.metrics)).toEqual(
      bad.map(() => ({ exact_match: 0, exec: 0 })),
    );
    expect(lines[bad.length].metrics).toEqual({ exact_match: 100, exec: 100 });
  });

  const ERRORS: [string, Task, string, string | Buffer, RegExp][] = [
    ['an empty file', 'afqmc', 'test_clean.jsonl', '', /test_clean\.jsonl: the prediction file is empty/],
    ['an empty text file', 'wmt21', 'hyp.txt', '', /hyp\.txt: .*0 lines but test_clean has 48/],
    ['too few lines', 'wmt21', 'hyp.txt', 'a\nb\n', /hyp\.txt: has 2 lines but test_clean has 48 examples/],
    [
      'too many lines',
      'cspider',
      'pred.sql',
      'SELECT 1\n'.repeat(41),
      /pred\.sql: has 41 lines but test_clean has 40 examples/,
    ],
    [
      'a missing prediction field',
      'cmrc2018',
      'test_clean.jsonl',
      '{"id": "SAMPLE_DEV_0_QUERY_0", "prediction": "x"}\n{"id": "SAMPLE_DEV_0_QUERY_1"}\n',
      /test_clean\.jsonl:2: field "prediction": missing prediction/,
    ],
    [
      'a malformed JSON line',
      'wmt21',
      'test_clean.jsonl',
      '{"id": "0", "prediction": "x"}\n{"id": "1", "prediction": "y\n',
      /test_clean\.jsonl:2: .*invalid JSON/,
    ],
    [
      'a JSON array',
      'afqmc',
      'test_clean.jsonl',
      '["0", "1"]\n',
      /test_clean\.jsonl: expected a JSON object/,
    ],
    ['a JSON string', 'afqmc', 'test_clean.jsonl', '"0"\n', /test_clean\.jsonl: expected a JSON object/],
    [
      'a missing id',
      'afqmc',
      'test_clean.jsonl',
      '{"prediction": "0"}\n',
      /test_clean\.jsonl:1: field "id": missing id/,
    ],
    ['a CMRC document that is a list', 'cmrc2018', 'preds.json', '[1, 2, 3]', /preds\.json: .*id → answer/],
    [
      'invalid UTF-8 in a text file',
      'wmt21',
      'hyp.txt',
      Buffer.concat([Buffer.from('ok\nok\n'), Buffer.from([0xc3, 0x28, 0x0a])]),
      /hyp\.txt:3: the line is not valid UTF-8/,
    ],
    [
      'binary junk',
      'cmrc2018',
      'test_clean.jsonl',
      Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x22, 0x0a]),
      /test_clean\.jsonl:1/,
    ],
  ];

  test.each(ERRORS)(
    '%s (%s) → exit 1, one line naming the file',
    async (_what, task, name, content, pattern) => {
      const file = await put(join(await tmp(`error-${_what.replace(/\W/g, '')}`), name), content);
      const { code, stdout, stderr } = await run([
        'score',
        '--task',
        task,
        '--data',
        SAMPLE,
        '--pred',
        file,
        '--json',
      ]);
      expect(stderr).toMatch(pattern);
      expect(stderr).toContain(file);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
    },
  );

  it('a prediction folder with no split files → exit 1 naming the folder', async () => {
    const dir = await tmp('no-split-files');
    await put(join(dir, 'notes.txt'), 'hello');
    const { code, stderr } = await run(['score', '--task', 'afqmc', '--data', SAMPLE, '--pred', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(dir);
    expect(stderr).toMatch(/no prediction files/);
  });
});

describe('property: arbitrary predictions never throw', () => {
  const loaded = new Map<Task, Awaited<ReturnType<typeof loadTask>>>();
  beforeAll(async () => {
    for (const task of TASKS) {
      const data = await loadTask(join(SAMPLE, task), { task });
      // CSpider: exact match only here — each scorer with a database starts an executor process (the garbage
      // tests above cover execution accuracy through the CLI).
      const { databaseDir: _db, ...source } = data.source;
      loaded.set(task, task === 'cspider' ? { ...data, source } : data);
    }
  });

  test.each(TASKS)('%s: random strings and values in process (scoreLoaded)', async (task) => {
    const data = loaded.get(task)!;
    const ids = data.clean!.examples.map((e) => e.id);
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 4 }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: ids.length, maxLength: ids.length }), async (values) => {
        const preds = new Map(ids.map((id, i) => [id, values[i]]));
        const { report } = await scoreLoaded(
          data,
          new Map([
            ['test_clean', preds],
            ['test_noisy_keyboard_1', preds],
          ]),
          { bootstrap: 0 },
        );
        for (const v of Object.values(report.splits.test_clean!.metrics)) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
      { numRuns: 15, seed: 20230709 },
    );
  });

  it('random strings through the CLI (JSONL files) always exit 0', async () => {
    const dir = await tmp('property-cli');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TASKS),
        fc.array(fc.string({ unit: 'grapheme', maxLength: 60 }), { minLength: 1, maxLength: 60 }),
        async (task, strings) => {
          const rows = sampleRows(task);
          const file = join(dir, `${n++}`, 'test_clean.jsonl');
          await put(file, jsonl(rows.map((r, i) => ({ id: r.id, prediction: strings[i % strings.length] }))));
          const r = await run([
            'score',
            '--task',
            task,
            '--data',
            SAMPLE,
            '--pred',
            file,
            '--json',
            '--bootstrap',
            '0',
          ]);
          expect([r.code, r.stderr]).toEqual([0, '']);
        },
      ),
      { numRuns: 8, seed: 42 },
    );
  });
});
