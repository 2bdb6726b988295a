#!/usr/bin/env node
// Noise simulator throughput: characters per second of each channel against pinyin-pro's own bare
// `pinyin(text, { type: 'array' })` on the same lines, in the same process (after warm-up).
// Text: the WMT21 clean sentences from ../shared when present, else a built-in paragraph repeated.
// Usage: node bench/noise-throughput.mjs [--rounds 3]   (needs `npx tsc -b`)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${ROOT}packages/noise/package.json`);
const { pinyin } = require('pinyin-pro');
const { createNoiser, profileNames } = await import(`${ROOT}packages/noise/dist/index.js`);

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
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

function time(fn) {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return best;
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

const base = time(() => {
  for (const l of lines) pinyin(l, { type: 'array' });
});
const rows = [['pinyin-pro pinyin(text, {type:"array"})', chars / base, 1]];
const ids = lines.map((_, i) => ({ id: [i] }));
for (const [p, nz] of Object.entries(noisers)) {
  const s = time(() => {
    for (const [i, l] of lines.entries()) nz(l, { id: [i] });
  });
  rows.push([`noise ${nz.profile.channel} ${p} (per text)`, chars / s, base / s]);
  const b = time(() => {
    for (let k = 0; k < lines.length; k += 256) nz.batch(lines.slice(k, k + 256), ids.slice(k, k + 256));
  });
  rows.push([`noise ${nz.profile.channel} ${p} (batch 256)`, chars / b, base / b]);
}
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
    `${name.padEnd(44)} ${Math.round(cps).toString().padStart(9)} chars/s  ${rel.toFixed(2)}× pinyin-pro`,
  );
}
