#!/usr/bin/env node
// Noise simulator throughput: characters per second of each channel against pinyin-pro's own bare
// `pinyin(text, { type: 'array' })` on the same lines, in the same process (after warm-up).
// Text: the WMT21 clean sentences from ../shared when present, else a built-in paragraph repeated.
// Usage: node bench/noise-throughput.mjs [--rounds 5]   (needs `npx tsc -b`)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${ROOT}packages/noise/package.json`);
const { pinyin } = require('pinyin-pro');
const { createNoiser, profileNames } = await import(`${ROOT}packages/noise/dist/index.js`);

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const shared = `${ROOT}../shared/data/readin-real/wmt21/test_clean.json`;
let lines;
if (existsSync(shared)) {
  lines = readFileSync(shared, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).zh.trim());
} else {
  const para =
    '近年来，在国家脱贫攻坚、乡村振兴等一系列支农惠农政策激励感召下，越来越多的优秀农民工选择返乡创业。';
  lines = Array.from({ length: 1000 }, () => para);
}
const chars = lines.reduce((n, l) => n + l.length, 0);

/** Seconds of one run of fn. */
function once(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const t0 = Date.now();
const noisers = {};
for (const p of profileNames()) noisers[p] = await createNoiser({ profile: p, seed: 1 });
const loadMs = Date.now() - t0;
// Warm-up.
for (const l of lines) pinyin(l, { type: 'array' });
for (const nz of Object.values(noisers)) {
  for (const [i, l] of lines.entries()) nz(l, { id: [i] });
}

const ids = lines.map((_, i) => ({ id: [i] }));
const cases = [
  [
    'pinyin-pro pinyin(text, {type:"array"})',
    () => {
      for (const l of lines) pinyin(l, { type: 'array' });
    },
  ],
];
for (const [p, nz] of Object.entries(noisers)) {
  cases.push([
    `noise ${nz.profile.channel} ${p} (per text)`,
    () => {
      for (const [i, l] of lines.entries()) nz(l, ids[i]);
    },
  ]);
  // Same texts, but ids never used before: the draws differ from every earlier round, so memos of typed keys
  // and decodes help only as much as they would on new text of the same kind (the rows above replay the same
  // draws each round).
  let round = 0;
  cases.push([
    `noise ${nz.profile.channel} ${p} (per text, new ids)`,
    () => {
      round++;
      for (let i = 0; i < lines.length; i++) nz(lines[i], { id: [round, i] });
    },
  ]);
  cases.push([
    `noise ${nz.profile.channel} ${p} (batch 256)`,
    () => {
      for (let k = 0; k < lines.length; k += 256) nz.batch(lines.slice(k, k + 256), ids.slice(k, k + 256));
    },
  ]);
}
// Rounds interleave all cases (pinyin-pro included), so that a busy moment of the machine hits them alike; the
// best round of each counts.
const best = cases.map(() => Number.POSITIVE_INFINITY);
for (let r = 0; r < rounds; r++) {
  for (const [k, [, fn]] of cases.entries()) best[k] = Math.min(best[k], once(fn));
}
const rows = cases.map(([name], k) => [name, chars / best[k], best[0] / best[k]]);
// The batch API must give exactly the per-text results.
for (const nz of Object.values(noisers)) {
  const a = nz.batch(lines, ids).map((r) => r.text);
  const b = lines.map((l, i) => nz(l, ids[i]).text);
  if (a.join('\n') !== b.join('\n'))
    throw new Error(`batch differs from per-text output for ${nz.profile.name}`);
}
console.log(`${lines.length} lines, ${chars} chars, best of ${rounds}; lexicon+segmenter load ${loadMs} ms`);
for (const [name, cps, rel] of rows) {
  console.log(
    `${name.padEnd(50)} ${Math.round(cps).toString().padStart(9)} chars/s  ${rel.toFixed(2)}× pinyin-pro`,
  );
}
