import { readFile } from 'node:fs/promises';
import { DataFormatError } from '@readin/core';

/** `data[0].paragraphs[3].qas[1].question` → `['data', 0, 'paragraphs', 3, 'qas', 1, 'question']`. */
function segments(path: string): Array<string | number> {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] === undefined ? m[2]! : Number(m[1])));
}

/**
 * The 1-based line where the value at `path` starts in a JSON text, or where the deepest existing part of the
 * path starts (so a missing field points at its record). Only used to locate errors, after parsing succeeded.
 */
export function lineOfJsonPath(text: string, path: string): number {
  let i = 0;
  let found = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t'))
      i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    ws();
    if (text[i] === '"') return skipString();
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      do {
        const c = text[i];
        if (c === '"') {
          skipString();
          continue;
        }
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') depth--;
        i++;
      } while (depth > 0 && i < text.length);
      return;
    }
    while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i++;
  };
  const step = (seg: string | number): boolean => {
    ws();
    if (typeof seg === 'number') {
      if (text[i] !== '[') return false;
      i++;
      for (let k = 0; k < seg; k++) {
        skipValue();
        ws();
        if (text[i] !== ',') return false;
        i++;
      }
      ws();
      return text[i] !== ']';
    }
    if (text[i] !== '{') return false;
    i++;
    for (;;) {
      ws();
      if (text[i] !== '"') return false;
      const start = i;
      skipString();
      const key = JSON.parse(text.slice(start, i)) as string;
      ws();
      i++; // ':'
      ws();
      if (key === seg) return true;
      skipValue();
      ws();
      if (text[i] !== ',') return false;
      i++;
    }
  };
  for (const seg of segments(path)) {
    if (!step(seg)) break;
    found = i;
  }
  let line = 1;
  for (let k = 0; k < found; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

/** Adds the line number to an error about a record inside a whole JSON document (found by its field path). */
export async function withDocumentLine(error: DataFormatError, file: string): Promise<DataFormatError> {
  if (error.line !== undefined || error.field === undefined) return error;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return error;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return new DataFormatError(error.message, {
    file,
    line: lineOfJsonPath(text, error.field),
    field: error.field,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    cause: error,
  });
}
