import { readFile, stat } from 'node:fs/promises';
import {
  DataFormatError,
  decodeLines,
  type Example,
  readDelimited,
  readJsonDocument,
  readLines,
  sniffJsonKind,
  type TaskId,
} from '@readin/core';
import { withDocumentLine } from './jsonpath.js';
import type { SplitSource } from './layout.js';
import { wideColumns } from './layout.js';
import { normaliseRecord, requiredFields } from './records.js';

/**
 * Streams the examples of one split, normalised to the task's Example type (ids as strings, missing ids set to
 * the 0-based record index, WMT trailing newline stripped). JSON Lines, wide-TSV and text-pair files are read
 * line by line with flat memory; whole JSON documents (a CSpider `dev.json` array, SQuAD-format CMRC) are
 * parsed at once. A split without any example is a DataFormatError (empty file).
 */
export async function* readSplit(source: SplitSource): AsyncGenerator<Example> {
  let n = 0;
  for await (const example of splitReader(source, await jsonKind(source))) {
    n++;
    yield example;
  }
  if (n === 0) throw emptySplit(source);
}

type JsonKind = 'jsonl' | 'document' | 'empty' | undefined;

/** What a split file holds when it is JSON: JSON Lines or one document (sniffed for `.json`). */
async function jsonKind(source: SplitSource): Promise<JsonKind> {
  return source.format === 'json'
    ? await sniffJsonKind(source.file)
    : source.format === 'jsonl'
      ? 'jsonl'
      : undefined;
}

/** The reader for a split's format (nothing for an empty JSON file). */
function splitReader(source: SplitSource, kind: JsonKind): AsyncIterable<Example> {
  return source.format === 'wide-tsv'
    ? readWideTsv(source)
    : source.format === 'text-pair'
      ? readTextPair(source)
      : kind === 'jsonl'
        ? readJsonLines(source.task, source.file)
        : kind === 'document'
          ? readDocument(source.task, source.file)
          : emptyReader();
}

async function* emptyReader(): AsyncGenerator<Example> {}

function emptySplit(source: SplitSource): DataFormatError {
  return new DataFormatError('the file holds no examples (empty file).', {
    file: source.file,
    line: 1,
    hint: `Expected ${source.format === 'text-pair' ? 'one sentence per line' : `${source.task} records`} for split ${source.split}.`,
  });
}

/**
 * All examples of one split, as `readSplit` yields them (same examples, same errors). A whole JSON document
 * is normalised in one synchronous pass instead of one example per round through three async generators
 * (CMRC dev, 3,219 questions: ~20 ms of main-thread CPU less).
 */
export async function readSplitExamples(source: SplitSource): Promise<Example[]> {
  const kind = await jsonKind(source);
  if (kind === 'document') {
    const examples: Example[] = [];
    try {
      for (const example of documentExamples(source.task, source.file, await readJsonDocument(source.file)))
        examples.push(example);
    } catch (error) {
      throw await withRecordLine(error, source.file);
    }
    if (examples.length === 0) throw emptySplit(source);
    return examples;
  }
  const examples: Example[] = [];
  for await (const example of splitReader(source, kind)) examples.push(example);
  if (examples.length === 0) throw emptySplit(source);
  return examples;
}

/** The key being written when a JSON line was cut off: the last `"key":` in the text. */
function lastKey(text: string): string | undefined {
  const keys = [...text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)];
  return keys.length > 0 ? keys[keys.length - 1]![1] : undefined;
}

async function* readJsonLines(task: TaskId, file: string): AsyncGenerator<Example> {
  let index = 0;
  for await (const { text, line } of textLines(file)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const t = text.trimEnd();
      const truncated = t.startsWith('{') && !t.endsWith('}');
      const key = lastKey(text);
      const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
      throw new DataFormatError(
        truncated ? `invalid JSON: the line is truncated (${detail}).` : `invalid JSON: ${detail}.`,
        {
          file,
          line,
          ...(key === undefined ? {} : { field: key }),
          hint: `Each line must be one complete JSON object: ${requiredFields(task).join(', ')}.`,
          cause: error,
        },
      );
    }
    yield normaliseRecord(task, value, { file, line, index });
    index++;
  }
}

async function* readDocument(task: TaskId, file: string): AsyncGenerator<Example> {
  try {
    yield* documentExamples(task, file, await readJsonDocument(file));
  } catch (error) {
    throw await withRecordLine(error, file);
  }
}

/** An error about a record of the JSON document `file` with the record's line added; others as they are. */
async function withRecordLine(error: unknown, file: string): Promise<unknown> {
  return error instanceof DataFormatError && error.file === file
    ? await withDocumentLine(error, file)
    : error;
}

/** The examples of a parsed JSON document: an array of records, or a SQuAD document for CMRC. */
function* documentExamples(task: TaskId, file: string, doc: unknown): Generator<Example> {
  if (Array.isArray(doc)) {
    for (let i = 0; i < doc.length; i++)
      yield normaliseRecord(task, doc[i], { file, path: `[${i}]`, index: i });
    return;
  }
  if (doc !== null && typeof doc === 'object' && Array.isArray((doc as { data?: unknown }).data)) {
    if (task !== 'cmrc2018')
      throw new DataFormatError(
        `a SQuAD-format document ("data": [...]) is only read for cmrc2018, not ${task}.`,
        {
          file,
          field: 'data',
          hint: 'Pass --task cmrc2018, or give the task in JSON Lines.',
        },
      );
    yield* flattenSquad(file, (doc as { data: unknown[] }).data);
    return;
  }
  throw new DataFormatError(
    'expected JSON Lines, a JSON array of records, or a SQuAD document {"data": [...]}.',
    {
      file,
      line: 1,
      hint: `${task} records need ${requiredFields(task).join(', ')}.`,
    },
  );
}

