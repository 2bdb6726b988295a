import { setMaxListeners } from 'node:events';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  CLEAN_SPLIT,
  DataFormatError,
  type Example,
  type ExampleByTask,
  isReadinError,
  ModelError,
  readJsonDocument,
  type SplitName,
  type TaskId,
  UsageError,
  writeFileAtomic,
} from '@readin/core';
import {
  type LoadedSplit,
  type LoadedTask,
  loadTask,
  parseTaskOption,
  resolveDataSources,
} from '@readin/data';
import {
  CircuitBreaker,
  type CreateModelOptions,
  createModel,
  type Model,
  mapConcurrent,
  ResponseCache,
  type SpiderSchema,
  selectShots,
  type TaskContext,
} from '@readin/models';
import {
  defaultRunDir,
  prepareConfig,
  type RunConfig,
  type RunStatus,
  taskFingerprint,
  writeConfig,
  writeStatus,
} from './config.js';
import { resolveDataPath } from './paths.js';
import type { ProgressEvent, SplitProgress } from './progress.js';

/** Options of `runModel`. Every field documents its default. */
export interface RunOptions {
  /** The data: a task folder, a root with task folders, a split file, or `sample` (default `sample`). */
  readonly data?: string;
  /** A task id or alias, several separated by commas, or `all` (default `all`: every task found in the data). */
  readonly task?: string;
  /** Only these splits (default: every split found). */
  readonly splits?: readonly SplitName[];
  /** The run folder (default `runs/<model>-<hash of model, prompts and data>` under `cwd`, so the same command resumes). */
  readonly out?: string;
  /** The response cache folder (default `<out>/cache`). */
  readonly cacheDir?: string;
  /** Only the first N examples of each task (by clean order; noisy splits keep the same ids) (default: all). */
  readonly limit?: number;
  /** Requests in flight at once (default 8). */
  readonly concurrency?: number;
  /** Max new tokens of generative backends (default per task, see `DEFAULT_MAX_TOKENS`). */
  readonly maxTokens?: number;
  /** Sampling temperature of generative backends (default 0). */
  readonly temperature?: number;
  /** Stop after this many consecutive failed requests (default 10). */
  readonly maxFailures?: number;
  /** k-shot prompting: demonstrations drawn from `train` (default 0: zero-shot). */
  readonly shots?: number;
  /** The clean training data the shots come from (a file, task folder or root with task folders). */
  readonly train?: string;
  /** Seed of the shot selection (default 0). */
  readonly seed?: number;
  /** Spider `tables.json` (default: found next to the data). */
  readonly tables?: string;
  /** Spider `database/` folder (default: found next to the data). */
  readonly database?: string;
  /** Backend options for `createModel` (mode, provider, endpoint, timeouts, retry, env, fetch) (default: none). */
  readonly modelOptions?: Omit<CreateModelOptions, 'cache' | 'maxTokens' | 'temperature' | 'shots'>;
  /** Cancels the run (Ctrl+C): no new request starts, finished ones stay cached (default: none). */
  readonly signal?: AbortSignal;
  /** Receives progress events (default: none). */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** The command line, recorded (redacted) in config.json (default: none). */
  readonly command?: readonly string[];
  /** Base of relative paths (default `process.cwd()`). */
  readonly cwd?: string;
}

/** One task of a finished run. */
export interface TaskRun {
  readonly task: TaskId;
  /** The data as run: with `limit`, only the examples that were predicted. */
  readonly loaded: LoadedTask;
  /** Predictions by split and example id (what was written to `predictions/<task>/<split>.jsonl`). */
  readonly predictions: ReadonlyMap<SplitName, ReadonlyMap<string, string>>;
  readonly splits: readonly SplitProgress[];
}

/** What `runModel` returns. */
export interface RunResult {
  /** The run folder (absolute). */
  readonly dir: string;
  readonly config: RunConfig;
  readonly model: Model;
  readonly tasks: readonly TaskRun[];
  /** Totals over every split: answered, from the cache, failed, unparsed. */
  readonly totals: {
    readonly total: number;
    readonly done: number;
    readonly cached: number;
    readonly errors: number;
    readonly unparsed: number;
  };
  /** Wall time of the prediction phase, in ms. */
  readonly elapsedMs: number;
}

