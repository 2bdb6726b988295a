#!/usr/bin/env node
/**
 * `npm run sample:build` — validates the hand-written clean sample suite in data/sample/ and regenerates
 * everything derived from it:
 *
 *   - data/sample/cspider/tables.json (Spider schema, from data/sample/cspider/sql/*.sql)
 *   - data/sample/<task>/test_noisy_keyboard_{1,2,3}.json and test_noisy_asr_{1,2,3}.json
 *
 * The noise is SYNTHETIC: the `@readin/noise` simulator (one built-in profile per noisy version, fixed seed
 * SAMPLE_SEED), then the deliberate WMT ASR quirks (missing ids, empty transcripts). The output is byte-identical
 * on every run; every file is written atomically (temp + rename) and only when its content changed.
 *
 * Usage: node scripts/build-sample.mjs [--check] [--sample DIR] [--out DIR] [--quiet]
 *   --check       write nothing; exit 1 if a generated file differs from the one on disk (CI guard)
 *   --sample DIR  the clean sample root (default data/sample)
 *   --out DIR     write the generated files under DIR/<task>/ instead of the sample root
 *   --quiet       print nothing but errors
 *
 * Run after `tsc -b`: it imports @readin/core and @readin/noise from packages/{core,noise}/dist.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { levenshtein, Rng, writeFileAtomic } from '@readin/core';
import { createNoiser, protectedSpans } from '@readin/noise';
import { buildTablesJson, listSqlFiles, loadSqlite, openMemoryDb } from './build-sample-db.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_DIR = join(ROOT, 'data', 'sample');

/** The fixed seed of the sample's synthetic noise. Changing it changes every noisy file. */
export const SAMPLE_SEED = 20230702;

export const SAMPLE_TASKS = ['afqmc', 'cmrc2018', 'cspider', 'wmt21'];
/** The six noisy versions and the `@readin/noise` profile that makes each (the order `readin noise dataset` uses). */
export const NOISY_SPLITS = [
  { split: 'test_noisy_keyboard_1', channel: 'keyboard', profile: 'kb-homophone' },
  { split: 'test_noisy_keyboard_2', channel: 'keyboard', profile: 'kb-abbrev' },
  { split: 'test_noisy_keyboard_3', channel: 'keyboard', profile: 'kb-sloppy' },
  { split: 'test_noisy_asr_1', channel: 'asr', profile: 'asr-clear' },
  { split: 'test_noisy_asr_2', channel: 'asr', profile: 'asr-southern' },
  { split: 'test_noisy_asr_3', channel: 'asr', profile: 'asr-fast' },
];

/** The fields READIN noises per task (mirrors TASK_FIELDS in @readin/core). */
export const NOISED_FIELDS = {
  afqmc: ['sentence1', 'sentence2'],
  cmrc2018: ['question'],
  cspider: ['question'],
  wmt21: ['zh'],
};

/** Minimum sizes of the clean sample (issue 2, point 5, plus our own margins). */
export const THRESHOLDS = { afqmc: 48, cmrc2018: 32, cspider: 32, wmt21: 45 };

/**
 * Real READIN quirks the sample reproduces so loaders get exercised: WMT ASR files miss some ids (here two, in
 * one speaker's file) and some ASR transcripts are empty. Applied after the simulator, to ids chosen by the seed.
 */
const WMT_MISSING = { split: 'test_noisy_asr_2', count: 2 };
const WMT_EMPTY = [
  { split: 'test_noisy_asr_1', count: 1 },
  { split: 'test_noisy_asr_3', count: 1 },
];

/** JSON as Python's `json.dumps(value, ensure_ascii=False)` writes it (the format of READIN's own files). */
export function pyJson(value) {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

function fail(file, line, message) {
  const where = line ? `${file}:${line}` : file;
  throw new Error(`${relative(process.cwd(), where) || where}: ${message}`);
}

/** Reads a JSON Lines file into `{ record, line }` items (every line must be a JSON object). */
export function readJsonlSync(path) {
  const text = readFileSync(path, 'utf8');
  const items = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let record;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      fail(path, i + 1, `invalid JSON (${error.message}); each line must be one JSON object.`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      fail(path, i + 1, 'expected a JSON object on this line.');
    items.push({ record, line: i + 1 });
  });
  return items;
}

function requireString(path, line, record, field) {
  if (typeof record[field] !== 'string') fail(path, line, `field "${field}" must be a string.`);
  return record[field];
}

