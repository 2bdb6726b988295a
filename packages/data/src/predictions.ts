import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import {
  CLEAN_SPLIT,
  decodeLines,
  NotFoundError,
  PredictionFormatError,
  parseSplitName,
  readJsonDocument,
  readJsonl,
  readLines,
  type SplitName,
  sniffJsonKind,
  type TaskId,
} from '@readin/core';

/** Predictions of one split, by example id. Values are raw (metrics decide what counts as valid). */
export interface SplitPredictions {
  readonly split: SplitName;
  readonly file: string;
  readonly byId: ReadonlyMap<string, unknown>;
  /** Ids that appeared more than once (the last one wins). */
  readonly duplicateIds: readonly string[];
}

export interface PredictionSet {
  readonly source: string;
  readonly splits: ReadonlyMap<SplitName, SplitPredictions>;
  /** Files in a predictions folder that were not recognised as split predictions. */
  readonly ignoredFiles: readonly string[];
}

export interface ReadPredictionsOptions {
  readonly task: TaskId;
  /** For a single file: the split it predicts (default: from the file name, else `test_clean`). */
  readonly split?: SplitName;
  /**
   * Example ids of a split in file order: needed for line-aligned formats (one SQL or text line per example).
   * Return undefined for a split that does not exist.
   */
  readonly idsOf: (split: SplitName) => readonly string[] | undefined;
}

/**
 * Reads predictions for `readin score`:
 * - a folder with one JSONL file per split named like the split (`test_clean.jsonl`, `test_noisy_asr_1.jsonl`, …)
 *   holding `{"id", "prediction"}` (a run folder's `predictions/<task>/` is found too);
 * - a single file for one split: JSONL `{"id", "prediction"}`, the official CMRC `{id: answer}` JSON, or plain
 *   text with one prediction per line aligned with the split's example order (Spider SQL — text after a tab is
 *   ignored, as Spider's evaluator does — WMT translations, AFQMC labels).
 */
export async function readPredictions(path: string, options: ReadPredictionsOptions): Promise<PredictionSet> {
  const info = await stat(path).catch((error) => {
    throw new NotFoundError('predictions not found.', {
      file: path,
      hint: 'Give a prediction file or a folder with one <split>.jsonl per split.',
      cause: error,
    });
  });
  if (info.isDirectory())
    return readPredictionFolder(await findPredictionFolder(path, options.task), options);
  const split = options.split ?? splitFromFileName(path) ?? CLEAN_SPLIT;
  const preds = await readPredictionFile(path, split, options);
  return { source: path, splits: new Map([[split, preds]]), ignoredFiles: [] };
}

async function findPredictionFolder(dir: string, task: TaskId): Promise<string> {
  for (const candidate of [join(dir, 'predictions', task), join(dir, task)]) {
    const s = await stat(candidate).catch(() => undefined);
    if (s?.isDirectory()) return candidate;
  }
  return dir;
}

async function readPredictionFolder(dir: string, options: ReadPredictionsOptions): Promise<PredictionSet> {
  const splits = new Map<SplitName, SplitPredictions>();
  const ignored: string[] = [];
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const ext = extname(name);
    const split = basename(name, ext);
    if (!['.jsonl', '.json', '.txt', '.sql'].includes(ext) || !parseSplitName(split)) {
      ignored.push(name);
      continue;
    }
    if (splits.has(split)) {
      throw new PredictionFormatError(`two prediction files for split "${split}".`, {
        file: join(dir, name),
        hint: 'Keep one file per split.',
      });
    }
    splits.set(split, await readPredictionFile(join(dir, name), split, options));
  }
  if (splits.size === 0) {
    throw new PredictionFormatError('no prediction files found in the folder.', {
      file: dir,
      hint: 'Expected files named like the splits: test_clean.jsonl, test_noisy_keyboard_1.jsonl, … holding {"id", "prediction"} lines.',
    });
  }
  return { source: dir, splits, ignoredFiles: ignored };
}

function splitFromFileName(path: string): SplitName | undefined {
  const m = /test_(?:clean|noisy_(?:keyboard|asr)_\d+)/.exec(basename(path));
  return m ? m[0] : undefined;
}

