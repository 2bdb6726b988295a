import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { NotFoundError } from '@readin/core';
import { type TranscribeOptions, type Transcript, transcribe } from './asr.js';
import type { AnnotationItem } from './items.js';
import { type Recorder, startRecording } from './recorder.js';
import { type AsrConfig, sessionPaths } from './session.js';

/** The result of one recording: where the audio is (relative to the session folder) and its transcript. */
export interface CaptureResult {
  readonly audio: string;
  readonly transcript: Transcript;
}

/** A recording in progress; `stop` ends it and returns the transcript. */
export interface ActiveCapture {
  stop(): Promise<CaptureResult>;
  /** Stops and throws the recording away. */
  cancel(): Promise<void>;
}

/** Records an item and has it transcribed (`--speech-source record`). The UI only sees this interface. */
export interface SpeechCapture {
  start(item: AnnotationItem): Promise<ActiveCapture>;
}

/** A file name for an item's audio: the key with unsafe characters replaced, plus the take number. */
export function audioFileName(key: string, take: number): string {
  return `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.take${take}.wav`;
}

export interface RecordingCaptureOptions extends TranscribeOptions {
  readonly sessionDir: string;
  readonly annotator: string;
  readonly recorder: Recorder;
  readonly asr: AsrConfig;
}

/** SpeechCapture that records 16 kHz mono WAV into the session's `audio/<annotator>/` and transcribes it. */
export function recordingCapture(options: RecordingCaptureOptions): SpeechCapture {
  const paths = sessionPaths(options.sessionDir);
  const takes = new Map<string, number>();
  return {
    async start(item) {
      const take = (takes.get(item.key) ?? 0) + 1;
      takes.set(item.key, take);
      const file = join(paths.audioDir(options.annotator), audioFileName(item.key, take));
      const recording = await startRecording(options.recorder, file);
      return {
        async stop() {
          await recording.stop();
          const audio = await readFile(file).catch((error: unknown) => {
            throw new NotFoundError('no audio was recorded.', {
              file,
              hint: 'Check the microphone and the recorder (sox/arecord), then record again.',
              cause: error,
            });
          });
          const transcript = await transcribe(audio, options.asr, options);
          return { audio: relative(paths.root, file), transcript };
        },
        async cancel() {
          await recording.stop().catch(() => undefined);
        },
      };
    },
  };
}
