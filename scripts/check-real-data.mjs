#!/usr/bin/env node
// CI check (run after `tsc -b`): loads every real data folder in ../shared/data through the public @readin/data
// API and the built CLI, and checks the counts given in ../shared/specs/READIN.md. Skips when ../shared/data is
// absent. Exits 1 with one line per mismatch. Nothing is copied into the repository.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadTask, MANIFEST_NAME, validateTask } from '@readin/data';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(repo, '../shared/data');
if (!existsSync(shared)) {
  console.log(`check-real-data: ${shared} not found; skipped.`);
  process.exit(0);
}

const failures = [];
const check = (label, actual, expected) => {
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${label}: ${JSON.stringify(actual)}${ok ? '' : ` (expected ${JSON.stringify(expected)})`}`,
  );
  if (!ok) failures.push(label);
};
const range = (n) => Array.from({ length: n }, (_, i) => String(i));

async function step(name, fn) {
  try {
    await fn();
  } catch (error) {
    const message = typeof error?.format === 'function' ? error.format() : String(error?.stack ?? error);
    console.log(`FAIL ${name}: ${message}`);
    failures.push(name);
  }
}

// AFQMC: 4,316 pairs per split, 1,338 positives; labels identical across versions (only sentences are noised).
await step('afqmc', async () => {
  const t = await loadTask(join(shared, 'readin-real/afqmc'));
  const splits = Object.fromEntries([...t.splits].map(([k, s]) => [k, s.examples.length]));
  check('afqmc splits', splits, {
    test_clean: 4316,
    test_noisy_keyboard_1: 4316,
    test_noisy_keyboard_2: 4316,
    test_noisy_keyboard_3: 4316,
  });
  check('afqmc clean positives', t.clean.examples.filter((e) => e.label === '1').length, 1338);
  for (const [name, s] of t.splits) {
    const differ = s.examples.filter((e) => t.clean.byId.get(e.id)?.label !== e.label).length;
    check(`afqmc ${name} labels equal clean`, differ, 0);
  }
  check('afqmc problems', (await validateTask(t)).problems, []);
});

// WMT21 (pre-release part: ids 0–973): 974 clean / keyboard; ASR sets miss the same ids in all three.
let wmtMissing;
await step('wmt21', async () => {
  const t = await loadTask(join(shared, 'readin-real/wmt21'));
  const report = await validateTask(t);
  check('wmt21 problems', report.problems, []);
  for (const name of [
    'test_clean',
    'test_noisy_keyboard_1',
    'test_noisy_keyboard_2',
    'test_noisy_keyboard_3',
  ])
    check(
      `wmt21 ${name} ids`,
      t.splits
        .get(name)
        ?.examples.map((e) => e.id)
        .join() === range(974).join(),
      true,
    );
  const missing = [1, 2, 3].map((k) => report.splits[`test_noisy_asr_${k}`]?.missing_ids ?? null);
  check('wmt21 ASR sets present', missing.includes(null), false);
  check(
    'wmt21 ASR missing ids identical in the 3 sets',
    new Set(missing.map((m) => JSON.stringify(m))).size,
    1,
  );
  wmtMissing = missing[0];
  for (const k of [1, 2, 3])
    check(`wmt21 test_noisy_asr_${k} n`, report.splits[`test_noisy_asr_${k}`].n, 974 - wmtMissing.length);
  console.log(`     wmt21 ASR missing ids (${wmtMissing.length}): ${wmtMissing.join(' ')}`);
  check(
    'wmt21 clean zh has no trailing newline',
    t.clean.examples.filter((e) => e.zh.endsWith('\n')).length,
    0,
  );
  const empty = [1, 2, 3].map((k) => report.splits[`test_noisy_asr_${k}`].empty);
  console.log(`     wmt21 empty ASR inputs per set: ${empty.join(' ')}`);
});

// CMRC2018 dev (SQuAD format): 3,219 questions over 848 passages.
await step('cmrc2018', async () => {
  const t = await loadTask(join(shared, 'clean/cmrc2018/cmrc2018_dev.json'), { task: 'cmrc2018' });
  check('cmrc2018 questions', t.clean.examples.length, 3219);
  check('cmrc2018 passages', new Set(t.clean.examples.map((e) => e.context)).size, 848);
  check('cmrc2018 problems', (await validateTask(t)).problems, []);
});

// CSpider dev: 1,034 questions, every db_id in tables.json.
await step('cspider', async () => {
  const t = await loadTask(join(shared, 'clean/cspider/dev.json'), { task: 'cspider' });
  check('cspider tables.json found', t.source.tablesPath, join(shared, 'clean/cspider/tables.json'));
  check('cspider questions', t.clean.examples.length, 1034);
  check('cspider ids', t.clean.examples.at(-1)?.id, '1033');
  check('cspider problems', (await validateTask(t)).problems, []);
});

// WMT21 newstest plain-text pair through a manifest: 1,948 sentences; the first 974 equal the READIN clean set.
await step('wmt21 text pair', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'readin-check-'));
  try {
    const src = join(shared, 'clean/wmt21');
    await writeFile(
      join(dir, MANIFEST_NAME),
      JSON.stringify({
        task: 'wmt21',
        splits: {
          test_clean: {
            zh: join(src, 'newstest2021.zh-en.src.zh'),
            en: join(src, 'newstest2021.zh-en.ref.A.en'),
          },
        },
      }),
    );
    const t = await loadTask(dir);
    check('wmt21 newstest sentences', t.clean.examples.length, 1948);
    const real = await loadTask(join(shared, 'readin-real/wmt21'), { splits: ['test_clean'] });
    const differ = real.clean.examples.filter((e) => t.clean.byId.get(e.id)?.zh !== e.zh).length;
    check('wmt21 READIN clean zh equals newstest lines 0–973', differ, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// The CLI reports the ASR missing ids.
await step('readin data validate --json', async () => {
  const bin = join(repo, 'packages/cli/bin/readin.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [bin, 'data', 'validate', join(shared, 'readin-real/wmt21'), '--json'],
    { maxBuffer: 64 << 20 },
  );
  const splits = JSON.parse(stdout).tasks.wmt21.splits;
  check('cli wmt21 test_clean n', splits.test_clean.n, 974);
  for (const k of [1, 2, 3])
    check(`cli wmt21 test_noisy_asr_${k} missing_ids`, splits[`test_noisy_asr_${k}`].missing_ids, wmtMissing);
});

if (failures.length > 0) {
  console.error(`check-real-data: ${failures.length} check(s) failed: ${failures.join(', ')}.`);
  process.exit(1);
}
console.log('check-real-data: all real data folders load with the expected counts.');