async function readPredictionFile(
  file: string,
  split: SplitName,
  options: ReadPredictionsOptions,
): Promise<SplitPredictions> {
  const ext = extname(file).toLowerCase();
  const kind = ext === '.json' || ext === '.jsonl' ? await sniffJsonKind(file) : 'text';
  if (kind === 'empty') {
    throw new PredictionFormatError('the prediction file is empty.', {
      file,
      hint: 'Write one prediction per example.',
    });
  }
  if (kind === 'document' || (kind === 'jsonl' && (await isOneLineIdMap(file))))
    return readIdMapPredictions(file, split);
  if (kind === 'jsonl') return readJsonlPredictions(file, split);
  return readLinePredictions(file, split, options);
}

/**
 * An official CMRC `{id: answer}` file written on one line (`json.dump(preds, f)`) sniffs as JSON Lines: it is
 * an id map when that one line is an object with neither `id` nor `prediction`.
 */
async function isOneLineIdMap(file: string): Promise<boolean> {
  let first: unknown;
  for await (const { text } of readLines(file)) {
    if (text.trim() === '') continue;
    if (first !== undefined) return false;
    try {
      first = JSON.parse(text);
    } catch {
      return false;
    }
    if (first === null || typeof first !== 'object' || 'id' in first || 'prediction' in first) return false;
  }
  return first !== undefined;
}

async function readJsonlPredictions(file: string, split: SplitName): Promise<SplitPredictions> {
  const byId = new Map<string, unknown>();
  const duplicates: string[] = [];
  for await (const { value, line } of readJsonl(file)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new PredictionFormatError('expected a JSON object {"id", "prediction"}.', { file, line });
    }
    const record = value as Record<string, unknown>;
    const id = record.id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new PredictionFormatError(
        id === undefined ? 'missing id.' : `id must be a string, got ${typeName(id)}.`,
        { file, line, field: 'id', hint: 'Each line needs the example id of the data set.' },
      );
    }
    if (!('prediction' in record)) {
      throw new PredictionFormatError('missing prediction.', {
        file,
        line,
        field: 'prediction',
        hint: 'Each line needs {"id", "prediction"}; use "" for no answer.',
      });
    }
    const key = String(id);
    if (byId.has(key)) duplicates.push(key);
    byId.set(key, record.prediction);
  }
  return { split, file, byId, duplicateIds: duplicates };
}

async function readIdMapPredictions(file: string, split: SplitName): Promise<SplitPredictions> {
  const doc = await readJsonDocument(file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PredictionFormatError(
      'expected a JSON object mapping id → answer (the official CMRC format).',
      {
        file,
        hint: 'Or give JSON Lines with {"id", "prediction"} per line.',
      },
    );
  }
  return { split, file, byId: new Map(Object.entries(doc)), duplicateIds: [] };
}

async function readLinePredictions(
  file: string,
  split: SplitName,
  options: ReadPredictionsOptions,
): Promise<SplitPredictions> {
  const ids = options.idsOf(split);
  if (!ids) {
    throw new PredictionFormatError(`the data has no split "${split}" to align these predictions with.`, {
      file,
      hint: 'Name the split with --split.',
    });
  }
  const lines = await readAllLines(file);
  // A trailing blank line is a file ending, not a prediction.
  while (lines.length > ids.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length !== ids.length) {
    throw new PredictionFormatError(
      `has ${lines.length} lines but ${split} has ${ids.length} examples; line-aligned predictions need exactly one line per example.`,
      { file, hint: 'Or give JSON Lines with {"id", "prediction"} so predictions are matched by id.' },
    );
  }
  const byId = new Map<string, unknown>();
  const sqlLike = options.task === 'cspider';
  lines.forEach((text, i) => {
    byId.set(ids[i]!, sqlLike ? text.split('\t')[0]!.trim() : text);
  });
  return { split, file, byId, duplicateIds: [] };
}

/**
 * The lines of a whole text file, as `readLines` gives them (BOM and `\r` before `\n` stripped, no final empty
 * line) but in one read and one decode: line-aligned predictions are held in memory anyway, and streaming line
 * by line costs more than the scoring of a WMT or Spider dev set in a fresh process. Invalid UTF-8 falls back
 * to `readLines` for its error naming the line.
 */
async function readAllLines(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  const lines = decodeLines(bytes);
  if (lines === undefined) {
    const streamed: string[] = [];
    for await (const { text: line } of readLines(file)) streamed.push(line);
    return streamed;
  }
  const last = bytes[bytes.length - 1];
  // No line after the last terminator; an empty file (or only a BOM) has no lines.
  if (last === 0x0a || (lines.length === 1 && lines[0] === '' && last !== 0x0d)) lines.pop();
  return lines;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
