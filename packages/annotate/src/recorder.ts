import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { NotFoundError } from '@readin/core';

/** A command-line audio recorder found on this machine. */
export interface Recorder {
  readonly name: 'sox' | 'rec' | 'arecord';
  readonly path: string;
}

/** Finds `rec`, `sox` or `arecord` on the PATH (in that order of preference). */
export function findRecorder(env: NodeJS.ProcessEnv = process.env): Recorder | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['rec', 'sox', 'arecord'] as const) {
    for (const dir of dirs) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return { name, path };
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Like findRecorder, but a missing recorder is a clear NotFoundError. */
export function requireRecorder(env: NodeJS.ProcessEnv = process.env): Recorder {
  const recorder = findRecorder(env);
  if (!recorder)
    throw new NotFoundError('no audio recorder found: readin records with sox (rec) or arecord.', {
      field: 'speech-source',
      hint: 'Install one (Debian/Ubuntu: apt-get install sox, or alsa-utils for arecord; macOS: brew install sox), or use --speech-source ime to speak through your input method.',
    });
  return recorder;
}

/** The arguments that record 16 kHz mono 16-bit WAV into `file` until stopped. */
export function recorderArgs(recorder: Recorder, file: string): string[] {
  switch (recorder.name) {
    case 'rec':
      return ['-q', '-r', '16000', '-c', '1', '-b', '16', file];
    case 'sox':
      return ['-q', '-d', '-r', '16000', '-c', '1', '-b', '16', file];
    case 'arecord':
      return ['-q', '-f', 'S16_LE', '-r', '16000', '-c', '1', '-t', 'wav', file];
  }
}

/** A recording in progress. */
export interface Recording {
  readonly file: string;
  /** Stops recording (SIGINT lets the recorder finish the WAV header) and waits for the file. */
  stop(): Promise<void>;
}

/** Starts recording 16 kHz mono WAV into `file`. */
export async function startRecording(recorder: Recorder, file: string): Promise<Recording> {
  await mkdir(dirname(file), { recursive: true });
  const child: ChildProcess = spawn(recorder.path, recorderArgs(recorder, file), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((res, rej) => {
    child.once('error', rej);
    child.once('exit', (code) => res(code));
  });
  return {
    file,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      try {
        const code = await exited;
        if (code !== null && code !== 0 && code !== 130)
          throw new NotFoundError(
            `the recorder ${recorder.name} failed (exit ${code}): ${stderr.trim().slice(0, 200)}`,
            {
              file,
              hint: 'Check that a microphone is connected and allowed.',
            },
          );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
