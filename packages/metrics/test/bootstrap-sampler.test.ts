import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, createAfqmcMetric, createWmtMetric, type TaskMetric } from '../src/index.js';

/** The drawn statistics in index order, as the plain corpus() path would see them (modulo order). */
function expand<S>(stats: readonly (S | undefined)[], counts: Int32Array): S[] {
  const out: S[] = [];
  counts.forEach((c, i) => {
    const s = stats[i];
    if (s !== undefined) for (let k = 0; k < c; k++) out.push(s);
  });
  return out;
}

const words = ['the', 'cat', 'sat', 'on', 'a', 'mat', '.', ',', 'dog', '3-4', 'Mr.', '猫'];
const sentence = fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((w) => w.join(' '));

describe('corpusSampler (the bootstrap fast path) equals corpus() bit for bit', () => {
  const wmt = createWmtMetric();
  const afqmc = createAfqmcMetric();

  it('wmt21: BLEU and chrF from weighted counts, absent entries skipped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sentence, sentence, fc.boolean(), fc.nat(3)), { minLength: 1, maxLength: 25 }),
        (rows) => {
          const stats = rows.map(([h, r, absent]) => (absent ? undefined : wmt.exampleStats(r, h)));
          const counts = Int32Array.from(rows.map((row) => row[3]));
          const got = wmt.corpusSampler!(stats)(counts);
          const want = wmt.corpus(expand(stats, counts));
          expect(Object.is(got.bleu, want.bleu)).toBe(true);
          expect(Object.is(got.chrf, want.chrf)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('afqmc: the four metrics from weighted counts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('0', '1'), fc.constantFrom('0', '1', 'x'), fc.boolean(), fc.nat(3)),
          {
            maxLength: 40,
          },
        ),
        (rows) => {
          const stats = rows.map(([g, p, absent]) => (absent ? undefined : afqmc.exampleStats(g, p)));
          const counts = Int32Array.from(rows.map((row) => row[3]));
          expect(afqmc.corpusSampler!(stats)(counts)).toStrictEqual(afqmc.corpus(expand(stats, counts)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    [
      'wmt21',
      wmt,
      (i: number) => `the cat sat on mat number ${i % 7} .`,
      (i: number, v: number) => (i % (v + 2) === 0 ? 'a dog sat' : `the cat sat on mat number ${i % 5} .`),
    ],
    [
      'afqmc',
      afqmc,
      (i: number) => String(i % 2),
      (i: number, v: number) => String((i * (v + 3)) % 3 === 0 ? 1 - (i % 2) : i % 2),
    ],
  ] as const)(
    '%s: aggregate with the fast path gives the same report as without it',
    (_name, metric, goldOf, predOf) => {
      const m = metric as TaskMetric<string, unknown>;
      const ids = Array.from({ length: 60 }, (_, i) => String(i));
      const splits = [
        { name: 'test_clean', ids },
        { name: 'test_noisy_keyboard_1', ids },
        { name: 'test_noisy_keyboard_2', ids: ids.filter((_, i) => i % 9 !== 4) },
        { name: 'test_noisy_keyboard_3', ids },
      ];
      const predictions = new Map(
        splits.map((s, v) => [
          s.name,
          new Map(s.ids.map((id) => [id, v === 0 ? goldOf(Number(id)) : predOf(Number(id), v)])),
        ]),
      );
      const input = {
        gold: new Map(ids.map((id) => [id, goldOf(Number(id))])),
        cleanIds: ids,
        splits,
        predictions,
      };
      const options = { bootstrap: 200, seed: 7 };
      const fast = aggregate(m, input, options);
      const slow = aggregate({ ...m, corpusSampler: undefined }, input, options);
      expect(fast.summary.keyboard?.drop).toBeDefined();
      expect(fast).toStrictEqual(slow);
    },
  );
});
