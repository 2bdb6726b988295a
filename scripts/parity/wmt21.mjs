#!/usr/bin/env node
// WMT21 parity: sacreBLEU 2.6 corpus BLEU (13a), its signature, corpus chrF, mean sentence BLEU
// (use_effective_order=False) and the per-sentence BLEUs recorded in ../shared/data/parity/wmt21, for every system
// there. Imports the BUILT package (run `npx tsc -b` first). Exits 1 on any difference above 1e-9.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusBleu, corpusChrf, createWmtMetric } from '@readin/metrics';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', '..', 'shared', 'data');
const dir = join(data, 'parity', 'wmt21');
const refFile = join(data, 'clean', 'wmt21', 'newstest2021.zh-en.ref.A.en');
if (!existsSync(join(dir, 'expected-sacrebleu.json')) || !existsSync(refFile)) {
  console.log(`wmt21 parity: ${dir} not found; skipped (the vectors live outside the repo).`);
  process.exit(0);
}

// sacreBLEU reads files line by line and strips the newline only.
const lines = (file) => {
  const text = readFileSync(file, 'utf8');
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
};
const TOL = 1e-9;
const refs = lines(refFile);
const expected = JSON.parse(readFileSync(join(dir, 'expected-sacrebleu.json'), 'utf8'));
const metric = createWmtMetric();
let failures = 0;
let compared = 0;
const check = (what, got, want) => {
  compared++;
  const ok = typeof want === 'string' ? got === want : Math.abs(got - want) <= TOL;
  if (!ok) {
    failures++;
    if (failures <= 20) console.log(`MISMATCH ${what}: got ${got}, expected ${want}`);
  }
};

const systems = Object.keys(expected).sort();
for (const name of systems) {
  const want = expected[name];
  const hyps = lines(join(dir, name));
  if (hyps.length !== refs.length) {
    console.log(`MISMATCH ${name}: ${hyps.length} lines vs ${refs.length} references`);
    failures++;
    continue;
  }
  const bleu = corpusBleu(hyps, [refs]);
  check(`${name} bleu`, bleu.score, want.bleu);
  check(`${name} bleu_signature`, bleu.signature, want.bleu_signature);
  check(`${name} chrf`, corpusChrf(hyps, [refs]).score, want.chrf);
  const stats = hyps.map((h, i) => metric.exampleStats(refs[i], h));
  check(`${name} metric.corpus bleu`, metric.corpus(stats).bleu, want.bleu);
  check(`${name} metric.corpus chrf`, metric.corpus(stats).chrf, want.chrf);
  const sentence = stats.map((s) => metric.exampleMetrics(s).bleu);
  let sum = 0;
  for (const s of sentence) sum += s;
  check(`${name} mean_sentence_bleu`, sum / sentence.length, want.mean_sentence_bleu);
  want.sentence_bleu_first5.forEach((v, i) => {
    check(`${name} sentence ${i} bleu`, sentence[i], v);
  });
}
console.log(
  `wmt21 parity: ${systems.length} systems × ${refs.length} sentences, ${compared} values compared, ` +
    `${failures} mismatches (tolerance ${TOL})`,
);
process.exit(failures === 0 ? 0 : 1);
