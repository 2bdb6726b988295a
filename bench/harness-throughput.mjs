#!/usr/bin/env node
// Throughput of a whole `readin run` (@readin/harness runModel: data loading, config + data hashes, shared request
// pool, prompt rendering, HTTP, response cache on disk, answer extraction, atomic prediction files, status.json)
// against a local OpenAI-compatible server that adds a fixed latency per request (default 50 ms), at
// concurrency 1, 8 and 32. Ideal rate = concurrency / latency. Target (issue 5): ≥ 80 % of ideal at 32.
// Also: harness overhead per request (a model that answers at once, so only the harness is measured; and the
// client's CPU time per HTTP request with a 0 ms server), and the rate of a resumed run (all from the cache).
// The server runs in a child process. Run `npx tsc -b` first.
// Usage: node bench/harness-throughput.mjs [--latency MS] [--json]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnLatencyServer } from './lib/latency-server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};

const latency = option('--latency', 50);
const json = args.includes('--json');
const { runModel } = await import('@readin/harness');
const { base, setLatency, close } = await spawnLatencyServer(latency);
const spec = `openai:${base}/v1#bench`;
const root = await mkdtemp(join(tmpdir(), 'readin-bench-harness-'));
let dataset = 0;

/** A fresh AFQMC-style task folder with `n` distinct examples (clean split only). */
const makeData = async (n) => {
  const dir = join(root, `data-${dataset++}`, 'afqmc');
  await mkdir(dir, { recursive: true });
  const lines = [];
  for (let i = 0; i < n; i++)
    lines.push(
      JSON.stringify({
        id: String(i),
        sentence1: `花呗怎么还款第${i}次${dataset}`,
        sentence2: `借呗如何还钱第${i}回`,
        label: String(i % 2),
      }),
    );
  await writeFile(join(dir, 'test_clean.json'), `${lines.join('\n')}\n`);
  return dir;
};

const results = { latencyMs: latency, runs: [] };
const retry = { attempts: 3, baseDelayMs: 50 };
for (const concurrency of [1, 8, 32]) {
  const n = concurrency === 1 ? 80 : concurrency * 100;
  const data = await makeData(n);
  const out = join(root, `run-${concurrency}`);
  const t0 = performance.now();
  const run = await runModel(spec, { data, out, concurrency, modelOptions: { retry, env: {} } });
  const wall = performance.now() - t0;
  if (run.totals.done !== n) throw new Error(`expected ${n} answers, got ${run.totals.done}`);
  const rate = n / (run.elapsedMs / 1000);
  const ideal = concurrency / (latency / 1000);
  const t1 = performance.now();
  const again = await runModel(spec, { data, out, concurrency, modelOptions: { retry, env: {} } });
  const resumeMs = performance.now() - t1;
  if (again.totals.cached !== n) throw new Error('the resumed run sent requests');
  results.runs.push({
    concurrency,
    requests: n,
    seconds: +(run.elapsedMs / 1000).toFixed(3),
    wallSeconds: +(wall / 1000).toFixed(3),
    perSecond: +rate.toFixed(1),
    ideal: +ideal.toFixed(1),
    ofIdeal: +(rate / ideal).toFixed(3),
    resumedPerSecond: +(n / (resumeMs / 1000)).toFixed(0),
  });
}

// Harness overhead: a model that answers at once (no HTTP) — pool, progress, bookkeeping, files.
const stubN = 20_000;
const stubData = await makeData(stubN);
const stub = {
  spec: 'stub',
  backend: 'baseline',
  id: 'stub',
  tasks: ['afqmc'],
  predict: async () => ({ prediction: '1', raw: '1', parsed: true, cached: false }),
  describe: () => ({
    spec: 'stub',
    backend: 'baseline',
    model: 'stub',
    settings: {},
    tasks: { afqmc: 'stub' },
    signature: 'stub',
  }),
};
let events = 0;
const s0 = performance.now();
const stubRun = await runModel(stub, {
  data: stubData,
  out: join(root, 'run-stub'),
  concurrency: 32,
  onProgress: () => events++,
});
const stubWall = performance.now() - s0;
results.harnessOnlyMicrosPerItem = +((stubRun.elapsedMs * 1000) / stubN).toFixed(1);
results.harnessOnlyWallMicrosPerItem = +((stubWall * 1000) / stubN).toFixed(1);

// Client CPU per HTTP request through the harness, server at 0 ms.
await setLatency(0);
const cpuN = 3000;
const cpuData = await makeData(cpuN);
const c0 = process.cpuUsage();
const w0 = performance.now();
await runModel(spec, {
  data: cpuData,
  out: join(root, 'run-cpu'),
  concurrency: 8,
  modelOptions: { retry, env: {} },
});
const cpu = process.cpuUsage(c0);
const w1 = performance.now() - w0;
results.clientCpuMicrosPerRequest = +((cpu.user + cpu.system) / cpuN).toFixed(1);
results.zeroLatencyPerSecond = +(cpuN / (w1 / 1000)).toFixed(0);

close();
await rm(root, { recursive: true, force: true });
if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  console.log(
    `readin run through @readin/harness against a local server with ${latency} ms latency per request`,
  );
  console.log('concurrency  requests  time (s)   req/s   ideal   of ideal   resumed (all cached) req/s');
  for (const r of results.runs)
    console.log(
      `${String(r.concurrency).padStart(11)}  ${String(r.requests).padStart(8)}  ${r.seconds.toFixed(2).padStart(8)}  ${r.perSecond.toFixed(1).padStart(6)}  ${r.ideal.toFixed(0).padStart(6)}  ${(r.ofIdeal * 100).toFixed(1).padStart(7)} %   ${String(r.resumedPerSecond).padStart(8)}`,
    );
  console.log(
    `harness overhead (model answers at once, ${stubN} items): ${results.harnessOnlyMicrosPerItem} µs/item`,
  );
  console.log(
    `client CPU per HTTP request through the harness (0 ms server): ${results.clientCpuMicrosPerRequest} µs (${results.zeroLatencyPerSecond} req/s)`,
  );
}
