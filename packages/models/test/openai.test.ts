import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AfqmcExample, CmrcExample, CspiderExample, WmtExample } from '@readin/core';
import { ModelError, UsageError } from '@readin/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, test } from 'vitest';
import { type ModelServer, startModelServer } from '../../../test/helpers/model-servers.js';
import {
  createModel,
  type Model,
  mapConcurrent,
  openAiBaseUrl,
  ResponseCache,
  type RetryOptions,
} from '../src/index.js';

const afqmc: AfqmcExample = {
  id: '0',
  sentence1: '花呗怎么还款',
  sentence2: '花呗还款方式一样吗',
  label: '1',
};
const cmrc: CmrcExample = {
  id: 'q1',
  context: '北京是中国的首都。',
  question: '中国的首都是哪里？',
  answers: [],
};
const cspider: CspiderExample = { id: '0', db_id: 'concert_singer', question: '有多少歌手？', query: '' };
const wmt: WmtExample = { id: '0', zh: '你好，世界。', en: '' };
const schema = {
  db_id: 'concert_singer',
  table_names: ['singer'],
  table_names_original: ['singer'],
  column_names: [
    [-1, '*'],
    [0, 'name'],
  ] as const,
  column_names_original: [
    [-1, '*'],
    [0, 'Name'],
  ] as const,
};

let server: ModelServer;
let delays: number[];
const retry = (extra: Partial<RetryOptions> = {}): RetryOptions => ({
  attempts: 4,
  sleep: async (ms) => {
    delays.push(ms);
  },
  random: () => 0.5,
  ...extra,
});

beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
  server.faults.length = 0;
  server.retryAfter = '0';
  delays = [];
});

async function model(extra: Parameters<typeof createModel>[1] = {}): Promise<Model> {
  return createModel(`openai:${server.url}#test-model`, {
    retry: retry(),
    env: {},
    timeoutMs: 2000,
    ...extra,
  });
}

describe('openai backend: answers', () => {
  test.each([
    ['afqmc', afqmc, '1'],
    ['cmrc2018', cmrc, '北京'],
    ['cspider', cspider, 'SELECT count(*) FROM singer'],
    ['wmt21', wmt, 'Hello, world.'],
  ] as const)('%s: prompt → reply → extracted prediction', async (task, example, expected) => {
    const m = await model();
    const response = await m.predict({ task, example, context: { schema } } as never);
    expect(response.prediction).toBe(expected);
    expect(response.parsed).toBe(true);
    expect(response.attempts).toBe(1);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.url).toBe('/v1/chat/completions');
    expect(server.received[0]!.body).toMatchObject({ model: 'test-model', temperature: 0, stream: false });
  });

  it('uses /v1/completions with a completion prompt when asked', async () => {
    const m = await model({ endpoint: 'completions', maxTokens: 7 });
    const response = await m.predict({ task: 'afqmc', example: afqmc });
    expect(response.prediction).toBe('1');
    expect(server.received[0]!.url).toBe('/v1/completions');
    expect(server.received[0]!.body.max_tokens).toBe(7);
    expect(typeof server.received[0]!.body.prompt).toBe('string');
  });

  it('sends the API key as a bearer token but never records it', async () => {
    const m = await model({ apiKey: 'sk-localsecretkey0001' });
    await m.predict({ task: 'afqmc', example: afqmc });
    expect(server.received[0]!.authorization).toBe('Bearer sk-localsecretkey0001');
    expect(JSON.stringify(m.describe())).not.toContain('localsecretkey');
  });

  test.each([
    ['http://h:1', 'http://h:1/v1'],
    ['http://h:1/', 'http://h:1/v1'],
    ['http://h:1/v1', 'http://h:1/v1'],
    ['https://h/api/v2/', 'https://h/api/v2'],
    ['http://h:1/prefix', 'http://h:1/prefix/v1'],
  ])('base URL %s → %s', (input, expected) => {
    expect(openAiBaseUrl(input)).toBe(expected);
  });

  it('rejects --mode native and bad numbers as usage errors', async () => {
    await expect(createModel(`openai:${server.url}#m`, { mode: 'native' })).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(createModel(`openai:${server.url}#m`, { temperature: -1 })).rejects.toThrow(/temperature/);
  });
});

