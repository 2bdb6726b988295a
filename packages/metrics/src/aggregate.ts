import {
  CLEAN_SPLIT,
  type Drop,
  type ExampleScore,
  type MetricValues,
  type NoiseSummary,
  type NoiseType,
  parseSplitName,
  Rng,
  type SplitName,
  type SplitScore,
} from '@readin/core';
import type { TaskMetric } from './types.js';

/** One split of the data: its example ids in file order. */
export interface SplitIds {
  readonly name: SplitName;
  readonly ids: readonly string[];
}

export interface AggregateInput<Gold> {
  /** Gold outputs by example id (from the clean split). */
  readonly gold: ReadonlyMap<string, Gold>;
  /** The clean split's ids, in order: the reference set for missing ids and bootstrap resamples. */
  readonly cleanIds: readonly string[];
  /** Every split present in the data (clean included). */
  readonly splits: readonly SplitIds[];
  /** Raw predictions by split and id; a split without predictions is not scored. */
  readonly predictions: ReadonlyMap<SplitName, ReadonlyMap<string, unknown>>;
}

export interface AggregateOptions {
  /** Paired-bootstrap resamples for the clean→noisy drop (default 1000; 0 turns the intervals off). */
  readonly bootstrap?: number;
  /** Seed of the bootstrap (default 12345). */
  readonly seed?: number;
  /** Keep per-example metric values for `--details` (default false). */
  readonly details?: boolean;
}

export interface AggregateResult {
  readonly splits: Record<SplitName, SplitScore>;
  readonly summary: { clean: MetricValues; keyboard?: NoiseSummary; speech?: NoiseSummary };
  readonly notes: string[];
  readonly details: ExampleScore[];
}

const SUMMARY_KEY: Record<NoiseType, 'keyboard' | 'speech'> = { keyboard: 'keyboard', asr: 'speech' };

/**
 * READIN's aggregation (READIN.md): metric on each split; per noise type the mean over annotators' splits
 * ("average") and the task's per-example worst over the versions ("worst", on the ids present in every
 * version); and a paired bootstrap of clean minus average over resampled clean examples.
 */
export function aggregate<Gold, Stat>(
  metric: TaskMetric<Gold, Stat>,
  input: AggregateInput<Gold>,
  options: AggregateOptions = {},
): AggregateResult {
  const notes: string[] = [];
  const details: ExampleScore[] = [];
  const cleanSet = new Set(input.cleanIds);
  const scored = new Map<SplitName, Map<string, Stat>>();
  const splits: Record<SplitName, SplitScore> = {};

  for (const split of input.splits) {
    const preds = input.predictions.get(split.name);
    if (!preds) continue;
    const stats = new Map<string, Stat>();
    let unanswered = 0;
    for (const id of split.ids) {
      const gold = input.gold.get(id);
      if (gold === undefined) continue;
      if (!preds.has(id)) unanswered++;
      const prediction = preds.get(id);
      const stat = metric.exampleStats(gold, prediction);
      stats.set(id, stat);
      if (options.details) details.push({ split: split.name, id, metrics: metric.exampleMetrics(stat) });
    }
    const present = new Set(split.ids);
    const missingIds = input.cleanIds.filter((id) => !present.has(id));
    const unknown = split.ids.filter((id) => !cleanSet.has(id)).length;
    if (unknown > 0) notes.push(`${split.name}: ${unknown} ids not in the clean set were ignored.`);
    let extraPredictions = 0;
    for (const id of preds.keys()) if (!present.has(id)) extraPredictions++;
    if (extraPredictions > 0)
      notes.push(`${split.name}: ${extraPredictions} predictions for ids not in this split were ignored.`);
    if (missingIds.length > 0)
      notes.push(
        `${split.name}: ${missingIds.length} clean ids are missing from this split; scored on the ${stats.size} present.`,
      );
    if (unanswered > 0)
      notes.push(`${split.name}: ${unanswered} examples have no prediction and count as wrong.`);
    scored.set(split.name, stats);
    splits[split.name] = {
      n: stats.size,
      missing: missingIds.length,
      ...(missingIds.length > 0 ? { missing_ids: missingIds } : {}),
      unanswered,
      metrics: metric.corpus([...stats.values()]),
    };
  }
  for (const name of input.predictions.keys()) {
    if (!input.splits.some((s) => s.name === name))
      notes.push(`predictions for "${name}" have no data split and were ignored.`);
  }

  const cleanStats = scored.get(CLEAN_SPLIT);
  if (!cleanStats) notes.push('no predictions for test_clean: clean scores and drops are not available.');
  const summary: AggregateResult['summary'] = { clean: splits[CLEAN_SPLIT]?.metrics ?? {} };
  for (const noise of ['keyboard', 'asr'] as const) {
    const versions = [...scored.keys()]
      .map((name) => ({ name, info: parseSplitName(name) }))
      .filter((v) => v.info?.noise === noise)
      .sort((a, b) => a.info!.version - b.info!.version)
      .map((v) => scored.get(v.name)!);
    if (versions.length === 0) continue;
    summary[SUMMARY_KEY[noise]] = summarizeNoise(
      metric,
      input.cleanIds,
      cleanStats,
      versions,
      noise,
      options,
    );
    if (versions.length !== 3) notes.push(`${noise}: ${versions.length} version(s) scored; READIN has 3.`);
  }
  return { splits, summary, notes, details };
}

