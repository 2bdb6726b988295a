#!/usr/bin/env node
// Throughput of @readin/models against a local OpenAI-compatible server that adds a fixed latency per request
// (default 50 ms), at concurrency 1, 8 and 32, through the full path: prompt rendering, HTTP, response cache
// (append-only JSONL on disk), answer extraction. Ideal rate = concurrency / latency. Also reports the client's
// own cost per request (CPU time of this process, server runs in a child process) at 0 ms latency.
// Target (issue 5): at concurrency 32, ≥ 80 % of the ideal rate. Run `npx tsc -b` first.
// Usage: node bench/models-throughput.mjs [--latency MS] [--json]
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnLatencyServer } from './lib/latency-server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};

const latency = option('--latency', 50);
const { createModel, mapConcurrent, ResponseCache } = await import('@readin/models');
const { base, setLatency, close } = await spawnLatencyServer(latency);
let serial = 0;
const examples = (n) =>
  Array.from({ length: n }, () => {
    const i = serial++;
    return { id: String(i), sentence1: `花呗怎么还款${i}`, sentence2: `借呗如何还${i}`, label: '0' };
  });

const measure = async (concurrency, n) => {
  const dir = await mkdtemp(join(tmpdir(), 'readin-bench-models-'));
  const cache = await ResponseCache.open(dir);
  const model = await createModel(`openai:${base}#bench`, { cache, env: {} });
  const items = examples(n);
  // warm-up: open connections
  await mapConcurrent(examples(concurrency), concurrency, (example) =>
    model.predict({ task: 'afqmc', example }),
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await mapConcurrent(items, concurrency, (example) => model.predict({ task: 'afqmc', example }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await cache.close();
  await rm(dir, { recursive: true, force: true });
  return {
    concurrency,
    requests: n,
    seconds,
    rate: n / seconds,
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / n,
  };
};

const rows = [];
await setLatency(latency);
for (const concurrency of [1, 8, 32]) {
  const r = await measure(concurrency, Math.max(40, concurrency * 40));
  const ideal = concurrency / (latency / 1000);
  rows.push({ ...r, latencyMs: latency, ideal, efficiency: r.rate / ideal });
}
await setLatency(0);
const overhead = await measure(1, 400);
close();

if (args.includes('--json')) {
  console.log(JSON.stringify({ rows, overhead, cpus: cpus().length, loadavg: loadavg() }, null, 2));
} else {
  console.log(
    `bench models: OpenAI-compatible server with ${latency} ms latency, full predict path + disk cache`,
  );
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log('concurrency  requests  req/s    ideal   efficiency  client CPU ms/req');
  for (const r of rows)
    console.log(
      `${String(r.concurrency).padStart(11)}  ${String(r.requests).padStart(8)}  ${r.rate.toFixed(1).padStart(6)}  ${r.ideal.toFixed(0).padStart(6)}  ${(100 * r.efficiency).toFixed(1).padStart(9)} %  ${r.cpuMsPerRequest.toFixed(3).padStart(8)}`,
    );
  console.log(
    `overhead at 0 ms latency, concurrency 1: ${((1000 * overhead.seconds) / overhead.requests).toFixed(3)} ms wall/request (client + server + loopback), ${overhead.cpuMsPerRequest.toFixed(3)} ms client CPU/request`,
  );
  const best = Math.min(...rows.map((r) => r.cpuMsPerRequest), overhead.cpuMsPerRequest);
  console.log(`client CPU ceiling: ~${Math.round(1000 / best)} requests/s per core`);
}
