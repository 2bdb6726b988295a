#!/usr/bin/env node
// `npm run bench`: runs the quick benchmarks in bench/ — the ones that need only the built packages and the
// full public sets in ../shared — one after another (so they do not compete for the CPU), echoing their output,
// and ends with a summary table. The others (long, or starting servers / pseudo-terminals, or generating
// large files) are listed and run only when named or with --all.
//
//   node bench/run.mjs                 the default set
//   node bench/run.mjs --list          what there is, and what runs by default
//   node bench/run.mjs NAME...         these (e.g. score-cli metrics-wmt21), default or not
//   node bench/run.mjs --all           every benchmark
//
// Skips (exit 0) when ../shared/data is absent; exits 1 when a benchmark fails (non-zero exit, e.g. a parity
// mismatch in score-cli) or the packages are not built (`npx tsc -b`).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const shared = join(root, '..', 'shared', 'data');

/** Known benchmarks: whether they run by default, their arguments there, and why not when they do not. */
const KNOWN = {
  'metrics-wmt21': { quick: true, args: [], what: 'BLEU/chrF on WMT21 newstest2021 (1,948 sentences)' },
  'metrics-cmrc2018': { quick: true, args: [], what: 'CMRC2018 v6 scorer on dev (3,219 questions)' },
  'metrics-cspider': { quick: true, args: [], what: 'CSpider exact set match on dev (1,034 queries)' },
  'score-cli': { quick: true, args: [], what: 'readin score end to end: CLI process + in process, parity' },
  'models-baselines': { quick: true, args: [], what: 'offline baselines scored on the sample and ../shared' },
  'data-stream': {
    quick: false,
    args: ['64'],
    what: 'streaming a generated JSONL file (default 1 GiB; 64 MB under --all)',
    why: 'generates a large file in /tmp and runs for minutes',
  },
  'models-throughput': {
    quick: false,
    args: [],
    what: 'model client throughput against a local server',
    why: 'starts a local HTTP server; timing-sensitive under load',
  },
  'harness-throughput': {
    quick: false,
    args: [],
    what: 'readin run throughput against a local server',
    why: 'starts a local HTTP server; timing-sensitive under load',
  },
  'noise-realism': {
    quick: false,
    args: [],
    what: 'realism of the noise simulator against real READIN noise',
    why: 'writes simulated sets to /tmp; optional external scorecard (python) runs for minutes',
  },
  'annotate-startup': {
    quick: false,
    args: [],
    what: 'readin annotate start-up in a pseudo-terminal',
    why: 'needs util-linux `script` and a 10,000-item session',
  },
};

const args = process.argv.slice(2);
const available = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== basename(fileURLToPath(import.meta.url)))
  .map((f) => f.replace(/\.mjs$/, ''))
  .sort();

if (args.includes('--list') || args.includes('--help') || args.includes('-h')) {
  console.log('bench: benchmarks in bench/ (* = run by `npm run bench`)');
  for (const name of available) {
    const k = KNOWN[name];
    const mark = k?.quick ? '*' : ' ';
    const note = k
      ? `${k.what}${k.why ? ` — not by default: ${k.why}` : ''}`
      : 'not classified: run it by name';
    console.log(`  ${mark} ${name.padEnd(20)} ${note}`);
  }
  process.exit(0);
}

const named = args.filter((a) => !a.startsWith('-'));
const unknown = named.filter((n) => !available.includes(n.replace(/\.mjs$/, '')));
if (unknown.length > 0) {
  console.error(`bench: no benchmark named ${unknown.join(', ')}; see \`node bench/run.mjs --list\`.`);
  process.exit(2);
}
const selected = args.includes('--all')
  ? available
  : named.length > 0
    ? named.map((n) => n.replace(/\.mjs$/, ''))
    : available.filter((n) => KNOWN[n]?.quick);

if (named.length === 0 && !existsSync(shared)) {
  console.log(
    `bench: ${shared} not found — the benchmarks run on the full public sets, which live outside the repo; skipped.`,
  );
  process.exit(0);
}
const unbuilt = ['core', 'data', 'metrics', 'harness', 'cli'].filter(
  (p) => !existsSync(join(root, 'packages', p, 'dist', 'index.js')),
);
if (unbuilt.length > 0) {
  console.error(`bench: packages not built (${unbuilt.join(', ')}); run \`npx tsc -b\` first.`);
  process.exit(1);
}

function runOne(name) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(here, `${name}.mjs`), ...(KNOWN[name]?.args ?? [])], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let partial = '';
    const echo = (chunk) => {
      const text = partial + chunk.toString();
      out += chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) console.log(`  │ ${line}`);
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    child.on('close', (code, signal) => {
      if (partial) console.log(`  │ ${partial}`);
      resolve({ name, code: code ?? 1, signal, seconds: (performance.now() - t0) / 1000, out });
    });
  });
}

const load0 = loadavg();
console.log(
  `bench: ${selected.length} benchmark(s): ${selected.join(', ')} — load average ${load0.map((x) => x.toFixed(2)).join(' ')}`,
);
const results = [];
for (const name of selected) {
  console.log(`\n== ${name}`);
  results.push(await runOne(name));
}

const status = (r) => {
  if (r.code !== 0) return r.signal ? `FAILED (${r.signal})` : `FAILED (exit ${r.code})`;
  return /^\S+:? .*skipped|\bskipped\b/im.test(r.out.split('\n').slice(0, 3).join('\n')) ? 'skipped' : 'ok';
};
const headline = (r) =>
  (
    r.out
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  )
    .replace(/\s+/g, ' ')
    .slice(0, 110);
const rows = results.map((r) => [r.name, status(r), `${r.seconds.toFixed(1)} s`, headline(r)]);
const header = ['benchmark', 'status', 'time', 'first line'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
console.log(
  `\nbench summary (load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; 2 shared cores)`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
const notRun = available.filter((n) => !selected.includes(n));
if (notRun.length > 0) console.log(`  not run: ${notRun.join(', ')} (\`node bench/run.mjs --list\`)`);
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  console.error(`bench: ${failed.length} benchmark(s) FAILED: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
