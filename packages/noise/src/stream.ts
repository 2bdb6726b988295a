/**
 * Streaming: noise over async iterables of lines (plain text, or JSONL with `fields`), a Node Duplex stream, and
 * worker-thread parallelism. Each line's randomness comes from (seed, profile, line id), so the output is the
 * same whatever the batch size or the number of workers.
 */
import { Duplex } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DataFormatError, NoiseConfigError } from '@readin/core';
import { createNoiser, type NoiseOptions, type Noiser } from './noise.js';
import type { NoiseProfile } from './profiles.js';

export interface LineNoiseOptions extends Omit<NoiseOptions, 'id' | 'protect'> {
  /** JSONL mode: the string fields to noise (others are kept); default none = plain text lines. */
  readonly fields?: readonly string[];
  /** Worker threads; default 1 (in-process). */
  readonly jobs?: number;
  /** File name for error messages. */
  readonly file?: string;
  /** Lines per batch (one segmenter call; one message to a worker); default 256. */
  readonly batchSize?: number;
  /**
   * Run even a single job in a worker thread with a capped heap (flat memory on huge inputs); default: only
   * when `jobs` > 1.
   */
  readonly worker?: boolean;
}

const EDGE = /^(\s*)([\s\S]*?)(\s*)$/;

/** Noises one input line; `index` is its 0-based position (the id of plain lines and records without `id`). */
export function noiseLine(
  noiser: Noiser,
  line: string,
  index: number,
  fields: readonly string[] | undefined,
  file?: string,
): string {
  const keep = (text: string, id: ReadonlyArray<string | number>): string => {
    const m = EDGE.exec(text)!;
    return m[1]! + noiser(m[2]!, { id }).text + m[3]!;
  };
  if (!fields || fields.length === 0) return keep(line, [index]);
  if (line.trim() === '') return line;
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    throw new DataFormatError('invalid JSON (with --field, every line must be one JSON object).', {
      ...(file === undefined ? {} : { file }),
      line: index + 1,
      hint: 'Drop --field to noise plain text lines.',
    });
  }
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
    throw new DataFormatError('expected a JSON object.', {
      ...(file === undefined ? {} : { file }),
      line: index + 1,
    });
  }
  const obj = rec as Record<string, unknown>;
  const id = typeof obj.id === 'string' || typeof obj.id === 'number' ? obj.id : index;
  for (const f of fields) {
    const v = obj[f];
    if (v === undefined) continue;
    if (typeof v !== 'string') {
      throw new DataFormatError(`field is ${Array.isArray(v) ? 'an array' : typeof v}, not a string.`, {
        ...(file === undefined ? {} : { file }),
        line: index + 1,
        field: f,
        hint: 'Only string fields can be noised.',
      });
    }
    obj[f] = keep(v, [id, f]);
  }
  return JSON.stringify(obj);
}

/** Noises a stream of lines, yielding exactly one output line per input line, in order. */
export async function* noiseLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: LineNoiseOptions = {},
): AsyncGenerator<string> {
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new NoiseConfigError(`jobs must be a positive integer, got ${jobs}.`, { field: 'jobs' });
  }
  if (jobs > 1 || options.worker) {
    yield* parallelLines(lines, options, jobs);
    return;
  }
  const noiser = await createNoiser(options);
  let i = 0;
  let buf: string[] = [];
  const flush = (): string[] => {
    const out = noiseBatch(noiser, buf, i, options.fields, options.file);
    i += buf.length;
    buf = [];
    return out;
  };
  for await (const line of lines) {
    buf.push(line);
    if (buf.length >= (options.batchSize ?? 256)) yield* flush();
  }
  if (buf.length > 0) yield* flush();
}

/** Noises consecutive lines starting at index `start` (plain text lines in one segmenter call). */
export function noiseBatch(
  noiser: Noiser,
  lines: readonly string[],
  start: number,
  fields: readonly string[] | undefined,
  file?: string,
): string[] {
  if (fields && fields.length > 0) return lines.map((l, k) => noiseLine(noiser, l, start + k, fields, file));
  const parts = lines.map((l) => EDGE.exec(l)!);
  const res = noiser.batch(
    parts.map((m) => m[2]!),
    parts.map((_, k) => ({ id: [start + k] })),
  );
  return parts.map((m, k) => m[1]! + res[k]!.text + m[3]!);
}

