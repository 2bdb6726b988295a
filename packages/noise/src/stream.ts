/**
 * Streaming: noise over async iterables of lines (plain text, or JSONL with `fields`), a Node Duplex stream, and
 * worker-thread parallelism. Each line's randomness comes from (seed, profile, line id), so the output is the
 * same whatever the batch size or the number of workers.
 */
import { Duplex } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DataFormatError, NoiseConfigError } from '@readin/core';
import { createNoiser, type NoiseOptions, type Noiser } from './noise.js';

export interface LineNoiseOptions extends Omit<NoiseOptions, 'id' | 'protect'> {
  /** JSONL mode: the string fields to noise (others are kept); default none = plain text lines. */
  readonly fields?: readonly string[];
  /** Worker threads; default 1 (in-process). */
  readonly jobs?: number;
  /** File name for error messages. */
  readonly file?: string;
  /**
   * Lines per batch (one message to a worker): default 256 for `noiseLines` (one segmenter call per batch), 1024
   * for `noiseTextBlocks` and `noiseByteBlocks` (segmented 256 lines at a time).
   */
  readonly batchSize?: number;
  /**
   * Run even a single job in a worker thread with a capped heap (flat memory on huge inputs); default: only
   * when `jobs` > 1.
   */
  readonly worker?: boolean;
}

/**
 * `[leading whitespace, the rest, trailing whitespace]` of a text (only the middle is noised), as
 * `/^(\s*)([\s\S]*?)(\s*)$/` splits it, without a regex that retries the end at every character.
 */
export function edges(text: string): [string, string, string] {
  const n = text.length;
  let a = 0;
  while (a < n && isSpace(text.charCodeAt(a))) a++;
  if (a === n) return [text, '', ''];
  let b = n;
  while (isSpace(text.charCodeAt(b - 1))) b--;
  return [text.slice(0, a), text.slice(a, b), text.slice(b)];
}

