import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelError } from '@readin/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ModelServer, startModelServer } from '../../../test/helpers/model-servers.js';
import { type RunOptions, runModel } from '../src/index.js';
import {
  afqmcTree,
  cmrcTree,
  readAllFiles,
  readJsonlFile,
  tempDir,
  wmtTree,
  writeTree,
} from './helpers/fixtures.js';

let server: ModelServer;
beforeEach(async () => {
  server = await startModelServer();
});
afterEach(async () => {
  await server.close();
});

/** Fast retries: 1 ms backoff, a recorded sleep, short timeouts. */
function fast(extra: Partial<RunOptions> = {}, sleeps: number[] = []): RunOptions {
  return {
    ...extra,
    modelOptions: {
      timeoutMs: 400,
      env: {},
      ...extra.modelOptions,
      retry: {
        attempts: 4,
        baseDelayMs: 1,
        maxDelayMs: 2,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        ...extra.modelOptions?.retry,
      },
    },
  };
}

async function dataDir(n: number): Promise<string> {
  const root = await tempDir();
  await writeTree(join(root, 'data'), { ...afqmcTree(n), ...wmtTree(n) });
  return root;
}

/** Distinct requests the server answered more than once. */
function duplicates(s: ModelServer): number {
  return [...s.answered.values()].filter((n) => n > 1).length;
}

