#!/usr/bin/env node
// Streaming a big file through `readin noise keyboard` with flat memory, and `--jobs 2` scaling.
// Writes a text file of --mb megabytes (default 1024) into the OS temp folder (WMT21 clean lines from ../shared
// repeated, else a built-in paragraph), then runs the CLI as a whole process (stdout to /dev/null) and reports
// wall time, MB/s, peak RSS (VmHWM of the main process; workers are threads, so they are included) and the RSS
// at each tenth of the run (flat memory: no growth from the first tenths to the last).
// CPU seconds per thread (from /proc/<pid>/task/*/stat, sampled with the RSS): the main thread, the `jobs`
// busiest other threads (the noise workers) and the rest (V8's GC helper threads, libuv): a loaded machine
// stretches the wall time, the CPU seconds per MB much less. --runs N interleaves N rounds of the job counts and
// reports each job count's best round.
// Usage: node bench/noise-stream.mjs [--mb 1024] [--jobs 1,2] [--runs 1] [--channel keyboard] [--keep yes]
//   [--env NAME=VALUE,...] (extra environment for the CLI) [--node-args "--flag ..."] (Node/V8 flags for the CLI)
// (needs `npx tsc -b`; --keep yes keeps the generated file for the next run)
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const mb = Number(arg('mb', '1024'));
const jobsList = arg('jobs', '1,2').split(',').map(Number);
const channel = arg('channel', 'keyboard');
const runs = Number(arg('runs', '1'));
const extraEnv = Object.fromEntries(
  (arg('env', '') || '')
    .split(',')
    .filter(Boolean)
    .map((kv) => kv.split('=')),
);
const nodeArgs = (arg('node-args', '') || '').split(' ').filter(Boolean);
const TICK = 100; // clock ticks per second of /proc/*/stat (USER_HZ, 100 on Linux)

const shared = `${ROOT}../shared/data/readin-real/wmt21/test_clean.json`;
const lines = existsSync(shared)
  ? readFileSync(shared, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).zh.trim())
  : ['近年来，在国家脱贫攻坚、乡村振兴等一系列支农惠农政策激励感召下，越来越多的优秀农民工选择返乡创业。'];
const block = `${lines.join('\n')}\n`;
const file = join(tmpdir(), `readin-noise-bench-${mb}mb.txt`);
if (!existsSync(file) || statSync(file).size < mb * 1e6) {
  const ws = createWriteStream(file);
  let written = 0;
  while (written < mb * 1e6) {
    if (!ws.write(block)) await new Promise((r) => ws.once('drain', r));
    written += Buffer.byteLength(block);
  }
  await new Promise((r) => ws.end(r));
}
const size = statSync(file).size;

async function runOnce(jobs) {
  const t = Date.now();
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      `${ROOT}packages/cli/bin/readin.js`,
      'noise',
      channel,
      '--in',
      file,
      '--jobs',
      String(jobs),
      '--seed',
      '1',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...extraEnv } },
  );
  // Last seen utime + stime of each thread (ticks); threads that ended keep their last sample.
  const cpu = new Map();
  const sampleThreads = async () => {
    try {
      const tids = await readdir(`/proc/${child.pid}/task`);
      await Promise.all(
        tids.map(async (tid) => {
          try {
            const st = await readFile(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
            const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
            cpu.set(Number(tid), Number(f[11]) + Number(f[12]));
          } catch {}
        }),
      );
    } catch {}
  };
  // Steady state: the CPU seconds per thread from the sample where the CLI has read 30% of the input to the one
  // where it has read 90% (its read position from /proc/<pid>/fdinfo; reading runs at most a few blocks ahead of
  // the writing): no start-up (dictionaries, JIT warm-up) in it.
  let fd;
  const marks = [];
  const sampleProgress = async () => {
    try {
      if (fd === undefined) {
        for (const f of await readdir(`/proc/${child.pid}/fd`)) {
          if ((await readlink(`/proc/${child.pid}/fd/${f}`).catch(() => '')) === file) fd = f;
        }
      }
      if (fd === undefined) return;
      const info = await readFile(`/proc/${child.pid}/fdinfo/${fd}`, 'utf8');
      const pos = Number(/pos:\s+(\d+)/.exec(info)?.[1] ?? 0);
      const goal = [0.3, 0.9][marks.length];
      if (goal !== undefined && pos >= goal * size) marks.push({ pos, cpu: new Map(cpu) });
    } catch {}
  };
  // VmHWM is the peak; VmRSS over time shows whether memory stays flat (samples every 200 ms).
  let peak = 0;
  const samples = [];
  const timer = setInterval(async () => {
    try {
      const s = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(s);
      const rss = /VmRSS:\s+(\d+)/.exec(s);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      if (rss) samples.push(Number(rss[1]) / 1024);
    } catch {}
    await sampleThreads();
    await sampleProgress();
  }, 200);
  const code = await new Promise((r) => child.on('close', r));
  clearInterval(timer);
  const sec = (Date.now() - t) / 1000;
  // RSS at the end of each tenth of the run.
  const tenths = Array.from(
    { length: 10 },
    (_, i) => samples[Math.floor(((i + 1) * samples.length) / 10) - 1] ?? 0,
  );
  const main = (cpu.get(child.pid) ?? 0) / TICK;
  const others = [...cpu].filter(([t]) => t !== child.pid).map(([, v]) => v / TICK);
  others.sort((a, b) => b - a);
  const workers = others.slice(0, jobs);
  const rest = others.slice(jobs).reduce((a, b) => a + b, 0);
  let steady;
  if (marks.length === 2) {
    const [a, b] = marks;
    const mb = (b.pos - a.pos) / 1e6;
    const d = (t) => ((b.cpu.get(t) ?? 0) - (a.cpu.get(t) ?? 0)) / TICK / mb;
    const ds = [...b.cpu.keys()].filter((t) => t !== child.pid).map(d);
    ds.sort((x, y) => y - x);
    steady = {
      main: d(child.pid),
      workers: ds.slice(0, jobs).reduce((x, y) => x + y, 0),
      rest: ds.slice(jobs).reduce((x, y) => x + y, 0),
      worker1: ds[0] ?? 0,
    };
  }
  return { jobs, code, sec, mbps: size / 1e6 / sec, peakMb: peak, tenths, main, workers, rest, steady };
}

