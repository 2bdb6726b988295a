#!/usr/bin/env node
// CSpider parity: Spider's evaluation.py ('match' etype) on ../shared/data/parity/cspider — per example exact
// match AND hardness, and the total exact match, against the reference run. The gold/prediction files are read
// the way evaluate() reads them (universal newlines, blank lines dropped, `strip().split('\t')`).
// Imports the BUILT package (run `npx tsc -b` first). Exits 1 on any difference.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSpiderMetric } from '@readin/metrics';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', '..', 'shared', 'data');
const dir = join(data, 'parity', 'cspider');
const goldFile = join(data, 'clean', 'cspider', 'dev_gold.sql');
const tablesFile = join(data, 'clean', 'cspider', 'tables.json');
if (!existsSync(dir) || !existsSync(goldFile) || !existsSync(tablesFile)) {
  console.log(`cspider parity: ${dir} not found; skipped (the vectors live outside the repo).`);
  process.exit(0);
}

const PY_WS =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const strip = (s) => s.replace(new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g'), '');
// Python text mode: universal newlines; readlines(); keep lines whose strip() is non-empty.
const lines = (file) =>
  readFileSync(file, 'utf8')
    .split(/\r\n|\r|\n/)
    .map(strip)
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));

const TOL = 1e-9;
const metric = await createSpiderMetric({ tables: tablesFile });
const gold = lines(goldFile);
let failures = 0;
let compared = 0;
const report = (msg) => {
  failures++;
  if (failures <= 20) console.log(`MISMATCH ${msg}`);
};

const sets = readdirSync(dir)
  .filter((f) => /^preds-.*\.sql$/.test(f))
  .sort();
for (const predFile of sets) {
  const expFile = join(dir, predFile.replace(/^preds-/, 'expected-').replace(/\.sql$/, '.json'));
  if (!existsSync(expFile)) continue;
  const expected = JSON.parse(readFileSync(expFile, 'utf8'));
  const preds = lines(join(dir, predFile));
  const n = Math.min(preds.length, gold.length); // zip()
  if (n !== expected.n) report(`${predFile}: ${n} pairs, expected n=${expected.n}`);
  const stats = [];
  for (let i = 0; i < n; i++) {
    const [query, dbId] = gold[i];
    const stat = metric.exampleStats({ query, db_id: dbId }, preds[i][0]);
    stats.push(stat);
    compared++;
    if (stat.match !== expected.per_example[i]) {
      report(
        `${predFile} #${i} exact ${stat.match} vs ${expected.per_example[i]}: ${preds[i][0].slice(0, 200)}`,
      );
    }
    if (stat.hardness !== expected.hardness[i]) {
      report(`${predFile} #${i} hardness ${stat.hardness} vs ${expected.hardness[i]}: ${query}`);
    }
  }
  const em = metric.corpus(stats).exact_match;
  compared++;
  if (!(Math.abs(em - expected.exact_match) <= TOL))
    report(`${predFile} exact_match ${em} vs ${expected.exact_match}`);
  console.log(
    `${predFile}: ${n} examples, exact_match ${em.toFixed(4)} (expected ${expected.exact_match.toFixed(4)})`,
  );
}
console.log(
  `cspider parity: ${sets.length} prediction set(s), ${compared} comparisons, ${failures === 0 ? 'all equal' : `${failures} MISMATCHES`}`,
);
process.exit(failures === 0 ? 0 : 1);
