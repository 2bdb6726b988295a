/** Worker thread for `noiseLines` / `noiseTextBlocks` with workers: noises batches with a fixed profile and seed. */
import { parentPort, workerData } from 'node:worker_threads';
import { isReadinError } from '@readin/core';
import { createNoiser } from './noise.js';
import { type WorkerInit, type WorkerReply, type WorkerRequest, workerNoise } from './stream.js';

const init = workerData as WorkerInit;
const noiserPromise = createNoiser(init.noiser);

parentPort!.on('message', async (msg: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { batch: msg.batch, out: workerNoise(await noiserPromise, init, msg) };
  } catch (e) {
    const error = isReadinError(e)
      ? {
          message: e.message,
          ...(e.line === undefined ? {} : { line: e.line }),
          ...(e.field === undefined ? {} : { field: e.field }),
        }
      : { message: e instanceof Error ? e.message : String(e) };
    reply = { batch: msg.batch, error };
  }
  // Encoded output moves back to the main thread without a copy.
  const out = reply.out;
  if (out instanceof Uint8Array && out.byteOffset === 0 && out.byteLength === out.buffer.byteLength) {
    parentPort!.postMessage(reply, [out.buffer as ArrayBuffer]);
  } else parentPort!.postMessage(reply);
});
