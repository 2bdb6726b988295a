import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DataFormatError,
  didYouMean,
  parseSplitName,
  readJsonDocument,
  STANDARD_SPLITS,
  type TaskId,
} from '@readin/core';
import { parseTaskOption } from './records.js';

/** The manifest's file name; it sits in a task folder or in a root holding task folders. */
export const MANIFEST_NAME = 'readin-manifest.json';

/**
 * One split in a manifest: a data file (path relative to the manifest), or a `{zh, en}` pair of line-aligned
 * plain-text files (WMT only), or `{file, column}` to pick one version of a wide annotation TSV (`column` is
 * the prefix: `clean`, `noisy1`, `speaker2`, …).
 */
export type ManifestSplit =
  | string
  | { readonly file: string; readonly column?: string }
  | { readonly zh: string; readonly en: string };

/**
 * `readin-manifest.json` — describes data in any layout, or only labels a dataset. All keys are optional;
 * unknown keys are ignored.
 * ```json
 * {
 *   "name": "my noisy set",            // free text
 *   "note": "re-typed by 3 students",  // free text, shown in reports
 *   "synthetic_noise": false,          // true when the noise was simulated, not real human input
 *   "task": "wmt21",                   // needed unless the folder is named after the task
 *   "splits": {                        // split name → file, paths relative to the manifest
 *     "test_clean": {"zh": "newstest2021.zh-en.src.zh", "en": "newstest2021.zh-en.ref.A.en"},
 *     "test_noisy_keyboard_1": "typist1.jsonl",
 *     "test_noisy_asr_1": {"file": "speech.tsv", "column": "speaker1"}
 *   },
 *   "tables": "tables.json",           // CSpider schemas
 *   "database": "database",            // CSpider SQLite folder: database/<db_id>/<db_id>.sqlite
 *   "tasks": {"afqmc": "afqmc-v2"}     // in a root manifest: task → folder (default: the folder named like the task)
 * }
 * ```
 * A manifest with `splits` defines the task folder's layout; one without only carries metadata
 * (`synthetic_noise`, `note`) for the folders below it.
 */
export interface ReadinManifest {
  readonly name?: string;
  readonly note?: string;
  readonly synthetic_noise?: boolean;
  readonly task?: TaskId;
  readonly splits?: Readonly<Record<string, ManifestSplit>>;
  readonly tables?: string;
  readonly database?: string;
  readonly tasks?: Readonly<Partial<Record<TaskId, string>>>;
}

function bad(file: string, field: string, message: string): never {
  throw new DataFormatError(message, {
    file,
    field,
    hint: `See the ${MANIFEST_NAME} schema in the @readin/data README.`,
  });
}

function optString(file: string, obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') bad(file, key, `expected a string, found ${JSON.stringify(v)}.`);
  return v as string;
}

/** Reads and checks a manifest file; returns undefined when there is none at `path`. */
export async function readManifest(path: string): Promise<ReadinManifest | undefined> {
  try {
    await access(path);
  } catch {
    return undefined;
  }
  const doc = await readJsonDocument(path);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    bad(path, '(root)', 'expected a JSON object.');
  const obj = doc as Record<string, unknown>;
  const out: {
    -readonly [K in keyof ReadinManifest]: ReadinManifest[K];
  } = {};
  const name = optString(path, obj, 'name');
  if (name !== undefined) out.name = name;
  const note = optString(path, obj, 'note');
  if (note !== undefined) out.note = note;
  if (obj.synthetic_noise !== undefined) {
    if (typeof obj.synthetic_noise !== 'boolean')
      bad(path, 'synthetic_noise', `expected true or false, found ${JSON.stringify(obj.synthetic_noise)}.`);
    out.synthetic_noise = obj.synthetic_noise as boolean;
  }
  const task = optString(path, obj, 'task');
  if (task !== undefined) {
    try {
      out.task = parseTaskOption(task);
    } catch (error) {
      bad(path, 'task', (error as Error).message);
    }
  }
  const tables = optString(path, obj, 'tables');
  if (tables !== undefined) out.tables = tables;
  const database = optString(path, obj, 'database');
  if (database !== undefined) out.database = database;
  if (obj.splits !== undefined) {
    if (obj.splits === null || typeof obj.splits !== 'object' || Array.isArray(obj.splits))
      bad(path, 'splits', 'expected an object mapping split names to files.');
    const splits: Record<string, ManifestSplit> = {};
    for (const [split, value] of Object.entries(obj.splits as Record<string, unknown>)) {
      const field = `splits.${split}`;
      if (!parseSplitName(split))
        bad(
          path,
          field,
          `unknown split name "${split}".${didYouMean(split, STANDARD_SPLITS)} Splits are test_clean, test_noisy_keyboard_N and test_noisy_asr_N.`,
        );
      if (typeof value === 'string') splits[split] = value;
      else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const v = value as Record<string, unknown>;
        if (typeof v.zh === 'string' && typeof v.en === 'string') splits[split] = { zh: v.zh, en: v.en };
        else if (typeof v.file === 'string') {
          const column = optString(path, v, 'column');
          splits[split] = column === undefined ? { file: v.file } : { file: v.file, column };
        } else bad(path, field, 'expected a file name, {"file", "column"?} or {"zh", "en"}.');
      } else bad(path, field, `expected a file name, found ${JSON.stringify(value)}.`);
    }
    out.splits = splits;
  }
  if (obj.tasks !== undefined) {
    if (obj.tasks === null || typeof obj.tasks !== 'object' || Array.isArray(obj.tasks))
      bad(path, 'tasks', 'expected an object mapping task ids to folders.');
    const tasks: Partial<Record<TaskId, string>> = {};
    for (const [t, folder] of Object.entries(obj.tasks as Record<string, unknown>)) {
      let id: TaskId;
      try {
        id = parseTaskOption(t);
      } catch (error) {
        return bad(path, `tasks.${t}`, (error as Error).message);
      }
      if (typeof folder !== 'string') bad(path, `tasks.${t}`, 'expected a folder name.');
      tasks[id] = folder as string;
    }
    out.tasks = tasks;
  }
  return out;
}

/** Reads the manifest of a folder, if it has one. */
export function readFolderManifest(dir: string): Promise<ReadinManifest | undefined> {
  return readManifest(join(dir, MANIFEST_NAME));
}
