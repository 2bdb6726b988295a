import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  DataFormatError,
  fileSha256,
  type SplitName,
  sha256,
  stableStringify,
  type TaskId,
  UsageError,
  VERSION,
  writeFileAtomic,
} from '@readin/core';
import type { LoadedTask } from '@readin/data';
import { type Model, type ModelDescription, redact } from '@readin/models';
import type { SplitProgress } from './progress.js';

/** sha256 of a data file, with how many examples of it the run used. */
export interface FileFingerprint {
  readonly file: string;
  readonly sha256: string;
}

/** Where a task's data came from, and the hashes that pin it. */
export interface TaskFingerprint {
  readonly task: TaskId;
  readonly root: string;
  readonly layout: string;
  readonly synthetic_noise?: boolean;
  /** Every split file of the data (selected or not), by split. */
  readonly splits: Readonly<Record<SplitName, FileFingerprint>>;
  readonly tables?: FileFingerprint;
  /** The training file the k-shot demonstrations come from. */
  readonly train?: FileFingerprint;
}

/** One task in `config.json`. */
export interface TaskConfig {
  /** Prompt template + extraction rule signature (generative models) or baseline name@version. */
  readonly prompt: string;
  /** The splits this run predicted, with the number of examples of each. */
  readonly predicted: Readonly<Record<SplitName, number>>;
  readonly data: TaskFingerprint;
}

/** `RUN_DIR/config.json`: everything needed to reproduce a run. Never holds a credential. */
export interface RunConfig {
  /** The readin toolkit version. */
  readonly readin: string;
  /** When the run folder was first created, and last run. */
  readonly created: string;
  readonly updated: string;
  /** The command line (credentials redacted). */
  readonly command?: readonly string[];
  readonly model: ModelDescription;
  readonly params: {
    readonly concurrency: number;
    readonly limit: number | null;
    readonly max_tokens: number | null;
    readonly temperature: number | null;
    readonly shots: number;
    readonly seed: number;
    readonly max_failures: number;
  };
  /** The `--data` path as resolved. */
  readonly data: string;
  readonly tasks: Readonly<Partial<Record<TaskId, TaskConfig>>>;
}

/** `RUN_DIR/status.json`: how far the run got. */
export interface RunStatus {
  readonly state: 'running' | 'complete' | 'incomplete' | 'stopped' | 'interrupted';
  readonly updated: string;
  readonly error?: string;
  readonly splits: readonly SplitProgress[];
}

async function fingerprintFile(file: string): Promise<FileFingerprint> {
  return { file, sha256: await fileSha256(file) };
}

/** Hashes every data file of a task (all its splits, tables.json, the training file). */
export async function taskFingerprint(loaded: LoadedTask, trainFile?: string): Promise<TaskFingerprint> {
  const splits: Record<SplitName, FileFingerprint> = {};
  const byFile = new Map<string, Promise<FileFingerprint>>();
  const hash = (file: string) => {
    let p = byFile.get(file);
    if (!p) {
      p = fingerprintFile(file);
      byFile.set(file, p);
    }
    return p;
  };
  for (const s of loaded.source.splits) splits[s.split] = await hash(s.file);
  return {
    task: loaded.task,
    root: loaded.source.root,
    layout: loaded.source.layout,
    ...(loaded.source.meta.synthetic_noise ? { synthetic_noise: true } : {}),
    splits,
    ...(loaded.source.tablesPath ? { tables: await hash(loaded.source.tablesPath) } : {}),
    ...(trainFile ? { train: await hash(trainFile) } : {}),
  };
}

function dataHash(f: TaskFingerprint): Record<string, unknown> {
  return {
    task: f.task,
    splits: Object.fromEntries(Object.entries(f.splits).map(([k, v]) => [k, v.sha256])),
    tables: f.tables?.sha256 ?? null,
    train: f.train?.sha256 ?? null,
  };
}