function* flattenSquad(file: string, data: unknown[]): Generator<Example> {
  let index = 0;
  for (let d = 0; d < data.length; d++) {
    const paragraphs = (data[d] as { paragraphs?: unknown } | null)?.paragraphs;
    if (!Array.isArray(paragraphs))
      throw new DataFormatError('expected an array of paragraphs.', { file, field: `data[${d}].paragraphs` });
    for (let p = 0; p < paragraphs.length; p++) {
      const para = paragraphs[p] as { context?: unknown; qas?: unknown } | null;
      const at = `data[${d}].paragraphs[${p}]`;
      if (typeof para?.context !== 'string')
        throw new DataFormatError('expected the paragraph text as a string.', {
          file,
          field: `${at}.context`,
        });
      if (!Array.isArray(para.qas))
        throw new DataFormatError('expected an array of questions.', { file, field: `${at}.qas` });
      for (let q = 0; q < para.qas.length; q++) {
        const qa = para.qas[q];
        const record =
          qa !== null && typeof qa === 'object' ? { ...(qa as object), context: para.context } : qa;
        yield normaliseRecord('cmrc2018', record, { file, path: `${at}.qas[${q}]`, index });
        index++;
      }
    }
  }
}

async function* readWideTsv(source: SplitSource): AsyncGenerator<Example> {
  const prefix = `${source.column}_`;
  let index = 0;
  let shared: Set<string> | undefined;
  for await (const { record, line } of readDelimited(source.file, { delimiter: '\t', quoted: false })) {
    shared ??= new Set(Object.keys(record).filter((col) => wideColumns([col]).prefixes.size === 0));
    const raw: Record<string, unknown> = {};
    for (const [col, value] of Object.entries(record)) {
      if (col.startsWith(prefix)) raw[col.slice(prefix.length)] = value;
      else if (shared.has(col)) raw[col] = value;
    }
    if (raw.id === '') delete raw.id;
    if (source.task === 'cmrc2018' && typeof raw.answers === 'string') {
      try {
        raw.answers = JSON.parse(raw.answers);
      } catch {
        // normaliseRecord reports the field.
      }
    }
    yield normaliseRecord(source.task, raw, { file: source.file, line, index });
    index++;
  }
}

/** Files up to this size are read whole (one read, one UTF-8 decode) instead of streamed line by line. */
const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;

/**
 * The lines of a small, valid UTF-8 file exactly as core's `readLines` yields them (BOM and `\r` before `\n`
 * stripped, no final empty line after the last terminator), read at once: far less per-line overhead than the
 * stream. `undefined` for a large, unreadable or invalid file: the streaming reader then reports it.
 */
async function wholeFileLines(path: string): Promise<string[] | undefined> {
  try {
    if ((await stat(path)).size > WHOLE_FILE_LIMIT) return undefined;
    const bytes = await readFile(path);
    const lines = decodeLines(bytes);
    if (lines === undefined) return undefined;
    // No line after the last terminator; but a file holding only a BOM is one empty line, as when streamed.
    if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) lines.pop();
    return lines;
  } catch {
    return undefined;
  }
}

/** Lines with their 1-based numbers: read whole when small and valid, else streamed (with its errors). */
async function* textLines(path: string): AsyncGenerator<{ text: string; line: number }> {
  const lines = await wholeFileLines(path);
  if (lines === undefined) {
    yield* readLines(path);
    return;
  }
  for (let i = 0; i < lines.length; i++) yield { text: lines[i]!, line: i + 1 };
}

async function* readTextPair(source: SplitSource): AsyncGenerator<Example> {
  const [zhLines, enLines] = await Promise.all([
    wholeFileLines(source.file),
    wholeFileLines(source.en ?? ''),
  ]);
  if (zhLines === undefined || enLines === undefined) {
    yield* streamTextPair(source);
    return;
  }
  const n = Math.min(zhLines.length, enLines.length);
  for (let i = 0; i < n; i++) yield { id: String(i), zh: zhLines[i]!, en: enLines[i]! };
  if (enLines.length < zhLines.length)
    throw new DataFormatError(`the English file ends before line ${n + 1} of the Chinese file.`, {
      file: source.en,
      line: n + 1,
      field: 'en',
      hint: 'The zh and en files must have one sentence per line, aligned.',
    });
  if (enLines.length > zhLines.length)
    throw new DataFormatError(`the English file has more lines than the Chinese file (${n}).`, {
      file: source.en,
      line: n + 1,
      field: 'en',
      hint: 'The zh and en files must have one sentence per line, aligned.',
    });
}

/** The streaming form of readTextPair (large or invalid files: its errors name the line). */
async function* streamTextPair(source: SplitSource): AsyncGenerator<Example> {
  const en = readLines(source.en ?? '')[Symbol.asyncIterator]();
  let index = 0;
  for await (const { text, line } of readLines(source.file)) {
    const other = await en.next();
    if (other.done)
      throw new DataFormatError(`the English file ends before line ${line} of the Chinese file.`, {
        file: source.en,
        line,
        field: 'en',
        hint: 'The zh and en files must have one sentence per line, aligned.',
      });
    yield { id: String(index), zh: text, en: other.value.text };
    index++;
  }
  const extra = await en.next();
  if (!extra.done)
    throw new DataFormatError(`the English file has more lines than the Chinese file (${index}).`, {
      file: source.en,
      line: extra.value.line,
      field: 'en',
      hint: 'The zh and en files must have one sentence per line, aligned.',
    });
}