/** JavaScript's `\s`: WhiteSpace and LineTerminator code units. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Noises one input line; `index` is its 0-based position (the id of plain lines and records without `id`). */
export function noiseLine(
  noiser: Noiser,
  line: string,
  index: number,
  fields: readonly string[] | undefined,
  file?: string,
): string {
  const keep = (text: string, id: ReadonlyArray<string | number>): string => {
    const [lead, mid, trail] = edges(text);
    return lead + noiser(mid, { id }).text + trail;
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
  const jobs = checkJobs(options.jobs);
  const size = options.batchSize ?? 256;
  const batches = lineBatches(lines, size);
  if (jobs > 1 || options.worker) {
    for await (const out of parallel(batches, options, jobs)) yield* out as string[];
    return;
  }
  const noiser = await createNoiser(options);
  for await (const b of batches) yield* noiseBatch(noiser, b.lines, b.start, options.fields, options.file);
}

/**
 * Noises a byte or string stream of lines (`\n` or `\r\n`; a final line without terminator is kept) into blocks
 * of output text: complete lines, each ending with `\n`, in input order, exactly one output line per input line.
 * The input is cut into blocks of whole lines that go to the workers as single strings (with `jobs` > 1 or
 * `worker`) or are noised in process; at most two blocks per worker are in flight, so reading waits for slow
 * workers and memory stays flat whatever the input size. Same output as `noiseLines` over `splitLines`.
 */
export async function* noiseTextBlocks(
  source: AsyncIterable<Buffer | string>,
  options: LineNoiseOptions = {},
): AsyncGenerator<string> {
  const jobs = checkJobs(options.jobs);
  const blocks = textBlocks(source, options.batchSize ?? BLOCK_LINES);
  if (jobs > 1 || options.worker) {
    yield* parallel(blocks, options, jobs) as AsyncGenerator<string>;
    return;
  }
  const noiser = await createNoiser(options);
  for await (const b of blocks) yield noiseBlock(noiser, b, options.fields, options.file);
}

/**
 * `noiseTextBlocks` from UTF-8 bytes to UTF-8 bytes: the same output, encoded. With workers (`jobs` > 1 or
 * `worker`) the main thread only cuts the input bytes into blocks of whole lines (a line end is a `\n` byte,
 * which never occurs inside a multi-byte character), transfers each block's buffer to a worker without copying,
 * and yields the encoded output the worker transfers back: decoding, splitting lines, noising and encoding all
 * happen in the workers. A UTF-8 byte order mark at the start of the input is dropped, as the text path does.
 */
export async function* noiseByteBlocks(
  source: AsyncIterable<Uint8Array | string>,
  options: LineNoiseOptions = {},
): AsyncGenerator<Uint8Array> {
  const jobs = checkJobs(options.jobs);
  if (jobs > 1 || options.worker) {
    yield* parallel(
      byteBlocks(source, options.batchSize ?? BLOCK_LINES),
      options,
      jobs,
    ) as AsyncGenerator<Uint8Array>;
    return;
  }
  // In process: the text path, encoded.
  const encoder = new TextEncoder();
  for await (const b of noiseTextBlocks(source as AsyncIterable<Buffer | string>, options))
    yield encoder.encode(b);
}

/** Lines per block of `noiseTextBlocks` / `noiseByteBlocks` (one message to a worker). */
const BLOCK_LINES = 1024;
/** Characters per block at most (long lines): a block ends at the first line end after this many. */
const BLOCK_CHARS = 1 << 18;
/** Bytes per block of `noiseByteBlocks` at most (long lines): a block ends at the first line end after this many. */
const BLOCK_BYTES = 1 << 19;

/** Consecutive input lines from index `start`. */
interface LineBatch {
  readonly start: number;
  readonly lines: readonly string[];
}
/** Consecutive input lines from index `start` as they were in the input. */
interface TextBlock {
  readonly start: number;
  /** The lines, each ended by `\n` (or `\r\n`) unless `terminated` is false for the last one. */
  readonly text: string;
  readonly terminated: boolean;
}
/** Consecutive input lines from index `start` as UTF-8 bytes, in a buffer of their own (transferable). */
interface ByteBlock {
  readonly start: number;
  /** The lines, each ended by `\n` (or `\r\n`) unless `terminated` is false for the last one. */
  readonly bytes: Uint8Array;
  readonly terminated: boolean;
}
type Batch = LineBatch | TextBlock | ByteBlock;

function checkJobs(jobs: number | undefined): number {
  const j = jobs ?? 1;
  if (!Number.isInteger(j) || j < 1) {
    throw new NoiseConfigError(`jobs must be a positive integer, got ${j}.`, { field: 'jobs' });
  }
  return j;
}

async function* lineBatches(
  lines: AsyncIterable<string> | Iterable<string>,
  size: number,
): AsyncGenerator<LineBatch> {
  let start = 0;
  let buf: string[] = [];
  for await (const line of lines) {
    buf.push(line);
    if (buf.length >= size) {
      yield { start, lines: buf };
      start += buf.length;
      buf = [];
    }
  }
  if (buf.length > 0) yield { start, lines: buf };
}

/**
 * The first block of whole lines at the start of a buffer: its end (after a line end) and its number of lines.
 * A block ends after `maxLines` line ends or at the first line end at or past `maxSize`; a shorter block is only
 * cut when the input is over (`final`), else undefined (wait for more input). `lineEnd(from)` is the index of the
 * next `\n` at or after `from`, or -1.
 */
function firstBlock(
  lineEnd: (from: number) => number,
  maxLines: number,
  maxSize: number,
  final: boolean,
): { end: number; n: number } | undefined {
  let n = 0;
  let end = 0;
  for (let nl = lineEnd(0); nl >= 0; nl = lineEnd(end)) {
    n++;
    end = nl + 1;
    if (n >= maxLines || end >= maxSize) return { end, n };
  }
  return final && n > 0 ? { end, n } : undefined;
}

/** Cuts a byte/string stream into blocks of at most `maxLines` whole lines (and about BLOCK_CHARS). */
async function* textBlocks(
  source: AsyncIterable<Buffer | string>,
  maxLines: number,
): AsyncGenerator<TextBlock> {
  const decoder = new TextDecoder('utf-8');
  let start = 0;
  let rest = '';
  const lineEnd = (from: number) => rest.indexOf('\n', from);
  const cut = (final: boolean) => firstBlock(lineEnd, maxLines, BLOCK_CHARS, final);
  const take = (b: { end: number; n: number }): TextBlock => {
    const block = { start, text: rest.slice(0, b.end), terminated: true };
    rest = rest.slice(b.end);
    start += b.n;
    return block;
  };
  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (let b = cut(false); b; b = cut(false)) yield take(b);
  }
  rest += decoder.decode();
  for (let b = cut(true); b; b = cut(true)) yield take(b);
  if (rest !== '') yield { start, text: rest, terminated: false };
}

/**
 * Cuts a byte stream into blocks of at most `maxLines` whole lines (and about BLOCK_BYTES), each copied into its
 * own buffer; a leading UTF-8 byte order mark is dropped. String chunks are encoded first. (Exported for the
 * tests; not part of the package's API.)
 */