/** Checks the hand-written clean files; throws on the first problem with file, line and field. */
export function validateClean(task, items, path) {
  if (items.length < THRESHOLDS[task])
    fail(path, 0, `${items.length} examples, need at least ${THRESHOLDS[task]}; add more.`);
  const ids = new Set();
  for (const { record, line } of items) {
    for (const field of NOISED_FIELDS[task]) {
      const text = requireString(path, line, record, field);
      if (text.trim() === '') fail(path, line, `field "${field}" is empty.`);
      for (const c of text)
        if (c.codePointAt(0) > 0xffff)
          fail(path, line, `field "${field}" has a non-BMP character ${c}; keep to the BMP.`);
    }
    if (task === 'afqmc' && !['0', '1'].includes(record.label))
      fail(path, line, `field "label" must be the string "0" or "1", got ${JSON.stringify(record.label)}.`);
    if (task === 'cmrc2018') {
      const context = requireString(path, line, record, 'context');
      if (!Array.isArray(record.answers) || record.answers.length === 0)
        fail(path, line, 'field "answers" must be a non-empty array.');
      for (const answer of record.answers) {
        if (context.slice(answer.answer_start, answer.answer_start + answer.text.length) !== answer.text)
          fail(
            path,
            line,
            `field "answers": "${answer.text}" is not at answer_start ${answer.answer_start}; it is at ${context.indexOf(answer.text)}.`,
          );
      }
    }
    if (task === 'cspider') {
      requireString(path, line, record, 'db_id');
      requireString(path, line, record, 'query');
    }
    if (task === 'wmt21') {
      const zh = requireString(path, line, record, 'zh');
      const en = requireString(path, line, record, 'en');
      if (!zh.endsWith('\n') || !en.endsWith('\n'))
        fail(path, line, 'clean WMT "zh" and "en" must end with "\\n" like the real READIN file.');
      if (record.id !== String(items.indexOf(items.find((x) => x.line === line))))
        fail(path, line, `field "id" must be "0".."N-1" in order, got ${JSON.stringify(record.id)}.`);
    }
    if (task === 'cmrc2018' || task === 'wmt21') {
      if (ids.has(record.id)) fail(path, line, `duplicate id ${record.id}.`);
      ids.add(record.id);
    }
  }
  if (task === 'afqmc') {
    const labels = new Set(items.map((x) => x.record.label));
    if (labels.size !== 2) fail(path, 0, 'AFQMC needs both labels "0" and "1".');
  }
  if (task === 'cmrc2018') {
    const passages = new Set(items.map((x) => x.record.context));
    if (passages.size < 6) fail(path, 0, `${passages.size} passages, need at least 6.`);
  }
}

/** Ids (in file order) chosen by the seed for a WMT quirk. */
function pickIds(records, salt, count, exclude = new Set()) {
  const rng = Rng.for(SAMPLE_SEED, 'wmt21', 'quirk', salt);
  const pool = records.map((r) => r.id).filter((id) => !exclude.has(id));
  return new Set(rng.shuffle(pool).slice(0, count));
}

/**
 * The noisy records of one split, in clean order. `noiser` is a `createNoiser({ profile, seed: SAMPLE_SEED })`;
 * each field is noised with the id `[task, split, id or line index, field]` and the spans `protectedSpans` of
 * `@readin/noise` returns (CMRC answers, CSpider SQL literals) — the same text `readin noise dataset` makes.
 */
export function noisySplit(task, records, { split }, noiser) {
  let missing = new Set();
  let empty = new Set();
  if (task === 'wmt21') {
    if (split === WMT_MISSING.split) missing = pickIds(records, 'missing', WMT_MISSING.count);
    const rule = WMT_EMPTY.find((e) => e.split === split);
    if (rule)
      empty = pickIds(records, `empty:${split}`, rule.count, pickIds(records, 'missing', WMT_MISSING.count));
  }
  const out = [];
  records.forEach((record, index) => {
    if (missing.has(record.id)) return;
    const protect = protectedSpans(task, record);
    const noisy = { ...record };
    for (const field of NOISED_FIELDS[task]) {
      const clean = task === 'wmt21' ? record[field].replace(/\n$/, '') : record[field];
      const id = [task, split, record.id ?? index, field];
      noisy[field] = empty.has(record.id) ? '' : noiser(clean, { id, protect }).text;
    }
    if (task === 'wmt21') noisy.en = record.en.replace(/\n$/, '');
    out.push(noisy);
  });
  return out;
}

/** Character error rate of the noised fields of a split against the clean records (aligned by key). */
export function splitCer(task, clean, noisy) {
  const byKey = new Map(noisy.map((r, i) => [task === 'wmt21' || task === 'cmrc2018' ? r.id : i, r]));
  let edits = 0;
  let length = 0;
  clean.forEach((record, i) => {
    const other = byKey.get(task === 'wmt21' || task === 'cmrc2018' ? record.id : i);
    if (!other) return;
    for (const field of NOISED_FIELDS[task]) {
      const ref = record[field].replace(/\n$/, '');
      edits += levenshtein(ref, other[field]);
      length += Array.from(ref).length;
    }
  });
  return length === 0 ? 0 : edits / length;
}

