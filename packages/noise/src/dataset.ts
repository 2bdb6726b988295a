/**
 * `noiseDataset`: a READIN-layout copy of a task folder with three keyboard and three speech versions of the
 * clean test set (one built-in profile each), noising only the fields READIN noises and protecting what the gold
 * output needs (CMRC answer text occurring in the question, SQL literals in CSpider questions).
 */
import { existsSync } from 'node:fs';
import { cp, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  CLEAN_SPLIT,
  DataFormatError,
  isTaskId,
  NotFoundError,
  noisySplitName,
  readJsonl,
  TASK_FIELDS,
  TASK_IDS,
  type TaskId,
  UsageError,
  writeAtomically,
} from '@readin/core';
import type { ProtectSpec } from './engine.js';
import { createNoiser } from './noise.js';
import { profileNames } from './profiles.js';

export interface DatasetOptions {
  readonly task: string;
  /** Folder holding `test_clean.json` (or `<task>/test_clean.json`). */
  readonly data: string;
  /** Output folder (created); gets the READIN layout of the task. */
  readonly out: string;
  /** Seed; default 0. */
  readonly seed?: number;
  /** Keyboard profiles for versions 1–3; default the three built-in keyboard profiles. */
  readonly keyboardProfiles?: readonly string[];
  /** Speech profiles for versions 1–3; default the three built-in speech profiles. */
  readonly speechProfiles?: readonly string[];
  /** Rate knob; default 1. */
  readonly rate?: number;
}

export interface DatasetResult {
  readonly task: TaskId;
  readonly examples: number;
  readonly files: readonly { readonly split: string; readonly profile: string; readonly path: string }[];
}

/** Spans of a task example that the noise must not touch. */
export function protectedSpans(task: TaskId, example: Readonly<Record<string, unknown>>): ProtectSpec[] {
  const out: ProtectSpec[] = [];
  if (task === 'cmrc2018') {
    const answers = example.answers;
    const q = typeof example.question === 'string' ? example.question : '';
    const list = Array.isArray(answers) ? answers : [];
    for (const a of list) {
      const t =
        typeof a === 'string' ? a : a && typeof a === 'object' ? (a as { text?: unknown }).text : undefined;
      if (typeof t === 'string' && t && q.includes(t)) out.push(t);
    }
  } else if (task === 'cspider') {
    const sql = typeof example.query === 'string' ? example.query : '';
    // SQL escapes a quote inside a literal by doubling it: 'it''s' is the value it's.
    for (const m of sql.matchAll(/'((?:[^']|'')*)'|"((?:[^"]|"")*)"/g)) {
      const lit = (m[1]?.replaceAll("''", "'") ?? m[2]?.replaceAll('""', '"') ?? '').replace(/^%|%$/g, '');
      if (lit) out.push(lit);
    }
    for (const m of sql.matchAll(/(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g)) out.push(m[0]);
  }
  return out;
}

export async function noiseDataset(options: DatasetOptions): Promise<DatasetResult> {
  const task = options.task;
  if (!isTaskId(task)) {
    throw new UsageError(`unknown task "${task}".`, { hint: `Use one of ${TASK_IDS.join(', ')}.` });
  }
  let dir = options.data;
  if (!existsSync(join(dir, `${CLEAN_SPLIT}.json`)) && existsSync(join(dir, task, `${CLEAN_SPLIT}.json`))) {
    dir = join(dir, task);
  }
  const cleanPath = join(dir, `${CLEAN_SPLIT}.json`);
  if (!existsSync(cleanPath)) {
    throw new NotFoundError(`no ${CLEAN_SPLIT}.json in ${options.data}.`, {
      file: cleanPath,
      hint: 'Point --data at a READIN task folder (flat JSONL layout).',
    });
  }
  const fields = TASK_FIELDS[task].noised;
  const records: Array<{ value: Record<string, unknown>; line: number }> = [];
  for await (const { value, line } of readJsonl(cleanPath)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DataFormatError('expected a JSON object.', { file: cleanPath, line });
    }
    records.push({ value: value as Record<string, unknown>, line });
  }
  // Copy everything else of the task folder (tables.json, databases, …) unchanged.
  const outDir = options.out;
  const inPlace = resolve(outDir) === resolve(dir);
  for (const name of inPlace ? [] : await readdir(dir)) {
    if (/^test_(clean|noisy_.*)\.json$/.test(name)) continue;
    const src = join(dir, name);
    const s = await stat(src);
    await cp(src, join(outDir, name), { recursive: s.isDirectory() });
  }
  // In place (out = data), the clean file is left byte for byte as it is.
  if (!inPlace) {
    await writeAtomically(join(outDir, `${CLEAN_SPLIT}.json`), async (w) => {
      for (const r of records) await w.write(`${JSON.stringify(r.value)}\n`);
    });
  }
  const kb = options.keyboardProfiles ?? profileNames('keyboard');
  const sp = options.speechProfiles ?? profileNames('speech');
  const plan = [
    ...kb.slice(0, 3).map((p, i) => ({ split: noisySplitName('keyboard', i + 1), profile: p })),
    ...sp.slice(0, 3).map((p, i) => ({ split: noisySplitName('asr', i + 1), profile: p })),
  ];
  const files: Array<{ split: string; profile: string; path: string }> = [];
  const seed = options.seed ?? 0;
  for (const { split, profile } of plan) {
    const noiser = await createNoiser({
      profile,
      seed,
      ...(options.rate === undefined ? {} : { rate: options.rate }),
    });
    const path = join(outDir, `${split}.json`);
    await writeAtomically(path, async (w) => {
      for (const [i, r] of records.entries()) {
        const obj = { ...r.value };
        const id = typeof obj.id === 'string' || typeof obj.id === 'number' ? obj.id : i;
        const protect = protectedSpans(task, obj);
        for (const f of fields) {
          const v = obj[f];
          if (typeof v !== 'string') continue;
          const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(v)!;
          obj[f] = m[1]! + noiser(m[2]!, { id: [task, split, id, f], protect }).text + m[3]!;
        }
        await w.write(`${JSON.stringify(obj)}\n`);
      }
    });
    files.push({ split, profile, path });
  }
  return { task, examples: records.length, files };
}
