import {
  CLEAN_SPLIT,
  type Example,
  type ExampleByTask,
  type SplitName,
  type TaskId,
  UsageError,
} from '@readin/core';
import { type DataSource, type ResolveDataOptions, resolveDataSource } from './layout.js';
import { readSplitExamples } from './read.js';
import { noisedTexts } from './records.js';

/** One split read into memory. */
export interface LoadedSplit<E extends Example = Example> {
  readonly split: SplitName;
  readonly file: string;
  /** Examples in file order. */
  readonly examples: readonly E[];
  /** Examples by id (the first one, when an id repeats). */
  readonly byId: ReadonlyMap<string, E>;
  /** Ids that occur more than once, in order of first repetition. */
  readonly duplicateIds: readonly string[];
  /** Ids of examples whose noised input (any of the task's noised fields) is empty or only whitespace. */
  readonly emptyIds: readonly string[];
}

/** How a split lines up with the clean split, by id. */
export interface SplitAlignment {
  /** Clean ids absent from this split, in clean order. */
  readonly missingIds: readonly string[];
  /** Ids of this split that the clean split does not have. */
  readonly extraIds: readonly string[];
}

/** A task with its splits in memory, aligned to the clean split. */
export interface LoadedTask<T extends TaskId = TaskId> {
  readonly task: T;
  readonly source: DataSource;
  /** Every split, in READIN order (clean first). */
  readonly splits: ReadonlyMap<SplitName, LoadedSplit<ExampleByTask[T]>>;
  readonly clean: LoadedSplit<ExampleByTask[T]> | undefined;
  /** Alignment of each split to the clean split (the clean split aligns to itself). */
  readonly alignment: ReadonlyMap<SplitName, SplitAlignment>;
}

export interface LoadTaskOptions extends ResolveDataOptions {
  /** Only these splits (default: all found). `test_clean` is always loaded, for alignment. */
  readonly splits?: readonly SplitName[];
}

/**
 * Aligns a split to the clean split by id (never by line): which clean ids it misses and which ids it adds.
 * @example alignToClean(['0', '1', '2'], ['0', '2']) // { missingIds: ['1'], extraIds: [] }
 */
export function alignToClean(cleanIds: Iterable<string>, splitIds: Iterable<string>): SplitAlignment {
  const clean = [...cleanIds];
  const cleanSet = new Set(clean);
  const split = new Set(splitIds);
  return {
    missingIds: clean.filter((id) => !split.has(id)),
    extraIds: [...split].filter((id) => !cleanSet.has(id)),
  };
}

/** Reads a split into memory, noting duplicate ids and empty inputs. */
export async function loadSplit<E extends Example>(
  source: DataSource['splits'][number],
): Promise<LoadedSplit<E>> {
  const examples: E[] = [];
  const byId = new Map<string, E>();
  const duplicates = new Set<string>();
  const emptyIds: string[] = [];
  const all = (await readSplitExamples(source)) as E[];
  for (let i = 0; i < all.length; i++) {
    const e = all[i]!;
    examples.push(e);
    if (byId.has(e.id)) duplicates.add(e.id);
    else byId.set(e.id, e);
    if (noisedTexts(source.task, e).some((t) => t.trim() === '')) emptyIds.push(e.id);
  }
  return { split: source.split, file: source.file, examples, byId, duplicateIds: [...duplicates], emptyIds };
}

/**
 * Loads a task (a path as `resolveDataSource` takes it, or a resolved DataSource) with all its splits in memory,
 * aligned to the clean split by id. For large files use `readSplit`, which streams.
 */
export async function loadTask(
  input: string | DataSource,
  options: LoadTaskOptions = {},
): Promise<LoadedTask> {
  const source = typeof input === 'string' ? await resolveDataSource(input, options) : input;
  const wanted = options.splits;
  if (wanted) {
    const known = new Set(source.splits.map((s) => s.split));
    const unknown = wanted.filter((s) => !known.has(s));
    if (unknown.length > 0)
      throw new UsageError(`no split ${unknown.join(', ')} in this data.`, {
        file: source.root,
        field: 'splits',
        hint: `Found: ${[...known].join(', ')}.`,
      });
  }
  const splits = new Map<SplitName, LoadedSplit>();
  for (const s of source.splits) {
    if (wanted && s.split !== CLEAN_SPLIT && !wanted.includes(s.split)) continue;
    splits.set(s.split, await loadSplit(s));
  }
  const clean = splits.get(CLEAN_SPLIT);
  const alignment = new Map<SplitName, SplitAlignment>();
  if (clean) {
    const cleanIds = clean.byId.keys();
    const ids = [...cleanIds];
    for (const [name, split] of splits) alignment.set(name, alignToClean(ids, split.byId.keys()));
  }
  return { task: source.task, source, splits, clean, alignment };
}
