/**
 * Edit statistics of (clean, noisy) text pairs: CER (raw and Han-only), op mix, punctuation share, classes of
 * Han→Han substitutions, lengths of substituted runs, share of unchanged texts.
 */
import { levenshtein } from '@readin/core';
import { type AlignOptions, alignChars, DEFAULT_MAX_CHARS } from './align.js';
import { isHan, isPunct } from './chars.js';
import { HAN_SUB_CLASSES, type HanSubClass, hanSubClassIndex } from './classify.js';

export interface NoisePair {
  readonly clean: string;
  readonly noisy: string;
}

/** Buckets of the substituted-run length histogram. */
export const RUN_LENGTH_BUCKETS = ['1', '2', '3', '4+'] as const;
export type RunLengthBucket = (typeof RUN_LENGTH_BUCKETS)[number];

export type OpCounts = { sub: number; ins: number; del: number };
export type OpShares = { sub: number | null; ins: number | null; del: number | null };

/** Counts are additive (see mergeNoiseAnalyses); shares are null when their denominator is 0. */
export interface NoiseAnalysis {
  /** Text pairs analysed. */
  readonly pairs: number;
  /** Pairs whose noisy text equals the clean text. */
  readonly unchanged: number;
  readonly unchangedShare: number | null;
  /** Pairs cut to `maxChars` before alignment. */
  readonly truncated: number;
  /** Clean code points, and Levenshtein edits: CER = edits / cleanChars (pooled over pairs). */
  readonly cleanChars: number;
  readonly edits: number;
  readonly cer: number | null;
  /** The same with punctuation, symbols and whitespace removed from both sides ("Han-only"). */
  readonly hanChars: number;
  readonly hanEdits: number;
  readonly hanCer: number | null;
  readonly ops: OpCounts;
  /** sub / ins / del as shares of all edits (sums to 1). */
  readonly opMix: OpShares;
  /** Edits with punctuation on either side, and their share of all edits. */
  readonly punctEdits: number;
  readonly punctShare: number | null;
  /** Han→Han substitutions by phonological class (see HAN_SUB_CLASSES). */
  readonly hanSubstitutions: number;
  readonly hanSubClasses: Record<HanSubClass, number>;
  readonly hanSubClassShares: Record<HanSubClass, number | null>;
  /** Maximal runs of consecutive Han→Han substitutions, by length. */
  readonly substitutedRuns: number;
  readonly runLengths: Record<RunLengthBucket, number>;
  readonly runLengthShares: Record<RunLengthBucket, number | null>;
  /** Share of runs of 2 or more characters. */
  readonly runShare2Plus: number | null;
}

export interface AnalyzeOptions extends AlignOptions {}

const share = (num: number, den: number): number | null => (den > 0 ? num / den : null);

interface Counts {
  pairs: number;
  unchanged: number;
  truncated: number;
  cleanChars: number;
  edits: number;
  hanChars: number;
  hanEdits: number;
  ops: OpCounts;
  punctEdits: number;
  classes: number[];
  runs: number[];
}

const emptyCounts = (): Counts => ({
  pairs: 0,
  unchanged: 0,
  truncated: 0,
  cleanChars: 0,
  edits: 0,
  hanChars: 0,
  hanEdits: 0,
  ops: { sub: 0, ins: 0, del: 0 },
  punctEdits: 0,
  classes: HAN_SUB_CLASSES.map(() => 0),
  runs: RUN_LENGTH_BUCKETS.map(() => 0),
});

function addPair(acc: Counts, clean: string, noisy: string, max: number): void {
  let a = Array.from(clean);
  let b = Array.from(noisy);
  acc.pairs++;
  if (clean === noisy) acc.unchanged++;
  if (a.length > max || b.length > max) {
    acc.truncated++;
    a = a.slice(0, max);
    b = b.slice(0, max);
  }
  const { distance, ops } = alignChars(a, b);
  const ha = a.filter((c) => !isPunct(c));
  const hb = b.filter((c) => !isPunct(c));
  acc.cleanChars += a.length;
  acc.edits += distance;
  acc.hanChars += ha.length;
  acc.hanEdits += levenshtein(ha, hb);
  let run = 0;
  const closeRun = (): void => {
    if (run > 0) acc.runs[Math.min(run, 4) - 1]!++;
    run = 0;
  };
  for (const o of ops) {
    if (o.op === 'match') {
      closeRun();
      continue;
    }
    acc.ops[o.op]++;
    if ((o.clean !== '' && isPunct(o.clean)) || (o.noisy !== '' && isPunct(o.noisy))) acc.punctEdits++;
    if (o.op === 'sub' && isHan(o.clean) && isHan(o.noisy)) {
      acc.classes[hanSubClassIndex(o.clean, o.noisy)]!++;
      run++;
    } else closeRun();
  }
  closeRun();
}