export async function* byteBlocks(
  source: AsyncIterable<Uint8Array | string>,
  maxLines: number,
): AsyncGenerator<ByteBlock> {
  let start = 0;
  // Bytes not yet in a block (whole lines waiting for more, then a partial line); a copy, never a source chunk
  // (the reader may reuse its buffer).
  let rest: Buffer = Buffer.alloc(0);
  let bomChecked = false;
  const lineEnd = (from: number) => rest.indexOf(10, from);
  const cut = (final: boolean) => firstBlock(lineEnd, maxLines, BLOCK_BYTES, final);
  const take = (end: number): Uint8Array => {
    const bytes = new Uint8Array(end);
    bytes.set(rest.subarray(0, end));
    rest = rest.subarray(end);
    return bytes;
  };
  for await (const chunk of source) {
    const c = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (c.length === 0) continue;
    rest = Buffer.concat([rest, c]);
    if (!bomChecked && rest.length >= 3) {
      bomChecked = true;
      if (rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) rest = rest.subarray(3);
    }
    for (let b = cut(false); b; b = cut(false)) {
      yield { start, bytes: take(b.end), terminated: true };
      start += b.n;
    }
  }
  for (let b = cut(true); b; b = cut(true)) {
    yield { start, bytes: take(b.end), terminated: true };
    start += b.n;
  }
  if (rest.length > 0) yield { start, bytes: take(rest.length), terminated: false };
}

