#!/usr/bin/env node
// Streaming a big file through `readin noise keyboard` with flat memory, and `--jobs 2` scaling.
// Writes a text file of --mb megabytes (default 1024) into the OS temp folder (WMT21 clean lines from ../shared
// repeated, else a built-in paragraph), then runs the CLI as a whole process (stdout to /dev/null) and reports
// wall time, MB/s, peak RSS (VmHWM of the main process; workers are threads, so they are included) and the RSS
// at each tenth of the run (flat memory: no growth from the first tenths to the last).
// Usage: node bench/noise-stream.mjs [--mb 1024] [--jobs 1,2] [--channel keyboard] [--keep yes]
// (needs `npx tsc -b`; --keep yes keeps the generated file for the next run)
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
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
  }, 200);
  const code = await new Promise((r) => child.on('close', r));
  clearInterval(timer);
  const sec = (Date.now() - t) / 1000;
  // RSS at the end of each tenth of the run.
  const tenths = Array.from(
    { length: 10 },
    (_, i) => samples[Math.floor(((i + 1) * samples.length) / 10) - 1] ?? 0,
  );
  return { jobs, code, sec, mbps: size / 1e6 / sec, peakMb: peak, tenths };
}

console.log(`${channel}: ${(size / 1e6).toFixed(0)} MB input (${file})`);
const res = [];
for (const j of jobsList) {
  const r = await runOnce(j);
  res.push(r);
  console.log(
    `--jobs ${j}: ${r.sec.toFixed(1)} s, ${r.mbps.toFixed(2)} MB/s, peak RSS ${r.peakMb.toFixed(0)} MB, exit ${r.code}`,
  );
  console.log(`  RSS by tenth of the run (MB): ${r.tenths.map((x) => x.toFixed(0)).join(' ')}`);
}
if (res.length === 2)
  console.log(
    `speed-up --jobs ${res[1].jobs} / --jobs ${res[0].jobs}: ${(res[0].sec / res[1].sec).toFixed(2)}×`,
  );
if (arg('keep', 'no') === 'no') rmSync(file, { force: true });
