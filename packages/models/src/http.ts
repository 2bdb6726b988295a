import type { IncomingHttpHeaders, RequestOptions } from 'node:http';
import { AttemptError, parseRetryAfter } from './retry.js';

export interface PostJsonOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-attempt timeout in ms (default 60 000). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Current time (ms), for HTTP-date `Retry-After` values (default `Date.now`). */
  readonly now?: () => number;
  /** The fetch to use (default: node:http with keep-alive, which costs about a fifth of fetch's CPU). */
  readonly fetch?: typeof fetch;
}

interface RawResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

type Requester = typeof import('node:http').request;

interface NodeHttp {
  readonly http: { request: Requester; agent: import('node:http').Agent };
  readonly https: { request: Requester; agent: import('node:http').Agent };
}

let nodeHttp: NodeHttp | undefined;

/** node:http and node:https with keep-alive agents, loaded on the first request (the CLI starts faster). */
async function loadNodeHttp(): Promise<NodeHttp> {
  if (nodeHttp) return nodeHttp;
  const [http, https] = await Promise.all([import('node:http'), import('node:https')]);
  nodeHttp ??= {
    http: { request: http.request, agent: new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000 }) },
    https: {
      request: https.request as unknown as Requester,
      agent: new https.Agent({ keepAlive: true, keepAliveMsecs: 10_000 }),
    },
  };
  return nodeHttp;
}

/** The per-attempt deadline passed; a separate class so it is told apart from network errors. */
class AttemptTimeout extends Error {}

const targets = new Map<string, { secure: boolean; options: RequestOptions }>();

function target(url: string, lib: NodeHttp): { secure: boolean; options: RequestOptions } {
  let t = targets.get(url);
  if (!t) {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    t = {
      secure,
      options: {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || (secure ? 443 : 80),
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        agent: secure ? lib.https.agent : lib.http.agent,
      },
    };
    if (targets.size > 100) targets.clear();
    targets.set(url, t);
  }
  return t;
}

/**
 * POST with node:http(s) and keep-alive: resolves once the whole body has arrived; rejects on socket errors,
 * with an AttemptTimeout after `timeoutMs`, and with the signal's reason when it aborts. No AbortController
 * per request: this is the hot path of a run.
 */
function nodePost(
  lib: NodeHttp,
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { secure, options } = target(url, lib);
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const req = (secure ? lib.https.request : lib.http.request)(
      { ...options, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => finish(() => reject(error)));
        res.on('end', () =>
          finish(() => {
            if (!res.complete) {
              reject(new Error('the response was cut off'));
              return;
            }
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            const responseHeaders: IncomingHttpHeaders = res.headers;
            resolve({
              ok: status >= 200 && status < 300,
              status,
              statusText: res.statusMessage ?? '',
              headers: {
                get: (name) => {
                  const v = responseHeaders[name.toLowerCase()];
                  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
                },
              },
              text: async () => text,
            });
          }),
        );
      },
    );
    const timer = setTimeout(() => {
      const error = new AttemptTimeout(`timed out after ${timeoutMs} ms`);
      finish(() => reject(error));
      req.destroy(error);
    }, timeoutMs);
    const onAbort = () => {
      finish(() => reject(signal!.reason));
      req.destroy();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => finish(() => reject(error)));
    req.end(body);
  });
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
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  const payload = JSON.stringify(body);
  let response: RawResponse;
  let text: string;
  if (options.fetch) {
    const timer = timeoutSignal(timeoutMs, options.signal);
    try {
      response = await options.fetch(url, { method: 'POST', headers, body: payload, signal: timer.signal });
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (timer.timedOut()) throw new AttemptError(`timed out after ${timeoutMs} ms`, { retryable: true });
      throw new AttemptError(networkReason(error), { retryable: true });
    } finally {
      timer.clear();
    }
  } else {
    try {
      response = await nodePost(
        nodeHttp ?? (await loadNodeHttp()),
        url,
        payload,
        headers,
        timeoutMs,
        options.signal,
      );
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof AttemptTimeout) throw new AttemptError(error.message, { retryable: true });
      throw new AttemptError(networkReason(error), { retryable: true });
    }
  }
  if (!response.ok) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), (options.now ?? Date.now)());
    const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    const status = response.status;
    throw new AttemptError(
      `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`,
      {
        retryable: isRetryableStatus(status),
        status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...(status === 401 || status === 403
          ? { hint: 'Check the credentials (HF_TOKEN or OPENAI_API_KEY) and that they may use this model.' }
          : status === 404
            ? { hint: 'Check the base URL and the model name.' }
            : {}),
      },
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
}
