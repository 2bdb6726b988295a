/**
 * The bundled sample suite (data/sample/) and its generators (scripts/build-sample*.mjs): sizes, internal
 * consistency (answer offsets, executable gold SQL, generated tables.json) and the six synthetic noisy versions
 * made by the `@readin/noise` simulator (only noised fields change, protected spans survive, CER per profile,
 * byte-identical regeneration, same text as `noiseDataset`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noiseDataset, profileNames, protectedSpans as simulatorSpans } from '@readin/noise';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import {
  generateSample,
  NOISED_FIELDS,
  NOISY_SPLITS,
  noisySplit,
  pyJson,
  SAMPLE_SEED,
  SAMPLE_TASKS,
  splitCer,
} from '../scripts/build-sample.mjs';
import { buildTablesJson, listSqlFiles } from '../scripts/build-sample-db.mjs';

/** A sample record: the union of the four tasks' fields (each file uses its own subset). */
interface Rec {
  [key: string]: unknown;
  id?: string;
  label?: string;
  context: string;
  question: string;
  answers: { text: string; answer_start: number }[];
  db_id: string;
  query: string;
  zh: string;
  en: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = join(ROOT, 'data', 'sample');
/** The script runs on the built packages (`tsc -b`); its subprocess tests need them. */
const built = ['core', 'noise'].every((p) => existsSync(join(ROOT, 'packages', p, 'dist', 'index.js')));
/** Each build-sample subprocess loads the simulator's lexicon and segmenter (seconds on a loaded box). */
const SUBPROCESS_TIMEOUT = 90_000;

function readJsonl(path: string): Rec[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** The spans the simulator protects that the question actually contains (CMRC answers, CSpider SQL values). */
function protectedSpans(task: 'cmrc2018' | 'cspider', r: Rec): string[] {
  return simulatorSpans(task, r).filter((s): s is string => typeof s === 'string' && r.question.includes(s));
}

const clean = Object.fromEntries(
  SAMPLE_TASKS.map((task: string) => [task, readJsonl(join(SAMPLE, task, 'test_clean.json'))]),
) as Record<string, Rec[]>;

describe('clean sample', () => {
  test.each([
    ['afqmc', 48],
    ['cmrc2018', 32],
    ['cspider', 32],
    ['wmt21', 45],
  ])('%s has at least %i examples', (task, min) => {
    expect(clean[task]!.length).toBeGreaterThanOrEqual(min);
  });

  it('AFQMC has both string labels, roughly a third positive', () => {
    const labels = clean.afqmc!.map((r) => r.label);
    expect(new Set(labels)).toEqual(new Set(['0', '1']));
    const positive = labels.filter((l) => l === '1').length / labels.length;
    expect(positive).toBeGreaterThan(0.25);
    expect(positive).toBeLessThan(0.45);
  });

  it('CMRC2018 has at least 7 passages of 150–400 characters, BMP only', () => {
    const passages = [...new Set(clean.cmrc2018!.map((r) => r.context as string))];
    expect(passages.length).toBeGreaterThanOrEqual(7);
    for (const p of passages) {
      expect(p.length).toBeGreaterThanOrEqual(150);
      expect(p.length).toBeLessThanOrEqual(400);
      expect(p.length).toBe(Array.from(p).length);
    }
  });

  test.each(clean.cmrc2018!.map((r) => [r.id, r]))(
    'CMRC2018 %s: answer_start points at the answer',
    (_, r) => {
      for (const a of r.answers)
        expect(r.context.slice(a.answer_start, a.answer_start + a.text.length)).toBe(a.text);
    },
  );

  it('CMRC2018 has answers with digits or Latin text and questions that contain their answer', () => {
    const answers = clean.cmrc2018!.map((r) => r.answers[0]!.text as string);
    expect(answers.filter((a) => /[0-9A-Za-z]/.test(a)).length).toBeGreaterThanOrEqual(5);
    expect(
      clean.cmrc2018!.filter((r) => r.question.includes(r.answers[0]!.text)).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('WMT ids are "0".."N-1" and both fields end with "\\n" (the real clean-file quirk)', () => {
    clean.wmt21!.forEach((r, i) => {
      expect(r.id).toBe(String(i));
      expect(r.zh.endsWith('\n')).toBe(true);
      expect(r.en.endsWith('\n')).toBe(true);
    });
    expect(clean.wmt21!.some((r) => r.zh.includes('、'))).toBe(true);
  });

  it('CSpider covers at least 2 databases and questions that quote SQL values', () => {
    expect(new Set(clean.cspider!.map((r) => r.db_id)).size).toBeGreaterThanOrEqual(2);
    const quoting = clean.cspider!.filter((r) => protectedSpans('cspider', r).length > 0);
    expect(quoting.length).toBeGreaterThanOrEqual(8);
  });

  it('the manifest labels the noise as synthetic', () => {
    const manifest = JSON.parse(readFileSync(join(SAMPLE, 'readin-manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'readin sample suite', synthetic_noise: true });
    expect(manifest.note).toMatch(/synthetic/i);
    expect(readFileSync(join(SAMPLE, 'README.md'), 'utf8')).toMatch(/synthetic/i);
  });
});

describe('CSpider databases', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'readin-sample-db-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('build-sample-db builds every database, is idempotent, and every gold query executes with rows', () => {
    const script = join(ROOT, 'scripts', 'build-sample-db.mjs');
    const first = spawnSync(process.execPath, [script, '--out', out], { encoding: 'utf8' });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/3 built/);
    const dbIds = listSqlFiles().map((f: { dbId: string }) => f.dbId);
    const mtimes = dbIds.map((id: string) => statSync(join(out, id, `${id}.sqlite`)).mtimeMs);
    const second = spawnSync(process.execPath, [script, '--out', out], { encoding: 'utf8' });
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/0 built, 3 up to date/);
    expect(dbIds.map((id: string) => statSync(join(out, id, `${id}.sqlite`)).mtimeMs)).toEqual(mtimes);

    for (const r of clean.cspider!) {
      const db = new Database(join(out, r.db_id, `${r.db_id}.sqlite`), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        expect(db.prepare(r.query).all().length, r.query).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    }
  });

  it('tables.json is generated from the SQL and is up to date', async () => {
    const committed = readFileSync(join(SAMPLE, 'cspider', 'tables.json'), 'utf8');
    expect(committed).toBe(await buildTablesJson());
    const tables = JSON.parse(committed) as {
      db_id: string;
      column_names: [number, string][];
      column_names_original: [number, string][];
      column_types: string[];
      primary_keys: number[];
      foreign_keys: [number, number][];
    }[];
    expect(tables.map((t) => t.db_id).sort()).toEqual(listSqlFiles().map((f: { dbId: string }) => f.dbId));
    for (const t of tables) {
      expect(t.column_names[0]).toEqual([-1, '*']);
      expect(t.column_names.length).toBe(t.column_types.length);
      expect(t.column_names_original.length).toBe(t.column_names.length);
      expect(t.foreign_keys.length).toBeGreaterThan(0);
      for (const [a, b] of t.foreign_keys) {
        expect(t.column_names_original[a]![1]).toBe(t.column_names_original[b]![1]);
        expect(t.column_names[a]![0]).not.toBe(t.column_names[b]![0]);
      }
      for (const k of t.primary_keys) expect(k).toBeGreaterThan(0);
    }
  });
});

describe('noisy sample', () => {
  const noisy = (task: string, split: string) => readJsonl(join(SAMPLE, task, `${split}.json`));
  const cases = SAMPLE_TASKS.flatMap((task: string) =>
    NOISY_SPLITS.map((s: { split: string }) => [task, s.split] as const),
  );

  test.each(cases)('%s/%s: same records, only the noised fields differ', (task, split) => {
    const rows = noisy(task, split);
    const missing = task === 'wmt21' && split === 'test_noisy_asr_2' ? 2 : 0;
    expect(rows.length).toBe(clean[task]!.length - missing);
    const byKey = new Map(clean[task]!.map((r, i) => [r.id ?? i, r]));
    rows.forEach((row, i) => {
      const original = byKey.get(row.id ?? i)!;
      expect(original).toBeDefined();
      expect(Object.keys(row)).toEqual(Object.keys(original));
      for (const key of Object.keys(row)) {
        if ((NOISED_FIELDS as Record<string, string[]>)[task]!.includes(key)) {
          expect(typeof row[key]).toBe('string');
          expect(String(row[key]).endsWith('\n')).toBe(false);
        } else if (task === 'wmt21' && key === 'en') expect(row.en).toBe(original.en.replace(/\n$/, ''));
        else expect(row[key]).toEqual(original[key]);
      }
    });
  });

  it('reproduces the ASR quirks: one WMT speaker misses 2 ids, and some transcripts are empty', () => {
    const ids = clean.wmt21!.map((r) => r.id);
    const asr2 = new Set(noisy('wmt21', 'test_noisy_asr_2').map((r) => r.id));
    expect(ids.filter((id) => !asr2.has(id))).toHaveLength(2);
    const empties = ['test_noisy_asr_1', 'test_noisy_asr_3'].flatMap((s) =>
      noisy('wmt21', s).filter((r) => r.zh === ''),
    );
    expect(empties.length).toBeGreaterThanOrEqual(1);
    expect(empties.length).toBeLessThanOrEqual(2);
    for (const s of ['test_noisy_keyboard_1', 'test_noisy_keyboard_2', 'test_noisy_keyboard_3'])
      expect(noisy('wmt21', s).map((r) => r.id)).toEqual(ids);
  });

  test.each(NOISY_SPLITS.map((s: { split: string }) => [s.split]))(
    '%s keeps CMRC answers and CSpider SQL values that the question mentions',
    (split) => {
      let checked = 0;
      for (const task of ['cmrc2018', 'cspider']) {
        const rows = noisy(task, split);
        clean[task]!.forEach((r, i) => {
          for (const span of protectedSpans(task as 'cmrc2018' | 'cspider', r)) {
            expect(rows[i]!.question).toContain(span);
            checked++;
          }
        });
      }
      expect(checked).toBeGreaterThanOrEqual(10);
    },
  );

  test.each(cases)('%s/%s: realistic amount of noise', (task, split) => {
    const rows = noisy(task, split);
    const cer = splitCer(task, clean[task]!, rows);
    // Real READIN: keyboard 16–20 %, speech 15–28 %; a few dozen short texts per split scatter around that.
    const [lo, hi] = split.includes('keyboard') ? [0.08, 0.28] : [0.06, 0.35];
    expect(cer).toBeGreaterThan(lo);
    expect(cer).toBeLessThan(hi);
    const byKey = new Map(clean[task]!.map((r, i) => [r.id ?? i, r]));
    const changed = rows.filter((row, i) => {
      const original = byKey.get(row.id ?? i)!;
      return (NOISED_FIELDS as Record<string, string[]>)[task]!.some(
        (f: string) => String(original[f]).replace(/\n$/, '') !== row[f],
      );
    });
    expect(changed.length / rows.length).toBeGreaterThan(0.4);
  });

  it('the profiles differ as designed: asr-fast > asr-clear and kb-sloppy > kb-homophone (pooled CER)', () => {
    const pooled = (split: string) => {
      let sum = 0;
      for (const task of SAMPLE_TASKS) sum += splitCer(task, clean[task]!, noisy(task, split));
      return sum / SAMPLE_TASKS.length;
    };
    expect(pooled('test_noisy_asr_3')).toBeGreaterThan(pooled('test_noisy_asr_1') * 1.3);
    expect(pooled('test_noisy_keyboard_3')).toBeGreaterThan(pooled('test_noisy_keyboard_1'));
  });

  test.each(['cspider', 'wmt21'])(
    '%s: the noised text is what noiseDataset (readin noise dataset) makes with the same seed',
    async (task) => {
      const out = mkdtempSync(join(tmpdir(), 'readin-sample-nd-'));
      try {
        await noiseDataset({ task, data: SAMPLE, out, seed: SAMPLE_SEED });
        const field = task === 'wmt21' ? 'zh' : 'question';
        let compared = 0;
        for (const { split } of NOISY_SPLITS as { split: string }[]) {
          const ours = new Map(noisy(task, split).map((r, i) => [r.id ?? i, r]));
          readJsonl(join(out, `${split}.json`)).forEach((r, i) => {
            const row = ours.get(r.id ?? i);
            if (!row || row[field] === '') return; // the deliberate quirks
            expect(row[field]).toBe(String(r[field]).replace(/\n$/, ''));
            compared++;
          });
        }
        expect(compared).toBeGreaterThan(6 * clean[task]!.length - 6);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );

  it('regenerates every committed file byte-identically, twice', async () => {
    const a = await generateSample();
    const b = await generateSample();
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    expect(a.files.size).toBe(SAMPLE_TASKS.length * NOISY_SPLITS.length + 1);
    for (const [name, text] of a.files) {
      expect(b.files.get(name)).toBe(text);
      expect(readFileSync(join(SAMPLE, name), 'utf8'), name).toBe(text);
    }
  });

  it.skipIf(!built)(
    'npm run sample:build --check passes and --out writes the same bytes',
    () => {
      const script = join(ROOT, 'scripts', 'build-sample.mjs');
      const check = spawnSync(process.execPath, [script, '--check', '--quiet'], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      const out = mkdtempSync(join(tmpdir(), 'readin-sample-'));
      try {
        const run = spawnSync(process.execPath, [script, '--out', out, '--quiet'], { encoding: 'utf8' });
        expect(run.status).toBe(0);
        const stale = spawnSync(process.execPath, [script, '--check', '--out', out, '--quiet'], {
          encoding: 'utf8',
        });
        expect(stale.status).toBe(0);
        for (const [task, split] of cases)
          expect(readFileSync(join(out, task, `${split}.json`))).toEqual(
            readFileSync(join(SAMPLE, task, `${split}.json`)),
          );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    SUBPROCESS_TIMEOUT,
  );

  it.skipIf(!built)(
    '--check fails when a generated file is missing',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'readin-sample-'));
      try {
        const run = spawnSync(
          process.execPath,
          [join(ROOT, 'scripts', 'build-sample.mjs'), '--check', '--out', out, '--quiet'],
          { encoding: 'utf8' },
        );
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(/25 generated file\(s\) differ/);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    SUBPROCESS_TIMEOUT,
  );
});

describe('builder wiring', () => {
  it('uses the three keyboard and three speech profiles in the order readin noise dataset does', () => {
    const profiles = (NOISY_SPLITS as { profile: string }[]).map((s) => s.profile);
    expect(profiles).toEqual([...profileNames('keyboard'), ...profileNames('speech')]);
    expect(new Set(profiles).size).toBe(6);
  });

  it('noisySplit: ids [task, split, id, field], protected spans passed, WMT newline and quirks after noise', () => {
    const calls: { text: string; id: unknown; protect: unknown }[] = [];
    const fake = (text: string, o: { id: unknown; protect: unknown }) => {
      calls.push({ text, ...o });
      return { text: `~${text}`, edits: [] };
    };
    const rows = noisySplit('wmt21', clean.wmt21!, { split: 'test_noisy_asr_2' }, fake);
    expect(rows).toHaveLength(clean.wmt21!.length - 2);
    expect(calls).toHaveLength(rows.length);
    expect(calls[0]).toEqual({
      text: clean.wmt21![0]!.zh.replace(/\n$/, ''),
      id: ['wmt21', 'test_noisy_asr_2', '0', 'zh'],
      protect: [],
    });
    for (const r of rows) {
      expect(r.zh.startsWith('~')).toBe(true);
      expect(r.en.endsWith('\n')).toBe(false);
    }
    const empty = noisySplit('wmt21', clean.wmt21!, { split: 'test_noisy_asr_1' }, fake);
    expect(empty.filter((r: Rec) => r.zh === '')).toHaveLength(1);

    calls.length = 0;
    const sql = noisySplit('cspider', clean.cspider!, { split: 'test_noisy_keyboard_1' }, fake);
    expect(sql).toHaveLength(clean.cspider!.length);
    clean.cspider!.forEach((r, i) => {
      expect(calls[i]!.id).toEqual(['cspider', 'test_noisy_keyboard_1', i, 'question']);
      expect(calls[i]!.protect).toEqual(simulatorSpans('cspider', r));
    });
  });

  it('the simulator protects every quoted SQL string the CSpider question repeats', () => {
    let quoted = 0;
    for (const r of clean.cspider!)
      for (const m of r.query.matchAll(/'([^']*)'/g))
        if (r.question.includes(m[1]!)) {
          expect(protectedSpans('cspider', r)).toContain(m[1]);
          quoted++;
        }
    expect(quoted).toBeGreaterThanOrEqual(5);
  });

  it('pyJson writes JSON the way Python json.dumps(ensure_ascii=False) does', () => {
    expect(pyJson({ id: '0', zh: '你好"\n', answers: [{ text: 'a', answer_start: 3 }] })).toBe(
      '{"id": "0", "zh": "你好\\"\\n", "answers": [{"text": "a", "answer_start": 3}]}',
    );
  });
});
