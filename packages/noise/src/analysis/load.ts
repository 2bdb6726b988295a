/**
 * Reading (clean, noisy) text pairs from files: READIN JSONL (records matched by `id`, by line when the clean
 * file has no ids) or plain text (line i with line i).
 */
import { DataFormatError, readJsonl, readLines, TASK_FIELDS, UsageError } from '@readin/core';

export interface LoadPairsOptions {
  /** Text fields of JSONL records; each (record, field) is one pair. Default: detected (detectNoisedFields). */
  readonly fields?: readonly string[];
}

export interface LoadedPair {
  /** The record's id (or `#line` index) and field, e.g. `12:zh`. */
  readonly key: string;
  readonly clean: string;
  readonly noisy: string;
}

export interface LoadedNoiseFile {
  readonly file: string;
  readonly format: 'jsonl' | 'text';
  /** How noisy records were matched to clean ones. */
  readonly matchedBy: 'id' | 'line';
  readonly records: number;
  readonly pairs: readonly LoadedPair[];
  /** Noisy records with no clean counterpart. */
  readonly missingInClean: number;
  /** (record, field) pairs skipped because a side lacks the field or it is not a string. */
  readonly missingField: number;
  /** Noisy records whose id was already seen (the first one is kept). */
  readonly duplicates: number;
  /** Clean records with no noisy counterpart. */
  readonly cleanNotInNoisy: number;
}

export interface LoadedNoisePairs {
  readonly clean: string;
  /** The fields used ([] for plain text). */
  readonly fields: readonly string[];
  readonly files: readonly LoadedNoiseFile[];
}

/**
 * The noised fields of a READIN record, from its keys: `sentence1,sentence2` (AFQMC), `zh` (WMT21),
 * `question` (CMRC2018, CSpider), else `text`; undefined when none fits.
 */
export function detectNoisedFields(record: Readonly<Record<string, unknown>>): string[] | undefined {
  for (const task of ['afqmc', 'wmt21', 'cmrc2018'] as const) {
    const fields = TASK_FIELDS[task].noised.filter((f) => typeof record[f] === 'string');
    if (fields.length > 0) return fields;
  }
  return typeof record.text === 'string' ? ['text'] : undefined;
}

/** Line breaks at both ends are not noise (WMT's clean text ends with "\n", some noisy texts too). */
const trimBreaks = (s: string): string => s.replace(/^[\r\n]+|[\r\n]+$/g, '');

interface SourceRecord {
  readonly obj: Readonly<Record<string, unknown>>;
  readonly line: number;
}

interface Source {
  readonly format: 'jsonl' | 'text';
  readonly records: SourceRecord[];
}

async function readSource(path: string): Promise<Source> {
  let first: string | undefined;
  for await (const { text } of readLines(path)) {
    if (text.trim() !== '') {
      first = text.trim();
      break;
    }
  }
  const records: SourceRecord[] = [];
  if (first?.startsWith('{')) {
    for await (const { value, line } of readJsonl(path)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new DataFormatError('expected a JSON object on this line.', {
          file: path,
          line,
          hint: 'Each line of a READIN JSONL file is one record object.',
        });
      records.push({ obj: value as Record<string, unknown>, line });
    }
    return { format: 'jsonl', records };
  }
  // Plain text: one text per line, blank lines included (they keep the line alignment).
  for await (const { text, line } of readLines(path)) records.push({ obj: { text }, line });
  while (records.length > 0 && records.at(-1)!.obj.text === '') records.pop();
  return { format: 'text', records };
}

const hasId = (r: SourceRecord): boolean => r.obj.id !== undefined && r.obj.id !== null;

/**
 * Reads a clean file and one or more noisy files and pairs their texts. JSONL records are matched by `id` when
 * every clean record has one (else by position); plain-text files line by line.
 */
export async function loadNoisePairs(
  cleanPath: string,
  noisyPaths: string | readonly string[],
  options: LoadPairsOptions = {},
): Promise<LoadedNoisePairs> {
  const clean = await readSource(cleanPath);
  let fields: readonly string[];
  if (clean.format === 'text') fields = ['text'];
  else if (options.fields && options.fields.length > 0) fields = options.fields;
  else {
    const first = clean.records[0];
    const detected = first ? detectNoisedFields(first.obj) : undefined;
    if (!detected)
      throw new UsageError('cannot tell which fields hold the noised text.', {
        file: cleanPath,
        ...(first ? { line: first.line } : {}),
        field: 'field',
        hint: 'Name them with --field (e.g. --field zh or --field sentence1,sentence2).',
      });
    fields = detected;
  }
  const useIds = clean.format === 'jsonl' && clean.records.length > 0 && clean.records.every(hasId);
  const byId = new Map<string, number>();
  if (useIds)
    clean.records.forEach((r, i) => {
      const id = String(r.obj.id);
      if (!byId.has(id)) byId.set(id, i);
    });
  const files: LoadedNoiseFile[] = [];
  for (const path of typeof noisyPaths === 'string' ? [noisyPaths] : noisyPaths) {
    const noisy = await readSource(path);
    if (noisy.format !== clean.format)
      throw new DataFormatError(
        `this file is ${noisy.format === 'jsonl' ? 'JSONL' : 'plain text'}, the clean file is not.`,
        {
          file: path,
          hint: 'Give clean and noisy files of the same kind (both READIN JSONL or both plain text).',
        },
      );
    const seen = new Set<number>();
    const pairs: LoadedPair[] = [];
    let missingInClean = 0;
    let missingField = 0;
    let duplicates = 0;
    let byLine = 0;
    noisy.records.forEach((r, index) => {
      const viaId = useIds && hasId(r);
      if (!viaId) byLine++;
      const ci = viaId ? byId.get(String(r.obj.id)) : index < clean.records.length ? index : undefined;
      if (ci === undefined) {
        missingInClean++;
        return;
      }
      if (seen.has(ci)) {
        duplicates++;
        return;
      }
      seen.add(ci);
      const c = clean.records[ci]!;
      const base = useIds ? String(c.obj.id) : `#${ci + 1}`;
      for (const f of fields) {
        const ct = c.obj[f];
        const nt = r.obj[f];
        if (typeof ct !== 'string' || typeof nt !== 'string') {
          missingField++;
          continue;
        }
        pairs.push({
          key: clean.format === 'text' ? base : `${base}:${f}`,
          clean: trimBreaks(ct),
          noisy: trimBreaks(nt),
        });
      }
    });
    files.push({
      file: path,
      format: noisy.format,
      matchedBy: byLine > 0 ? 'line' : 'id',
      records: noisy.records.length,
      pairs,
      missingInClean,
      missingField,
      duplicates,
      cleanNotInNoisy: clean.records.length - seen.size,
    });
  }
  return { clean: cleanPath, fields: clean.format === 'text' ? [] : fields, files };
}
