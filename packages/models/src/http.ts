import { AttemptError, parseRetryAfter } from './retry.js';

export interface PostJsonOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-attempt timeout in ms (default 60 000). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Current time (ms), for HTTP-date `Retry-After` values (default `Date.now`). */
  readonly now?: () => number;
  /** The fetch to use (default: global fetch). */
  readonly fetch?: typeof fetch;
}

/** HTTP statuses worth retrying: rate limits, timeouts, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** An AbortSignal that fires on `signal` or after `ms`; `timedOut()` says which. */
export function timeoutSignal(
  ms: number,
  signal?: AbortSignal,
): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${ms} ms`));
  }, ms);
  const onAbort = () => controller.abort(signal!.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Short, single-line description of a network error (never includes request headers). */
export function networkReason(error: unknown): string {
  const err = error as { message?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code ?? (error as { code?: string })?.code;
  const message = err?.cause?.message ?? err?.message ?? String(error);
  return `network error${code ? ` ${code}` : ''}: ${message}`.replace(/\s+/g, ' ').slice(0, 200);
}

/**
 * One HTTP POST of a JSON body, returning the parsed JSON body. Failures become AttemptErrors classified for
 * `withRetry`: timeouts, connection errors, 408/409/425/429/5xx and malformed JSON are retryable (with the
 * server's `Retry-After`); other 4xx are not. Messages never contain request headers.
 */
export async function postJson(url: string, body: unknown, options: PostJsonOptions = {}): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = timeoutSignal(timeoutMs, options.signal);
  const doFetch = options.fetch ?? fetch;
  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
        body: JSON.stringify(body),
        signal: timer.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (timer.timedOut()) throw new AttemptError(`timed out after ${timeoutMs} ms`, { retryable: true });
      throw new AttemptError(networkReason(error), { retryable: true });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (timer.timedOut())
        throw new AttemptError(`timed out after ${timeoutMs} ms while reading the response`, { retryable: true });
      throw new AttemptError(networkReason(error), { retryable: true });
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), (options.now ?? Date.now)());
      const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
      const status = response.status;
      return Promise.reject(
        new AttemptError(`HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`, {
          retryable: isRetryableStatus(status),
          status,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          ...(status === 401 || status === 403
            ? { hint: 'Check the credentials (HF_TOKEN or OPENAI_API_KEY) and that they may use this model.' }
            : status === 404
              ? { hint: 'Check the base URL and the model name.' }
              : {}),
        }),
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AttemptError(`malformed JSON in the response: ${text.replace(/\s+/g, ' ').slice(0, 80)}`, {
        retryable: true,
        status: response.status,
      });
    }
  } finally {
    timer.clear();
  }
}