function summarizeNoise<Gold, Stat>(
  metric: TaskMetric<Gold, Stat>,
  cleanIds: readonly string[],
  cleanStats: ReadonlyMap<string, Stat> | undefined,
  versions: readonly ReadonlyMap<string, Stat>[],
  noise: NoiseType,
  options: AggregateOptions,
): NoiseSummary {
  const perVersion = versions.map((v) => metric.corpus([...v.values()]));
  const average = meanMetrics(perVersion);
  const inAll = cleanIds.filter((id) => versions.every((v) => v.has(id)));
  const worst = metric.worst(inAll.map((id) => versions.map((v) => v.get(id)!)));
  const resamples = options.bootstrap ?? 1000;
  const base: NoiseSummary = { versions: versions.length, average, worst };
  if (!cleanStats || resamples <= 0) return base;
  const clean = metric.corpus(cleanIds.filter((id) => cleanStats.has(id)).map((id) => cleanStats.get(id)!));
  return {
    ...base,
    drop: pairedBootstrap(
      metric,
      cleanIds,
      cleanStats,
      versions,
      clean,
      average,
      noise,
      resamples,
      options.seed ?? 12345,
    ),
  };
}

/**
 * Paired bootstrap of (clean − average over versions): each resample draws clean ids with replacement and
 * scores every version on the same draw (ids a version lacks are skipped in that version), so the
 * interval reflects the drop, not two independent samples. Percentile 95 % interval.
 */
function pairedBootstrap<Gold, Stat>(
  metric: TaskMetric<Gold, Stat>,
  cleanIds: readonly string[],
  cleanStats: ReadonlyMap<string, Stat>,
  versions: readonly ReadonlyMap<string, Stat>[],
  clean: MetricValues,
  average: MetricValues,
  noise: NoiseType,
  resamples: number,
  seed: number,
): Record<string, Drop> {
  const ids = cleanIds.filter((id) => cleanStats.has(id));
  const cleanArr = ids.map((id) => cleanStats.get(id)!);
  const versionArr = versions.map((v) => ids.map((id) => v.get(id)));
  const rng = Rng.for(seed, 'bootstrap', metric.task, noise);
  const names = Object.keys(clean).filter((m) => m in average);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((m) => [m, []]));
  const n = ids.length;
  // Resample corpus metrics with the metric's fast path when it has one (bit-identical: it takes how many
  // times each example was drawn), else with corpus() on the drawn statistics in draw order.
  const fast = metric.corpusSampler?.bind(metric);
  const cleanFast = fast?.(cleanArr);
  const versionFast = fast ? versionArr.map((v) => fast(v)) : undefined;
  const counts = new Int32Array(n);
  const draw = new Int32Array(n);
  const cleanBuf: Stat[] = new Array(n);
  const versionBufs: Stat[][] = versionArr.map(() => []);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) draw[i] = rng.int(n);
    let c: MetricValues;
    let perVersion: MetricValues[];
    if (cleanFast && versionFast) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[draw[i]!]!++;
      c = cleanFast(counts);
      perVersion = versionFast.map((corpus) => corpus(counts));
    } else {
      for (const buf of versionBufs) buf.length = 0;
      for (let i = 0; i < n; i++) {
        const j = draw[i]!;
        cleanBuf[i] = cleanArr[j]!;
        for (let k = 0; k < versionArr.length; k++) {
          const s = versionArr[k]![j];
          if (s !== undefined) versionBufs[k]!.push(s);
        }
      }
      c = metric.corpus(cleanBuf);
      perVersion = versionBufs.map((b) => metric.corpus(b));
    }
    const avg = meanMetrics(perVersion);
    for (const m of names) {
      const d = c[m]! - avg[m]!;
      if (Number.isFinite(d)) samples[m]!.push(d);
    }
  }
  const out: Record<string, Drop> = {};
  for (const m of names) {
    const sorted = samples[m]!.sort((a, b) => a - b);
    const estimate = clean[m]! - average[m]!;
    if (sorted.length === 0 || !Number.isFinite(estimate)) continue;
    out[m] = { estimate, low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
  }
  return out;
}

/** Mean of each metric over several metric sets (keys present in all of them). */
export function meanMetrics(sets: readonly MetricValues[]): MetricValues {
  if (sets.length === 0) return {};
  const out: Record<string, number> = {};
  for (const key of Object.keys(sets[0]!)) {
    if (!sets.every((s) => key in s)) continue;
    let sum = 0;
    for (const s of sets) sum += s[key]!;
    out[key] = sum / sets.length;
  }
  return out;
}

/** Linear-interpolation quantile of a sorted array (numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
