#!/usr/bin/env node
// Speed of the CMRC2018 v6 scorer on the real dev set (3,219 questions) with the parity predictions.
// Target: ≤ 100 ms per full scoring after warm-up (official Python scorer: ~1.4 s). Run `npx tsc -b` first.
// Usage: node bench/metrics-cmrc2018.mjs [--runs N] [--json]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cmrcEvaluate, createCmrcMetric } from '@readin/metrics';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const datasetFile = join(root, '..', 'shared', 'data', 'clean', 'cmrc2018', 'cmrc2018_dev.json');
const predictionFile = join(root, '..', 'shared', 'data', 'parity', 'cmrc2018', 'preds-seed1.json');
if (!existsSync(datasetFile) || !existsSync(predictionFile)) {
  console.log('bench cmrc2018: skipped (../shared/data not found)');
  process.exit(0);
}
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = (runsAt >= 0 && Number(args[runsAt + 1])) || 15;

const dataset = JSON.parse(readFileSync(datasetFile, 'utf8'));
const predictions = JSON.parse(readFileSync(predictionFile, 'utf8'));
const questions = [];
for (const doc of dataset.data)
  for (const para of doc.paragraphs)
    for (const qa of para.qas) questions.push({ id: qa.id, gold: qa.answers.map((a) => a.text) });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
// Wall time is at the mercy of other processes on a shared machine; CPU time of this process is reported too.
const cpu = {};
const time = (fn, name) => {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const ms = [];
  const cpuMs = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  cpu[name] = median(cpuMs);
  return median(ms);
};

// Cold gold: a fresh metric each run, so every answer and prediction is normalised and tokenised again.
const cold = time(() => {
  const metric = createCmrcMetric();
  return metric.corpus(questions.map((q) => metric.exampleStats(q.gold, predictions[q.id])));
}, 'cold');
// Warm gold: one metric reused (gold answers segmented once, as when scoring 7 splits against one gold set).
const shared = createCmrcMetric();
const warm = time(
  () => shared.corpus(questions.map((q) => shared.exampleStats(q.gold, predictions[q.id]))),
  'warm_gold',
);
// The official evaluate() end to end on the parsed JSON.
const evaluate = time(() => cmrcEvaluate(dataset, predictions), 'evaluate');
const stats = questions.map((q) => shared.exampleStats(q.gold, predictions[q.id]));
const corpus = time(() => shared.corpus(stats), 'corpus_only');

const result = {
  questions: questions.length,
  runs,
  median_ms: { cold, warm_gold: warm, evaluate, corpus_only: corpus },
  median_cpu_ms: cpu,
  target_ms: 100,
};
if (args.includes('--json')) console.log(JSON.stringify(result));
else
  console.log(
    `bench cmrc2018 (${questions.length} questions, median of ${runs}): cold ${cold.toFixed(1)} ms, ` +
      `warm gold ${warm.toFixed(1)} ms, evaluate() ${evaluate.toFixed(1)} ms, corpus() ${corpus.toFixed(3)} ms; ` +
      `CPU: cold ${cpu.cold.toFixed(1)} ms, warm gold ${cpu.warm_gold.toFixed(1)} ms, evaluate() ${cpu.evaluate.toFixed(1)} ms ` +
      `(target ≤ 100 ms; official Python ≈ 1400 ms)`,
  );
