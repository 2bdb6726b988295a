import { describe, expect, it } from 'vitest';
import { aggregate, meanMetrics, type TaskMetric } from '../src/index.js';

/** A toy 0/1 accuracy metric: enough to pin the aggregation rules independently of the real metrics. */
const toy: TaskMetric<string, number> = {
  task: 'afqmc',
  metricNames: ['acc'],
  exampleStats: (gold, prediction) => (prediction === gold ? 1 : 0),
  corpus: (stats) => ({
    acc: stats.length === 0 ? 0 : (100 * stats.reduce((a, b) => a + b, 0)) / stats.length,
  }),
  exampleMetrics: (s) => ({ acc: 100 * s }),
  worst: (versions) => ({
    acc:
      versions.length === 0
        ? 0
        : (100 * versions.filter((v) => v.every((s) => s === 1)).length) / versions.length,
  }),
  signature: 'toy',
};

const ids = ['0', '1', '2', '3'];
const gold = new Map(ids.map((id) => [id, 'y']));
const split = (name: string, present = ids) => ({ name, ids: present });
const preds = (right: string[]) => new Map(ids.map((id) => [id, right.includes(id) ? 'y' : 'n']));

describe('aggregate', () => {
  const result = aggregate(
    toy,
    {
      gold,
      cleanIds: ids,
      splits: [
        split('test_clean'),
        split('test_noisy_keyboard_1'),
        split('test_noisy_keyboard_2'),
        split('test_noisy_keyboard_3'),
        split('test_noisy_asr_1', ['0', '1', '2']),
      ],
      predictions: new Map([
        ['test_clean', preds(['0', '1', '2', '3'])],
        ['test_noisy_keyboard_1', preds(['0', '1', '2'])],
        ['test_noisy_keyboard_2', preds(['0', '1'])],
        ['test_noisy_keyboard_3', preds(['0', '2', '3'])],
        ['test_noisy_asr_1', preds(['0'])],
      ]),
    },
    { bootstrap: 200, seed: 1, details: true },
  );

  it('scores each split and reports missing ids', () => {
    expect(result.splits.test_noisy_keyboard_1!.metrics.acc).toBe(75);
    expect(result.splits.test_noisy_asr_1).toMatchObject({ n: 3, missing: 1, missing_ids: ['3'] });
    expect(result.splits.test_noisy_asr_1!.metrics.acc).toBeCloseTo(100 / 3, 12);
  });
  it('averages over versions and takes the per-example worst', () => {
    expect(result.summary.clean.acc).toBe(100);
    expect(result.summary.keyboard!.average.acc).toBeCloseTo((75 + 50 + 75) / 3, 12);
    // correct under all three keyboard versions: only id 0
    expect(result.summary.keyboard!.worst.acc).toBe(25);
    expect(result.summary.keyboard!.versions).toBe(3);
  });
  it('gives a paired bootstrap interval around the drop', () => {
    const drop = result.summary.keyboard!.drop!.acc!;
    expect(drop.estimate).toBeCloseTo(100 - 200 / 3, 12);
    expect(drop.low).toBeLessThanOrEqual(drop.estimate);
    expect(drop.high).toBeGreaterThanOrEqual(drop.estimate);
    expect(drop.high).toBeLessThanOrEqual(100);
  });
  it('is deterministic for a seed', () => {
    const again = aggregate(
      toy,
      {
        gold,
        cleanIds: ids,
        splits: [split('test_clean'), split('test_noisy_keyboard_1')],
        predictions: new Map([
          ['test_clean', preds(ids)],
          ['test_noisy_keyboard_1', preds(['0'])],
        ]),
      },
      { bootstrap: 100, seed: 9 },
    );
    const twice = aggregate(
      toy,
      {
        gold,
        cleanIds: ids,
        splits: [split('test_clean'), split('test_noisy_keyboard_1')],
        predictions: new Map([
          ['test_clean', preds(ids)],
          ['test_noisy_keyboard_1', preds(['0'])],
        ]),
      },
      { bootstrap: 100, seed: 9 },
    );
    expect(again.summary.keyboard!.drop).toEqual(twice.summary.keyboard!.drop);
  });
  it('notes splits with fewer than 3 versions and missing ids', () => {
    expect(result.notes.join('\n')).toMatch(/asr: 1 version/);
    expect(result.notes.join('\n')).toMatch(/test_noisy_asr_1: 1 clean ids are missing/);
  });
  it('writes details per example and split', () => {
    expect(result.details.filter((d) => d.split === 'test_clean')).toHaveLength(4);
    expect(result.details.find((d) => d.split === 'test_noisy_keyboard_2' && d.id === '3')!.metrics.acc).toBe(
      0,
    );
  });
  it('counts unanswered examples as wrong', () => {
    const r = aggregate(toy, {
      gold,
      cleanIds: ids,
      splits: [split('test_clean')],
      predictions: new Map([['test_clean', new Map([['0', 'y']])]]),
    });
    expect(r.splits.test_clean!.unanswered).toBe(3);
    expect(r.summary.clean.acc).toBe(25);
  });
  it('meanMetrics keeps only shared keys', () => {
    expect(meanMetrics([{ a: 1, b: 2 }, { a: 3 }])).toEqual({ a: 2 });
  });
});
