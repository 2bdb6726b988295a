#!/usr/bin/env node
// `readin score` on the full public sets in ../shared, as a whole CLI process (the BUILT bin, `npx tsc -b`
// first) and in process (scorePredictions from the built @readin/harness), with `--bootstrap 0` and with the
// default 1000 resamples. Every run's clean metric is compared with the official scorers' value in the parity
// files (|Δ| ≤ 1e-9): an end-to-end parity check through the CLI. Also: `readin --version` start-up and bare
// `node -e 0` for reference, and the load average (wall time on a shared machine is at the mercy of other
// processes; the child's own CPU time is reported next to it).
//
//   node bench/score-cli.mjs [--runs N] [--all-systems] [--readin] [--python PY] [--skip-in-process] [--json]
//                            [--official-cmrc FILE] [--official-spider DIR]
//
// Sets: WMT21 newstest2021 zh-en (1,948 sentences; a temp manifest pairs src.zh with ref.A.en as test_clean;
// each system in parity/wmt21/*.en is scored as line-aligned predictions), CMRC2018 dev (3,219 questions,
// parity/cmrc2018/preds-seed1.json), CSpider dev (1,034 queries, parity/cspider/preds-seed1.sql). Per-example
// agreement: one more run with --details, compared with the official per-example values (CMRC EM/F1 per
// question, Spider exact match per query, sacreBLEU sentence BLEU of the first 5 sentences and the mean).
// With --readin (slow: minutes under load), timing only, from ../shared/data/readin-real: READIN's real noisy
// WMT21 (974 × 7 splits) and AFQMC (4,316 × 4 splits), where the default paired bootstrap (1000 resamples × 3
// versions) actually runs — the public sets above have a clean split only, so there --bootstrap 0 and the
// default do the same work.
// Reference (official Python scorers, measured by the project on the same kind of machine): sacreBLEU BLEU 0.27 s
// + chrF 0.6 s, CMRC v6 1.4 s, Spider evaluation.py 1.0 s. Targets: whole process ≥ 3× faster, in process ≥ 10×.
// Those were taken elsewhere: --python PY (or READIN_BENCH_PYTHON) times the official sacreBLEU here too, under
// the same load (a Python with sacrebleu; e.g. pip install sacrebleu==2.6.0 into a venv). With it,
// --official-cmrc FILE (ymcui/cmrc2018 baseline/cmrc2018_evaluate.py) and --official-spider DIR (taoyds/spider
// evaluation.py + process_sql.py) time those official scripts here too, whole process and in process; the PY
// needs nltk. Fetch them outside the repo (their licences): they are never part of it.
// Exit code 1 on a parity mismatch or a failed run.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const RUNS = Math.max(1, Number(args[args.indexOf('--runs') + 1]) || Number(process.env.RUNS) || 5);
const TOLERANCE = 1e-9;
const IN_PROCESS_WARMUP = 5;

const files = {
  wmtSrc: join(shared, 'clean', 'wmt21', 'newstest2021.zh-en.src.zh'),
  wmtRef: join(shared, 'clean', 'wmt21', 'newstest2021.zh-en.ref.A.en'),
  wmtHyps: join(shared, 'parity', 'wmt21'),
  wmtExpected: join(shared, 'parity', 'wmt21', 'expected-sacrebleu.json'),
  cmrcDev: join(shared, 'clean', 'cmrc2018', 'cmrc2018_dev.json'),
  cmrcPred: join(shared, 'parity', 'cmrc2018', 'preds-seed1.json'),
  cmrcExpected: join(shared, 'parity', 'cmrc2018', 'expected-seed1.json'),
  spiderDev: join(shared, 'clean', 'cspider', 'dev.json'),
  spiderTables: join(shared, 'clean', 'cspider', 'tables.json'),
  spiderPred: join(shared, 'parity', 'cspider', 'preds-seed1.sql'),
  spiderExpected: join(shared, 'parity', 'cspider', 'expected-seed1.json'),
};
const absent = Object.values(files).filter((f) => !existsSync(f));
if (absent.length > 0) {
  console.log(
    `score-cli: skipped (${absent[0]} not found; the full sets live outside the repo in ../shared).`,
  );
  process.exit(0);
}
const bin = join(root, 'packages', 'cli', 'bin', 'readin.js');
if (!existsSync(join(root, 'packages', 'cli', 'dist', 'main.js'))) {
  console.error('score-cli: the CLI is not built; run `npx tsc -b` first.');
  process.exit(1);
}

