import { resolve } from 'node:path';
import { UsageError } from '@readin/core';
import { parseTaskOption } from '@readin/data';
import { type ItemSet, loadItems } from './items.js';
import {
  type AnnotationMode,
  type AsrConfig,
  type PostEditRule,
  readSessionConfig,
  type SessionConfig,
  type SpeechSource,
  speedRule,
  writeSessionConfig,
} from './session.js';

/** Options that create a session (ignored when it exists, except that they must not contradict it). */
export interface SessionInit {
  readonly task?: string;
  /** The data folder or file; default: the one recorded in the session. */
  readonly data?: string;
  readonly mode?: AnnotationMode;
  readonly speechSource?: SpeechSource;
  readonly postEditing?: PostEditRule;
  readonly targetCpm?: number;
  readonly asr?: AsrConfig;
  readonly logKeys?: boolean;
  readonly now?: Date;
}

export interface OpenedSession {
  readonly dir: string;
  readonly config: SessionConfig;
  readonly items: ItemSet;
  /** The session was created by this call. */
  readonly created: boolean;
}

/**
 * Opens the session in `dir`, creating it from `init` when the folder holds none. The data is re-read and must
 * still match the session's fingerprint, so journals always refer to the same items.
 */
export async function openSession(dir: string, init: SessionInit = {}): Promise<OpenedSession> {
  const root = resolve(dir);
  const existing = await readSessionConfig(root);
  if (existing) {
    if (init.task !== undefined && parseTaskOption(init.task) !== existing.task)
      throw new UsageError(`this session is for task ${existing.task}, not ${init.task}.`, {
        file: root,
        field: 'task',
        hint: 'Leave out --task, or use another --session folder.',
      });
    if (init.mode !== undefined && init.mode !== existing.mode)
      throw new UsageError(`this session is in ${existing.mode} mode, not ${init.mode}.`, {
        file: root,
        field: 'mode',
        hint: 'Leave out --mode, or use another --session folder.',
      });
    const items = await loadItems(init.data ?? existing.data, { task: existing.task });
    if (items.fingerprint !== existing.fingerprint)
      throw new UsageError('the data changed since this session was created (different ids or texts).', {
        file: items.split.file,
        hint: `The session was made from ${existing.data} (${existing.items} items). Restore that data, or start a new --session.`,
      });
    return { dir: root, config: existing, items, created: false };
  }
  if (init.data === undefined)
    throw new UsageError('no session here yet, and no --data to create one from.', {
      file: root,
      hint: 'Give --task T --data <dir|file> --mode keyboard|speech to create the session.',
    });
  const mode = init.mode ?? 'keyboard';
  const items = await loadItems(init.data, init.task === undefined ? {} : { task: init.task });
  if (items.items.length === 0)
    throw new UsageError('the data holds no items to annotate.', { file: items.split.file });
  const speechSource = mode === 'speech' ? (init.speechSource ?? 'ime') : undefined;
  if (speechSource === 'record' && !init.asr)
    throw new UsageError('speech recording needs a recogniser.', {
      field: 'asr',
      hint: 'Give --asr openai --asr-url http://127.0.0.1:8080 (an OpenAI-compatible whisper server) or --asr hf.',
    });
  const config: SessionConfig = {
    version: 1,
    task: items.task,
    mode,
    ...(speechSource ? { speech_source: speechSource } : {}),
    data: resolve(init.data),
    split: items.split.split,
    fingerprint: items.fingerprint,
    items: items.items.length,
    post_editing: init.postEditing ?? 'refuse',
    speed: speedRule(init.targetCpm ?? 40),
    ...(speechSource === 'record' && init.asr ? { asr: init.asr } : {}),
    log_keys: init.logKeys ?? true,
    created_at: (init.now ?? new Date()).toISOString(),
  };
  await writeSessionConfig(root, config);
  return { dir: root, config, items, created: true };
}
