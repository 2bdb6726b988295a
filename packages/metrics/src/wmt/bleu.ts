import { PredictionFormatError, UsageError } from '@readin/core';
import { clippedMatches } from './ngrams.js';
import { pySum } from './pytext.js';
import { bleuTokens, resolveTokenizer, type TokenizerName } from './tokenizers.js';

/** The sacreBLEU release whose behaviour (and signature `version:` field) this module reproduces. */
export const SACREBLEU_VERSION = '2.6.0';

export type SmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';
const SMOOTH_DEFAULTS: Readonly<Record<SmoothMethod, number | undefined>> = {
  none: undefined,
  floor: 0.1,
  'add-k': 1,
  exp: undefined,
};

export interface BleuOptions {
  /** `13a` (default), `zh`, `none`, `char` or `intl`. */
  readonly tokenize?: string;
  readonly lowercase?: boolean;
  /** Default `exp` (mteval's NIST smoothing). */
  readonly smoothMethod?: SmoothMethod;
  /** For `floor` (default 0.1) and `add-k` (default 1). */
  readonly smoothValue?: number;
  /** Default false, for corpus and sentence BLEU alike (READIN's sentence BLEU uses false). */
  readonly effectiveOrder?: boolean;
  /** Default 4. */
  readonly maxNgramOrder?: number;
}

/**
 * A segment's BLEU sufficient statistics, laid out as sacreBLEU's:
 * `[hyp_len, ref_len, correct_1..correct_N, total_1..total_N]`.
 */
export type BleuStats = readonly number[];

export interface BleuScore {
  readonly score: number;
  readonly counts: readonly number[];
  readonly totals: readonly number[];
  readonly precisions: readonly number[];
  readonly bp: number;
  readonly sysLen: number;
  readonly refLen: number;
  readonly ratio: number;
  readonly signature: string;
}

interface ResolvedBleu {
  tokenize: TokenizerName;
  lowercase: boolean;
  smoothMethod: SmoothMethod;
  smoothValue: number | undefined;
  effectiveOrder: boolean;
  maxNgramOrder: number;
}

function resolve(options: BleuOptions): ResolvedBleu {
  const smoothMethod = options.smoothMethod ?? 'exp';
  if (!Object.hasOwn(SMOOTH_DEFAULTS, smoothMethod)) {
    throw new UsageError(`unknown BLEU smoothing method "${smoothMethod}".`, {
      field: 'smoothMethod',
      hint: 'Use one of: exp, floor, add-k, none.',
    });
  }
  const order = options.maxNgramOrder ?? 4;
  if (!Number.isInteger(order) || order < 1) {
    throw new UsageError(`maxNgramOrder must be a positive integer, got ${String(order)}.`, {
      field: 'maxNgramOrder',
    });
  }
  return {
    tokenize: resolveTokenizer(options.tokenize),
    lowercase: options.lowercase ?? false,
    smoothMethod,
    smoothValue: options.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod],
    effectiveOrder: options.effectiveOrder ?? false,
    maxNgramOrder: order,
  };
}

/** sacreBLEU's BLEU signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`. */
export function bleuSignature(options: BleuOptions = {}): string {
  const o = resolve(options);
  const def = SMOOTH_DEFAULTS[o.smoothMethod];
  const smooth =
    def === undefined ? o.smoothMethod : `${o.smoothMethod}[${(o.smoothValue ?? def).toFixed(2)}]`;
  return (
    `nrefs:1|case:${o.lowercase ? 'lc' : 'mixed'}|eff:${o.effectiveOrder ? 'yes' : 'no'}` +
    `|tok:${o.tokenize}|smooth:${smooth}|version:${SACREBLEU_VERSION}`
  );
}

const matchBuffer: number[] = [];

/*
 * Tokens get ids from one module-wide vocabulary (only reference tokens are inserted, so it is bounded by the
 * references seen; it is dropped past VOCAB_LIMIT), then per segment pair dense ids 0..V-1 through stamps.
 */
const VOCAB_LIMIT = 1 << 20;
const vocabulary = new Map<string, number>();
let denseStamp = new Int32Array(4096);
let denseValue = new Int32Array(4096);
let denseGen = 0;
let refSym = new Int32Array(256);
let hypSym = new Int32Array(256);

/** Statistics of pre-tokenised segments (token lists as `bleuTokens` returns them). */
export function bleuStatsFromTokens(
  hyp: readonly string[],
  ref: readonly string[],
  maxNgramOrder = 4,
): BleuStats {
  const N = maxNgramOrder;
  if (vocabulary.size + ref.length > VOCAB_LIMIT || denseGen >= 0x3fffffff) {
    vocabulary.clear();
    denseStamp.fill(0);
    denseGen = 0;
  }
  const gen = ++denseGen;
  if (refSym.length < ref.length) refSym = new Int32Array(Math.max(ref.length, refSym.length * 2));
  if (hypSym.length < hyp.length) hypSym = new Int32Array(Math.max(hyp.length, hypSym.length * 2));
  let v = 0;
  for (let i = 0; i < ref.length; i++) {
    const t = ref[i]!;
    let g = vocabulary.get(t);
    if (g === undefined) {
      g = vocabulary.size;
      vocabulary.set(t, g);
      if (g >= denseStamp.length) {
        const stamp = new Int32Array(denseStamp.length * 2);
        stamp.set(denseStamp);
        denseStamp = stamp;
        const value = new Int32Array(denseValue.length * 2);
        value.set(denseValue);
        denseValue = value;
      }
    }
    if (denseStamp[g] !== gen) {
      denseStamp[g] = gen;
      denseValue[g] = v++;
    }
    refSym[i] = denseValue[g]!;
  }
  for (let i = 0; i < hyp.length; i++) {
    const g = vocabulary.get(hyp[i]!);
    hypSym[i] = g !== undefined && denseStamp[g] === gen ? denseValue[g]! : -1;
  }
  clippedMatches(hypSym, hyp.length, refSym, ref.length, v, N, matchBuffer);
  const stats = new Array<number>(2 + 2 * N);
  stats[0] = hyp.length;
  stats[1] = ref.length;
  for (let n = 1; n <= N; n++) {
    stats[1 + n] = matchBuffer[n - 1]!;
    stats[1 + N + n] = Math.max(0, hyp.length - n + 1);
  }
  return stats;
}

