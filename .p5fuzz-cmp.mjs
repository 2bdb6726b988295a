import { readFileSync } from 'node:fs';
import { createSpiderMetric } from '@readin/metrics';
const pairs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const py = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const m = await createSpiderMetric({ tables: '/work/shared/data/clean/cspider/tables.json' });
let bad = 0, crashes = 0, pyCrash = 0, matches = 0;
pairs.forEach(([q, db, p], i) => {
  const s = m.exampleStats({ query: q, db_id: db }, p);
  const [pm, ph, pc] = py[i];
  if (pc) pyCrash++;
  if (s.crashed) crashes++;
  matches += s.match;
  if (s.match !== pm || s.hardness !== ph || !!s.crashed !== pc) {
    bad++;
    if (bad <= 12) console.log(i, 'ts', s.match, s.hardness, !!s.crashed, s.parsed, 'py', pm, ph, pc, '\n  G:', q, '\n  P:', JSON.stringify(p));
  }
});
console.log('pairs', pairs.length, 'mismatches', bad, 'matches', matches, 'ts crashes', crashes, 'py crashes', pyCrash);