console.log(`${channel}: ${(size / 1e6).toFixed(0)} MB input (${file})`);
const cpuText = (r) => {
  const total = r.main + r.workers.reduce((a, b) => a + b, 0) + r.rest;
  return (
    `CPU s: main ${r.main.toFixed(1)}, workers ${r.workers.map((w) => w.toFixed(1)).join(' + ')}, ` +
    `other threads ${r.rest.toFixed(1)}; total ${total.toFixed(1)} = ${((total * 1e6) / size).toFixed(2)} s/MB ` +
    `(load average ${loadavg()[0].toFixed(2)})`
  );
};
const best = new Map();
const maxPeak = new Map();
for (let round = 0; round < runs; round++) {
  for (const j of jobsList) {
    const r = await runOnce(j);
    if (!best.has(j) || r.sec < best.get(j).sec) best.set(j, r);
    maxPeak.set(j, Math.max(maxPeak.get(j) ?? 0, r.peakMb));
    console.log(
      `--jobs ${j}: ${r.sec.toFixed(1)} s, ${r.mbps.toFixed(2)} MB/s, peak RSS ${r.peakMb.toFixed(0)} MB, exit ${r.code}`,
    );
    console.log(`  RSS by tenth of the run (MB): ${r.tenths.map((x) => x.toFixed(0)).join(' ')}`);
    console.log(`  ${cpuText(r)}`);
    if (r.steady) {
      const { main, workers, rest } = r.steady;
      console.log(
        `  steady state (30–90% of the input), CPU s/MB: main ${main.toFixed(3)}, workers ${workers.toFixed(3)}, ` +
          `other threads ${rest.toFixed(3)}; total ${(main + workers + rest).toFixed(3)}`,
      );
    }
  }
}
const res = jobsList.map((j) => best.get(j));
if (runs > 1) {
  for (const r of res) {
    console.log(
      `best of ${runs}, --jobs ${r.jobs}: ${r.mbps.toFixed(2)} MB/s, peak RSS ${r.peakMb.toFixed(0)} MB (highest peak of all runs ${maxPeak.get(r.jobs).toFixed(0)} MB)`,
    );
  }
}
// On an idle 2-core machine: one job runs at the pace of its worker if the other threads fit on the second core;
// two jobs at the pace of both cores shared by everything.
if (res.length === 2 && res[0].steady && res[1].steady && res[0].jobs === 1 && res[1].jobs === 2) {
  const one = res[0].steady;
  const two = res[1].steady;
  const t1 = Math.max(one.worker1, (one.main + one.workers + one.rest) / 2);
  const t2 = Math.max(two.worker1, (two.main + two.workers + two.rest) / 2);
  console.log(
    `steady-state CPU model (idle 2 cores): --jobs 1 ${(1 / t1).toFixed(2)} MB/s, --jobs 2 ${(1 / t2).toFixed(2)} MB/s, ${(t1 / t2).toFixed(2)}×`,
  );
}
if (res.length === 2)
  console.log(
    `speed-up --jobs ${res[1].jobs} / --jobs ${res[0].jobs}: ${(res[0].sec / res[1].sec).toFixed(2)}×`,
  );
if (arg('keep', 'no') === 'no') rmSync(file, { force: true });
