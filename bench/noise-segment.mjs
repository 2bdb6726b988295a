#!/usr/bin/env node
// Parity and speed of the TypeScript jieba segmenter (packages/noise/src/segment.ts) against @node-rs/jieba's
// `cut(text, false)`, which it must match word for word.
// Parity: every string field with a Han character in every JSON / JSON-lines file under ../shared/data (and
// every line with a Han character of the other text files), one by one and joined by "\n" in batches of 256
// (as the noiser's batch API cuts them). Any difference is printed and the exit code is 1.
// Speed: the WMT21 clean sentences, per line, best of N interleaved rounds, wall and main-thread CPU time.
// Usage: node bench/noise-segment.mjs [--rounds 15]   (needs `npx tsc -b`)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${ROOT}packages/noise/package.json`);
const { Jieba } = require('@node-rs/jieba');
const { Segmenter } = await import(`${ROOT}packages/noise/dist/segment.js`);
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;
const DATA = `${ROOT}../shared/data`;
if (!existsSync(DATA)) {
  console.log(`no ${DATA}: nothing to compare`);
  process.exit(0);
}

const dict = readFileSync(require.resolve('@node-rs/jieba/dict.txt'));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = performance.now();
let c = cpuMs();
const ours = new Segmenter(dict);
const oursBuild = [performance.now() - t, cpuMs() - c];
t = performance.now();
c = cpuMs();
const native = Jieba.withDict(dict);
const nativeBuild = [performance.now() - t, cpuMs() - c];

const HAN = /[\u3400-\u9fff\uf900-\ufaff]|[\ud840-\ud87e][\udc00-\udfff]/;
function* strings(v) {
  if (typeof v === 'string') yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) yield* strings(x);
}
function textsOf(path) {
  const raw = readFileSync(path, 'utf8');
  if (/\.jsonl?$/.test(path)) {
    try {
      return [...strings(JSON.parse(raw))];
    } catch {
      const out = [];
      for (const line of raw.split('\n')) {
        if (!line.trim()) continue;
        try {
          out.push(...strings(JSON.parse(line)));
        } catch {
          out.push(line);
        }
      }
      return out;
    }
  }
  return raw.split('\n');
}
function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

let texts = 0;
let chars = 0;
let words = 0;
let diffs = 0;
const same = (a, b) => a.length === b.length && a.every((w, i) => w === b[i]);
const check = (s, where) => {
  const a = ours.cut(s, false);
  const b = native.cut(s, false);
  words += b.length;
  if (!same(a, b)) {
    diffs++;
    if (diffs <= 10)
      console.log(
        `DIFF ${where}: ${JSON.stringify(s)}\n  ours   ${JSON.stringify(a)}\n  native ${JSON.stringify(b)}`,
      );
  }
};
const perFile = [];
for (const path of files(DATA)) {
  const all = textsOf(path).filter((s) => HAN.test(s));
  if (all.length === 0) continue;
  const rel = relative(DATA, path);
  for (const s of all) {
    texts++;
    chars += s.length;
    check(s, rel);
  }
  for (let k = 0; k < all.length; k += 256) check(all.slice(k, k + 256).join('\n'), `${rel} batch ${k}`);
  perFile.push([rel, all.length]);
}
for (const [rel, n] of perFile) console.log(`  ${String(n).padStart(6)} texts  ${rel}`);
console.log(
  `parity: ${texts} texts, ${chars} chars, ${words} words (+ batches joined by \\n): ${diffs} differences`,
);

// Speed on the WMT21 sentences.
const lines = readFileSync(`${DATA}/readin-real/wmt21/test_clean.json`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).zh.trim());
const lineChars = lines.reduce((n, l) => n + l.length, 0);
const ends = [];
const cases = [
  [
    '@node-rs/jieba cut(line, false)',
    () => {
      for (const l of lines) native.cut(l, false);
    },
  ],
  [
    'segment.ts cut(line)',
    () => {
      for (const l of lines) ours.cut(l, false);
    },
  ],
  [
    'segment.ts cutEnds(line) (no strings)',
    () => {
      for (const l of lines) {
        ends.length = 0;
        ours.cutEnds(l, ends);
      }
    },
  ],
];
for (let r = 0; r < 3; r++) for (const [, fn] of cases) fn();
const best = cases.map(() => [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
for (let r = 0; r < rounds; r++) {
  for (const [k, [, fn]] of cases.entries()) {
    const w = performance.now();
    const u = cpuMs();
    fn();
    const cpu = cpuMs() - u;
    const wall = performance.now() - w;
    best[k] = [Math.min(best[k][0], wall), Math.min(best[k][1], cpu)];
  }
}
console.log(`speed: ${lines.length} WMT21 lines, ${lineChars} chars, best of ${rounds} interleaved rounds`);
for (const [k, [name]] of cases.entries()) {
  console.log(
    `  ${name.padEnd(40)} ${best[k][0].toFixed(2).padStart(7)} ms wall ${best[k][1].toFixed(2).padStart(7)} ms cpu`,
  );
}
console.log(
  `build: segment.ts ${oursBuild[0].toFixed(0)} ms wall / ${oursBuild[1].toFixed(0)} ms cpu; ` +
    `@node-rs/jieba withDict ${nativeBuild[0].toFixed(0)} ms wall / ${nativeBuild[1].toFixed(0)} ms cpu`,
);
if (diffs > 0) process.exitCode = 1;
