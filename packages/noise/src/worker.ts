/** Worker thread for `noiseLines(..., { jobs })`: noises batches of lines with a fixed profile and seed. */
import { parentPort, workerData } from 'node:worker_threads';
import { isReadinError } from '@readin/core';
import { createNoiser } from './noise.js';
import type { NoiseProfile } from './profiles.js';
import { noiseBatch } from './stream.js';

const init = workerData as {
  profile: NoiseProfile;
  seed: number | string;
  fields: readonly string[] | undefined;
  file: string | undefined;
};
const noiserPromise = createNoiser({ profile: init.profile, seed: init.seed });

parentPort!.on('message', async (msg: { batch: number; start: number; lines: string[] }) => {
  try {
    const noiser = await noiserPromise;
    const out = noiseBatch(noiser, msg.lines, msg.start, init.fields, init.file);
    parentPort!.postMessage({ batch: msg.batch, lines: out });
  } catch (e) {
    const err = isReadinError(e)
      ? { message: e.message, line: e.line, field: e.field }
      : { message: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage({ batch: msg.batch, error: err });
  }
});
