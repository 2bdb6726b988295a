import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readLines, sha256, stableStringify } from '@readin/core';
import type { BackendResult } from './types.js';

/** The parts hashed into a cache key. None of them may hold a credential. */
export interface CacheKeyParts {
  readonly backend: string;
  readonly model: string;
  /** The backend-level request as sent (without headers). */
  readonly request: unknown;
  /** Everything else that changes the answer: decoding parameters, endpoint, provider, mode. */
  readonly params: unknown;
}

/** sha256 of `stableStringify({backend, model, request, params})`. */
export function cacheKey(parts: CacheKeyParts): string {
  return sha256(
    stableStringify({
      backend: parts.backend,
      model: parts.model,
      request: parts.request,
      params: parts.params,
    }),
  );
}

export interface ResponseCacheOptions {
  /** fsync after every entry, so even a power cut loses nothing finished (default false: a crash or kill of
   * the process loses nothing, as each entry is one write to an O_APPEND file). */
  readonly fsync?: boolean;
}

interface Entry {
  readonly k: string;
  readonly v: BackendResult;
}

/**
 * A content-addressed response cache: append-only JSON Lines shards in one folder, one shard per process
 * (`responses-<time>-<pid>-<rand>.jsonl`), each line `{"k": key, "v": result}`. Opening reads every shard;
 * a line cut short by a crash is ignored. `put` appends one line per entry with a single write, in order, so a
 * killed process loses only requests that had not finished. Safe under concurrency within one process.
 * @example
 * const cache = await ResponseCache.open(join(runDir, 'cache'));
 * const hit = cache.get(key) ?? (await cache.put(key, await call()));
 */
export class ResponseCache {
  readonly dir: string;
  /** Lines skipped when loading (truncated by a crash, or not cache entries). */
  readonly skipped: number;
  private readonly entries: Map<string, BackendResult>;
  private readonly fsync: boolean;
  private handle: FileHandle | undefined;
  private opening: Promise<FileHandle> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private pending: string[] = [];
  private batch: Promise<void> | undefined;
  private readonly inflight = new Map<string, Promise<BackendResult>>();
  private closed = false;

  private constructor(dir: string, entries: Map<string, BackendResult>, skipped: number, fsync: boolean) {
    this.dir = dir;
    this.entries = entries;
    this.skipped = skipped;
    this.fsync = fsync;
  }

  /** Opens (creating if needed) the cache folder and loads every shard. */
  static async open(dir: string, options: ResponseCacheOptions = {}): Promise<ResponseCache> {
    await mkdir(dir, { recursive: true });
    const entries = new Map<string, BackendResult>();
    let skipped = 0;
    const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    for (const name of names) {
      for await (const { text } of readLines(join(dir, name))) {
        if (text.trim() === '') continue;
        try {
          const entry = JSON.parse(text) as Partial<Entry>;
          if (typeof entry.k === 'string' && entry.v && typeof entry.v.text === 'string')
            entries.set(entry.k, entry.v);
          else skipped++;
        } catch {
          skipped++;
        }
      }
    }
    return new ResponseCache(dir, entries, skipped, options.fsync ?? false);
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): BackendResult | undefined {
    return this.entries.get(key);
  }

  /**
   * Stores a result: in memory at once, on disk when the returned promise resolves. Lines put while a write is
   * under way are written together in one append (each line whole), so many concurrent puts cost few syscalls.
   */
  async put(key: string, value: BackendResult): Promise<BackendResult> {
    if (this.closed) throw new Error(`ResponseCache: ${this.dir} is closed`);
    const { attempts: _attempts, ...stored } = value;
    this.entries.set(key, stored);
    this.pending.push(`${JSON.stringify({ k: key, v: stored })}\n`);
    this.batch ??= this.queue.then(() => this.flush());
    const write = this.batch;
    this.queue = write.catch(() => undefined);
    await write;
    return value;
  }

  private async flush(): Promise<void> {
    this.batch = undefined;
    const lines = this.pending.join('');
    this.pending = [];
    if (lines === '') return;
    const handle = await this.shard();
    await handle.write(lines, null, 'utf8');
    if (this.fsync) await handle.sync();
  }

  /**
   * The cached result for `key`, or `compute()`'s result stored under it. Concurrent calls with the same key
   * share one computation, so a request is never sent twice by one process.
   */
  async getOrCompute(
    key: string,
    compute: () => Promise<BackendResult>,
  ): Promise<{ value: BackendResult; cached: boolean }> {
    const hit = this.entries.get(key);
    if (hit) return { value: hit, cached: true };
    const running = this.inflight.get(key);
    if (running) return { value: await running, cached: true };
    const promise = (async () => this.put(key, await compute()))();
    this.inflight.set(key, promise);
    try {
      return { value: await promise, cached: false };
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Waits for pending writes and closes the shard. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    const handle = this.handle ?? (this.opening ? await this.opening : undefined);
    this.handle = undefined;
    await handle?.close();
  }

  private shard(): Promise<FileHandle> {
    if (this.handle) return Promise.resolve(this.handle);
    this.opening ??= (async () => {
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
      const name = `responses-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}.jsonl`;
      this.handle = await open(join(this.dir, name), 'a');
      return this.handle;
    })();
    return this.opening;
  }
}