function fromCounts(c: Counts): NoiseAnalysis {
  const totalOps = c.ops.sub + c.ops.ins + c.ops.del;
  const hanSubs = c.classes.reduce((x, y) => x + y, 0);
  const runs = c.runs.reduce((x, y) => x + y, 0);
  const hanSubClasses = Object.fromEntries(HAN_SUB_CLASSES.map((k, i) => [k, c.classes[i]!])) as Record<
    HanSubClass,
    number
  >;
  const runLengths = Object.fromEntries(RUN_LENGTH_BUCKETS.map((k, i) => [k, c.runs[i]!])) as Record<
    RunLengthBucket,
    number
  >;
  return {
    pairs: c.pairs,
    unchanged: c.unchanged,
    unchangedShare: share(c.unchanged, c.pairs),
    truncated: c.truncated,
    cleanChars: c.cleanChars,
    edits: c.edits,
    cer: share(c.edits, c.cleanChars),
    hanChars: c.hanChars,
    hanEdits: c.hanEdits,
    hanCer: share(c.hanEdits, c.hanChars),
    ops: { ...c.ops },
    opMix: {
      sub: share(c.ops.sub, totalOps),
      ins: share(c.ops.ins, totalOps),
      del: share(c.ops.del, totalOps),
    },
    punctEdits: c.punctEdits,
    punctShare: share(c.punctEdits, totalOps),
    hanSubstitutions: hanSubs,
    hanSubClasses,
    hanSubClassShares: Object.fromEntries(
      HAN_SUB_CLASSES.map((k, i) => [k, share(c.classes[i]!, hanSubs)]),
    ) as Record<HanSubClass, number | null>,
    substitutedRuns: runs,
    runLengths,
    runLengthShares: Object.fromEntries(
      RUN_LENGTH_BUCKETS.map((k, i) => [k, share(c.runs[i]!, runs)]),
    ) as Record<RunLengthBucket, number | null>,
    runShare2Plus: share(runs - c.runs[0]!, runs),
  };
}

function toCounts(x: NoiseAnalysis): Counts {
  return {
    pairs: x.pairs,
    unchanged: x.unchanged,
    truncated: x.truncated,
    cleanChars: x.cleanChars,
    edits: x.edits,
    hanChars: x.hanChars,
    hanEdits: x.hanEdits,
    ops: { ...x.ops },
    punctEdits: x.punctEdits,
    classes: HAN_SUB_CLASSES.map((k) => x.hanSubClasses[k]),
    runs: RUN_LENGTH_BUCKETS.map((k) => x.runLengths[k]),
  };
}

/**
 * Aligns each noisy text with its clean text and pools the edit statistics. Texts are compared as given
 * (strip trailing newlines first if the format adds them; loadNoisePairs does).
 *
 * @example
 * const a = analyzeNoise([{ clean: '花呗提额', noisy: '华北贴' }]);
 * a.cer // 1 (3 substitutions + 1 deletion over 4 characters)
 */
export function analyzeNoise(pairs: Iterable<NoisePair>, options: AnalyzeOptions = {}): NoiseAnalysis {
  const max = options.maxChars ?? DEFAULT_MAX_CHARS;
  const acc = emptyCounts();
  for (const p of pairs) addPair(acc, p.clean, p.noisy, max);
  return fromCounts(acc);
}

/** Pools several analyses (e.g. one per noisy file) as if their pairs had been analysed together. */
export function mergeNoiseAnalyses(analyses: Iterable<NoiseAnalysis>): NoiseAnalysis {
  const acc = emptyCounts();
  for (const x of analyses) {
    const c = toCounts(x);
    for (const k of [
      'pairs',
      'unchanged',
      'truncated',
      'cleanChars',
      'edits',
      'hanChars',
      'hanEdits',
      'punctEdits',
    ] as const)
      acc[k] += c[k];
    acc.ops.sub += c.ops.sub;
    acc.ops.ins += c.ops.ins;
    acc.ops.del += c.ops.del;
    c.classes.forEach((v, i) => {
      acc.classes[i]! += v;
    });
    c.runs.forEach((v, i) => {
      acc.runs[i]! += v;
    });
  }
  return fromCounts(acc);
}

/** Total-variation distance between two share tables (null when a share is null on either side). */
export function totalVariation(
  p: Readonly<Record<string, number | null>>,
  q: Readonly<Record<string, number | null>>,
): number | null {
  let sum = 0;
  for (const k of new Set([...Object.keys(p), ...Object.keys(q)])) {
    const x = p[k];
    const y = q[k];
    if (x === null || y === null || x === undefined || y === undefined) return null;
    sum += Math.abs(x - y);
  }
  return sum / 2;
}

export interface NoiseComparison {
  /** |sim − real| / real. */
  readonly cerRelError: number | null;
  readonly hanCerRelError: number | null;
  readonly tvdOps: number | null;
  readonly tvdHanSubClasses: number | null;
  /** TVD of the run-length histogram with buckets 1, 2, 3+ (the scorecard's buckets). */
  readonly tvdRuns: number | null;
  /** TVD of the run-length histogram with buckets 1, 2, 3, 4+. */
  readonly tvdRuns4: number | null;
  readonly punctShareDiff: number | null;
  readonly unchangedShareDiff: number | null;
}

const relErr = (sim: number | null, real: number | null): number | null =>
  sim === null || real === null || real === 0 ? null : Math.abs(sim - real) / real;
const absDiff = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : Math.abs(a - b);

function runs3(x: NoiseAnalysis): Record<string, number | null> {
  const s = x.runLengthShares;
  return { '1': s['1'], '2': s['2'], '3+': s['3'] === null || s['4+'] === null ? null : s['3'] + s['4+'] };
}

/** Distances between a real and a simulated analysis (the realism scorecard's distances, minus the C2ST). */
export function compareNoiseAnalyses(real: NoiseAnalysis, sim: NoiseAnalysis): NoiseComparison {
  return {
    cerRelError: relErr(sim.cer, real.cer),
    hanCerRelError: relErr(sim.hanCer, real.hanCer),
    tvdOps: totalVariation(real.opMix, sim.opMix),
    tvdHanSubClasses: totalVariation(real.hanSubClassShares, sim.hanSubClassShares),
    tvdRuns: totalVariation(runs3(real), runs3(sim)),
    tvdRuns4: totalVariation(real.runLengthShares, sim.runLengthShares),
    punctShareDiff: absDiff(real.punctShare, sim.punctShare),
    unchangedShareDiff: absDiff(real.unchangedShare, sim.unchangedShare),
  };
}
