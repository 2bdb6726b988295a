#!/usr/bin/env node
// Speed of the CSpider exact-set-match metric on the real CSpider dev set (1,034 queries) in ../shared, with the
// parity prediction set: a fresh metric each run (so gold parsing is included), tokenisation + parsing + rebuild
// + matching of every pair, then corpus(). Also: scoring with the gold cache warm (the noisy versions re-use the
// clean gold), corpus() alone (what bootstrap calls), and worst over 3 versions. Median of several runs after
// warm-up. Imports the BUILT package (run `npx tsc -b` first).
// Reference (official Python evaluation.py, measured by the project): 1.0 s on 1,034 queries.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createSpiderMetric } from '@readin/metrics';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
const goldFile = join(data, 'clean', 'cspider', 'dev_gold.sql');
const tablesFile = join(data, 'clean', 'cspider', 'tables.json');
const predFile = join(data, 'parity', 'cspider', 'preds-seed1.sql');
if (!existsSync(goldFile) || !existsSync(tablesFile) || !existsSync(predFile)) {
  console.log(`metrics-cspider: ${goldFile} not found; skipped.`);
  process.exit(0);
}
const lines = (f) =>
  readFileSync(f, 'utf8')
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim().length > 0);
const gold = lines(goldFile).map((l) => {
  const [query, db_id] = l.trim().split('\t');
  return { query, db_id };
});
const preds = lines(predFile);
const tables = JSON.parse(readFileSync(tablesFile, 'utf8'));
const RUNS = Number(process.env.RUNS ?? 15);

// Wall-clock and CPU time (user+system of this process: robust when the machine is shared) per run.
async function median(fn) {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: mid(wall), cpu: mid(cpu) };
}

let em = 0;
const cold = await median(async () => {
  const metric = await createSpiderMetric({ tables });
  const stats = gold.map((g, i) => metric.exampleStats(g, preds[i]));
  em = metric.corpus(stats).exact_match;
});
const warmMetric = await createSpiderMetric({ tables });
let stats = [];
const warm = await median(() => {
  stats = gold.map((g, i) => warmMetric.exampleStats(g, preds[i]));
});
const corpusOnly = await median(() => warmMetric.corpus(stats));
const versions = stats.map((s) => [s, s, s]);
const worst = await median(() => warmMetric.worst(versions));
const fmt = (t) => `${t.wall.toFixed(2)} ms wall, ${t.cpu.toFixed(2)} ms cpu`;
console.log(`metrics-cspider: ${gold.length} queries, exact_match ${em.toFixed(4)}, median of ${RUNS} runs`);
console.log(
  `  exact match incl. schema + gold parsing (fresh metric): ${fmt(cold)}  (official evaluation.py ~1000 ms)`,
);
console.log(`  exact match, gold cache warm:                           ${fmt(warm)}`);
console.log(`  corpus() on cached stats:                               ${fmt(corpusOnly)}`);
console.log(`  worst over 3 versions:                                  ${fmt(worst)}`);
