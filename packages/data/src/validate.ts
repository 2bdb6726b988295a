import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CspiderExample,
  codePointLength,
  DataFormatError,
  levenshtein,
  readJsonDocument,
  type SplitName,
  type TaskId,
} from '@readin/core';
import type { DataLayout } from './layout.js';
import type { LoadedTask } from './load.js';
import { noisedTexts } from './records.js';

/** Validation (and, with stats, noise statistics) of one split. */
export interface SplitReport {
  readonly file: string;
  /** Examples in the split. */
  readonly n: number;
  /** How many clean ids this split lacks. */
  readonly missing: number;
  /** Clean ids absent from this split (by id, in clean order). */
  readonly missing_ids: readonly string[];
  /** Ids of this split that the clean split lacks (a problem). */
  readonly extra_ids: readonly string[];
  /** Examples whose noised input is empty (allowed: real ASR output can be empty). */
  readonly empty: number;
  readonly empty_ids: readonly string[];
  /** Ids that occur more than once (a problem: alignment by id would be ambiguous). */
  readonly duplicates: number;
  readonly duplicate_ids: readonly string[];
  /**
   * Stats only: character error rate against clean, a fraction — total Levenshtein distance (code points) over
   * the task's noised fields / total clean length of those fields, over the ids both splits have.
   */
  readonly cer?: number;
  /** Stats only: share of aligned examples whose noised input differs from clean at all. */
  readonly changed?: number;
}

/** What `readin data validate|stats --json` prints under `tasks.<task>`. */
export interface TaskReport {
  readonly task: TaskId;
  readonly root: string;
  readonly layout: DataLayout;
  /** True when a readin-manifest.json says the noise is synthetic. */
  readonly synthetic_noise: boolean;
  readonly note?: string;
  readonly tables?: string;
  readonly database?: string;
  readonly splits: Readonly<Record<SplitName, SplitReport>>;
  /** Things that make the data unusable as is (duplicate ids, ids unknown to clean, db_ids not in tables.json). */
  readonly problems: readonly string[];
  /** Things worth knowing that are not errors. */
  readonly notes: readonly string[];
}

export interface ValidateTaskOptions {
  /** Add `cer` and `changed` per split (default false). */
  readonly stats?: boolean;
}

function preview(ids: readonly string[], max = 8): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')}, … (${ids.length})` : ids.join(', ');
}

