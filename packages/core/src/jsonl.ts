import { readFile } from 'node:fs/promises';
import { DataFormatError, NotFoundError } from './errors.js';
import { readLines } from './lines.js';

export interface JsonRecord {
  readonly value: unknown;
  /** 1-based line number in the file. */
  readonly line: number;
}

export interface ReadJsonlOptions {
  /** Skip lines that are empty or only whitespace (default true); otherwise they are errors. */
  readonly skipBlank?: boolean;
}

/**
 * Streams a JSON Lines file: one JSON value per line, yielded with its line number. Blank lines are skipped.
 * A line that is not valid JSON is a DataFormatError naming the file and line.
 */
export async function* readJsonl(path: string, options: ReadJsonlOptions = {}): AsyncGenerator<JsonRecord> {
  const skipBlank = options.skipBlank ?? true;
  for await (const { text, line } of readLines(path)) {
    if (text.trim() === '') {
      if (skipBlank) continue;
      throw new DataFormatError('empty line.', {
        file: path,
        line,
        hint: 'Each line must hold one JSON object.',
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DataFormatError(`invalid JSON: ${jsonErrorDetail(error)}.`, {
        file: path,
        line,
        hint: looksTruncated(text)
          ? 'The line looks truncated; each line must be one complete JSON object.'
          : 'Each line must be one complete JSON object (JSON Lines).',
        cause: error,
      });
    }
    yield { value, line };
  }
}

/** Reads a whole JSON document (e.g. SQuAD-format CMRC, Spider `tables.json`), with line numbers in errors. */
export async function readJsonDocument(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('file not found.', { file: path, cause: error });
    throw error;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = jsonErrorDetail(error);
    const line = lineOfOffset(text, jsonErrorOffset(text));
    throw new DataFormatError(`invalid JSON: ${detail}.`, {
      file: path,
      line,
      hint: 'The file must be one valid JSON document.',
      cause: error,
    });
  }
}

/** What a `.json` file holds, judged from its first non-blank line: JSON Lines, or one JSON document. */
export async function sniffJsonKind(path: string): Promise<'jsonl' | 'document' | 'empty'> {
  for await (const { text } of readLines(path)) {
    const t = text.trim();
    if (t === '') continue;
    if (t.startsWith('[')) return 'document';
    try {
      const v = JSON.parse(t);
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? 'jsonl' : 'document';
    } catch {
      // A document's first line opens a structure (`{`, `[`, `"data": [`); a truncated JSON line does not.
      return /[{[,:]$/.test(t) ? 'document' : 'jsonl';
    }
  }
  return 'empty';
}

function jsonErrorDetail(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}

function looksTruncated(text: string): boolean {
  const t = text.trimEnd();
  return t.startsWith('{') && !t.endsWith('}');
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Offset of the first syntax error in `text` (V8's messages do not always give one). A small scanner over the
 * JSON grammar; it only runs after JSON.parse has failed.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return Math.min(at, text.length);
    throw at;
  }
  return text.length;
}