/** The lines of a text block, as `splitLines` gives them. */
function blockLines(b: TextBlock): string[] {
  const lines = b.text.split('\n');
  if (b.terminated) lines.pop();
  const n = b.terminated ? lines.length : lines.length - 1;
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** Noises one batch: output lines for a line array, output text (lines ending with `\n`) for a text block. */
function noiseAny(
  noiser: Noiser,
  b: Batch,
  fields: readonly string[] | undefined,
  file: string | undefined,
): string[] | string | Uint8Array {
  if ('lines' in b) return noiseBatch(noiser, b.lines, b.start, fields, file);
  if ('text' in b) return noiseBlock(noiser, b, fields, file);
  // Each block decodes on its own: it starts after a line end (the decoder's state at a `\n` is the initial
  // one), and a BOM inside the input is text (only the input's first one was dropped, by the main thread).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(b.bytes);
  return new TextEncoder().encode(
    noiseBlock(noiser, { start: b.start, text, terminated: b.terminated }, fields, file),
  );
}

function noiseBlock(
  noiser: Noiser,
  b: TextBlock,
  fields: readonly string[] | undefined,
  file: string | undefined,
): string {
  const lines = blockLines(b);
  // Segmenter calls of SUB_BATCH lines: what one call allocates dies young instead of being promoted (a big
  // block's garbage would otherwise fill the old generation of a worker between collections).
  let out = '';
  for (let k = 0; k < lines.length; k += SUB_BATCH) {
    const part = noiseBatch(noiser, lines.slice(k, k + SUB_BATCH), b.start + k, fields, file);
    out += `${part.join('\n')}\n`;
  }
  return out;
}

/** Lines per segmenter call inside a block. */
const SUB_BATCH = 256;

/** Noises consecutive lines starting at index `start` (plain text lines in one segmenter call). */
export function noiseBatch(
  noiser: Noiser,
  lines: readonly string[],
  start: number,
  fields: readonly string[] | undefined,
  file?: string,
): string[] {
  if (fields && fields.length > 0) return lines.map((l, k) => noiseLine(noiser, l, start + k, fields, file));
  const parts = lines.map(edges);
  const res = noiser.batch(
    parts.map((m) => m[1]),
    parts.map((_, k) => ({ id: [start + k] })),
  );
  return parts.map((m, k) => m[0] + res[k]!.text + m[2]);
}

/** A Duplex stream: text in, noisy text out (one line per line; output lines end with `\n`). */
export function noiseStream(options: LineNoiseOptions = {}): Duplex {
  return Duplex.from(async function* (source: AsyncIterable<Buffer | string>) {
    yield* noiseTextBlocks(source, options);
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

/** What a worker is started with. */
export interface WorkerInit {
  /**
   * The noiser options as the caller gave them (profile name or object, channel, rate, seed): the worker
   * resolves them exactly as `createNoiser` does in process. (Passing the resolved profile instead made a
   * worker's profile differ from the in-process one: validating it again reorders its fuzzy pairs.)
   */
  readonly noiser: Pick<NoiseOptions, 'channel' | 'profile' | 'rate' | 'seed'>;
  readonly fields: readonly string[] | undefined;
  readonly file: string | undefined;
}

/** A batch for a worker and its answer. */
export type WorkerRequest = { readonly batch: number } & Batch;
export interface WorkerReply {
  readonly batch: number;
  readonly out?: string[] | string | Uint8Array;
  readonly error?: { message: string; line?: number; field?: string };
}

/** What a worker does with a request (also the in-process path): noised lines, text or UTF-8 bytes. */
export function workerNoise(
  noiser: Noiser,
  init: WorkerInit,
  req: WorkerRequest,
): string[] | string | Uint8Array {
  return noiseAny(noiser, req, init.fields, init.file);
}

/**
 * Heap limits of a noise worker: the old generation is capped so that V8 collects instead of growing (about 65 MB
 * of it is live: the IME lexicon, pinyin-pro's dictionary, the bounded memos), and a small young generation
 * (per-batch garbage only) keeps the peak RSS flat. The price is full collections (marking the whole live heap,
 * mostly in V8's helper threads) every 20–30 MB of promoted memo entries: with one worker they run on the
 * otherwise idle second core, but with two workers on two cores they take a third of the CPU. So with more than
 * one worker both generations are larger (fewer scavenges and full collections: 40 MB input, best of 3, 2.45 →
 * 3.06 MB/s with two workers, peak RSS 375 → 443 MB); one worker keeps the small heap that holds a 1 GiB stream
 * under 300 MB.
 */
function workerLimits(jobs: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return jobs > 1
    ? { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 32 }
    : { maxOldGenerationSizeMb: 100, maxYoungGenerationSizeMb: 8 };
}

/** Batches in flight per worker: one being noised, one waiting (so that no worker idles between batches). */
const IN_FLIGHT = 2;

/** Noises batches in `jobs` worker threads; yields each batch's output in batch order. */
async function* parallel(
  batches: AsyncIterable<Batch>,
  options: LineNoiseOptions,
  jobs: number,
): AsyncGenerator<string[] | string | Uint8Array> {
  const { resolveProfile } = await import('./noise.js');
  // Configuration errors surface here, before any worker starts.
  resolveProfile(options);
  const init: WorkerInit = {
    noiser: {
      ...(options.channel === undefined ? {} : { channel: options.channel }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.rate === undefined ? {} : { rate: options.rate }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    },
    fields: options.fields,
    file: options.file,
  };
  // From source (tests, tsx) the worker runs the built file: `tsc -b` first.
  const url = import.meta.url.endsWith('.ts')
    ? new URL('../dist/worker.js', import.meta.url)
    : new URL('./worker.js', import.meta.url);
  // Plain Node in the workers: no source conditions or loaders inherited from a test runner.
  const resourceLimits = workerLimits(jobs);
  const workers = Array.from(
    { length: jobs },
    () => new Worker(url, { workerData: init, execArgv: [], resourceLimits }),
  );
  const pending = new Map<
    number,
    { resolve: (v: string[] | string | Uint8Array) => void; reject: (e: unknown) => void }
  >();
  for (const w of workers) {
    w.on('message', (msg: WorkerReply) => {
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
      } else p.resolve(msg.out!);
    });
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
  }
  const queue: Promise<string[] | string | Uint8Array>[] = [];
  let batchNo = 0;
  // Each batch goes to the least busy worker (a worker slowed down by the machine's load gets less work); the
  // output order is the batch order whichever worker did it.
  const busy = workers.map(() => 0);
  const send = (b: Batch): void => {
    const batch = batchNo++;
    let k = 0;
    for (let j = 1; j < jobs; j++) if (busy[j]! < busy[k]!) k = j;
    busy[k]!++;
    const w = workers[k]!;
    const p = new Promise<string[] | string | Uint8Array>((resolve, reject) => {
      pending.set(batch, {
        resolve: (v) => {
          busy[k]!--;
          resolve(v);
        },
        reject,
      });
    });
    // A failed batch is reported when its turn comes (no unhandled rejection before).
    p.catch(() => {});
    queue.push(p);
    const req: WorkerRequest = { batch, ...b };
    // A byte block's buffer moves to the worker (no copy); it is the block's own.
    if ('bytes' in b) w.postMessage(req, [b.bytes.buffer as ArrayBuffer]);
    else w.postMessage(req);
  };
  try {
    for await (const b of batches) {
      send(b);
      // Bounded in-flight work: reading waits for the workers, memory stays flat.
      while (queue.length >= jobs * IN_FLIGHT) yield await queue.shift()!;
    }
    while (queue.length > 0) yield await queue.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