function slug(text: string): string {
  return (
    text
      .replace(/^[a-z]+:\/\/[^#]*#/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'run'
  );
}

/**
 * The default run folder, `runs/<model>-<12 hex>`: the hash covers the model signature, the prompt / baseline
 * signature of each task, the decoding and shot settings and the data hashes, so running the same command
 * again lands in the same folder and resumes, and a different model or data gets its own folder.
 */
export function defaultRunDir(
  model: ModelDescription,
  data: readonly TaskFingerprint[],
  options: { readonly shots?: number; readonly seed?: number } = {},
): string {
  const hash = sha256(
    stableStringify({
      model: model.signature,
      prompts: model.tasks,
      shots: options.shots ?? 0,
      seed: options.seed ?? 0,
      data: data.map(dataHash),
    }),
  ).slice(0, 12);
  const name = model.backend === 'openai' ? `openai-${model.model}` : `${model.backend}-${model.model}`;
  return join('runs', `${slug(name)}-${hash}`);
}

/** Removes credentials from a command line: known secrets, bearer tokens, keys, and URL user:password parts. */
export function redactCommand(argv: readonly string[], secrets: ReadonlyArray<string | undefined>): string[] {
  return argv.map((a) => redact(a, secrets).replace(/(\w+:\/\/)[^/@\s#]+@/g, '$1[redacted]@'));
}

export interface PrepareConfigInput {
  readonly model: Model;
  readonly tasks: ReadonlyArray<{ readonly loaded: LoadedTask; readonly splits: readonly SplitName[] }>;
  readonly fingerprints: readonly TaskFingerprint[];
  readonly options: {
    readonly command?: readonly string[];
    readonly concurrency?: number;
    readonly limit?: number;
    readonly maxTokens?: number;
    readonly temperature?: number;
    readonly shots?: number;
    readonly seed?: number;
    readonly maxFailures?: number;
  };
  readonly dataPath: string;
  readonly secrets: ReadonlyArray<string | undefined>;
}

async function readExisting(dir: string): Promise<RunConfig | undefined> {
  const file = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as RunConfig;
    if (!value || typeof value !== 'object' || !value.model || !value.tasks)
      throw new Error('not a run config');
    return value;
  } catch {
    throw new DataFormatError('this is not a readin run config.', {
      file,
      hint: 'Choose another --out, or delete the folder.',
    });
  }
}

/**
 * The config of this run, merged with the folder's existing config.json. Throws a UsageError when the folder
 * holds a run of another model, prompt or decoding setting, or of data that has changed since: resuming into
 * it would mix answers.
 */
export async function prepareConfig(dir: string, input: PrepareConfigInput): Promise<RunConfig> {
  const description = input.model.describe();
  const existing = await readExisting(dir);
  const where = join(dir, 'config.json');
  const fresh = () =>
    `Use another --out (or drop --out: the default folder is named after the model and data), or delete ${dir}.`;
  if (existing && existing.model.signature !== description.signature) {
    throw new UsageError(
      `${dir} holds a run of another model or setting (${existing.model.signature}), not ${description.signature}.`,
      { file: where, field: 'model.signature', hint: fresh() },
    );
  }
  const tasks: Partial<Record<TaskId, TaskConfig>> = { ...existing?.tasks };
  input.tasks.forEach(({ loaded, splits }, i) => {
    const data = input.fingerprints[i]!;
    const prompt = description.tasks[loaded.task] ?? '';
    const before = existing?.tasks[loaded.task];
    if (before) {
      if (before.prompt !== prompt)
        throw new UsageError(
          `${dir} holds ${loaded.task} answers made with another prompt (${before.prompt}).`,
          {
            file: where,
            field: `tasks.${loaded.task}.prompt`,
            hint: fresh(),
          },
        );
      for (const [split, f] of Object.entries(data.splits)) {
        const old = before.data.splits[split];
        if (old && old.sha256 !== f.sha256)
          throw new UsageError(`the ${loaded.task} ${split} data changed since this run folder was made.`, {
            file: where,
            field: `tasks.${loaded.task}.data.splits.${split}`,
            hint: fresh(),
          });
      }
      for (const part of ['tables', 'train'] as const) {
        const old = before.data[part];
        const now = data[part];
        if (old && now && old.sha256 !== now.sha256)
          throw new UsageError(`the ${loaded.task} ${part} file changed since this run folder was made.`, {
            file: where,
            field: `tasks.${loaded.task}.data.${part}`,
            hint: fresh(),
          });
      }
    }
    const predicted: Record<SplitName, number> = { ...before?.predicted };
    for (const split of splits) predicted[split] = loaded.splits.get(split)?.byId.size ?? 0;
    tasks[loaded.task] = { prompt, predicted, data };
  });
  const o = input.options;
  const now = new Date().toISOString();
  return {
    readin: VERSION,
    created: existing?.created ?? now,
    updated: now,
    ...(o.command ? { command: redactCommand(o.command, input.secrets) } : {}),
    model: description,
    params: {
      concurrency: o.concurrency ?? 8,
      limit: o.limit ?? null,
      max_tokens: o.maxTokens ?? null,
      temperature: o.temperature ?? null,
      shots: o.shots ?? 0,
      seed: o.seed ?? 0,
      max_failures: o.maxFailures ?? 10,
    },
    data: input.dataPath,
    tasks,
  };
}

/** Writes `RUN_DIR/config.json` atomically. */
export async function writeConfig(dir: string, config: RunConfig): Promise<void> {
  await writeFileAtomic(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/** Writes `RUN_DIR/status.json` atomically. */
export async function writeStatus(dir: string, status: RunStatus): Promise<void> {
  await writeFileAtomic(join(dir, 'status.json'), `${JSON.stringify(status, null, 2)}\n`);
}

/** A path as shown to the user: relative to `cwd` when inside it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !rel.startsWith('/') ? rel : path;
}