describe('openai backend: faults', () => {
  it('retries a 429 and waits at least its Retry-After seconds', async () => {
    server.retryAfter = '3';
    server.faults.push('429');
    const m = await model();
    const response = await m.predict({ task: 'afqmc', example: afqmc });
    expect(response.prediction).toBe('1');
    expect(response.attempts).toBe(2);
    expect(server.received).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(3000);
  });

  it('honours an HTTP-date Retry-After', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    server.retryAfter = new Date(now + 7000).toUTCString();
    server.faults.push('429');
    const m = await model({ retry: retry({ now: () => now }) });
    await m.predict({ task: 'afqmc', example: afqmc });
    expect(delays[0]).toBe(7000);
  });

  it('backs off exponentially with full jitter on 500s', async () => {
    server.faults.push('500', '500', '500');
    const m = await model({ retry: retry({ baseDelayMs: 100, random: () => 0.999 }) });
    const response = await m.predict({ task: 'afqmc', example: afqmc });
    expect(response.attempts).toBe(4);
    expect(delays).toEqual([99, 199, 399]);
  });

  test.each([
    ['malformed JSON', 'malformed'],
    ['a connection reset', 'reset'],
    ['a stalled response (timeout)', 'stall'],
    ['a body that stalls half-way (timeout while reading)', 'stall-body'],
    ['a 503', '503'],
  ] as const)('recovers from %s', async (_name, fault) => {
    server.faults.push(fault);
    const m = await model({ timeoutMs: 300 });
    const response = await m.predict({ task: 'wmt21', example: wmt });
    expect(response.prediction).toBe('Hello, world.');
    expect(response.attempts).toBe(2);
    expect(server.received).toHaveLength(2);
  });

  it('gives up with a ModelError after N attempts, naming the last reason', async () => {
    for (let i = 0; i < 4; i++) server.faults.push('500');
    const m = await model();
    const error = await m.predict({ task: 'afqmc', example: afqmc }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/failed after 4 attempts: HTTP 500/);
    expect((error as ModelError).code).toBe('READIN_MODEL');
    expect(server.received).toHaveLength(4);
  });

  it('does not retry a 401', async () => {
    server.faults.push('401');
    const m = await model();
    const error = await m.predict({ task: 'afqmc', example: afqmc }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).hint).toMatch(/credentials/);
    expect(server.received).toHaveLength(1);
  });

  it('never puts the key in an error, even when the server echoes it', async () => {
    for (let i = 0; i < 4; i++) server.faults.push('echo-auth');
    const m = await model({ apiKey: 'sk-echoedsecret12345' });
    const error = (await m.predict({ task: 'afqmc', example: afqmc }).catch((e: unknown) => e)) as ModelError;
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain('[redacted]');
    for (const text of [error.message, error.format(), String(error.stack), JSON.stringify(error)])
      expect(text).not.toContain('echoedsecret');
  });

  it('stops at once when the caller aborts', async () => {
    server.faults.push('stall');
    const m = await model({ timeoutMs: 10_000 });
    const controller = new AbortController();
    const pending = m.predict({ task: 'afqmc', example: afqmc }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('interrupted')), 50);
    await expect(pending).rejects.toThrow('interrupted');
    expect(server.received).toHaveLength(1);
  });
});

describe('openai backend: cache and resume', () => {
  const examples: AfqmcExample[] = Array.from({ length: 40 }, (_, i) => ({
    id: String(i),
    sentence1: `句子${i}`,
    sentence2: i % 2 === 0 ? `一样${i}` : `不同${i}`,
    label: '0',
  }));

  it('answers a repeated request from the cache without sending it', async () => {
    const cache = await ResponseCache.open(await mkdtemp(join(tmpdir(), 'readin-models-')));
    const m = await model({ cache });
    const first = await m.predict({ task: 'afqmc', example: afqmc });
    const second = await m.predict({ task: 'afqmc', example: afqmc });
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, prediction: first.prediction, key: first.key });
    expect(server.received).toHaveLength(1);
    // A different temperature is a different request.
    await m.predict({ task: 'afqmc', example: afqmc, params: { temperature: 0.7 } });
    expect(server.received).toHaveLength(2);
    await cache.close();
  });

  it('after an interruption, a re-run sends only the requests that had not finished', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readin-models-'));
    server.latencyMs = 20;
    try {
      const cache1 = await ResponseCache.open(dir);
      const m1 = await model({ cache: cache1 });
      const controller = new AbortController();
      let done = 0;
      const run1 = mapConcurrent(
        examples,
        4,
        async (example) => {
          const r = await m1.predict({ task: 'afqmc', example }, { signal: controller.signal });
          if (++done === 10) controller.abort(new Error('Ctrl+C'));
          return r;
        },
        { signal: controller.signal },
      );
      await expect(run1).rejects.toThrow('Ctrl+C');
      await cache1.close();
      const firstRun = server.received.length;
      expect(firstRun).toBeGreaterThanOrEqual(10);
      expect(firstRun).toBeLessThan(examples.length);

      const cache2 = await ResponseCache.open(dir);
      expect(cache2.size).toBeGreaterThanOrEqual(10);
      const m2 = await model({ cache: cache2 });
      const results = await mapConcurrent(examples, 4, (example) => m2.predict({ task: 'afqmc', example }));
      await cache2.close();
      expect(results.map((r) => r.prediction)).toEqual(examples.map((_, i) => (i % 2 === 0 ? '1' : '0')));
      // Every distinct request reached the server; at most the in-flight ones (≤ 4) twice.
      const hashes = server.received.map((r) => r.hash);
      expect(new Set(hashes).size).toBe(examples.length);
      expect(hashes.length - new Set(hashes).size).toBeLessThanOrEqual(4);
      // A third run sends nothing.
      const before = server.received.length;
      const cache3 = await ResponseCache.open(dir);
      const m3 = await model({ cache: cache3 });
      const again = await mapConcurrent(examples, 8, (example) => m3.predict({ task: 'afqmc', example }));
      expect(again.every((r) => r.cached)).toBe(true);
      expect(server.received.length).toBe(before);
      await cache3.close();
      const files = await readdir(dir);
      const text = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('');
      expect(text).not.toMatch(/authorization|Bearer/i);
    } finally {
      server.latencyMs = 0;
    }
  });
});
