import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AfqmcExample, CmrcExample, CspiderExample, WmtExample } from '@readin/core';
import { ModelError, UsageError } from '@readin/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, test } from 'vitest';
import { type ModelServer, startModelServer } from '../../../test/helpers/model-servers.js';
import { createModel, mapClassifierLabel, ResponseCache, type RetryOptions } from '../src/index.js';

const TOKEN = 'hf_TestTokenDoNotLeak0123456789';
const same: AfqmcExample = { id: '0', sentence1: '花呗怎么还款', sentence2: '花呗怎么还款', label: '1' };
const differ: AfqmcExample = { id: '1', sentence1: '花呗怎么还款', sentence2: '借呗利息多少', label: '0' };
const cmrc: CmrcExample = {
  id: 'q1',
  context: '北京是中国的首都。',
  question: '中国的首都是哪里？',
  answers: [],
};
const wmt: WmtExample = { id: '0', zh: '你好，世界。\n', en: '' };
const cspider: CspiderExample = { id: '0', db_id: 'd', question: '有多少歌手？', query: '' };

let server: ModelServer;
let delays: number[];
const retry = (): RetryOptions => ({
  attempts: 3,
  sleep: async (ms) => {
    delays.push(ms);
  },
  random: () => 0,
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

const model = (extra: Parameters<typeof createModel>[1] = {}) =>
  createModel('hf:org/test-model', {
    endpointUrl: server.url,
    env: { HF_TOKEN: TOKEN },
    retry: retry(),
    timeoutMs: 2000,
    ...extra,
  });

describe('hf backend, native mode', () => {
  test.each([
    ['afqmc', same, '1', '/'],
    ['afqmc', differ, '0', '/'],
    ['cmrc2018', cmrc, '北京', '/'],
    ['wmt21', wmt, 'EN(你好，世界。)', '/'],
  ] as const)('%s → %s', async (task, example, expected, url) => {
    const m = await model({ mode: 'native' });
    const response = await m.predict({ task, example } as never);
    expect(response.prediction).toBe(expected);
    expect(server.received[0]!.url).toBe(url);
    // With endpointUrl, task calls go to the endpoint itself, which serves one model: no `model` field.
    expect(server.received[0]!.body).toHaveProperty('inputs');
    expect(server.received[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends sentence pairs as {text, text_pair}', async () => {
    const m = await model({ mode: 'native' });
    await m.predict({ task: 'afqmc', example: differ });
    expect(server.received[0]!.body.inputs).toEqual({ text: differ.sentence1, text_pair: differ.sentence2 });
  });

  it('has no native call for CSpider', async () => {
    const m = await model({ mode: 'native' });
    expect(m.tasks).not.toContain('cspider');
    await expect(m.predict({ task: 'cspider', example: cspider })).rejects.toBeInstanceOf(UsageError);
  });
});

test.each([
  ['LABEL_1', '1'],
  ['LABEL_0', '0'],
  ['1', '1'],
  ['0', '0'],
  ['相似', '1'],
  ['不相似', '0'],
  ['entailment', '1'],
  ['not_entailment', '0'],
  ['contradiction', '0'],
])('classifier label %s → %s', (label, expected) => {
  expect(mapClassifierLabel(label).value).toBe(expected);
});

describe('hf backend, chat mode', () => {
  it('sends chat completions to <endpoint>/v1/chat/completions', async () => {
    const m = await model({ maxTokens: 9 });
    const response = await m.predict({ task: 'afqmc', example: same });
    expect(response.prediction).toBe('0'); // "否，两句话意思不同。" from the fake server
    expect(server.received[0]!.url).toBe('/v1/chat/completions');
    expect(server.received[0]!.body).toMatchObject({
      model: 'org/test-model',
      max_tokens: 9,
      temperature: 0,
    });
  });

  it('retries 429 honouring Retry-After, then 500, then succeeds', async () => {
    server.retryAfter = '2';
    server.faults.push('429', '500');
    const m = await model();
    const response = await m.predict({ task: 'wmt21', example: wmt });
    expect(response.prediction).toBe('Hello, world.');
    expect(response.attempts).toBe(3);
    expect(delays[0]).toBeGreaterThanOrEqual(2000);
    expect(server.received).toHaveLength(3);
  });

  test.each([
    ['malformed JSON', 'malformed'],
    ['a connection reset', 'reset'],
    ['a stalled response', 'stall'],
    ['a body that stalls half-way', 'stall-body'],
    ['a 503 (the client would retry it forever on its own)', '503'],
  ] as const)('recovers from %s', async (_name, fault) => {
    server.faults.push(fault);
    const m = await model({ timeoutMs: 300 });
    const response = await m.predict({ task: 'cmrc2018', example: cmrc });
    expect(response.prediction).toBe('北京');
    expect(server.received).toHaveLength(2);
  });

  it('fails with a ModelError after N attempts and never shows the token', async () => {
    server.faults.push('echo-auth', 'echo-auth', 'echo-auth');
    const m = await model();
    const error = (await m.predict({ task: 'afqmc', example: same }).catch((e: unknown) => e)) as ModelError;
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toMatch(/failed after 3 attempts: HTTP 500/);
    expect(server.received).toHaveLength(3);
    for (const text of [error.message, error.format(), String(error.stack), JSON.stringify(error)])
      expect(text).not.toContain(TOKEN);
  });

  it('keeps the token out of signatures and cache files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readin-models-hf-'));
    const cache = await ResponseCache.open(dir);
    const m = await model({ cache });
    await m.predict({ task: 'afqmc', example: same });
    await m.predict({ task: 'cmrc2018', example: cmrc });
    await cache.close();
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(0);
    const text = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('');
    expect(text).not.toContain(TOKEN);
    expect(JSON.stringify(m.describe())).not.toContain(TOKEN);
  });

  it('needs HF_TOKEN when no endpoint is given', async () => {
    const error = await createModel('hf:org/m', { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/HF_TOKEN/);
  });
});
