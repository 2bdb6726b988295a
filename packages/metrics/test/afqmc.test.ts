import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import {
  type AfqmcGold,
  type AfqmcStat,
  afqmcGold,
  createAfqmcMetric,
  parseAfqmcLabel,
} from '../src/index.js';

const metric = createAfqmcMetric();
const score = (gold: AfqmcGold[], preds: unknown[]) =>
  metric.corpus(gold.map((g, i) => metric.exampleStats(g, preds[i])));

describe('parseAfqmcLabel', () => {
  test.each([
    [0, 0],
    [1, 1],
    ['0', 0],
    ['1', 1],
    [false, 0],
    [true, 1],
    [2, undefined],
    [0.5, undefined],
    [' 1', undefined],
    ['yes', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
    [[1], undefined],
    [{ label: 1 }, undefined],
  ])('%j → %j', (input, expected) => {
    expect(parseAfqmcLabel(input)).toBe(expected);
  });
});

describe('createAfqmcMetric', () => {
  it('names its metrics with acc first', () => {
    expect(metric.task).toBe('afqmc');
    expect(metric.metricNames).toEqual(['acc', 'acc_pos', 'acc_neg', 'macro_f1']);
    expect(Object.keys(metric.corpus([]))).toEqual(metric.metricNames);
  });

  test.each([
    // gold, predictions, acc, acc_pos, acc_neg, macro_f1 (sklearn f1_score(average='macro', labels=[0, 1]))
    [['1', '1', '0', '0', '0'], [1, 0, 0, 0, 1], 60, 50, 200 / 3, 100 * ((0.5 + 2 / 3) / 2)],
    [['1', '1', '0', '0'], ['1', '1', '0', '0'], 100, 100, 100, 100],
    [['1', '1', '0', '0'], [true, true, false, false], 100, 100, 100, 100],
    [['1', '1', '0', '0'], [0, 0, 1, 1], 0, 0, 0, 0],
    // All predicted negative: class 1 has F1 0, class 0 has F1 2·2/(2·2+2) = 2/3.
    [['1', '1', '0', '0'], [0, 0, 0, 0], 50, 0, 100, 100 * (2 / 3 / 2)],
    // Invalid predictions are wrong, and count as the other class for F1.
    [['1', '0'], ['yes', null], 0, 0, 0, 0],
    [['1', '0', '0'], [1, 'x', 0], 200 / 3, 100, 50, 100 * ((2 / 3 + 2 / 3) / 2)],
    // Only positives, all right: class 0 has no gold and no prediction → F1 0 (fixed label set).
    [['1', '1'], [1, 1], 100, 100, 0, 50],
  ])('gold %j, predictions %j', (gold, preds, acc, accPos, accNeg, macroF1) => {
    const m = score(gold as AfqmcGold[], preds);
    expect(m.acc).toBeCloseTo(acc, 10);
    expect(m.acc_pos).toBeCloseTo(accPos, 10);
    expect(m.acc_neg).toBeCloseTo(accNeg, 10);
    expect(m.macro_f1).toBeCloseTo(macroF1, 10);
  });

  it('gives 0 everywhere on empty input', () => {
    expect(metric.corpus([])).toEqual({ acc: 0, acc_pos: 0, acc_neg: 0, macro_f1: 0 });
  });

  it('per-example metric is acc 0/100', () => {
    expect(metric.exampleMetrics(metric.exampleStats('1', '1'))).toEqual({ acc: 100 });
    expect(metric.exampleMetrics(metric.exampleStats('0', 1))).toEqual({ acc: 0 });
  });

  it('worst: correct only if correct under every version, then the same four metrics', () => {
    const s = (gold: 0 | 1, correct: boolean): AfqmcStat => ({ gold, correct });
    const w = metric.worst([
      [s(1, true), s(1, true), s(1, true)],
      [s(1, true), s(1, false), s(1, true)],
      [s(0, true), s(0, true), s(0, true)],
      [s(0, false), s(0, false), s(0, true)],
      [s(0, true), s(0, true), s(0, true)],
    ]);
    expect(w).toEqual(metric.corpus([s(1, true), s(1, false), s(0, true), s(0, false), s(0, true)]));
    expect(w.acc).toBeCloseTo(60, 10);
    expect(w.acc_pos).toBeCloseTo(50, 10);
    expect(metric.worst([])).toEqual(metric.corpus([]));
  });

  it('properties: values in [0, 100]; acc is the count-weighted mean of acc_pos and acc_neg; worst ≤ every version', () => {
    const stat = fc.record({ gold: fc.constantFrom<0 | 1>(0, 1), correct: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.array(stat, { minLength: 3, maxLength: 3 }), { maxLength: 30 }), (raw) => {
        const versions = raw.map((v) => v.map((s) => ({ gold: v[0]!.gold, correct: s.correct })));
        const copy = structuredClone(versions);
        const w = metric.worst(versions);
        expect(versions).toEqual(copy);
        for (let k = 0; k < 3; k++) {
          const stats = versions.map((v) => v[k]!);
          const m = metric.corpus(stats);
          for (const v of Object.values(m)) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100);
          }
          const pos = stats.filter((s) => s.gold === 1).length;
          if (stats.length > 0) {
            expect(m.acc).toBeCloseTo(
              (m.acc_pos! * pos + m.acc_neg! * (stats.length - pos)) / stats.length,
              9,
            );
          }
          expect(w.acc).toBeLessThanOrEqual(m.acc! + 1e-9);
          expect(w.acc_pos).toBeLessThanOrEqual(m.acc_pos! + 1e-9);
          expect(w.acc_neg).toBeLessThanOrEqual(m.acc_neg! + 1e-9);
        }
      }),
    );
  });

  it('extracts the gold label from an AfqmcExample', () => {
    expect(afqmcGold({ label: '1' })).toBe('1');
  });
});
