#!/usr/bin/env node
// Speed of the WMT21 metrics on the real newstest2021 zh-en test set (1,948 sentences) in ../shared: corpus BLEU
// and corpus chrF including tokenisation, BLEU/chrF from cached per-example statistics (what bootstrap does),
// and the worst case over 3 versions. Median of several runs after warm-up. Imports the BUILT package.
// Reference (official Python sacreBLEU, measured by the project): BLEU 0.27 s, chrF 0.6 s.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { corpusBleu, corpusChrf, createWmtMetric } from '@readin/metrics';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
const refFile = join(data, 'clean', 'wmt21', 'newstest2021.zh-en.ref.A.en');
const hypDir = join(data, 'parity', 'wmt21');
if (!existsSync(refFile) || !existsSync(hypDir)) {
  console.log(`metrics-wmt21: ${refFile} not found; skipped.`);
  process.exit(0);
}
const lines = (f) => readFileSync(f, 'utf8').replace(/\n$/, '').split('\n');
const refs = lines(refFile);
const systems = readdirSync(hypDir)
  .filter((f) => f.includes('.hyp.'))
  .sort()
  .map((f) => lines(join(hypDir, f)));
const hyps = systems[0];
const RUNS = Number(process.env.RUNS ?? 15);

// Wall time and this process's CPU time (user + system), which is less disturbed by other processes on a busy
// machine; each the median of RUNS runs after warm-up.
function median(fn) {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [mid(wall), mid(cpu)];
}

const metric = createWmtMetric();
const stats = systems.map((sys) => sys.map((h, i) => metric.exampleStats(refs[i], h)));
const versions = refs.map((_, i) => stats.map((s) => s[i]));
const rows = [
  ['corpusBleu (tokenise + count + score)', median(() => corpusBleu(hyps, [refs]))],
  ['corpusChrf (n-grams + score)', median(() => corpusChrf(hyps, [refs]))],
  [
    'metric.exampleStats ×1948 (BLEU+chrF, refs cached)',
    median(() => hyps.map((h, i) => metric.exampleStats(refs[i], h))),
  ],
  ['metric.corpus (from stats, one bootstrap resample)', median(() => metric.corpus(stats[0]))],
  ['metric.worst over 3 versions', median(() => metric.worst(versions))],
];
console.log(`metrics-wmt21: ${refs.length} sentences, median of ${RUNS} runs (ms)        wall      cpu`);
for (const [name, [wall, cpu]] of rows) {
  console.log(`  ${name.padEnd(52)} ${wall.toFixed(2).padStart(8)} ${cpu.toFixed(2).padStart(8)}`);
}
