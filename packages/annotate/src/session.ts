import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  DataFormatError,
  isTaskId,
  NotFoundError,
  type TaskId,
  UsageError,
  writeFileAtomic,
} from '@readin/core';

export type AnnotationMode = 'keyboard' | 'speech';
/** Speech input: the speaker's IME voice input, or readin records and sends the audio to a recogniser. */
export type SpeechSource = 'ime' | 'record';
/** What Backspace, Delete and the arrow keys do: refused and counted, or allowed and logged. */
export type PostEditRule = 'refuse' | 'allow';

/** A speech recogniser reachable over HTTP. */
export interface AsrConfig {
  /** `openai`: an OpenAI-compatible `/v1/audio/transcriptions` server (e.g. a local whisper server); `hf`: Hugging Face. */
  readonly backend: 'openai' | 'hf';
  /** Server base URL (openai; default http://127.0.0.1:8080) or an inference endpoint URL (hf, optional). */
  readonly url?: string;
  /** Model name (openai default `whisper-1`; hf default `openai/whisper-large-v3`). */
  readonly model?: string;
  /** Language hint sent to the recogniser (default `zh`). */
  readonly language?: string;
}

/** Typing-speed target in characters per minute; entries outside [min, max] are flagged for review. */
export interface SpeedRule {
  readonly target: number;
  readonly min: number;
  readonly max: number;
}

/** A session's settings, fixed when the session is created (`session.json`). */
export interface SessionConfig {
  readonly version: 1;
  readonly task: TaskId;
  readonly mode: AnnotationMode;
  /** Speech mode only. */
  readonly speech_source?: SpeechSource;
  /** The data the items come from (absolute path) and its split. */
  readonly data: string;
  readonly split: string;
  /** sha256 over item keys and texts; the session refuses data that changed. */
  readonly fingerprint: string;
  readonly items: number;
  readonly post_editing: PostEditRule;
  readonly speed: SpeedRule;
  /** Recogniser for `speech_source: record`. */
  readonly asr?: AsrConfig;
  /** Record the key timeline of every item in the journal (default true). */
  readonly log_keys: boolean;
  readonly created_at: string;
}

/** What an annotator tells about themselves and their setup (see annotation-guide/metadata.*.md). */
export interface AnnotatorMeta {
  readonly annotator: string;
  readonly ime?: string;
  readonly input_style?: string;
  readonly device?: string;
  readonly dialect_region?: string;
  readonly age_band?: string;
  readonly native_language?: string;
  readonly consent?: string;
  readonly updated_at?: string;
}

export const SESSION_FILE = 'session.json';
export const PLAN_FILE = 'plan.json';

const ANNOTATOR_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Checks an annotator id: letters, digits, `_ . -`, at most 64, a pseudonym (never a real name). */
export function checkAnnotatorId(id: string): string {
  if (!ANNOTATOR_ID.test(id) || id.endsWith('.lock'))
    throw new UsageError(`invalid annotator id "${id}".`, {
      field: 'annotator',
      hint: 'Use a short pseudonymous code of letters, digits, "_", "." or "-" (e.g. kb-03), starting with a letter or digit.',
    });
  return id;
}

/** Where a session keeps its files. */
export function sessionPaths(dir: string) {
  const root = resolve(dir);
  return {
    root,
    config: join(root, SESSION_FILE),
    plan: join(root, PLAN_FILE),
    journals: join(root, 'journals'),
    journal: (annotator: string) => join(root, 'journals', `${checkAnnotatorId(annotator)}.jsonl`),
    annotator: (annotator: string) => join(root, 'annotators', `${checkAnnotatorId(annotator)}.json`),
    audioDir: (annotator: string) => join(root, 'audio', checkAnnotatorId(annotator)),
  };
}

/** Reads `session.json`; undefined when the folder holds no session yet. */
export async function readSessionConfig(dir: string): Promise<SessionConfig | undefined> {
  const file = sessionPaths(dir).config;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let value: SessionConfig;
  try {
    value = JSON.parse(text) as SessionConfig;
  } catch (error) {
    throw new DataFormatError('invalid JSON.', {
      file,
      hint: 'session.json is written by readin annotate.',
      cause: error,
    });
  }
  if (
    value?.version !== 1 ||
    !isTaskId(String(value.task)) ||
    (value.mode !== 'keyboard' && value.mode !== 'speech')
  )
    throw new DataFormatError('not a readin annotation session (version, task or mode missing).', {
      file,
      hint: 'Point --session at a folder created by readin annotate.',
    });
  return value;
}

/** Like readSessionConfig, but a missing session is a NotFoundError. */
export async function requireSessionConfig(dir: string): Promise<SessionConfig> {
  const config = await readSessionConfig(dir);
  if (!config)
    throw new NotFoundError(`no annotation session here (no ${SESSION_FILE}).`, {
      file: resolve(dir),
      hint: 'Start one with: readin annotate --task T --data <dir|file> --mode keyboard --annotator ID --session DIR.',
    });
  return config;
}

export async function writeSessionConfig(dir: string, config: SessionConfig): Promise<void> {
  await mkdir(resolve(dir), { recursive: true });
  await writeFileAtomic(sessionPaths(dir).config, `${JSON.stringify(config, null, 2)}\n`);
}

export async function readAnnotatorMeta(dir: string, annotator: string): Promise<AnnotatorMeta | undefined> {
  try {
    return JSON.parse(await readFile(sessionPaths(dir).annotator(annotator), 'utf8')) as AnnotatorMeta;
  } catch {
    return undefined;
  }
}

/** Merges new metadata into the annotator's file (fields given now win) and writes it atomically. */
export async function updateAnnotatorMeta(
  dir: string,
  meta: AnnotatorMeta,
  now: Date = new Date(),
): Promise<AnnotatorMeta> {
  const old = await readAnnotatorMeta(dir, meta.annotator);
  const defined = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined && v !== ''));
  const record = old as Record<string, unknown> | undefined;
  if (record && Object.entries(defined).every(([k, v]) => record[k] === v)) return old!; // nothing new
  const merged = {
    ...old,
    ...defined,
    annotator: meta.annotator,
    updated_at: now.toISOString(),
  } as AnnotatorMeta;
  const path = sessionPaths(dir).annotator(meta.annotator);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

/** Default speed rule: READIN's ~40 characters per minute, flagged outside half to double the target. */
export function speedRule(target = 40): SpeedRule {
  if (!(target > 0))
    throw new UsageError(`invalid typing-speed target ${target}.`, {
      field: 'target-cpm',
      hint: 'Give characters per minute, e.g. 40.',
    });
  return { target, min: Math.round(target / 2), max: Math.round(target * 2) };
}