describe('runModel against an OpenAI-compatible server', () => {
  it('survives 429 + Retry-After, 500, malformed JSON, resets and stalls, and sends each request once', async () => {
    const root = await dataDir(10);
    const out = join(root, 'run');
    const spec = `openai:${server.url}/v1#test-model`;
    server.faults.push('429', '500', 'malformed', 'reset', 'stall', '503');
    const sleeps: number[] = [];
    server.retryAfter = '2';
    const run = await runModel(spec, fast({ data: join(root, 'data'), out, concurrency: 4 }, sleeps));
    expect(run.totals).toMatchObject({ total: 60, done: 60, errors: 0 });
    expect(sleeps).toContain(2000); // Retry-After: 2 honoured
    // Clean and noisy splits share many inputs: one request per distinct input, each answered once.
    expect(duplicates(server)).toBe(0);
    const distinct = server.answered.size;
    expect(distinct).toBeLessThan(60);
    expect(server.received.length).toBe(distinct + 6);
    for (const task of ['afqmc', 'wmt21'])
      for (const split of ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_asr_1']) {
        const lines = await readJsonlFile(join(out, 'predictions', task, `${split}.jsonl`));
        expect(lines).toHaveLength(10);
      }

    // Re-running the same command sends nothing and writes the same predictions.
    const before = await readAllFiles(join(out, 'predictions'));
    const again = await runModel(spec, fast({ data: join(root, 'data'), out, concurrency: 4 }));
    expect(server.received.length).toBe(distinct + 6);
    expect(again.totals.cached).toBe(60);
    expect(await readAllFiles(join(out, 'predictions'))).toEqual(before);
  });

  it('sends --max-tokens and --temperature, records them, and keeps other settings out of the folder', async () => {
    const root = await dataDir(3);
    const out = join(root, 'run');
    const spec = `openai:${server.url}/v1#m`;
    const options = fast({ data: join(root, 'data'), task: 'wmt21', out, maxTokens: 7, temperature: 0.3 });
    await runModel(spec, options);
    expect(new Set(server.received.map((r) => `${r.body.max_tokens}/${r.body.temperature}`))).toEqual(
      new Set(['7/0.3']),
    );
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.params).toMatchObject({ max_tokens: 7, temperature: 0.3 });
    expect(config.model.signature).toMatch(/max_tokens:7\|.*temperature:0\.3/);
    await expect(runModel(spec, { ...options, temperature: 0.7 })).rejects.toThrow(
      /another model or setting/,
    );
  });

  it('stops after N consecutive failures keeping what finished, and a re-run completes it', async () => {
    const root = await dataDir(12);
    const out = join(root, 'run');
    const spec = `openai:${server.url}/v1#m`;
    let healthy = false;
    server.faultFor = (n) => (!healthy && n > 5 ? '500' : undefined);
    const options = fast({ data: join(root, 'data'), task: 'afqmc', out, concurrency: 1, maxFailures: 3 });
    const error = await runModel(spec, options).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toMatch(/3 consecutive failed requests/);
    expect(error.hint).toMatch(/re-run the same command/);
    const status = JSON.parse(await readFile(join(out, 'status.json'), 'utf8'));
    expect(status.state).toBe('stopped');
    const kept = await readJsonlFile(join(out, 'predictions', 'afqmc', 'test_clean.jsonl'));
    expect(kept.map((l) => l.id)).toEqual(['0', '1', '2', '3', '4']);
    const answeredBefore = server.answerCount;
    expect(answeredBefore).toBe(5);

    healthy = true;
    const run = await runModel(spec, options);
    expect(run.totals.errors).toBe(0);
    expect(run.totals.cached).toBeGreaterThanOrEqual(5);
    expect(duplicates(server)).toBe(0);
    const lines = await readJsonlFile(join(out, 'predictions', 'afqmc', 'test_clean.jsonl'));
    expect(lines).toHaveLength(12);
  });

  it('isolated failures are counted, the rest written, and the run ends with a ModelError', async () => {
    const root = await dataDir(6);
    const out = join(root, 'run');
    const spec = `openai:${server.url}/v1#m`;
    const bad = new Set<string>();
    server.faultFor = (_n, hash) => {
      if (bad.size === 0) bad.add(hash);
      return bad.has(hash) ? '500' : undefined;
    };
    const error = await runModel(
      spec,
      fast({ data: join(root, 'data'), task: 'afqmc', out, concurrency: 1 }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toMatch(/requests failed/);
    const status = JSON.parse(await readFile(join(out, 'status.json'), 'utf8'));
    expect(status.state).toBe('incomplete');
    const clean = await readJsonlFile(join(out, 'predictions', 'afqmc', 'test_clean.jsonl'));
    expect(clean).toHaveLength(5);
  });

  it('Ctrl+C (abort) keeps finished requests; the re-run does not send them again', async () => {
    const root = await dataDir(20);
    const out = join(root, 'run');
    const spec = `openai:${server.url}/v1#m`;
    server.latencyMs = 5;
    const controller = new AbortController();
    server.onAnswer = (n) => {
      if (n === 8) controller.abort(new Error('SIGINT'));
    };
    const error = await runModel(
      spec,
      fast({ data: join(root, 'data'), task: 'wmt21', out, concurrency: 2, signal: controller.signal }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toMatch(/interrupted/);
    const status = JSON.parse(await readFile(join(out, 'status.json'), 'utf8'));
    expect(status.state).toBe('interrupted');
    server.onAnswer = undefined;
    const run = await runModel(spec, fast({ data: join(root, 'data'), task: 'wmt21', out, concurrency: 2 }));
    expect(run.totals.done).toBe(60);
    // Every request answered before the abort came from the cache: at most the 2 in flight were sent again.
    expect(duplicates(server)).toBeLessThanOrEqual(2);
    expect(run.totals.cached).toBeGreaterThanOrEqual(8);
  });
});

describe('runModel against a Hugging Face-style endpoint (task-native calls)', () => {
  it('classifies, answers and translates through faults, each request answered once', async () => {
    const root = await tempDir();
    await writeTree(join(root, 'data'), { ...afqmcTree(6), ...cmrcTree(6), ...wmtTree(6) });
    const out = join(root, 'run');
    server.retryAfter = '1';
    server.faults.push('429', '500', 'malformed', 'reset', '503');
    const sleeps: number[] = [];
    const options = fast(
      {
        data: join(root, 'data'),
        out,
        concurrency: 3,
        modelOptions: { mode: 'native', endpointUrl: server.url, env: { HF_TOKEN: 'hf_NotARealToken12345' } },
      },
      sleeps,
    );
    const run = await runModel('hf:org/native-model', options);
    expect(run.tasks.map((t) => t.task)).toEqual(['afqmc', 'cmrc2018', 'wmt21']);
    expect(run.totals.errors).toBe(0);
    expect(sleeps).toContain(1000);
    expect(duplicates(server)).toBe(0);
    expect(server.received.length).toBe(server.answered.size + 5);
    const afqmc = await readJsonlFile(join(out, 'predictions', 'afqmc', 'test_clean.jsonl'));
    expect(afqmc.map((l) => l.prediction)).toEqual(['0', '1', '0', '1', '0', '1']);
    const cmrc = await readJsonlFile(join(out, 'predictions', 'cmrc2018', 'test_clean.jsonl'));
    expect(cmrc[0]).toEqual({ id: 'c0', prediction: '第0' });
    const wmt = await readJsonlFile(join(out, 'predictions', 'wmt21', 'test_noisy_asr_1.jsonl'));
    expect(wmt[0]?.prediction).toBe('EN(我门花呗第0次怎么。)');
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.model.tasks).toEqual({
      afqmc: 'native:afqmc',
      cmrc2018: 'native:cmrc2018',
      wmt21: 'native:wmt21',
    });
  });
});

describe('k-shot prompting', () => {
  it('draws demonstrations from --train, sends them, and records the training file', async () => {
    const root = await dataDir(4);
    await writeTree(join(root, 'train'), afqmcTree(12, []));
    const out = join(root, 'run');
    const options = fast({
      data: join(root, 'data'),
      task: 'afqmc',
      out,
      shots: 2,
      train: join(root, 'train'),
      seed: 7,
    });
    const run = await runModel(`openai:${server.url}/v1#m`, options);
    expect(run.totals.errors).toBe(0);
    const sizes = server.received.map((r) => (r.body.messages as unknown[]).length);
    expect(new Set(sizes)).toEqual(new Set([6])); // system, 2 × (demonstration, answer), question
    const first = server.received[0]!.body.messages as Array<{ role: string; content: string }>;
    expect(first.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(first[1]!.content).toMatch(/第\d+条/);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.params.shots).toBe(2);
    expect(config.model.tasks.afqmc).toMatch(/shots:2/);
    expect(config.tasks.afqmc.data.train.file).toBe(join(root, 'train', 'afqmc', 'test_clean.json'));
    // A zero-shot run of the same model is another prompt: it may not resume into this folder.
    await expect(runModel(`openai:${server.url}/v1#m`, { ...options, shots: 0 })).rejects.toThrow(/another/);
  });
});

describe('secrets', () => {
  const TOKEN = 'hf_TopSecretToken0123456789';

  it('the HF token never reaches the run folder, the cache or error messages', async () => {
    const root = await dataDir(5);
    const out = join(root, 'run');
    server.faults.push('echo-auth', 'echo-auth');
    const options = fast({
      data: join(root, 'data'),
      task: 'afqmc',
      out,
      command: ['readin', 'run', '--model', 'hf:org/model', '--note', TOKEN],
      modelOptions: { mode: 'native', endpointUrl: server.url, env: { HF_TOKEN: TOKEN } },
    });
    const run = await runModel('hf:org/model', options);
    expect(run.totals.errors).toBe(0);
    expect(server.received.some((r) => r.authorization?.includes(TOKEN))).toBe(true);
    const files = await readAllFiles(out);
    expect([...files.keys()].some((f) => f.includes('cache'))).toBe(true);
    for (const [file, text] of files) expect(text.includes(TOKEN), file).toBe(false);

    server.faultFor = () => 'echo-auth-401';
    const out2 = join(root, 'run2');
    const error = await runModel('hf:org/model', {
      ...options,
      out: out2,
      task: 'wmt21',
      maxFailures: 1,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.format()).not.toContain(TOKEN);
    expect(String(error.cause?.message ?? '')).not.toContain(TOKEN);
    for (const [file, text] of await readAllFiles(out2)) expect(text.includes(TOKEN), file).toBe(false);
  });
});