// ---- the cases ------------------------------------------------------------------------------------------
const tmp = mkdtempSync(join(tmpdir(), 'readin-bench-score-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const wmtDir = join(tmp, 'wmt21');
mkdirSync(wmtDir, { recursive: true });
writeFileSync(
  join(wmtDir, 'readin-manifest.json'),
  JSON.stringify({ task: 'wmt21', splits: { test_clean: { zh: files.wmtSrc, en: files.wmtRef } } }),
);
// A child-side CPU clock: the preload prints the process's own user+system time when it exits.
const cpuHook = join(tmp, 'cpu-hook.mjs');
writeFileSync(
  cpuHook,
  [
    "import { writeSync } from 'node:fs';",
    'process.on("exit", () => {',
    '  const c = process.cpuUsage();',
    '  writeSync(2, "\\nREADIN_BENCH_CPU_MS " + (c.user + c.system) / 1000 + "\\n");',
    '});',
    '',
  ].join('\n'),
);

const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const wmtExpected = readJson(files.wmtExpected);
const cmrcExpected = readJson(files.cmrcExpected);
const spiderExpected = readJson(files.spiderExpected);
const byHardness = {};
spiderExpected.hardness.forEach((h, i) => {
  byHardness[h] ??= [0, 0];
  byHardness[h][0] += spiderExpected.per_example[i];
  byHardness[h][1] += 1;
});

const systems = readdirSync(files.wmtHyps)
  .filter((f) => f.endsWith('.en') && wmtExpected[f])
  .sort();
/** name, task, data, pred, extra args, expected clean metrics (dotted keys for by_hardness), reference seconds */
const cases = [
  ...systems.map((system, i) => ({
    name: `wmt21 ${system.replace(/^newstest2021\.zh-en\.hyp\.|\.en$/g, '')}`,
    task: 'wmt21',
    data: wmtDir,
    pred: join(files.wmtHyps, system),
    extra: [],
    expected: { bleu: wmtExpected[system].bleu, chrf: wmtExpected[system].chrf },
    // sacreBLEU gives sentence BLEU for the first 5 sentences and the mean over all of them
    perExample: (details) => {
      const want = wmtExpected[system];
      const got = details.map((d) => d.metrics.bleu);
      const mean = got.reduce((a, b) => a + b, 0) / got.length;
      return [
        ...want.sentence_bleu_first5.map((w, i) => [`sentence ${i} bleu`, got[i], w]),
        ['mean sentence bleu', mean, want.mean_sentence_bleu],
      ];
    },
    reference: 0.27 + 0.6,
    timed: i === 0 || flag('--all-systems'),
  })),
  {
    name: 'cmrc2018 dev',
    task: 'cmrc2018',
    data: files.cmrcDev,
    pred: files.cmrcPred,
    extra: [],
    expected: { em: cmrcExpected.EM, f1: cmrcExpected.F1 },
    // the official scorer lists answered questions only; the others count 0
    perExample: (details) =>
      details.flatMap((d) => {
        const [em, f1] = cmrcExpected.per_question_em_f1[d.id] ?? [0, 0];
        return [
          [`${d.id} em`, d.metrics.em, 100 * em],
          [`${d.id} f1`, d.metrics.f1, 100 * f1],
        ];
      }),
    reference: 1.4,
    timed: true,
  },
  {
    name: 'cspider dev',
    task: 'cspider',
    data: files.spiderDev,
    pred: files.spiderPred,
    extra: ['--tables', files.spiderTables],
    perExample: (details) => [
      ['examples', details.length, spiderExpected.per_example.length],
      ...details.map((d, i) => [
        `#${i} exact_match`,
        d.metrics.exact_match,
        100 * spiderExpected.per_example[i],
      ]),
    ],
    expected: {
      exact_match: spiderExpected.exact_match,
      ...Object.fromEntries(
        Object.entries(byHardness).map(([h, [right, n]]) => [`by_hardness.${h}`, (100 * right) / n]),
      ),
    },
    reference: 1.0,
    timed: true,
  },
];

// --readin: READIN's real noisy sets (../shared/data/readin-real), every split scored, so the default paired
// bootstrap over the three versions actually runs. Timing only (no official reference); the predictions are
// made up here (a system's translations of the clean source; seeded labels for AFQMC).
const real = join(shared, 'readin-real');
const READIN_SPLITS = [
  'test_clean',
  ...[1, 2, 3].map((v) => `test_noisy_keyboard_${v}`),
  ...[1, 2, 3].map((v) => `test_noisy_asr_${v}`),
];
function realCase(task, predict) {
  const dir = join(real, task);
  if (!existsSync(join(dir, 'test_clean.json'))) return undefined;
  const predDir = join(tmp, `pred-${task}`);
  mkdirSync(predDir, { recursive: true });
  let n = 0;
  for (const split of READIN_SPLITS) {
    const file = join(dir, `${split}.json`);
    if (!existsSync(file)) continue;
    const records = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
    n = Math.max(n, records.length);
    const out = records.map((r, i) =>
      JSON.stringify({ id: r.id ?? String(i), prediction: predict(r, i, split) }),
    );
    writeFileSync(join(predDir, `${split}.jsonl`), `${out.join('\n')}\n`);
  }
  const splits = readdirSync(predDir).length;
  return {
    name: `${task} READIN ${splits} splits`,
    task,
    data: dir,
    pred: predDir,
    extra: [],
    expected: {},
    reference: undefined,
    timed: true,
    note: `${n} examples × ${splits} splits`,
  };
}
const hyp0 = systems.length
  ? readFileSync(join(files.wmtHyps, systems[0]), 'utf8').replace(/\n$/, '').split('\n')
  : [];
let seed = 12345;
const coin = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
for (const c of [
  flag('--readin') && realCase('wmt21', (r) => hyp0[Number(r.id)] ?? ''),
  flag('--readin') &&
    realCase('afqmc', (r) => (coin() < 0.75 ? String(r.label) : String(1 - Number(r.label)))),
])
  if (c) cases.push(c);

// ---- helpers --------------------------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function runCli(argv) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(cpuHook).href, bin, ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = performance.now() - t0;
  const cpu = Number(/READIN_BENCH_CPU_MS (\S+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const stderr = r.stderr.replace(/\n?READIN_BENCH_CPU_MS \S+\n?/, '');
  return { status: r.status, stdout: r.stdout, stderr, wall, cpu };
}
function get(metrics, key) {
  return key.split('.').reduce((o, k) => (o === undefined ? undefined : o[k]), metrics);
}
const failures = [];
/** Compares a report's clean metrics with the expected values; returns the largest |Δ|. */
function checkParity(c, report, label) {
  c.clean = report.summary.clean;
  let worst = 0;
  for (const [key, want] of Object.entries(c.expected)) {
    const got = get(report.summary.clean, key);
    const diff = typeof got === 'number' ? Math.abs(got - want) : Number.POSITIVE_INFINITY;
    worst = Math.max(worst, diff);
    if (!(diff <= TOLERANCE))
      failures.push(`${c.name} (${label}): ${key} = ${got}, expected ${want} (|Δ| ${diff})`);
  }
  return worst;
}

// ---- whole process --------------------------------------------------------------------------------------
const load0 = loadavg();
const rows = [];
const startup = { version: [], versionCpu: [], bare: [], bareCpu: [] };
for (let i = 0; i < RUNS + 1; i++) {
  const v = runCli(['--version']);
  if (v.status !== 0) failures.push(`readin --version exited ${v.status}: ${v.stderr.trim()}`);
  const t0 = performance.now();
  const b = spawnSync(process.execPath, ['--import', pathToFileURL(cpuHook).href, '-e', '0'], {
    encoding: 'utf8',
  });
  const bareWall = performance.now() - t0;
  if (i === 0) continue; // warm-up: file cache
  startup.version.push(v.wall);
  startup.versionCpu.push(v.cpu);
  startup.bare.push(bareWall);
  startup.bareCpu.push(Number(/READIN_BENCH_CPU_MS (\S+)/.exec(b.stderr)?.[1]));
}

const progress = (text) => {
  if (!flag('--json')) process.stderr.write(`  … ${text}\n`);
};
for (const c of cases) {
  progress(`${c.name}: CLI process`);
  for (const bootstrap of ['0', 'default']) {
    if (!c.timed && bootstrap !== '0') continue;
    const argv = ['score', '--task', c.task, '--data', c.data, '--pred', c.pred, '--json', ...c.extra];
    if (bootstrap === '0') argv.push('--bootstrap', '0');
    const n = c.timed ? RUNS : 1;
    const walls = [];
    const cpus = [];
    let maxDiff = 0;
    for (let i = 0; i < n + (c.timed ? 1 : 0); i++) {
      const r = runCli(argv);
      if (r.status !== 0) {
        failures.push(`${c.name}: exit ${r.status}: ${r.stderr.trim().slice(0, 500)}`);
        break;
      }
      maxDiff = Math.max(maxDiff, checkParity(c, JSON.parse(r.stdout), `CLI, bootstrap ${bootstrap}`));
      if (c.timed && i === 0) continue; // warm-up (file cache)
      walls.push(r.wall);
      cpus.push(r.cpu);
    }
    rows.push({
      case: c.name,
      mode: 'CLI process',
      bootstrap,
      runs: walls.length,
      wall_ms: walls.length ? median(walls) : Number.NaN,
      wall_min_ms: walls.length ? Math.min(...walls) : Number.NaN,
      cpu_ms: cpus.length ? median(cpus) : Number.NaN,
      reference_s: c.reference,
      max_abs_diff: maxDiff,
      parity: Object.keys(c.expected).length > 0,
      timed: c.timed,
    });
  }
}

// ---- per-example agreement through --details ------------------------------------------------------------
const perExampleRows = [];
for (const c of cases.filter((x) => x.perExample)) {
  progress(`${c.name}: --details per example`);
  const detailsFile = join(tmp, 'details.jsonl');
  const r = runCli([
    ...['score', '--task', c.task, '--data', c.data, '--pred', c.pred, '--bootstrap', '0'],
    ...['--details', detailsFile, ...c.extra],
  ]);
  if (r.status !== 0) {
    failures.push(`${c.name} --details: exit ${r.status}: ${r.stderr.trim().slice(0, 500)}`);
    continue;
  }
  const details = readFileSync(detailsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  let maxDiff = 0;
  let bad = 0;
  const checks = c.perExample?.(details);
  if (!checks) continue;
  for (const [what, got, want] of checks) {
    const diff = typeof got === 'number' ? Math.abs(got - want) : Number.POSITIVE_INFINITY;
    maxDiff = Math.max(maxDiff, diff);
    if (!(diff <= TOLERANCE)) {
      bad++;
      if (bad <= 5) failures.push(`${c.name} per example: ${what} = ${got}, expected ${want}`);
    }
  }
  if (bad > 5) failures.push(`${c.name} per example: … ${bad} disagreements in all`);
  perExampleRows.push({ case: c.name, compared: checks.length, disagreements: bad, max_abs_diff: maxDiff });
}

// ---- in process -----------------------------------------------------------------------------------------
if (!flag('--skip-in-process')) {
  const { scoreLoaded, scorePredictions, scoreReportJson } = await import('@readin/harness');
  const { loadTask, readPredictions } = await import('@readin/data');
  /** Times `score()` after the warm-up passes (JIT: TurboFan needs a few; file cache) and adds a row. */
  const timeInProcess = async (c, mode, bootstrap, label, score) => {
    const walls = [];
    const cpus = [];
    let maxDiff = 0;
    for (let i = 0; i < RUNS + IN_PROCESS_WARMUP; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const { report } = await score();
      const wall = performance.now() - t0;
      const cu = process.cpuUsage(c0);
      maxDiff = Math.max(maxDiff, checkParity(c, scoreReportJson(report), label));
      if (i < IN_PROCESS_WARMUP) continue;
      walls.push(wall);
      cpus.push((cu.user + cu.system) / 1000);
    }
    rows.push({
      case: c.name,
      mode,
      bootstrap,
      runs: walls.length,
      wall_ms: median(walls),
      wall_min_ms: Math.min(...walls),
      cpu_ms: median(cpus),
      reference_s: c.reference,
      max_abs_diff: maxDiff,
      parity: Object.keys(c.expected).length > 0,
      timed: true,
    });
  };
  for (const c of cases.filter((x) => x.timed)) {
    progress(`${c.name}: in process`);
    const tables = c.extra.length ? { tables: c.extra[1] } : {};
    for (const bootstrap of [0, 1000]) {
      const options = { task: c.task, bootstrap, ...tables };
      await timeInProcess(
        c,
        'in process',
        bootstrap ? 'default' : '0',
        `in process, bootstrap ${bootstrap}`,
        () => scorePredictions(c.data, c.pred, options),
      );
    }
    // Scoring only, the data and predictions already in memory — what the official scorers' in-process
    // times measure (after their JSON loading).
    const loaded = await loadTask(c.data, { task: c.task, ...tables });
    const predictions = await readPredictions(c.pred, {
      task: loaded.task,
      idsOf: (split) => loaded.splits.get(split)?.examples.map((e) => e.id),
    });
    const bySplit = new Map([...predictions.splits].map(([name, p]) => [name, p.byId]));
    await timeInProcess(c, 'scoring only', '0', 'in process, data loaded', () =>
      scoreLoaded(loaded, bySplit, { task: c.task, bootstrap: 0, ...tables }),
    );
  }
}
// ---- the official sacreBLEU on the same machine (optional) -----------------------------------------------
// --python PY (or READIN_BENCH_PYTHON): a Python with sacrebleu installed. The reference times above were taken
// on another machine; this measures the official scorer here, under the same load, for a fair ratio.
const python = args.includes('--python')
  ? args[args.indexOf('--python') + 1]
  : process.env.READIN_BENCH_PYTHON;
let sacre;
const wmtTimed = cases.find((c) => c.task === 'wmt21' && c.timed && c.perExample);
if (python && wmtTimed) {
  progress('sacreBLEU (official, Python) on the same machine');
  const probe = spawnSync(python, ['-c', 'import sacrebleu; print(sacrebleu.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    console.error(`score-cli: ${python} cannot import sacrebleu; the same-machine comparison is skipped.`);
  } else {
    const cliArgs = [files.wmtRef, '-i', wmtTimed.pred, '-m', 'bleu', 'chrf', '-b'];
    const wrapper = [
      'import atexit, os, runpy, sys',
      "atexit.register(lambda: sys.stderr.write('\\nREADIN_BENCH_CPU_MS %f\\n' % (sum(os.times()[:2]) * 1000)))",
      `sys.argv = ['sacrebleu'] + ${JSON.stringify(cliArgs)}`,
      "runpy.run_module('sacrebleu', run_name='__main__')",
    ].join('\n');
    const walls = [];
    const cpus = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const t0 = performance.now();
      const r = spawnSync(python, ['-c', wrapper], { encoding: 'utf8' });
      const wall = performance.now() - t0;
      if (r.status !== 0) {
        failures.push(`sacrebleu exited ${r.status}: ${r.stderr.slice(0, 300)}`);
        break;
      }
      if (i === 0) continue;
      walls.push(wall);
      cpus.push(Number(/READIN_BENCH_CPU_MS (\S+)/.exec(r.stderr)?.[1]));
    }
    const inProc = [
      'import json, sys, time, sacrebleu',
      `refs = open(${JSON.stringify(files.wmtRef)}, encoding='utf-8').read().rstrip('\\n').split('\\n')`,
      `hyps = open(${JSON.stringify(wmtTimed.pred)}, encoding='utf-8').read().rstrip('\\n').split('\\n')`,
      'out = []',
      `for i in range(${RUNS + 1}):`,
      '    t0 = time.process_time(); w0 = time.perf_counter()',
      '    b = sacrebleu.corpus_bleu(hyps, [refs]).score',
      '    t1 = time.process_time()',
      '    c = sacrebleu.corpus_chrf(hyps, [refs]).score',
      '    t2 = time.process_time(); w2 = time.perf_counter()',
      '    if i: out.append([1000 * (t1 - t0), 1000 * (t2 - t1), 1000 * (w2 - w0)])',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync(python, ['-c', inProc], { encoding: 'utf8' });
    const inRuns = r.status === 0 ? JSON.parse(r.stdout) : [];
    sacre = {
      version: probe.stdout.trim(),
      whole_wall_ms: median(walls),
      whole_cpu_ms: median(cpus),
      in_bleu_cpu_ms: median(inRuns.map((x) => x[0])),
      in_chrf_cpu_ms: median(inRuns.map((x) => x[1])),
      in_wall_ms: median(inRuns.map((x) => x[2])),
    };
  }
}
// ---- the official CMRC2018 and Spider scorers on the same machine (optional) ------------------------------
// --official-cmrc FILE / --official-spider DIR, run by --python PY. Whole process: the script as its README says,
// through a small wrapper (its own CPU time; the NLTK shim below). In process: the module imported, only the
// scoring call timed. NLTK's word_tokenize needs punkt for its sentence split; where that data is missing the
// wrapper makes it word_tokenize(text, preserve_line=True) — the same tokens whenever the text is one sentence.
const argValue = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const officialCmrc = argValue('--official-cmrc');
const officialSpider = argValue('--official-spider');
let official;
if ((officialCmrc || officialSpider) && !python) {
  console.error('score-cli: --official-cmrc / --official-spider need --python PY; skipped.');
} else if (officialCmrc || officialSpider) {
  progress('official CMRC2018 / Spider scorers (Python) on the same machine');
  const nltkProbe = spawnSync(
    python,
    [
      '-c',
      [
        'import json, nltk',
        "out = {'version': nltk.__version__, 'punkt': True}",
        'try:',
        "    nltk.word_tokenize('a b. c d.')",
        'except LookupError:',
        "    out['punkt'] = False",
        'tok = lambda s: nltk.word_tokenize(s, preserve_line=True)',
        // which rule revision of NLTKWordTokenizer this is (see packages/metrics/src/cmrc/nltk.ts)
        "out['revision'] = 'latest' if tok(\"'hello\") == [\"'\", 'hello'] else 'dashes' if tok('a\\u2014b') == ['a', '\\u2014', 'b'] else '3.9'",
        'print(json.dumps(out))',
      ].join('\n'),
    ],
    { encoding: 'utf8' },
  );
  if (nltkProbe.status !== 0) {
    console.error(
      `score-cli: ${python} cannot import nltk; the official CMRC2018 / Spider timing is skipped.`,
    );
  } else {
    const nltk = JSON.parse(nltkProbe.stdout);
    const shim = nltk.punkt
      ? []
      : [
          'import functools, nltk',
          'nltk.word_tokenize = functools.partial(nltk.word_tokenize, preserve_line=True)',
        ];
    const wrapper = join(tmp, 'official-run.py');
    writeFileSync(
      wrapper,
      [
        'import atexit, os, runpy, sys',
        "atexit.register(lambda: sys.stderr.write('\\nREADIN_BENCH_CPU_MS %f\\n' % (sum(os.times()[:2]) * 1000)))",
        ...shim,
        'script = sys.argv[1]',
        'sys.argv = sys.argv[1:]',
        'sys.path[0] = os.path.dirname(os.path.abspath(script))',
        "runpy.run_path(script, run_name='__main__')",
        '',
      ].join('\n'),
    );
    official = { nltk: { ...nltk, preserve_line_shim: !nltk.punkt } };
    /** Median wall and CPU of the script as a whole process (after one warm-up); the last run's stdout. */
    const wholeProcess = (name, argv) => {
      const walls = [];
      const cpus = [];
      let stdout = '';
      for (let i = 0; i < RUNS + 1; i++) {
        const t0 = performance.now();
        const r = spawnSync(python, [wrapper, ...argv], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const wall = performance.now() - t0;
        if (r.status !== 0) {
          const stderr = r.stderr.replace(/\n?READIN_BENCH_CPU_MS \S+\n?/, '').trim();
          failures.push(`official ${name} exited ${r.status}: ${stderr.slice(-600)}`);
          return undefined;
        }
        stdout = r.stdout;
        if (i === 0) continue;
        walls.push(wall);
        cpus.push(Number(/READIN_BENCH_CPU_MS (\S+)/.exec(r.stderr)?.[1]));
      }
      return { whole_wall_ms: median(walls), whole_cpu_ms: median(cpus), stdout };
    };
    /** Median process CPU and wall of `call` in one Python process, after `setup` and one warm-up call. */
    const inProcess = (name, setup, call) => {
      const script = [
        'import contextlib, importlib.util, json, os, sys, time',
        ...shim,
        'def load(name, path):',
        '    spec = importlib.util.spec_from_file_location(name, path)',
        '    module = importlib.util.module_from_spec(spec)',
        '    spec.loader.exec_module(module)',
        '    return module',
        ...setup,
        'out = []',
        "null = open(os.devnull, 'w')",
        `for i in range(${RUNS + 1}):`,
        '    with contextlib.redirect_stdout(null), contextlib.redirect_stderr(null):',
        '        t0 = time.process_time(); w0 = time.perf_counter()',
        `        ${call}`,
        '        t1 = time.process_time(); w1 = time.perf_counter()',
        '    if i: out.append([1000 * (t1 - t0), 1000 * (w1 - w0)])',
        'print(json.dumps(out))',
      ].join('\n');
      const r = spawnSync(python, ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) {
        failures.push(`official ${name} in process exited ${r.status}: ${r.stderr.trim().slice(-600)}`);
        return {};
      }
      const runs = JSON.parse(r.stdout);
      return { in_cpu_ms: median(runs.map((x) => x[0])), in_wall_ms: median(runs.map((x) => x[1])) };
    };
    const py = JSON.stringify;
    const fixed3 = (x) => (typeof x === 'number' ? x.toFixed(3) : String(x));

    const cmrcCase = cases.find((c) => c.task === 'cmrc2018' && c.timed);
    if (officialCmrc && cmrcCase) {
      const whole = wholeProcess('cmrc2018_evaluate.py', [officialCmrc, files.cmrcDev, files.cmrcPred]);
      const inProc = inProcess(
        'cmrc2018_evaluate.py',
        [
          `m = load('cmrc2018_evaluate', ${py(officialCmrc)})`,
          `gt = json.load(open(${py(files.cmrcDev)}, 'rb'))`,
          `preds = json.load(open(${py(files.cmrcPred)}, 'rb'))`,
        ],
        'm.evaluate(gt, preds)',
      );
      // the official output prints EM and F1 to 3 decimals; ours must round to the same
      const printed = whole ? JSON.parse(whole.stdout.trim().split('\n').pop()) : {};
      const out = { em: printed.EM, f1: printed.F1 };
      const ours = { em: fixed3(cmrcCase.clean?.em), f1: fixed3(cmrcCase.clean?.f1) };
      const same = (a, b) => a.em === b.em && a.f1 === b.f1;
      const { cmrcEvaluate, DEFAULT_NLTK_REVISION } = await import('@readin/metrics');
      let oursSameNltk;
      if (whole && !same(out, ours) && nltk.revision !== DEFAULT_NLTK_REVISION) {
        // the parity vectors (and our default) follow NLTK 3.9's rules; score again with this nltk's rules
        const e = cmrcEvaluate(readJson(files.cmrcDev), readJson(files.cmrcPred), {
          revision: nltk.revision,
        });
        oursSameNltk = { revision: nltk.revision, em: fixed3(e.EM), f1: fixed3(e.F1) };
      }
      const agree = same(out, ours) || (oursSameNltk !== undefined && same(out, oursSameNltk));
      if (whole && !agree)
        failures.push(
          `official cmrc2018_evaluate.py printed EM ${out.em} F1 ${out.f1}; ours EM ${ours.em} F1 ${ours.f1}`,
        );
      official.cmrc2018 = {
        case: cmrcCase.name,
        script: officialCmrc,
        ...(whole ? { whole_wall_ms: whole.whole_wall_ms, whole_cpu_ms: whole.whole_cpu_ms } : {}),
        ...inProc,
        official_output: out,
        ours_output: ours,
        ...(oursSameNltk ? { ours_with_same_nltk_rules: oursSameNltk } : {}),
        output_agrees: whole ? agree : undefined,
      };
    }

    const spiderCase = cases.find((c) => c.task === 'cspider' && c.timed);
    if (officialSpider && spiderCase) {
      // The official script reads gold lines `SQL\tdb_id` and DBDIR/<db_id>/<db_id>.sqlite: schema-only SQLite
      // files from tables.json (original names; SQLite's own sqlite_sequence cannot be created and is skipped).
      const dir = join(tmp, 'spider-official');
      const dbDir = join(dir, 'database');
      const gold = join(dir, 'gold.sql');
      mkdirSync(dbDir, { recursive: true });
      writeFileSync(
        gold,
        readJson(files.spiderDev)
          .map((x) => `${x.query}\t${x.db_id}\n`)
          .join(''),
      );
      const { default: Database } = await import('better-sqlite3');
      const quote = (name) => `"${String(name).replaceAll('"', '""')}"`;
      for (const entry of readJson(files.spiderTables)) {
        mkdirSync(join(dbDir, entry.db_id), { recursive: true });
        const db = new Database(join(dbDir, entry.db_id, `${entry.db_id}.sqlite`));
        const ddl = entry.table_names_original
          .map((table, t) => [table, t])
          .filter(([table]) => table.toLowerCase() !== 'sqlite_sequence')
          .map(([table, t]) => {
            const columns = entry.column_names_original.filter(([ti]) => ti === t).map(([, c]) => quote(c));
            return `CREATE TABLE ${quote(table)} (${columns.join(', ')});`;
          });
        db.exec(`BEGIN; ${ddl.join(' ')} COMMIT;`);
        db.close();
      }
      const evaluation = join(officialSpider, 'evaluation.py');
      const whole = wholeProcess('evaluation.py', [
        ...[evaluation, '--gold', gold, '--pred', files.spiderPred, '--etype', 'match'],
        ...['--db', dbDir, '--table', files.spiderTables],
      ]);
      const inProc = inProcess(
        'evaluation.py',
        [
          `sys.path.insert(0, ${py(officialSpider)})`,
          `m = load('evaluation', ${py(evaluation)})`,
          `kmaps = m.build_foreign_key_map_from_json(${py(files.spiderTables)})`,
        ],
        `m.evaluate(${py(gold)}, ${py(files.spiderPred)}, ${py(dbDir)}, 'match', kmaps)`,
      );
      // the official table prints exact-match accuracy (0–1, 3 decimals) for easy medium hard extra all
      const levels = ['easy', 'medium', 'hard', 'extra', 'all'];
      const row = whole ? /^exact match\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(whole.stdout) : null;
      const out = row ? Object.fromEntries(levels.map((l, i) => [l, row[i + 1]])) : {};
      const clean = spiderCase.clean ?? {};
      const ours = Object.fromEntries(
        levels.map((l) => [l, fixed3((l === 'all' ? clean.exact_match : clean.by_hardness?.[l]) / 100)]),
      );
      const agree = levels.every((l) => out[l] === ours[l]);
      if (whole && !agree)
        failures.push(
          `official evaluation.py printed exact match ${JSON.stringify(out)}; ours ${JSON.stringify(ours)}`,
        );
      official.cspider = {
        case: spiderCase.name,
        script: evaluation,
        ...(whole ? { whole_wall_ms: whole.whole_wall_ms, whole_cpu_ms: whole.whole_cpu_ms } : {}),
        ...inProc,
        official_output: out,
        ours_output: ours,
        output_agrees: whole ? agree : undefined,
      };
    }
  }
}
const load1 = loadavg();

// ---- report ---------------------------------------------------------------------------------------------
const result = {
  runs: RUNS,
  node: process.version,
  loadavg_before: load0.map((x) => Number(x.toFixed(2))),
  loadavg_after: load1.map((x) => Number(x.toFixed(2))),
  startup: {
    readin_version_wall_ms: median(startup.version),
    readin_version_cpu_ms: median(startup.versionCpu),
    node_bare_wall_ms: median(startup.bare),
    node_bare_cpu_ms: median(startup.bareCpu),
  },
  rows,
  per_example: perExampleRows,
  sacrebleu_same_machine: sacre,
  official_same_machine: official,
  parity_failures: failures,
};
if (flag('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  console.log(
    `score-cli: median of ${RUNS} runs after warm-up; ${process.version}; load average ${result.loadavg_before.join(' ')} → ${result.loadavg_after.join(' ')} (2 shared cores: wall ≥ CPU)`,
  );
  console.log(
    `  start-up: readin --version ${f(result.startup.readin_version_wall_ms)} ms wall / ${f(result.startup.readin_version_cpu_ms)} ms CPU; bare node -e 0 ${f(result.startup.node_bare_wall_ms)} ms wall / ${f(result.startup.node_bare_cpu_ms)} ms CPU`,
  );
  const header = [
    'case',
    'mode',
    'bootstrap',
    'wall ms',
    'min ms',
    'CPU ms',
    'ref s',
    '× ref',
    'target',
    'parity |Δ|',
  ];
  const table = rows.map((r) => {
    const speedup = r.reference_s ? (r.reference_s * 1000) / r.cpu_ms : Number.NaN;
    const target = r.mode === 'CLI process' ? 3 : 10;
    return [
      r.case,
      r.mode,
      r.bootstrap,
      r.timed ? f(r.wall_ms) : '(parity only)',
      r.timed ? f(r.wall_min_ms) : '',
      r.timed ? f(r.cpu_ms) : '',
      r.reference_s ? r.reference_s.toFixed(2) : '—',
      r.timed && r.reference_s ? `${speedup.toFixed(1)}×` : '',
      r.timed && r.reference_s ? `${target}× ${speedup >= target ? 'ok' : 'below'}` : '',
      !r.parity
        ? 'n/a'
        : r.max_abs_diff <= TOLERANCE
          ? `ok ${r.max_abs_diff.toExponential(0)}`
          : `MISMATCH ${r.max_abs_diff}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
  const line = (cells) => `  ${cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')}`;
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log(
    '  × ref = reference time of the official Python scorer (taken on another machine; WMT = BLEU + chrF) / our median\n' +
      '  CPU time. Use --python PY to time sacreBLEU on this machine under the same load: the fair ratio.',
  );
  if (sacre) {
    const ours = (mode) =>
      rows.find((r) => r.case === wmtTimed.name && r.mode === mode && r.bootstrap === '0');
    const whole = ours('CLI process');
    const inProc = ours('scoring only');
    const inCpu = sacre.in_bleu_cpu_ms + sacre.in_chrf_cpu_ms;
    console.log(
      `  official sacreBLEU ${sacre.version} on this machine (${wmtTimed.name}, BLEU + chrF): whole process ${f(sacre.whole_wall_ms)} ms wall / ${f(sacre.whole_cpu_ms)} ms CPU; in process BLEU ${f(sacre.in_bleu_cpu_ms)} + chrF ${f(sacre.in_chrf_cpu_ms)} ms CPU`,
    );
    if (whole && inProc)
      console.log(
        `  → readin score is ${(sacre.whole_wall_ms / whole.wall_ms).toFixed(1)}× (wall) / ${(sacre.whole_cpu_ms / whole.cpu_ms).toFixed(1)}× (CPU) faster as a whole process (target 3×), ${(inCpu / inProc.cpu_ms).toFixed(1)}× in process (target 10×; both with the files already read; ours also computes per-sentence statistics)`,
      );
  }
  if (official) {
    const n = official.nltk;
    console.log(
      `  official CMRC2018 / Spider scorers on this machine: Python nltk ${n.version} (rules '${n.revision}')${n.preserve_line_shim ? '; punkt data missing, so nltk.word_tokenize ran with preserve_line=True (injected by a wrapper: no sentence split, the same tokens for one-sentence text)' : ''}`,
    );
    for (const [label, o, note] of [
      [
        'CMRC2018 v6 cmrc2018_evaluate.py',
        official.cmrc2018,
        'official: evaluate(gt, preds) after JSON loading',
      ],
      [
        'Spider evaluation.py --etype match',
        official.cspider,
        'official: evaluate(...) reading gold, predictions and SQLite schemas, kmaps built before',
      ],
    ]) {
      if (!o) continue;
      const ours = (mode) => rows.find((r) => r.case === o.case && r.mode === mode && r.bootstrap === '0');
      const whole = ours('CLI process');
      const inProc = ours('scoring only');
      const ratio = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(1) : '—');
      console.log(
        `  official ${label} (${o.case}): whole process ${f(o.whole_wall_ms)} ms wall / ${f(o.whole_cpu_ms)} ms CPU; in process ${f(o.in_cpu_ms)} ms CPU / ${f(o.in_wall_ms)} ms wall`,
      );
      console.log(
        `  → readin score is ${ratio(o.whole_wall_ms, whole?.wall_ms)}× (wall) / ${ratio(o.whole_cpu_ms, whole?.cpu_ms)}× (CPU) faster as a whole process (target 3×), ${ratio(o.in_cpu_ms, inProc?.cpu_ms)}× in process (CPU; target 10×; ${note}; ours: scoreLoaded on data already read)`,
      );
      const show = (x) =>
        Object.entries(x)
          .filter(([k]) => k !== 'revision')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || '—';
      console.log(
        `    output check: official ${show(o.official_output)}; ours ${show(o.ours_output)}${o.ours_with_same_nltk_rules ? `; ours with nltk rules '${o.ours_with_same_nltk_rules.revision}' (the parity vectors follow '3.9') ${show(o.ours_with_same_nltk_rules)}` : ''} → ${o.output_agrees ? 'agree' : o.output_agrees === false ? 'DIFFER' : 'not run'}`,
      );
    }
  }
  console.log('  per-example agreement with the official scorers (readin score --details, |Δ| ≤ 1e-9):');
  for (const r of perExampleRows)
    console.log(
      `    ${r.case.padEnd(20)} ${String(r.compared).padStart(5)} values compared, ${r.disagreements === 0 ? 'all agree' : `${r.disagreements} DISAGREE`} (max |Δ| ${r.max_abs_diff.toExponential(1)})`,
    );
}
if (failures.length > 0) {
  console.error(`\n!!! score-cli: ${failures.length} PARITY/RUN FAILURE(S) !!!`);
  for (const f of failures.slice(0, 20)) console.error(`  ${f}`);
  process.exit(1);
}
