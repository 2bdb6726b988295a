#!/usr/bin/env node
// Per-question parity of @readin/metrics' CMRC2018 scorer with the official v6 scorer's output
// (../shared/data/parity/cmrc2018/expected-seed1.json). Run `npx tsc -b` first: this imports the built package.
// Usage: node scripts/parity/cmrc2018.mjs [--verbose]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cmrcEvaluate, mixedSegmentation } from '@readin/metrics';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = join(root, '..', 'shared', 'data');
const datasetFile = join(shared, 'clean', 'cmrc2018', 'cmrc2018_dev.json');
const dir = join(shared, 'parity', 'cmrc2018');
const verbose = process.argv.includes('--verbose');

if (!existsSync(datasetFile) || !existsSync(dir)) {
  console.log(`cmrc2018 parity: skipped (${existsSync(datasetFile) ? dir : datasetFile} not found)`);
  process.exit(0);
}

const TOL = 1e-9;
const dataset = JSON.parse(readFileSync(datasetFile, 'utf8'));
const answersById = new Map();
for (const doc of dataset.data) {
  for (const para of doc.paragraphs)
    for (const qa of para.qas)
      answersById.set(
        qa.id,
        qa.answers.map((a) => a.text),
      );
}

const runs = readdirSafe(dir)
  .filter((f) => /^expected-.+\.json$/.test(f))
  .map((f) => f.replace(/^expected-/, ''));
let failed = 0;
for (const suffix of runs) {
  const predictionFile = join(dir, `preds-${suffix}`);
  if (!existsSync(predictionFile)) continue;
  const expected = JSON.parse(readFileSync(join(dir, `expected-${suffix}`), 'utf8'));
  const predictions = JSON.parse(readFileSync(predictionFile, 'utf8'));
  const got = cmrcEvaluate(dataset, predictions, { datasetFile, predictionFile });
  const mismatches = [];
  const expectedIds = Object.keys(expected.per_question_em_f1);
  for (const id of expectedIds) {
    const [em, f1] = expected.per_question_em_f1[id];
    const mine = got.perQuestion.get(id);
    if (!mine || mine[0] !== em || Math.abs(mine[1] - f1) > TOL)
      mismatches.push({ id, expected: [em, f1], got: mine });
  }
  for (const id of got.perQuestion.keys()) {
    if (!(id in expected.per_question_em_f1))
      mismatches.push({ id, expected: undefined, got: got.perQuestion.get(id) });
  }
  const totals = [
    ['EM', got.EM, expected.EM],
    ['F1', got.F1, expected.F1],
    ['TOTAL', got.TOTAL, expected.TOTAL],
    ['SKIP', got.SKIP, expected.SKIP],
  ].filter(([, a, b]) => b !== undefined && Math.abs(a - b) > TOL);
  const ok = mismatches.length === 0 && totals.length === 0;
  if (!ok) failed++;
  console.log(
    `cmrc2018 parity ${suffix}: ${ok ? 'OK' : 'MISMATCH'} — ${expectedIds.length - mismatches.length}/${expectedIds.length} questions agree; ` +
      `EM ${got.EM.toFixed(6)} (official ${expected.EM}), F1 ${got.F1.toFixed(6)} (official ${expected.F1}), ` +
      `TOTAL ${got.TOTAL}, SKIP ${got.SKIP}`,
  );
  for (const [name, a, b] of totals) console.log(`  ${name}: got ${a}, official ${b}`);
  for (const m of mismatches.slice(0, verbose ? Infinity : 10)) {
    const pred = predictions[m.id];
    console.log(`  ${m.id}: official ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`);
    if (verbose) {
      console.log(
        `    prediction ${JSON.stringify(pred)} → ${JSON.stringify(mixedSegmentation(String(pred), { removePunctuation: true }))}`,
      );
      for (const a of answersById.get(m.id) ?? [])
        console.log(
          `    answer ${JSON.stringify(a)} → ${JSON.stringify(mixedSegmentation(a, { removePunctuation: true }))}`,
        );
    }
  }
}
if (runs.length === 0) console.log('cmrc2018 parity: no expected-*.json files found');
process.exit(failed === 0 ? 0 : 1);

function readdirSafe(path) {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}
