import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the next request receives instead of a normal answer. */
export type Fault =
  | { kind: '429'; retryAfter?: string }
  | { kind: '500' }
  | { kind: '503' }
  | { kind: '401' }
  | { kind: 'stall' }
  | { kind: 'stall-body' }
  | { kind: 'malformed' }
  | { kind: 'reset' }
  | { kind: 'echo-auth' };

export interface Received {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
  /** sha256 of the body: the same request sent twice has the same hash. */
  readonly hash: string;
}

export interface TestServer {
  readonly url: string;
  readonly received: Received[];
  /** Faults consumed one per request, in order. */
  readonly faults: Fault[];
  /** Extra latency per answered request, in ms. */
  latencyMs: number;
  close(): Promise<void>;
}

type Answer = (url: string, body: Record<string, unknown>) => unknown;

function lastUserText(body: Record<string, unknown>): string {
  if (typeof body.prompt === 'string') return body.prompt;
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: string }>) : [];
  return messages.at(-1)?.content ?? '';
}

/** A deterministic reply for a prompt: the answer depends only on the request. */
export function deterministicReply(prompt: string): string {
  if (prompt.includes('两个句子')) return prompt.includes('一样') ? '答案：是' : '否，两句话意思不同。';
  if (prompt.includes('SQL')) return 'Here is the query:\n```sql\nSELECT count(*)\nFROM singer;\n```';
  if (prompt.includes('英文')) return 'Translation: "Hello, world."';
  if (prompt.includes('问题')) return '答案：“北京”。';
  return `echo ${createHash('sha256').update(prompt).digest('hex').slice(0, 8)}`;
}

const openAiAnswer: Answer = (url, body) => {
  const text = deterministicReply(lastUserText(body));
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
};

/** What `InferenceClient` with `endpointUrl` expects: chat at /v1/chat/completions, tasks at the root URL. */
const hfAnswer: Answer = (url, body) => {
  if (url.endsWith('/chat/completions')) return openAiAnswer(url, body);
  const inputs = body.inputs as unknown;
  if (inputs && typeof inputs === 'object' && 'question' in inputs) {
    const { context } = inputs as unknown as { context: string };
    return { answer: context.slice(0, 2), score: 0.9, start: 0, end: 2 };
  }
  if (inputs && typeof inputs === 'object' && 'text_pair' in inputs) {
    const { text, text_pair } = inputs as { text: string; text_pair: string };
    const same = text === text_pair;
    return [
      [
        { label: same ? 'LABEL_1' : 'LABEL_0', score: 0.8 },
        { label: same ? 'LABEL_0' : 'LABEL_1', score: 0.2 },
      ],
    ];
  }
  return [{ translation_text: `EN(${String(inputs)})` }];
};

async function start(answer: Answer): Promise<TestServer> {
  const received: Received[] = [];
  const faults: Fault[] = [];
  const state = { latencyMs: 0 };
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // keep {}
    }
    const url = req.url ?? '/';
    received.push({
      url,
      authorization: req.headers.authorization,
      body,
      hash: createHash('sha256').update(raw).digest('hex'),
    });
    const fault = faults.shift();
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'stall') return; // never answers; the client must time out
    if (fault?.kind === 'stall-body') {
      // Headers and half a body, then nothing: the client must time out while reading.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"choices": [');
      return;
    }
    res.setHeader('content-type', 'application/json');
    if (fault?.kind === '429') {
      res.statusCode = 429;
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
      res.end(JSON.stringify({ error: 'rate limited' }));
      return;
    }
    if (fault?.kind === '500' || fault?.kind === '503' || fault?.kind === '401') {
      res.statusCode = Number(fault.kind);
      res.end(JSON.stringify({ error: `injected ${fault.kind}` }));
      return;
    }
    if (fault?.kind === 'echo-auth') {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: `bad request with authorization ${req.headers.authorization}` }));
      return;
    }
    if (fault?.kind === 'malformed') {
      res.end('{"choices": [ {"message": ');
      return;
    }
    const reply = JSON.stringify(answer(url, body));
    if (state.latencyMs > 0) setTimeout(() => res.end(reply), state.latencyMs);
    else res.end(reply);
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
    faults,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An OpenAI-compatible server on 127.0.0.1 (`/v1/chat/completions`, `/v1/completions`). */
export function startOpenAiServer(): Promise<TestServer> {
  return start(openAiAnswer);
}

/** A Hugging Face-style endpoint on 127.0.0.1, as `InferenceClient({endpointUrl})` calls it. */
export function startHfServer(): Promise<TestServer> {
  return start(hfAnswer);
}
