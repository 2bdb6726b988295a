/**
 * The bundled sample suite (data/sample/) and its generators (scripts/build-sample*.mjs): sizes, internal
 * consistency (answer offsets, executable gold SQL, generated tables.json), the six synthetic noisy versions
 * (only noised fields change, protected spans survive, byte-identical regeneration) and the hand-made channels.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@readin/core';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import {
  generateSample,
  NOISED_FIELDS,
  NOISY_SPLITS,
  protectedSpans,
  pyJson,
  SAMPLE_TASKS,
  splitCer,
  sqlLiterals,
} from '../scripts/build-sample.mjs';
import { buildTablesJson, listSqlFiles } from '../scripts/build-sample-db.mjs';
import {
  keyboardNoise,
  mapUnprotected,
  parseHanNumber,
  readInteger,
  speechNoise,
} from '../scripts/sample-noise/handmade.mjs';

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

function readJsonl(path: string): Rec[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
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
          for (const span of protectedSpans(task, r)) {
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
    const [lo, hi] = split.includes('keyboard') ? [0.07, 0.26] : [0.1, 0.3];
    expect(cer).toBeGreaterThan(lo);
    expect(cer).toBeLessThan(hi);
    const byKey = new Map(clean[task]!.map((r, i) => [r.id ?? i, r]));
    const changed = rows.filter((row, i) => {
      const original = byKey.get(row.id ?? i)!;
      return (NOISED_FIELDS as Record<string, string[]>)[task]!.some(
        (f: string) => String(original[f]).replace(/\n$/, '') !== row[f],
      );
    });
    expect(changed.length / rows.length).toBeGreaterThan(0.6);
  });

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

  it.skipIf(!existsSync(join(ROOT, 'packages', 'core', 'dist', 'index.js')))(
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
  );

  it.skipIf(!existsSync(join(ROOT, 'packages', 'core', 'dist', 'index.js')))(
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
  );
});

describe('hand-made channels', () => {
  const text = '易花的额度怎么提升？提现到银行卡要多久到账、手续费是多少“2小时”以后MoonLight';

  test.each([
    ['keyboard', 1],
    ['keyboard', 2],
    ['keyboard', 3],
    ['asr', 1],
    ['asr', 2],
    ['asr', 3],
  ] as const)('%s %i is deterministic and seed-dependent', (channel, version) => {
    const noise = channel === 'keyboard' ? keyboardNoise : speechNoise;
    const run = (seed: number) => noise(text, { version, rng: Rng.for(seed, 'x'), protect: [] });
    expect(run(1)).toBe(run(1));
    const outputs = new Set([1, 2, 3, 4, 5, 6].map(run));
    expect(outputs.size).toBeGreaterThan(1);
  });

  it('rejects unknown profiles', () => {
    expect(() => keyboardNoise('你好', { version: 4, rng: Rng.for(1), protect: [] })).toThrow(/profile 4/);
    expect(() => speechNoise('你好', { version: 0, rng: Rng.for(1), protect: [] })).toThrow(/profile 0/);
  });

  it('never changes a protected span (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: text.length - 1 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(1, 2, 3),
        fc.boolean(),
        (seed, start, len, version, speech) => {
          const span = text.slice(start, start + len);
          const noise = speech ? speechNoise : keyboardNoise;
          const out = noise(text, { version, rng: Rng.for(seed), protect: [span] });
          return out.includes(span);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('mapUnprotected passes only unprotected segments and copies the rest', () => {
    const seen: string[] = [];
    const out = mapUnprotected('ab杭州cd杭州', ['杭州'], (s: string) => {
      seen.push(s);
      return s.toUpperCase();
    });
    expect(out).toBe('AB杭州CD杭州');
    expect(seen).toEqual(['ab', 'cd']);
  });

  test.each([
    [0, '零'],
    [10, '十'],
    [15, '十五'],
    [105, '一百零五'],
    [1583, '一千五百八十三'],
    [2000, '两千'],
    [10001, '一万零一'],
    [35000, '三万五千'],
    [830000000, '八亿三千万'],
  ])('readInteger(%i) = %s', (n, zh) => {
    expect(readInteger(n)).toBe(zh);
  });

  it('parseHanNumber inverts readInteger below 10^8 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => parseHanNumber(readInteger(n)) === n),
    );
    expect(parseHanNumber('三个')).toBeUndefined();
  });

  test.each([
    ["SELECT name FROM store WHERE city = '杭州'", ['杭州']],
    ['SELECT name FROM t WHERE y  >  1990 ORDER BY y LIMIT 3', ['1990']],
    ["SELECT a FROM t WHERE b = \"x y\" AND c = 'it''s' AND d = 2.5", ['x y', "it's", '2.5']],
    ['SELECT T1.a FROM t AS T1 JOIN u AS T2 ON T1.id = T2.id', []],
  ])('sqlLiterals(%s)', (query, values) => {
    expect(sqlLiterals(query)).toEqual(values);
  });

  it('pyJson writes JSON the way Python json.dumps(ensure_ascii=False) does', () => {
    expect(pyJson({ id: '0', zh: '你好"\n', answers: [{ text: 'a', answer_start: 3 }] })).toBe(
      '{"id": "0", "zh": "你好\\"\\n", "answers": [{"text": "a", "answer_start": 3}]}',
    );
  });
});