interface MutableSplit {
  task: TaskId;
  split: SplitName;
  total: number;
  done: number;
  cached: number;
  errors: number;
  unparsed: number;
  startedAt?: number;
  finishedAt?: number;
}

interface SplitWork {
  readonly progress: MutableSplit;
  readonly loaded: LoadedSplit;
  readonly examples: readonly Example[];
  readonly file: string;
  readonly predictions: Map<string, string>;
  written: boolean;
}

interface TaskWork {
  readonly task: TaskId;
  readonly loaded: LoadedTask;
  readonly splits: SplitWork[];
  readonly schemas: ReadonlyMap<string, SpiderSchema>;
  readonly shots: readonly Example[];
}

function checkInt(name: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got ${value}.`, { field: name });
}

function snapshot(p: MutableSplit): SplitProgress {
  return { ...p };
}

/** Keeps the first `limit` clean ids (and the same ids in every other split). */
export function limitTask(loaded: LoadedTask, limit: number | undefined): LoadedTask {
  if (limit === undefined) return loaded;
  const base = loaded.clean ?? [...loaded.splits.values()][0];
  if (!base) return loaded;
  const keep = new Set([...base.byId.keys()].slice(0, limit));
  const splits = new Map<SplitName, LoadedSplit>();
  for (const [name, s] of loaded.splits) {
    const examples = s.examples.filter((e) => keep.has(e.id));
    splits.set(name, {
      ...s,
      examples,
      byId: new Map([...s.byId].filter(([id]) => keep.has(id))),
      duplicateIds: s.duplicateIds.filter((id) => keep.has(id)),
      emptyIds: s.emptyIds.filter((id) => keep.has(id)),
    });
  }
  const clean = splits.get(CLEAN_SPLIT);
  const alignment = new Map(
    [...loaded.alignment].map(([name, a]) => [
      name,
      { missingIds: a.missingIds.filter((id) => keep.has(id)), extraIds: a.extraIds },
    ]),
  );
  return { ...loaded, splits, clean, alignment } as LoadedTask;
}

async function readSchemas(task: TaskId, loaded: LoadedTask): Promise<Map<string, SpiderSchema>> {
  const schemas = new Map<string, SpiderSchema>();
  if (task !== 'cspider') return schemas;
  const file = loaded.source.tablesPath;
  if (!file)
    throw new UsageError('CSpider needs the database schemas (tables.json), and none was found.', {
      file: loaded.source.root,
      field: 'tables',
      hint: 'Put tables.json next to the data or give it with --tables.',
    });
  const doc = await readJsonDocument(file);
  if (!Array.isArray(doc))
    throw new DataFormatError('expected an array of database schemas.', { file, field: '(root)' });
  doc.forEach((entry, i) => {
    const e = entry as Partial<SpiderSchema> | null;
    if (!e || typeof e.db_id !== 'string' || !Array.isArray(e.table_names_original))
      throw new DataFormatError('a schema needs "db_id" and "table_names_original".', {
        file,
        field: `[${i}]`,
      });
    schemas.set(e.db_id, e as SpiderSchema);
  });
  for (const split of loaded.splits.values()) {
    for (const ex of split.examples) {
      const dbId = (ex as ExampleByTask['cspider']).db_id;
      if (!schemas.has(dbId))
        throw new DataFormatError(
          `example ${ex.id} asks about database "${dbId}", which tables.json lacks.`,
          {
            file: split.file,
            field: 'db_id',
            hint: `Give the tables.json that belongs to this data (--tables); it has ${schemas.size} databases.`,
          },
        );
    }
  }
  return schemas;
}

async function loadShots(
  task: TaskId,
  options: RunOptions,
  cwd: string,
): Promise<{ shots: readonly Example[]; file?: string }> {
  const k = options.shots ?? 0;
  if (k === 0) return { shots: [] };
  if (!options.train)
    throw new UsageError(`--shots ${k} needs the clean training data to draw demonstrations from.`, {
      field: 'train',
      hint: 'Give it with --train <file|dir> (a task file, a task folder, or a root with task folders).',
    });
  const [source] = await resolveDataSources(resolve(cwd, options.train), { task });
  if (!source) throw new UsageError(`no ${task} training data in ${options.train}.`, { field: 'train' });
  const train = await loadTask(source);
  const pool = [...(train.splits.values().next().value?.examples ?? [])];
  const first = train.splits.values().next().value;
  return {
    shots: selectShots(task, pool as never[], k, { seed: options.seed ?? 0 }),
    ...(first ? { file: first.file } : {}),
  };
}

/**
 * Runs a model over READIN tasks and writes a run folder:
 * - `config.json`: everything needed to reproduce (command, model signature, prompt signatures, decoding
 *   parameters, toolkit version, sha256 of every data file), written before the first request;
 * - `predictions/<task>/<split>.jsonl`: `{"id", "prediction"}` lines, written atomically when the split finishes
 *   (and, for a split cut short by an error or Ctrl+C, with what finished);
 * - `cache/`: the response cache (remote models), keyed by a hash of (backend, model, request, parameters);
 * - `status.json`: per split how many examples were answered, came from the cache, failed.
 *
 * Re-running with the same arguments resumes: every request in the cache is reused, none is sent twice.
 * Requests from all splits share one pool of `concurrency`. A request that fails after its retries is counted
 * and left out; after `maxFailures` consecutive failures the run stops with a ModelError, keeping what finished.
 * When any request failed the run ends with a ModelError after writing everything.
 * @example
 * const run = await runModel('baseline:default', { data: 'sample', out: 'runs/baseline' });
 */
export async function runModel(spec: string | Model, options: RunOptions = {}): Promise<RunResult> {
  const cwd = options.cwd ?? process.cwd();
  checkInt('limit', options.limit, 1);
  checkInt('concurrency', options.concurrency, 1);
  checkInt('max-failures', options.maxFailures, 1);
  checkInt('shots', options.shots, 0);
  const dataPath = resolveDataPath(options.data ?? 'sample', { cwd });
  const wantedTasks =
    options.task === undefined || options.task.trim() === 'all'
      ? undefined
      : [...new Set(options.task.split(',').map((t) => parseTaskOption(t.trim())))];
  const found = await resolveDataSources(dataPath, {
    ...(wantedTasks?.length === 1 ? { task: wantedTasks[0] } : {}),
    ...(options.tables ? { tables: resolve(cwd, options.tables) } : {}),
    ...(options.database ? { database: resolve(cwd, options.database) } : {}),
  });
  const sources = wantedTasks ? found.filter((s) => wantedTasks.includes(s.task)) : found;
  const absent = (wantedTasks ?? []).filter((t) => !sources.some((s) => s.task === t));
  if (absent.length > 0)
    throw new UsageError(`no ${absent.join(', ')} data in ${dataPath}.`, {
      field: 'task',
      hint: `Found: ${found.map((s) => s.task).join(', ')}.`,
    });
  if (options.splits && options.splits.length === 0)
    throw new UsageError('--splits names no split.', { field: 'splits' });

  // Load every task first, so data errors surface before any request is sent.
  const tasks: TaskWork[] = [];
  const shotFiles: Partial<Record<TaskId, string>> = {};
  for (const source of sources) {
    const full = await loadTask(source, options.splits ? { splits: options.splits } : {});
    const loaded = limitTask(full, options.limit);
    const schemas = await readSchemas(source.task, loaded);
    const { shots, file } = await loadShots(source.task, options, cwd);
    if (file) shotFiles[source.task] = file;
    const wanted = options.splits ? new Set(options.splits) : undefined;
    const splits: SplitWork[] = [];
    for (const s of loaded.splits.values()) {
      if (wanted && !wanted.has(s.split)) continue;
      const examples = [...s.byId.values()];
      splits.push({
        progress: {
          task: source.task,
          split: s.split,
          total: examples.length,
          done: 0,
          cached: 0,
          errors: 0,
          unparsed: 0,
        },
        loaded: s,
        examples,
        file: '',
        predictions: new Map(),
        written: false,
      });
    }
    tasks.push({ task: source.task, loaded, splits, schemas, shots });
  }

  // The model, and the run folder (its default name hashes the model and data, so the same command resumes).
  const fingerprints = [];
  for (const t of tasks) fingerprints.push(await taskFingerprint(t.loaded, shotFiles[t.task]));
  const onRetry = (info: { attempt: number; delayMs: number; reason: string }) =>
    options.onProgress?.({ type: 'retry', ...info });
  const modelOptions: CreateModelOptions = {
    ...options.modelOptions,
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.shots === undefined ? {} : { shots: options.shots }),
    retry: {
      ...options.modelOptions?.retry,
      onRetry: (info) => {
        options.modelOptions?.retry?.onRetry?.(info);
        onRetry(info);
      },
    },
  };
  // Checked before anything is written: the model answers every task, the folder holds no other run.
  let model = typeof spec === 'string' ? await createModel(spec, modelOptions) : spec;
  const dir = resolve(cwd, options.out ?? defaultRunDir(model.describe(), fingerprints, options));
  for (const t of tasks) {
    if (!model.tasks.includes(t.task))
      throw new UsageError(`${model.spec} cannot answer ${t.task}.`, {
        field: 'task',
        hint: `It answers ${model.tasks.join(', ')}; pick those with --task ${model.tasks.join(',')}, or use another model.`,
      });
  }
  const config = await prepareConfig(dir, {
    model,
    tasks: tasks.map((t) => ({ loaded: t.loaded, splits: t.splits.map((s) => s.loaded.split) })),
    fingerprints,
    options,
    dataPath,
    secrets: [
      options.modelOptions?.token,
      options.modelOptions?.apiKey,
      (options.modelOptions?.env ?? process.env).HF_TOKEN,
      (options.modelOptions?.env ?? process.env).OPENAI_API_KEY,
    ],
  });
  // Remote models answer through the response cache, which is what makes a re-run resume.
  let cache: ResponseCache | undefined;
  if (typeof spec === 'string' && model.backend !== 'baseline') {
    cache = await ResponseCache.open(options.cacheDir ? resolve(cwd, options.cacheDir) : join(dir, 'cache'));
    model = await createModel(spec, { ...modelOptions, cache });
  }
  await mkdir(dir, { recursive: true });
  await writeConfig(dir, config);
  for (const t of tasks) {
    const folder = join(dir, 'predictions', t.task);
    await mkdir(folder, { recursive: true });
    // Temporary files of an atomic write cut short by a kill: `readin score` would list them as ignored.
    for (const name of await readdir(folder))
      if (/^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(name)) await rm(join(folder, name), { force: true });
    for (const s of t.splits)
      (s as { file: string }).file = join(dir, 'predictions', t.task, `${s.loaded.split}.jsonl`);
  }

  const status = (state: RunStatus['state'], error?: string): RunStatus => ({
    state,
    updated: new Date().toISOString(),
    ...(error ? { error } : {}),
    splits: tasks.flatMap((t) => t.splits.map((s) => snapshot(s.progress))),
  });
  await writeStatus(dir, status('running'));
  options.onProgress?.({
    type: 'plan',
    splits: tasks.flatMap((t) => t.splits.map((s) => snapshot(s.progress))),
  });

  const writeSplit = async (work: SplitWork) => {
    // One string, one atomic write: writeJsonl's write per line costs a thread-pool round trip per example.
    let text = '';
    for (const ex of work.examples) {
      const prediction = work.predictions.get(ex.id);
      if (prediction !== undefined) text += `${JSON.stringify({ id: ex.id, prediction })}\n`;
    }
    // An empty file would be an error for `readin score`; a split with no answer yet gets none.
    if (text !== '') await writeFileAtomic(work.file, text);
    work.written = true;
  };

  const items: Array<{ task: TaskWork; split: SplitWork; example: Example }> = [];
  for (const task of tasks)
    for (const split of task.splits)
      for (const example of split.examples) items.push({ task, split, example });

  const controller = new AbortController();
  // Every request in flight listens to this signal (through its timeout signal): no listener limit.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const breaker = new CircuitBreaker(options.maxFailures ?? 10);
  let lastFailure: unknown;
  const started = performance.now();

  // A finished split is written in the background, so the pool keeps every worker busy meanwhile.
  const writes: Promise<void>[] = [];
  let writeError: unknown;
  const settle = (split: SplitWork) => {
    const p = split.progress;
    if (p.done + p.errors < p.total) {
      options.onProgress?.({ type: 'update', split: snapshot(p) });
      return;
    }
    p.finishedAt = performance.now();
    options.onProgress?.({ type: 'update', split: snapshot(p) });
    writes.push(
      writeSplit(split).then(
        () => options.onProgress?.({ type: 'split-done', split: snapshot(p) }),
        (error: unknown) => {
          writeError ??= error;
          controller.abort(error);
        },
      ),
    );
  };
  // Splits with no examples are finished at once.
  for (const t of tasks)
    for (const s of t.splits)
      if (s.progress.total === 0) {
        s.progress.startedAt = s.progress.finishedAt = performance.now();
        await writeSplit(s);
        options.onProgress?.({ type: 'split-done', split: snapshot(s.progress) });
      }

  let failure: unknown;
  try {
    await mapConcurrent(
      items,
      options.concurrency ?? 8,
      async ({ task, split, example }) => {
        split.progress.startedAt ??= performance.now();
        const context: TaskContext = {
          ...(task.task === 'cspider'
            ? { schema: task.schemas.get((example as ExampleByTask['cspider']).db_id)! }
            : {}),
          ...(task.shots.length > 0 ? { shots: task.shots as never } : {}),
        };
        try {
          const response = await model.predict(
            { task: task.task, example: example as never, context },
            { signal: controller.signal },
          );
          breaker.success();
          split.predictions.set(example.id, response.prediction);
          split.progress.done++;
          if (response.cached) split.progress.cached++;
          if (!response.parsed) split.progress.unparsed++;
        } catch (error) {
          if (controller.signal.aborted) throw controller.signal.reason;
          if (!(error instanceof ModelError)) throw error;
          lastFailure = error;
          split.progress.errors++;
          if (breaker.failure(error)) throw breaker.error();
        }
        settle(split);
      },
      { signal: controller.signal },
    );
  } catch (error) {
    failure = error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  await Promise.all(writes);
  if (writeError !== undefined) failure = writeError;
  const elapsedMs = performance.now() - started;

  if (failure !== undefined) {
    // Keep what finished: splits cut short get a file with their answers so far; the cache has the rest.
    for (const t of tasks)
      for (const s of t.splits) if (!s.written && s.progress.done > 0) await writeSplit(s);
    await cache?.close();
    options.onProgress?.({ type: 'end' });
    const interrupted = options.signal?.aborted === true && !isReadinError(failure);
    const error = interrupted
      ? new ModelError(`interrupted; ${finishedCount(tasks)} answers are kept in ${dir}.`, {
          hint: 'Re-run the same command to resume: finished requests are reused, not sent again.',
          cause: failure,
        })
      : failure;
    await writeStatus(dir, status(interrupted ? 'interrupted' : 'stopped', messageOf(error)));
    throw error;
  }
  await cache?.close();
  options.onProgress?.({ type: 'end' });

  const totals = { total: 0, done: 0, cached: 0, errors: 0, unparsed: 0 };
  for (const t of tasks)
    for (const s of t.splits) {
      totals.total += s.progress.total;
      totals.done += s.progress.done;
      totals.cached += s.progress.cached;
      totals.errors += s.progress.errors;
      totals.unparsed += s.progress.unparsed;
    }
  if (totals.errors > 0) {
    const error = new ModelError(
      `${totals.errors} of ${totals.total} requests failed; their predictions are missing in ${dir}. Last error: ${messageOf(lastFailure)}`,
      { hint: 'Re-run the same command to retry them: finished requests are reused, not sent again.' },
    );
    await writeStatus(dir, status('incomplete', error.message));
    throw error;
  }
  await writeStatus(dir, status('complete'));
  return {
    dir,
    config,
    model,
    tasks: tasks.map((t) => ({
      task: t.task,
      loaded: t.loaded,
      predictions: new Map(t.splits.map((s) => [s.loaded.split, s.predictions])),
      splits: t.splits.map((s) => snapshot(s.progress)),
    })),
    totals,
    elapsedMs,
  };
}

function finishedCount(tasks: readonly TaskWork[]): number {
  return tasks.reduce((n, t) => n + t.splits.reduce((m, s) => m + s.progress.done, 0), 0);
}

function messageOf(error: unknown): string {
  if (isReadinError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
