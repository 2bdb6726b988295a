import { readFile } from 'node:fs/promises';
import {
  CLEAN_SPLIT,
  DataFormatError,
  type Example,
  NotFoundError,
  sha256,
  sniffJsonKind,
  TASK_FIELDS,
  type TaskId,
} from '@readin/core';
import {
  type DataSource,
  normaliseRecord,
  readSplit,
  resolveDataSource,
  type SplitSource,
} from '@readin/data';

/** One text to re-enter: one noised field of one example. */
export interface AnnotationItem {
  /** Unique key in the session: `<id>:<field>` (AFQMC has two items per pair). */
  readonly key: string;
  /** The example id, as in the clean split (the 0-based line index when the file has no ids). */
  readonly id: string;
  /** The noised field this text belongs to (`sentence1`, `sentence2`, `question`, `zh`). */
  readonly field: string;
  /** The text to re-enter. */
  readonly text: string;
  /** 0-based position of the example in the clean file. */
  readonly record: number;
}

/** The items of a session, read from the clean split of one task. */
export interface ItemSet {
  readonly task: TaskId;
  readonly source: DataSource;
  /** The split the items come from (`test_clean` when present). */
  readonly split: SplitSource;
  readonly items: readonly AnnotationItem[];
  /** sha256 over the keys and texts: a session refuses data that changed under it. */
  readonly fingerprint: string;
}

export interface LoadItemsOptions {
  /** Task id or alias; default: from the folder name or the first record. */
  readonly task?: string;
}

/** The key of a field of an example. */
export function itemKey(id: string, field: string): string {
  return `${id}:${field}`;
}

/**
 * Reads the texts to re-enter from a task folder or a split file: AFQMC gives `sentence1` and `sentence2` of
 * each pair in turn, CMRC2018 and CSpider the `question`, WMT21 the Chinese `zh`. Items come in file order.
 * @example (await loadItems('data/sample/afqmc')).items[1] // { key: '0:sentence2', id: '0', field: 'sentence2', … }
 */
export async function loadItems(input: string, options: LoadItemsOptions = {}): Promise<ItemSet> {
  const source = await resolveDataSource(input, options.task === undefined ? {} : { task: options.task });
  const split = source.splits.find((s) => s.split === CLEAN_SPLIT) ?? source.splits[0];
  if (!split)
    throw new NotFoundError('no split to annotate here.', {
      file: source.root,
      hint: 'Give a task folder with test_clean.json, or one JSON Lines file.',
    });
  const fields = TASK_FIELDS[source.task].noised;
  const items: AnnotationItem[] = [];
  const seen = new Set<string>();
  const hash: string[] = [];
  let record = 0;
  for await (const example of examples(split)) {
    const ex = example as Example & Record<string, unknown>;
    if (seen.has(ex.id))
      throw new DataFormatError(`duplicate id "${ex.id}".`, {
        file: split.file,
        field: 'id',
        hint: 'Every example needs its own id; the journal and the export match entries by id.',
      });
    seen.add(ex.id);
    for (const field of fields) {
      const text = String(ex[field] ?? '');
      const key = itemKey(ex.id, field);
      items.push({ key, id: ex.id, field, text, record });
      hash.push(`${key}\t${text}`);
    }
    record++;
  }
  return { task: source.task, source, split, items, fingerprint: sha256(hash.join('\n')) };
}

/**
 * The split's examples. JSON Lines (READIN's usual format) are read in one piece and parsed line by line,
 * several times faster than the streaming reader for the sizes a session holds (10,000 items in well under
 * 100 ms); other formats go through `readSplit`. Both normalise records the same way (`normaliseRecord`).
 */
async function* examples(split: SplitSource): AsyncGenerator<Example> {
  const jsonl =
    (split.format === 'json' || split.format === 'jsonl') && (await sniffJsonKind(split.file)) === 'jsonl';
  if (!jsonl) {
    yield* readSplit(split);
    return;
  }
  let text = await readFile(split.file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  let index = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DataFormatError(`invalid JSON: ${(error as Error).message.replace(/\.$/, '')}.`, {
        file: split.file,
        line: i + 1,
        hint: 'Each line must be one complete JSON object (JSON Lines).',
        cause: error,
      });
    }
    yield normaliseRecord(split.task, value, { file: split.file, line: i + 1, index });
    index++;
  }
  if (index === 0)
    throw new DataFormatError('the file holds no examples (empty file).', { file: split.file, line: 1 });
}
