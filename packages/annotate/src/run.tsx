import { UsageError } from '@readin/core';
import { render } from 'ink';
import { AnnotateApp } from './AnnotateApp.js';
import type { TranscribeOptions } from './asr.js';
import { loadGuide } from './guide.js';
import { Journal } from './journal.js';
import { assignedIds, readPlan } from './plan.js';
import { requireRecorder } from './recorder.js';
import { type AnnotatorMeta, checkAnnotatorId, sessionPaths, updateAnnotatorMeta } from './session.js';
import { openSession, type SessionInit } from './setup.js';
import { recordingCapture } from './speech.js';

export interface RunAnnotatorOptions extends SessionInit {
  readonly session: string;
  readonly annotator: string;
  /** Metadata to record for the annotator (IME, device, dialect region, …). */
  readonly meta?: Omit<AnnotatorMeta, 'annotator' | 'updated_at'>;
  /** Guide language on the help screen (default `zh`). */
  readonly lang?: 'zh' | 'en';
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly env?: NodeJS.ProcessEnv;
  readonly transcribe?: TranscribeOptions;
}

export interface RunAnnotatorResult {
  readonly reason: 'quit' | 'finished' | 'error';
  readonly journal: string;
  /** Entries in the journal when the app closed, and the items assigned to this annotator. */
  readonly entries: number;
  readonly items: number;
}

/**
 * Opens (or creates) the session, locks the annotator's journal and runs the annotation UI in the terminal
 * until the annotator quits or finishes. SIGHUP/SIGTERM (a closed terminal) release the lock; after `kill -9`
 * the stale lock is taken over on the next start, which resumes at the first item without a journal entry.
 */
export async function runAnnotator(options: RunAnnotatorOptions): Promise<RunAnnotatorResult> {
  const annotator = checkAnnotatorId(options.annotator);
  const stdin = options.stdin ?? process.stdin;
  // Raw mode at once: keys typed while the session loads are kept for the UI instead of echoed as a line.
  const raw = stdin.isTTY === true && !stdin.isRaw;
  if (raw) stdin.setRawMode(true);
  try {
    return await run(options, annotator);
  } finally {
    if (raw && stdin.isTTY) stdin.setRawMode(false);
  }
}

async function run(options: RunAnnotatorOptions, annotator: string): Promise<RunAnnotatorResult> {
  const env = options.env ?? process.env;
  const session = await openSession(options.session, options);
  const { config } = session;
  const record = config.mode === 'speech' && config.speech_source === 'record';
  const recorder = record ? requireRecorder(env) : undefined;
  const plan = await readPlan(session.dir);
  const ids = assignedIds(plan, annotator);
  if (plan && ids?.size === 0)
    throw new UsageError(`annotator "${annotator}" has no items in this session's plan.`, {
      file: sessionPaths(session.dir).plan,
      hint: `Planned annotators: ${plan.annotators.join(', ')}.`,
    });
  const items = ids ? session.items.items.filter((i) => ids.has(i.id)) : session.items.items;
  await updateAnnotatorMeta(session.dir, { ...(options.meta ?? {}), annotator });
  const journal = await Journal.open(sessionPaths(session.dir).journal(annotator), { annotator });
  const release = () => journal.close();
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.exit(signal === 'SIGHUP' ? 129 : 143);
  };
  process.once('SIGHUP', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', release);
  let reason: RunAnnotatorResult['reason'] = 'quit';
  try {
    const capture =
      record && recorder && config.asr
        ? recordingCapture({
            sessionDir: session.dir,
            annotator,
            recorder,
            asr: config.asr,
            ...(options.transcribe ?? {}),
            env,
          })
        : undefined;
    const out = options.stdout ?? process.stdout;
    if (out.isTTY) out.write('\x1b[2J\x1b[3J\x1b[H'); // a clean screen (drops keys echoed before start-up)
    const app = render(
      <AnnotateApp
        config={config}
        annotator={annotator}
        items={items}
        journal={journal}
        guide={loadGuide(config.mode, options.lang ?? 'zh', env)}
        {...(capture ? { capture } : {})}
        onExit={(r) => {
          reason = r;
        }}
      />,
      {
        exitOnCtrlC: false,
        patchConsole: false,
        ...(options.stdin ? { stdin: options.stdin } : {}),
        ...(options.stdout ? { stdout: options.stdout } : {}),
      },
    );
    await app.waitUntilExit();
  } finally {
    process.off('SIGHUP', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', release);
    release();
  }
  const done = items.filter((i) => journal.entries.has(i.key)).length;
  return { reason, journal: journal.path, entries: done, items: items.length };
}
