// A fake model server for the tests of @readin/models, @readin/harness and the CLI: one local HTTP server that
// answers OpenAI-compatible and Hugging Face-style requests deterministically, with injected faults, and
// records what it received and answered.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault a request receives instead of a normal answer. */
export type Fault =
  /** 429 with `Retry-After: <server.retryAfter>`. */
  | '429'
  | '500'
  | '503'
  /** 401 (not retryable). */
  | '401'
  /** Never answers: the client must time out. */
  | 'stall'
  /** Headers and half a body, then nothing: the client must time out while reading. */
  | 'stall-body'
  /** 200 with a truncated JSON body. */
  | 'malformed'
  /** The connection is destroyed. */
  | 'reset'
  /** 500 whose body echoes the Authorization header (a careless server). */
  | 'echo-auth'
  /** 401 whose body echoes the Authorization header (not retryable). */
  | 'echo-auth-401';

export interface Received {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
  /** sha256 of the raw body: the same request sent twice (a retry, a re-run) has the same hash. */
  readonly hash: string;
  readonly fault: Fault | undefined;
}

export interface ModelServer {
  readonly url: string;
  /** Every request, in arrival order (faulted ones included). */
  readonly received: Received[];
  /** Successful (200) answers per body hash. */
  readonly answered: Map<string, number>;
  /** Requests received but not yet answered (or faulted), by hash. */
  readonly pending: Set<string>;
  /** Faults handed out one per request, in order, before `faultFor` is asked. */
  readonly faults: Fault[];
  /** A fault for the n-th request (1-based), or undefined for a normal answer. */
  faultFor: ((n: number, hash: string) => Fault | undefined) | undefined;
  /** `Retry-After` sent with 429 (default "0"; undefined sends none). Seconds or an HTTP date. */
  retryAfter: string | undefined;
  /** Latency added to every normal answer, ms. */
  latencyMs: number;
  /** Called after each successful answer is sent. */
  onAnswer: ((total: number) => void) | undefined;
  /** Successful answers in total. */
  readonly answerCount: number;
  close(): Promise<void>;
}

function lastUserText(body: Record<string, unknown>): string {
  if (typeof body.prompt === 'string') return body.prompt;
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: string }>) : [];
  return messages.at(-1)?.content ?? '';
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A deterministic chat reply that depends only on the prompt, in the style of each task's answers:
 * AFQMC "是" only when the prompt contains 一样; CSpider a fenced query; WMT a fixed translation; CMRC the
 * first two characters of the passage (文章：…), quoted; anything else `echo <hash>`.
 */
export function replyFor(prompt: string): string {
  if (prompt.includes('两个句子')) return prompt.includes('一样') ? '答案：是' : '否，两句话意思不同。';
  if (prompt.includes('SQL')) return 'Here is the query:\n```sql\nSELECT count(*)\nFROM singer;\n```';
  if (prompt.includes('英文')) return 'Translation: "Hello, world."';
  const passage = /文章：(.{2})/s.exec(prompt);
  if (passage) return `答案：“${passage[1]}”。`;
  return `echo ${digest(prompt).slice(0, 8)}`;
}

/** Hugging Face task answers (`InferenceClient` with `endpointUrl` posts task calls to the root URL). */
function hfAnswer(inputs: unknown): unknown {
  if (inputs && typeof inputs === 'object' && 'question' in inputs) {
    const { context } = inputs as unknown as { context: string };
    return { answer: context.slice(0, 2), score: 0.9, start: 0, end: 2 };
  }
  if (inputs && typeof inputs === 'object' && 'text_pair' in inputs) {
    // Same first two characters → LABEL_1.
    const { text, text_pair } = inputs as { text: string; text_pair: string };
    const same = text.slice(0, 2) === text_pair.slice(0, 2);
    return [
      [
        { label: same ? 'LABEL_1' : 'LABEL_0', score: 0.8 },
        { label: same ? 'LABEL_0' : 'LABEL_1', score: 0.2 },
      ],
    ];
  }
  return [{ translation_text: `EN(${String(inputs)})` }];
}

function answer(url: string, body: Record<string, unknown>): unknown {
  if (!url.includes('completions') && body.inputs !== undefined) return hfAnswer(body.inputs);
  const text = replyFor(lastUserText(body));
  if (url.endsWith('/completions') && !url.endsWith('/chat/completions'))
    return { id: 'c', object: 'text_completion', choices: [{ index: 0, text, finish_reason: 'stop' }] };
  return {
    id: 'c',
    object: 'chat.completion',
    created: 1,
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
  };
}

/**
 * An HTTP server on 127.0.0.1 (port 0) that answers OpenAI-compatible requests (`/v1/chat/completions`,
 * `/v1/completions`) and Hugging Face task calls (`{inputs}` posted to the root URL) deterministically, with
 * injected faults, counting what it received and answered.
 */
export async function startModelServer(): Promise<ModelServer> {
  const received: Received[] = [];
  const answered = new Map<string, number>();
  const pending = new Set<string>();
  const faults: Fault[] = [];
  const state = {
    faultFor: undefined as ModelServer['faultFor'],
    retryAfter: '0' as string | undefined,
    latencyMs: 0,
    onAnswer: undefined as ModelServer['onAnswer'],
    answers: 0,
  };
  const stalled = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // keep {}
    }
    const url = req.url ?? '/';
    const hash = digest(raw);
    const fault = faults.shift() ?? state.faultFor?.(received.length + 1, hash);
    received.push({ url, authorization: req.headers.authorization, body, hash, fault });
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'stall') {
      stalled.add(res);
      return;
    }
    if (fault === 'stall-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"choices": [');
      stalled.add(res);
      return;
    }
    res.setHeader('content-type', 'application/json');
    if (fault === '429') {
      res.statusCode = 429;
      if (state.retryAfter !== undefined) res.setHeader('retry-after', state.retryAfter);
      res.end(JSON.stringify({ error: 'rate limited' }));
      return;
    }
    if (fault === '500' || fault === '503' || fault === '401') {
      res.statusCode = Number(fault);
      res.end(JSON.stringify({ error: `injected ${fault}` }));
      return;
    }
    if (fault === 'echo-auth' || fault === 'echo-auth-401') {
      res.statusCode = fault === 'echo-auth' ? 500 : 401;
      res.end(JSON.stringify({ error: `bad request with authorization ${req.headers.authorization}` }));
      return;
    }
    if (fault === 'malformed') {
      res.end('{"choices": [ {"message": ');
      return;
    }
    pending.add(hash);
    const reply = JSON.stringify(answer(url, body));
    const send = () => {
      pending.delete(hash);
      if (res.destroyed) return;
      res.end(reply);
      answered.set(hash, (answered.get(hash) ?? 0) + 1);
      state.answers++;
      state.onAnswer?.(state.answers);
    };
    if (state.latencyMs > 0) setTimeout(send, state.latencyMs);
    else send();
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => handle(req, res, raw));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answered,
    pending,
    faults,
    get faultFor() {
      return state.faultFor;
    },
    set faultFor(f) {
      state.faultFor = f;
    },
    get retryAfter() {
      return state.retryAfter;
    },
    set retryAfter(v: string | undefined) {
      state.retryAfter = v;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    get onAnswer() {
      return state.onAnswer;
    },
    set onAnswer(f) {
      state.onAnswer = f;
    },
    get answerCount() {
      return state.answers;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
