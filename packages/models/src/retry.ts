import { ModelError, Rng } from '@readin/core';
import { redact } from './redact.js';

/** Retry policy of HTTP backends. Every field documents its default. */
export interface RetryOptions {
  /** Attempts per request, including the first (default 6). */
  readonly attempts?: number;
  /** Base of the exponential backoff, in ms (default 500). */
  readonly baseDelayMs?: number;
  /** Cap of one backoff delay, in ms (default 30 000). */
  readonly maxDelayMs?: number;
  /** Longest `Retry-After` honoured, in ms; longer values are clamped (default 120 000). */
  readonly maxRetryAfterMs?: number;
  /** Uniform [0, 1) source for the jitter (default: a generator seeded with 0, so delays are reproducible). */
  readonly random?: () => number;
  /** Sleeps `ms`; rejects when `signal` aborts (default: a timer). Inject for fast tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Current time in ms, for HTTP-date `Retry-After` values (default `Date.now`). */
  readonly now?: () => number;
  /** Called before each retry (for progress displays / logs); receives an already redacted reason. */
  readonly onRetry?: (info: RetryInfo) => void;
  /** Strings removed from every message (tokens, keys); bearer tokens and hf_/sk- keys are always removed. */
  readonly secrets?: ReadonlyArray<string | undefined>;
}

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** A failure a backend classified; `retryable` failures are retried, others thrown at once. */
export class AttemptError extends Error {
  readonly retryable: boolean;
  readonly status: number | undefined;
  /** Parsed `Retry-After`, in ms from now. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: { retryable: boolean; status?: number; retryAfterMs?: number; hint?: string },
  ) {
    super(message);
    this.name = 'AttemptError';
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.hint = options.hint;
  }
  readonly hint: string | undefined;
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date. Returns ms from `now` (≥ 0), or undefined for
 * a missing or unparseable value.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * The delay before retry number `attempt` (1-based): "full jitter", uniform in
 * [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1))), but never less than a server's `Retry-After`.
 */
export function backoffDelay(
  attempt: number,
  options: RetryOptions & { retryAfterMs?: number } = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  if (options.retryAfterMs === undefined) return jittered;
  const honoured = Math.min(options.retryAfterMs, options.maxRetryAfterMs ?? 120_000);
  return Math.max(honoured, jittered);
}

/** Sleeps `ms`, rejecting with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const defaultRandom = (() => {
  const rng = Rng.for(0, 'readin-models-retry');
  return () => rng.float();
})();

/**
 * Runs `attempt` until it succeeds, a non-retryable AttemptError is thrown, or the attempts are used up; then
 * throws a ModelError naming `what`, the attempts and the last (redacted) reason. Aborts are not retried: the
 * signal's reason is rethrown.
 */
export async function withRetry<T>(
  what: string,
  attempt: (n: number) => Promise<T>,
  options: RetryOptions & { signal?: AbortSignal } = {},
): Promise<{ value: T; attempts: number }> {
  const attempts = Math.max(1, options.attempts ?? 6);
  const random = options.random ?? defaultRandom;
  const wait = options.sleep ?? sleep;
  let last: AttemptError | undefined;
  for (let n = 1; n <= attempts; n++) {
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      return { value: await attempt(n), attempts: n };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (!(error instanceof AttemptError)) throw error;
      last = error;
      if (!error.retryable) {
        throw new ModelError(redact(`${what} failed: ${error.message}.`, options.secrets), {
          hint: error.hint ?? 'The server rejected the request; retrying would not help.',
        });
      }
      if (n === attempts) break;
      const delayMs = backoffDelay(
        n,
        {
          ...options,
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        },
        random,
      );
      options.onRetry?.({ attempt: n, delayMs, reason: redact(error.message, options.secrets) });
      await wait(delayMs, options.signal);
    }
  }
  const reason = last?.message ?? 'unknown error';
  throw new ModelError(redact(`${what} failed after ${attempts} attempts: ${reason}.`, options.secrets), {
    hint:
      last?.hint ??
      'Check that the server is up and not overloaded; re-run the same command to resume (finished requests are cached).',
  });
}

/**
 * Stops a run after `limit` consecutive failed requests (default 10), so a dead server does not burn through
 * every example. Call `success()` / `failure(error)` after each request; `failure` returns true when the run
 * must stop, and `error()` gives the ModelError to throw.
 */
export class CircuitBreaker {
  readonly limit: number;
  private consecutive = 0;
  private lastError: unknown;

  constructor(limit = 10) {
    if (!(limit >= 1) || !Number.isInteger(limit))
      throw new RangeError(`CircuitBreaker: limit must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  get failures(): number {
    return this.consecutive;
  }

  get tripped(): boolean {
    return this.consecutive >= this.limit;
  }

  success(): void {
    this.consecutive = 0;
  }

  failure(error: unknown): boolean {
    this.consecutive++;
    this.lastError = error;
    return this.tripped;
  }

  error(): ModelError {
    const last = this.lastError instanceof Error ? this.lastError.message : String(this.lastError);
    return new ModelError(
      `stopped after ${this.consecutive} consecutive failed requests; last error: ${last}`,
      {
        hint: 'Finished predictions are kept; fix the cause and re-run the same command to resume.',
        cause: this.lastError,
      },
    );
  }
}