/** Spider db_ids listed in a tables.json. */
async function tableDbIds(path: string): Promise<Set<string>> {
  const doc = await readJsonDocument(path);
  if (!Array.isArray(doc))
    throw new DataFormatError('expected a JSON array of database schemas.', {
      file: path,
      line: 1,
      hint: 'A Spider tables.json is [{"db_id", "table_names", "column_names", …}, …].',
    });
  const ids = new Set<string>();
  doc.forEach((db, i) => {
    const id = (db as { db_id?: unknown } | null)?.db_id;
    if (typeof id !== 'string')
      throw new DataFormatError('expected a string db_id.', { file: path, field: `[${i}].db_id` });
    ids.add(id);
  });
  return ids;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a loaded task: per split its size, clean ids it misses, empty inputs, duplicate ids, and (CSpider)
 * that every db_id is in tables.json. With `stats`, adds the character error rate against clean.
 */
export async function validateTask(
  loaded: LoadedTask,
  options: ValidateTaskOptions = {},
): Promise<TaskReport> {
  const { source, task } = loaded;
  const problems: string[] = [];
  const notes: string[] = [];
  const splits: Record<SplitName, SplitReport> = {};
  if (!loaded.clean) problems.push('no clean split (test_clean) to align the noisy splits to.');
  const files = new Set(source.splits.flatMap((s) => (s.en ? [s.file, s.en] : [s.file])));
  for (const file of files) problems.push(...(await encodingProblems(file)));
  for (const [name, split] of loaded.splits) {
    const align = loaded.alignment.get(name) ?? { missingIds: [], extraIds: [] };
    if (split.duplicateIds.length > 0)
      problems.push(`${name}: ${split.duplicateIds.length} duplicate id(s): ${preview(split.duplicateIds)}.`);
    if (align.extraIds.length > 0)
      problems.push(`${name}: ${align.extraIds.length} id(s) not in test_clean: ${preview(align.extraIds)}.`);
    if (align.missingIds.length > 0)
      notes.push(`${name}: ${align.missingIds.length} clean id(s) missing: ${preview(align.missingIds)}.`);
    let report: SplitReport = {
      file: split.file,
      n: split.examples.length,
      missing: align.missingIds.length,
      missing_ids: align.missingIds,
      extra_ids: align.extraIds,
      empty: split.emptyIds.length,
      empty_ids: split.emptyIds,
      duplicates: split.duplicateIds.length,
      duplicate_ids: split.duplicateIds,
    };
    if (options.stats && loaded.clean) {
      let dist = 0;
      let length = 0;
      let changed = 0;
      let aligned = 0;
      for (const ex of split.byId.values()) {
        const clean = loaded.clean.byId.get(ex.id);
        if (!clean) continue;
        aligned++;
        const a = noisedTexts(task, clean);
        const b = noisedTexts(task, ex);
        let differs = false;
        a.forEach((text, i) => {
          const noisy = b[i] ?? '';
          if (text !== noisy) {
            differs = true;
            dist += levenshtein(text, noisy);
          }
          length += codePointLength(text);
        });
        if (differs) changed++;
      }
      report = {
        ...report,
        cer: length === 0 ? 0 : round(dist / length),
        changed: aligned === 0 ? 0 : round(changed / aligned),
      };
    }
    splits[name] = report;
  }
  if (task === 'cspider') {
    if (source.tablesPath) {
      const known = await tableDbIds(source.tablesPath);
      for (const [name, split] of loaded.splits) {
        const unknown = [...new Set(split.examples.map((e) => (e as CspiderExample).db_id))].filter(
          (d) => !known.has(d),
        );
        if (unknown.length > 0)
          problems.push(`${name}: db_id(s) not in ${source.tablesPath}: ${preview(unknown)}.`);
      }
      if (source.databaseDir && loaded.clean) {
        const dbs = [...new Set(loaded.clean.examples.map((e) => (e as CspiderExample).db_id))];
        const absent: string[] = [];
        for (const db of dbs)
          if (!(await exists(join(source.databaseDir, db, `${db}.sqlite`)))) absent.push(db);
        if (absent.length > 0)
          notes.push(`no SQLite database for: ${preview(absent)} (execution checks will skip them).`);
      }
    } else notes.push('no tables.json found: db_ids not checked (pass --tables).');
  }
  if (source.meta.synthetic_noise) notes.push('the noise in this data is synthetic, not real human input.');
  return {
    task,
    root: source.root,
    layout: source.layout,
    synthetic_noise: source.meta.synthetic_noise === true,
    ...(source.meta.note === undefined ? {} : { note: source.meta.note }),
    ...(source.tablesPath === undefined ? {} : { tables: source.tablesPath }),
    ...(source.databaseDir === undefined ? {} : { database: source.databaseDir }),
    splits,
    problems,
    notes,
  };
}

/** `validateTask` with noise statistics (`cer`, `changed`) per split. */
export function taskStats(loaded: LoadedTask): Promise<TaskReport> {
  return validateTask(loaded, { stats: true });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * A byte-order mark or CRLF line ends: readin's loaders accept both, but READIN's files (and the official
 * scorers reading them with Python's json module) expect plain UTF-8 with `\n`, so `validate` flags them.
 */
async function encodingProblems(file: string): Promise<string[]> {
  const out: string[] = [];
  let line = 1;
  let first = true;
  let prev = -1;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      out.push(
        `${file}:1: starts with a UTF-8 byte-order mark (BOM); READIN files are plain UTF-8. Re-save it without BOM (readin reads it, Python's json module does not).`,
      );
    }
    first = false;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      const before = i > 0 ? chunk[i - 1] : prev;
      if (before === 13) {
        out.push(
          `${file}:${line + countLf(chunk, i)}: Windows line ending (CRLF); READIN files use \\n. Convert it (e.g. dos2unix) — readin reads it as is.`,
        );
        return out;
      }
    }
    line += countLf(chunk, chunk.length);
    prev = chunk[chunk.length - 1] ?? prev;
  }
  return out;
}

function countLf(chunk: Buffer, end: number): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1 && i < end; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}
