import type { MetricValues, TaskId } from '@readin/core';

/**
 * A task metric, split the sacreBLEU way: cheap per-example statistics, kept apart from corpus aggregation,
 * so that averages, worst cases and bootstrap resamples are all computed from the same statistics.
 *
 * `Gold` is what the task's gold side is (AFQMC label, CMRC answers, Spider query + db, WMT reference);
 * `Stat` is whatever per-example record the metric needs (n-gram counts, em/f1, a 0/1 match …).
 */
export interface TaskMetric<Gold, Stat> {
  readonly task: TaskId;
  /** Keys of `corpus()`, all in percent, headline first. */
  readonly metricNames: readonly string[];
  /** Per-example statistics. `prediction` is raw user input: anything (non-strings, undefined for missing)
   *  must score as wrong, never throw. */
  exampleStats(gold: Gold, prediction: unknown): Stat;
  /** Corpus-level metrics (percent) over the given examples' statistics. */
  corpus(stats: readonly Stat[]): MetricValues;
  /**
   * Optional fast path for resampling (the paired bootstrap), for metrics whose corpus value depends only on
   * the multiset of statistics and not on their order (e.g. summed integer counts). Prepares `stats` once
   * (`undefined` = absent, never counted) and returns a function that, given how many times each entry is
   * drawn (`counts[i]` for `stats[i]`), gives exactly (bit for bit) `corpus()` of the drawn statistics.
   */
  corpusSampler?(stats: readonly (Stat | undefined)[]): (counts: Int32Array) => MetricValues;
  /** Per-example metric values (percent), written by `--details`. */
  exampleMetrics(stat: Stat): MetricValues;
  /**
   * READIN's "worst": `versions[i]` holds example i's statistics under each noisy version (same example, k
   * annotators). Returns metrics on the corpus scale the paper uses for the worst case of this task.
   */
  worst(versions: readonly (readonly Stat[])[]): MetricValues;
  /** sacreBLEU-style signature of the metric settings, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`. */
  readonly signature: string;
}