/** A Duplex stream: text in, noisy text out (one line per line; output lines end with `\n`). */
export function noiseStream(options: LineNoiseOptions = {}): Duplex {
  return Duplex.from(async function* (source: AsyncIterable<Buffer | string>) {
    for await (const line of noiseLines(splitLines(source), options)) yield `${line}\n`;
  });
}

/** Splits a byte/string stream into lines (`\n` or `\r\n`; a final line without terminator is kept). */
export async function* splitLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      const end = nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield rest.slice(start, end);
      start = nl + 1;
      nl = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

interface WorkerInit {
  readonly profile: NoiseProfile;
  readonly seed: number | string;
  readonly fields: readonly string[] | undefined;
  readonly file: string | undefined;
}

/**
 * Heap limits of a noise worker: the old generation is capped so that V8 collects instead of growing, and a small
 * young generation (per-batch garbage only) keeps the peak RSS of a 1-job run under 300 MB.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 112, maxYoungGenerationSizeMb: 8 } as const;

async function* parallelLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: LineNoiseOptions,
  jobs: number,
): AsyncGenerator<string> {
  const { resolveProfile } = await import('./noise.js');
  const init: WorkerInit = {
    profile: resolveProfile(options),
    seed: options.seed ?? 0,
    fields: options.fields,
    file: options.file,
  };
  // From source (tests, tsx) the worker runs the built file: `tsc -b` first.
  const url = import.meta.url.endsWith('.ts')
    ? new URL('../dist/worker.js', import.meta.url)
    : new URL('./worker.js', import.meta.url);
  // Plain Node in the workers: no source conditions or loaders inherited from a test runner.
  const workers = Array.from(
    { length: jobs },
    () => new Worker(url, { workerData: init, execArgv: [], resourceLimits: WORKER_LIMITS }),
  );
  const pending = new Map<number, { resolve: (v: string[]) => void; reject: (e: unknown) => void }>();
  for (const w of workers) {
    w.on(
      'message',
      (msg: {
        batch: number;
        lines?: string[];
        error?: { message: string; line?: number; field?: string };
      }) => {
        const p = pending.get(msg.batch);
        if (!p) return;
        pending.delete(msg.batch);
        if (msg.error) {
          p.reject(
            new DataFormatError(msg.error.message, {
              ...(init.file === undefined ? {} : { file: init.file }),
              ...(msg.error.line === undefined ? {} : { line: msg.error.line }),
              ...(msg.error.field === undefined ? {} : { field: msg.error.field }),
            }),
          );
        } else p.resolve(msg.lines!);
      },
    );
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
  }
  const size = options.batchSize ?? 256;
  const queue: Promise<string[]>[] = [];
  let batchNo = 0;
  let start = 0;
  let buf: string[] = [];
  // Batches in flight per worker: each batch goes to the least busy worker (a worker slowed down by the
  // machine's load gets less work); the output order is the batch order whichever worker did it.
  const busy = workers.map(() => 0);
  const send = (): void => {
    const batch = batchNo++;
    let k = 0;
    for (let j = 1; j < jobs; j++) if (busy[j]! < busy[k]!) k = j;
    busy[k]!++;
    const w = workers[k]!;
    queue.push(
      new Promise<string[]>((resolve, reject) => {
        pending.set(batch, {
          resolve: (v) => {
            busy[k]!--;
            resolve(v);
          },
          reject,
        });
        w.postMessage({ batch, start, lines: buf });
      }),
    );
    start += buf.length;
    buf = [];
  };
  try {
    for await (const line of lines) {
      buf.push(line);
      if (buf.length >= size) {
        send();
        // Bounded in-flight work keeps memory flat (4 batches per worker: a slow batch at the head of the
        // queue does not leave the other workers idle at once).
        while (queue.length >= jobs * 4) for (const l of await queue.shift()!) yield l;
      }
    }
    if (buf.length > 0) send();
    while (queue.length > 0) for (const l of await queue.shift()!) yield l;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
