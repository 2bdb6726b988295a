#!/usr/bin/env node
// Start-up and responsiveness of `readin annotate` on a 10,000-item session, measured on the real CLI in a
// pseudo-terminal (util-linux `script`). Reports, as medians over runs:
//   first frame  — spawn → the first frame ("1 / 10000") on screen, for a new session and for a resumed one
//                   (5,000 entries already in the journal → "5001 / 10000");
//   key echo     — typing one Chinese chunk → it shows on screen;
//   submit       — Enter → the next item shows (the entry is written and fsynced in between).
// Usage: node bench/annotate-startup.mjs [items=10000] [runs=5]. Run after `npx tsc -b`. Data is generated
// (synthetic, seeded) in /tmp; nothing from ../shared is used.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@readin/core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'packages/cli/bin/readin.js');
const N = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 5);
const BUDGET_MS = 1000;

if (spawnSync('script', ['--version']).status !== 0) {
  console.log('annotate-startup: skipped (util-linux `script` is needed for a pseudo-terminal).');
  process.exit(0);
}

const hasTime = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;
// The CLI runs the single-file UI bundle when it is fresh; build it (needs esbuild) so the shipped path is measured.
spawnSync(process.execPath, [join(ROOT, 'packages/annotate/scripts/bundle-ui.mjs')], { stdio: 'inherit' });

const han =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机';
const rng = Rng.for(7, 'bench', 'annotate-startup');
const sentence = (len) => Array.from({ length: len }, () => han[rng.int(han.length)]).join('');
const work = mkdtempSync(join(tmpdir(), 'readin-annotate-bench-'));
const data = join(work, 'wmt21.jsonl');
writeFileSync(
  data,
  Array.from({ length: N }, (_, i) =>
    JSON.stringify({ id: String(i), zh: `${sentence(15 + rng.int(40))}。`, en: `Sentence ${i}.` }),
  ).join('\n') + '\n',
);

/** Runs the CLI in a pty; resolves timings of the marks seen on screen. */
function session(dir, { resumeAt, interact }) {
  const args = ['annotate', '--task', 'wmt21', '--data', data, '--annotator', 'bench', '--session', dir];
  const cpuFile = join(work, 'cpu.txt');
  const timed = hasTime ? ['/usr/bin/time', '-f', '%U %S', '-o', cpuFile] : [];
  const cmd = [...timed, process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${cmd}`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    let out = '';
    const marks = {};
    let step = 'first';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out at step ${step}; screen:\n${out.slice(-2000)}`));
    }, 30_000);
    child.stdout.on('data', (d) => {
      out += d.toString();
      const now = performance.now();
      if (step === 'first' && out.includes(`${resumeAt} / ${N}`)) {
        marks.first = now - t0;
        if (!interact) {
          step = 'quit';
          child.stdin.write('\x03');
          return;
        }
        step = 'echo';
        marks.t = performance.now();
        out = '';
        child.stdin.write('测试输入');
      } else if (step === 'echo' && out.includes('测试输入')) {
        marks.echo = now - marks.t;
        step = 'submit';
        out = '';
        marks.t = performance.now();
        child.stdin.write('\r');
      } else if (step === 'submit' && out.includes(`${resumeAt + 1} / ${N}`)) {
        marks.submit = now - marks.t;
        step = 'quit';
        child.stdin.write('\x03');
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (step !== 'quit') reject(new Error(`exited at step ${step}:\n${out.slice(-2000)}`));
      else {
        if (hasTime) {
          const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
          marks.cpu = (user + sys) * 1000;
        }
        resolve(marks);
      }
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function journalOf(dir, n) {
  mkdirSync(join(dir, 'journals'), { recursive: true });
  const lines = [];
  for (let i = 0; i < n; i++)
    lines.push(
      JSON.stringify({
        v: 1,
        key: `${i}:zh`,
        id: String(i),
        field: 'zh',
        annotator: 'bench',
        mode: 'keyboard',
        source: 'keyboard',
        status: 'done',
        text: sentence(20),
        started_at: '2026-01-01T00:00:00.000Z',
        submitted_at: '2026-01-01T00:00:30.000Z',
        duration_ms: 30000,
        active_ms: 30000,
        keystrokes: 5,
        refused_keys: 0,
        edit_keys: 0,
        cpm: 40,
      }),
    );
  writeFileSync(join(dir, 'journals', 'bench.jsonl'), `${lines.join('\n')}\n`);
}

const results = { fresh: [], resumed: [], echo: [], submit: [], cpuResumed: [] };
for (let r = 0; r < RUNS; r++) {
  const fresh = join(work, `fresh-${r}`);
  results.fresh.push((await session(fresh, { resumeAt: 1, interact: true })).first);
  const m = await session(fresh, { resumeAt: 2, interact: true }); // the first run submitted item 1
  results.echo.push(m.echo);
  results.submit.push(m.submit);
  const resumed = join(work, `resumed-${r}`);
  await session(resumed, { resumeAt: 1, interact: false }); // create the session
  journalOf(resumed, N / 2);
  const r2 = await session(resumed, { resumeAt: N / 2 + 1, interact: false });
  results.resumed.push(r2.first);
  if (r2.cpu !== undefined) results.cpuResumed.push(r2.cpu);
}
const base = [];
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  spawnSync(process.execPath, [BIN, '--version']);
  base.push(performance.now() - t);
}
rmSync(work, { recursive: true, force: true });

const fmt = (x) => `${x.toFixed(0)} ms`;
const ok = median(results.fresh) < BUDGET_MS && median(results.resumed) < BUDGET_MS;
console.log(
  `readin annotate, ${N.toLocaleString('en')} items, median of ${RUNS} runs (load average ${(await import('node:os')).loadavg()[0].toFixed(1)}):`,
);
console.log(
  `  first frame, new session:            ${fmt(median(results.fresh))}  (min ${fmt(Math.min(...results.fresh))})`,
);
console.log(
  `  first frame, resumed at ${N / 2 + 1}:  ${fmt(median(results.resumed))}  (min ${fmt(Math.min(...results.resumed))})`,
);
console.log(`  key echo (one IME commit):           ${fmt(median(results.echo))}`);
console.log(`  submit → next item (write + fsync):  ${fmt(median(results.submit))}`);
if (results.cpuResumed.length)
  console.log(
    `  CPU time of a whole resumed run (start → first frame → Ctrl+C): ${fmt(median(results.cpuResumed))}`,
  );
console.log(`  for reference, \`readin --version\`:   ${fmt(median(base))}`);
console.log(
  ok
    ? `ok: first frame under ${BUDGET_MS} ms.`
    : `SLOW: first frame over ${BUDGET_MS} ms (check the load average).`,
);
process.exitCode = ok ? 0 : 1;