/** Executes every gold query on its database; throws listing each query that fails. */
async function checkGoldSql(cspiderDir, items, path) {
  const Database = await loadSqlite();
  const dbs = new Map();
  for (const { dbId, sqlPath } of listSqlFiles(cspiderDir))
    dbs.set(dbId, openMemoryDb(Database, readFileSync(sqlPath, 'utf8'), sqlPath));
  try {
    const problems = [];
    for (const { record, line } of items) {
      const db = dbs.get(record.db_id);
      if (!db) {
        problems.push(
          `${path}:${line}: field "db_id": no sql/${record.db_id}.sql (have ${[...dbs.keys()].join(', ')}).`,
        );
        continue;
      }
      try {
        db.prepare(record.query).all();
      } catch (error) {
        problems.push(`${path}:${line}: field "query" does not execute on ${record.db_id}: ${error.message}`);
      }
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } finally {
    for (const db of dbs.values()) db.close();
  }
}

/**
 * Everything `sample:build` generates, as `{ files: Map<relative path, text>, stats }`, without writing.
 * `relative path` is relative to the sample root (e.g. `wmt21/test_noisy_asr_2.json`).
 */
export async function generateSample(options = {}) {
  const sampleDir = options.sampleDir ?? SAMPLE_DIR;
  const manifest = JSON.parse(readFileSync(join(sampleDir, 'readin-manifest.json'), 'utf8'));
  if (manifest.synthetic_noise !== true)
    fail(
      join(sampleDir, 'readin-manifest.json'),
      0,
      'field "synthetic_noise" must be true: the sample noise is synthetic.',
    );
  const files = new Map();
  const stats = [];
  const noisers = new Map();
  for (const { profile } of NOISY_SPLITS)
    noisers.set(profile, await createNoiser({ profile, seed: SAMPLE_SEED }));
  for (const task of SAMPLE_TASKS) {
    const path = join(sampleDir, task, 'test_clean.json');
    const items = readJsonlSync(path);
    validateClean(task, items, path);
    const records = items.map((x) => x.record);
    if (task === 'cspider') {
      const cspiderDir = join(sampleDir, 'cspider');
      await checkGoldSql(cspiderDir, items, path);
      files.set('cspider/tables.json', await buildTablesJson(cspiderDir));
    }
    for (const spec of NOISY_SPLITS) {
      const noisy = noisySplit(task, records, spec, noisers.get(spec.profile));
      files.set(`${task}/${spec.split}.json`, noisy.map((r) => `${pyJson(r)}\n`).join(''));
      stats.push({
        task,
        split: spec.split,
        profile: spec.profile,
        examples: noisy.length,
        cer: splitCer(task, records, noisy),
      });
    }
  }
  return { files, stats };
}

function readOrUndefined(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseArgs(argv) {
  const options = { check: false, quiet: false, sampleDir: SAMPLE_DIR, outDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') options.check = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--sample' && argv[i + 1]) options.sampleDir = resolve(argv[++i]);
    else if (arg === '--out' && argv[i + 1]) options.outDir = resolve(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/build-sample.mjs [--check] [--sample DIR] [--out DIR] [--quiet]');
      process.exit(0);
    } else {
      console.error(`build-sample: unknown argument ${arg} (try --help)`);
      process.exit(2);
    }
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const outDir = options.outDir ?? options.sampleDir;
  const { files, stats } = await generateSample({ sampleDir: options.sampleDir });
  const changed = [];
  for (const [name, text] of files) {
    const target = join(outDir, name);
    if (readOrUndefined(target) === text) continue;
    changed.push(name);
    if (!options.check) await writeFileAtomic(target, text);
  }
  if (!options.quiet) {
    console.log(`task      split                  profile         n   CER (simulated, seed ${SAMPLE_SEED})`);
    for (const s of stats)
      console.log(
        `${s.task.padEnd(9)} ${s.split.padEnd(22)} ${s.profile.padEnd(13)} ${String(s.examples).padStart(3)}  ${(100 * s.cer).toFixed(1).padStart(5)} %`,
      );
  }
  if (options.check) {
    if (changed.length > 0) {
      console.error(
        `build-sample --check: ${changed.length} generated file(s) differ from ${relative(process.cwd(), outDir) || '.'}:\n  ${changed.join('\n  ')}\nRun \`npm run sample:build\` and commit the result.`,
      );
      process.exit(1);
    }
    if (!options.quiet)
      console.log(`build-sample --check: all ${files.size} generated files are up to date.`);
  } else if (!options.quiet) {
    console.log(
      `build-sample: ${files.size} files, ${changed.length} written to ${relative(process.cwd(), outDir) || '.'}`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`build-sample: ${error.message}`);
    process.exit(1);
  });
}
