#!/usr/bin/env node
// Scores of the offline baselines of @readin/models, per split: on the bundled sample (data/sample) and, when
// ../shared/data is present, on the real clean/noisy data (AFQMC clean+keyboard, WMT clean+keyboard+ASR,
// CMRC2018 and CSpider clean dev). Quick numbers for the README, not the official report: AFQMC accuracy on
// positives/negatives; CMRC2018 EM/F1 (@readin/metrics); CSpider exact string match after whitespace/case
// normalisation (a lower bound of exact set match); WMT corpus BLEU (@readin/metrics, sacreBLEU 13a).
// Run `npx tsc -b` first. Usage: node bench/models-baselines.mjs [--sample-only] [--json]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cmrcEm, cmrcF1, corpusBleu } from '@readin/metrics';
import { createModel } from '@readin/models';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data');
const args = process.argv.slice(2);
const SPLITS = [
  'test_clean',
  'test_noisy_keyboard_1',
  'test_noisy_keyboard_2',
  'test_noisy_keyboard_3',
  'test_noisy_asr_1',
  'test_noisy_asr_2',
  'test_noisy_asr_3',
];

const jsonl = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => ({ id: String(i), ...JSON.parse(l) }));

function squad(file) {
  const out = [];
  for (const doc of JSON.parse(readFileSync(file, 'utf8')).data)
    for (const p of doc.paragraphs)
      for (const qa of p.qas)
        out.push({ id: qa.id, context: p.context, question: qa.question, answers: qa.answers });
  return out;
}

const normSql = (s) =>
  s
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([,()])\s*/g, '$1')
    .replace(/;$/, '')
    .trim();

async function score(task, modelSpec, examples, schemas) {
  const model = await createModel(modelSpec);
  const preds = [];
  for (const example of examples) {
    const context = task === 'cspider' ? { schema: schemas.get(example.db_id) } : {};
    preds.push((await model.predict({ task, example, context })).prediction);
  }
  const pct = (x) => Math.round(1000 * x) / 10;
  if (task === 'afqmc') {
    const pos = examples.map((e, i) => [e, preds[i]]).filter(([e]) => e.label === '1');
    const neg = examples.map((e, i) => [e, preds[i]]).filter(([e]) => e.label !== '1');
    return {
      pos: pct(pos.filter(([, p]) => p === '1').length / pos.length),
      neg: pct(neg.filter(([, p]) => p === '0').length / neg.length),
    };
  }
  if (task === 'cmrc2018') {
    const gold = examples.map((e) => e.answers.map((a) => a.text));
    return {
      em: pct(gold.reduce((s, g, i) => s + cmrcEm(g, preds[i]), 0) / gold.length),
      f1: pct(gold.reduce((s, g, i) => s + cmrcF1(g, preds[i]), 0) / gold.length),
    };
  }
  if (task === 'cspider')
    return {
      match: pct(examples.filter((e, i) => normSql(e.query) === normSql(preds[i])).length / examples.length),
    };
  const refs = examples.map((e) => e.en.trim());
  return { bleu: Math.round(100 * corpusBleu(preds, refs).score) / 100 };
}

const BASELINES = {
  afqmc: ['char-overlap', 'pinyin-overlap'],
  cmrc2018: ['best-window'],
  cspider: ['template-sql'],
  wmt21: ['copy', 'gloss'],
};

const results = [];
async function suite(label, dirs) {
  for (const [task, names] of Object.entries(BASELINES)) {
    const dir = dirs[task];
    if (!dir) continue;
    const schemas = new Map();
    if (task === 'cspider' && dir.tables)
      for (const s of JSON.parse(readFileSync(dir.tables, 'utf8'))) schemas.set(s.db_id, s);
    for (const name of names) {
      for (const split of SPLITS) {
        const file = dir.files?.[split] ?? join(dir.dir ?? '', `${split}.json`);
        if (!existsSync(file)) continue;
        const examples = dir.load ? dir.load(file) : jsonl(file);
        results.push({
          data: label,
          task,
          baseline: name,
          split,
          n: examples.length,
          ...(await score(task, `baseline:${name}`, examples, schemas)),
        });
      }
    }
  }
}

const sample = join(root, 'data', 'sample');
await suite('sample', {
  afqmc: { dir: join(sample, 'afqmc') },
  cmrc2018: { dir: join(sample, 'cmrc2018') },
  cspider: { dir: join(sample, 'cspider'), tables: join(sample, 'cspider', 'tables.json') },
  wmt21: { dir: join(sample, 'wmt21') },
});
if (!args.includes('--sample-only') && existsSync(shared)) {
  await suite('real', {
    afqmc: { dir: join(shared, 'readin-real', 'afqmc') },
    wmt21: { dir: join(shared, 'readin-real', 'wmt21') },
    cmrc2018: { files: { test_clean: join(shared, 'clean', 'cmrc2018', 'cmrc2018_dev.json') }, load: squad },
    cspider: {
      files: { test_clean: join(shared, 'clean', 'cspider', 'dev.json') },
      load: (f) => JSON.parse(readFileSync(f, 'utf8')).map((e, i) => ({ id: String(i), ...e })),
      tables: join(shared, 'clean', 'cspider', 'tables.json'),
    },
  });
}

if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
else
  for (const r of results) {
    const { data, task, baseline, split, n, ...m } = r;
    console.log(
      `${data.padEnd(6)} ${task.padEnd(8)} ${baseline.padEnd(14)} ${split.padEnd(22)} n=${String(n).padEnd(5)} ${Object.entries(
        m,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join('  ')}`,
    );
  }