/** One segment's BLEU statistics (sacreBLEU's `_compute_segment_statistics`). Non-string input scores as empty. */
export function bleuStats(hypothesis: unknown, reference: unknown, options: BleuOptions = {}): BleuStats {
  const o = resolve(options);
  return bleuStatsFromTokens(bleuTokens(hypothesis, o), bleuTokens(reference, o), o.maxNgramOrder);
}

/** Adds segment statistics element-wise (integers, so order does not matter). */
export function sumStats(stats: readonly (readonly number[])[], width?: number): number[] {
  const w = width ?? stats[0]?.length ?? 0;
  const total = new Array<number>(w).fill(0);
  for (const s of stats) for (let i = 0; i < w; i++) total[i]! += s[i] ?? 0;
  return total;
}

function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/** sacreBLEU's `BLEU.compute_bleu` on aggregated statistics, with its floating-point order of operations. */
export function bleuFromStats(stats: BleuStats, options: BleuOptions = {}): BleuScore {
  return bleuScorer(options)(stats);
}

/** `bleuFromStats` with the options resolved once (for per-example and bootstrap loops). */
export function bleuScorer(options: BleuOptions = {}): (stats: BleuStats) => BleuScore {
  const o = resolve(options);
  const signature = bleuSignature(o);
  return (stats) => computeBleu(stats, o, signature);
}

function computeBleu(stats: BleuStats, o: ResolvedBleu, signature: string): BleuScore {
  const N = o.maxNgramOrder;
  const sysLen = stats[0] ?? 0;
  const refLen = stats[1] ?? 0;
  const correct: number[] = [];
  const total: number[] = [];
  for (let n = 0; n < N; n++) {
    correct.push(stats[2 + n] ?? 0);
    total.push(stats[2 + N + n] ?? 0);
  }
  let bp = 1.0;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0.0;
  const precisions = new Array<number>(N).fill(0);
  const make = (score: number): BleuScore => ({
    score,
    counts: correct,
    totals: total,
    precisions,
    bp,
    sysLen,
    refLen,
    ratio: refLen ? sysLen / refLen : 0,
    signature,
  });
  if (!correct.some((c) => c !== 0)) return make(0.0);
  let smoothMteval = 1.0;
  let effOrder = N;
  const v = o.smoothValue ?? 0;
  for (let n = 1; n <= N; n++) {
    if (o.smoothMethod === 'add-k' && n > 1) {
      correct[n - 1]! += v;
      total[n - 1]! += v;
    }
    if (total[n - 1] === 0) break;
    if (o.effectiveOrder) effOrder = n;
    const c = correct[n - 1]!;
    const t = total[n - 1]!;
    if (c === 0) {
      if (o.smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (o.smoothMethod === 'floor') {
        precisions[n - 1] = (100 * v) / t;
      }
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }
  const logs = precisions.slice(0, effOrder).map(myLog);
  return make(bp * Math.exp(pySum(logs) / effOrder));
}

export function hypothesisList(hypotheses: unknown): readonly unknown[] {
  if (!Array.isArray(hypotheses)) {
    throw new PredictionFormatError('hypotheses must be an array of strings.', { field: 'hypotheses' });
  }
  return hypotheses;
}

/** Accepts one reference stream (`string[]`) or sacreBLEU's list of streams with exactly one stream. */
export function referenceList(references: unknown, n: number): readonly unknown[] {
  let refs = references;
  if (Array.isArray(refs) && refs.length === 1 && Array.isArray(refs[0])) refs = refs[0];
  if (!Array.isArray(refs)) {
    throw new PredictionFormatError('references must be an array of strings.', { field: 'references' });
  }
  if (refs.length > 0 && refs.every((r) => Array.isArray(r))) {
    throw new UsageError('only one reference stream is supported (nrefs:1).', { field: 'references' });
  }
  if (refs.length !== n) {
    throw new PredictionFormatError(
      `${n} hypotheses but ${refs.length} references: the streams must have the same length.`,
      { field: 'references', hint: 'Align predictions with references by id before scoring.' },
    );
  }
  return refs;
}

/** Corpus BLEU exactly as sacreBLEU 2.x `BLEU(**options).corpus_score(hyps, [refs])`. */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly string[] | readonly (readonly string[])[],
  options: BleuOptions = {},
): BleuScore {
  const o = resolve(options);
  const hyps = hypothesisList(hypotheses);
  const refs = referenceList(references, hyps.length);
  const width = 2 + 2 * o.maxNgramOrder;
  const total = new Array<number>(width).fill(0);
  for (let i = 0; i < hyps.length; i++) {
    const s = bleuStatsFromTokens(bleuTokens(hyps[i], o), bleuTokens(refs[i], o), o.maxNgramOrder);
    for (let k = 0; k < width; k++) total[k]! += s[k]!;
  }
  return bleuFromStats(total, o);
}

/** Sentence BLEU as sacreBLEU 2.x `BLEU(**options).sentence_score(hyp, [ref])` (effective order off by default). */
export function sentenceBleu(hypothesis: string, reference: string, options: BleuOptions = {}): BleuScore {
  return bleuFromStats(bleuStats(hypothesis, reference, options), options);
}
