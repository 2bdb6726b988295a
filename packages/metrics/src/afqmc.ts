/**
 * AFQMC (sentence-pair paraphrase, labels "0"/"1"): accuracy, accuracy on positives and on negatives, macro-F1.
 */
import type { AfqmcExample, MetricValues } from '@readin/core';
import type { TaskMetric } from './types.js';

/** AFQMC gold: the label. */
export type AfqmcGold = '0' | '1';

/** Per-example statistics: the gold label (0/1) and whether the prediction was that label. */
export interface AfqmcStat {
  readonly gold: 0 | 1;
  readonly correct: boolean;
}

/** The gold side of an AFQMC example. */
export function afqmcGold(example: Pick<AfqmcExample, 'label'>): AfqmcGold {
  return example.label;
}

/**
 * Reads a raw prediction as a label: `0`/`1`, `"0"`/`"1"` and `false`/`true` are accepted; anything else
 * (other numbers, `"yes"`, `" 1"`, null, objects …) is `undefined`.
 */
export function parseAfqmcLabel(prediction: unknown): 0 | 1 | undefined {
  if (prediction === 0 || prediction === '0' || prediction === false) return 0;
  if (prediction === 1 || prediction === '1' || prediction === true) return 1;
  return undefined;
}

const pct = (num: number, den: number): number => (den === 0 ? 0 : (100 * num) / den);

/** F1 of one class from its confusion counts; 0 when the class has no true and no predicted examples. */
const f1 = (tp: number, fp: number, fn: number): number => {
  const den = 2 * tp + fp + fn;
  return den === 0 ? 0 : (2 * tp) / den;
};

/** The four metrics from counts of (gold, correct). */
function metricsFromCounts(pos: number, posRight: number, neg: number, negRight: number): MetricValues {
  // Binary task: a wrong answer on a positive is a predicted negative and vice versa.
  const posWrong = pos - posRight;
  const negWrong = neg - negRight;
  const f1Pos = f1(posRight, negWrong, posWrong);
  const f1Neg = f1(negRight, posWrong, negWrong);
  return {
    acc: pct(posRight + negRight, pos + neg),
    acc_pos: pct(posRight, pos),
    acc_neg: pct(negRight, neg),
    macro_f1: 50 * (f1Pos + f1Neg),
  };
}

/**
 * The AFQMC metric: `acc` (headline), `acc_pos`, `acc_neg`, `macro_f1`, in percent.
 *
 * - A prediction that is not one of the accepted labels is wrong; for macro-F1 a wrong prediction counts as
 *   the other class (the task is binary), so it is a false negative for the gold class and a false positive for
 *   the other.
 * - macro-F1 averages the F1 of both classes over the fixed label set {0, 1} (sklearn `labels=[0, 1]`,
 *   `zero_division=0`): a class with no gold and no predicted example has F1 0. Empty input gives 0 everywhere.
 * - Worst: an example is correct only if it is correct under every version; the four metrics are then computed
 *   on that "worst-case prediction" (gold label if correct under all versions, the other label otherwise), so
 *   worst macro-F1 is the macro-F1 of an adversary that flips every example that fails at least once.
 */
export function createAfqmcMetric(): TaskMetric<AfqmcGold, AfqmcStat> {
  const corpus = (stats: readonly AfqmcStat[]): MetricValues => {
    let pos = 0;
    let posRight = 0;
    let neg = 0;
    let negRight = 0;
    for (const s of stats) {
      if (s.gold === 1) {
        pos++;
        if (s.correct) posRight++;
      } else {
        neg++;
        if (s.correct) negRight++;
      }
    }
    return metricsFromCounts(pos, posRight, neg, negRight);
  };

  return {
    task: 'afqmc',
    metricNames: ['acc', 'acc_pos', 'acc_neg', 'macro_f1'],
    signature: 'afqmc|acc,acc_pos,acc_neg,macro_f1|labels:0,1|invalid:wrong',

    exampleStats(gold: AfqmcGold, prediction: unknown): AfqmcStat {
      const g: 0 | 1 = gold === '1' ? 1 : 0;
      return { gold: g, correct: parseAfqmcLabel(prediction) === g };
    },

    corpus,

    corpusSampler(stats) {
      // Integer counts: equal to corpus() of the drawn statistics, whatever their order.
      const kind = new Uint8Array(stats.length); // 0 absent, 1 pos wrong, 2 pos right, 3 neg wrong, 4 neg right
      for (let i = 0; i < stats.length; i++) {
        const s = stats[i];
        if (s !== undefined) kind[i] = (s.gold === 1 ? 1 : 3) + (s.correct ? 1 : 0);
      }
      const tally = new Float64Array(5);
      return (counts) => {
        tally.fill(0);
        for (let i = 0; i < kind.length; i++) tally[kind[i]!]! += counts[i]!;
        const pos = tally[1]! + tally[2]!;
        const neg = tally[3]! + tally[4]!;
        return metricsFromCounts(pos, tally[2]!, neg, tally[4]!);
      };
    },

    exampleMetrics(stat: AfqmcStat): MetricValues {
      return { acc: stat.correct ? 100 : 0 };
    },

    worst(versions: readonly (readonly AfqmcStat[])[]): MetricValues {
      const merged: AfqmcStat[] = [];
      for (const stats of versions) {
        const first = stats[0];
        if (first === undefined) continue;
        merged.push({ gold: first.gold, correct: stats.every((s) => s.correct) });
      }
      return corpus(merged);
    },
  };
}
