import { PredictionFormatError, UsageError } from '@readin/core';
import { clippedMatches } from './ngrams.js';
import { pySum } from './pytext.js';
import { bleuTokenSpans, resolveTokenizer, type TokenizerName } from './tokenizers.js';
import { Vocabulary } from './vocabulary.js';

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
 * Tokens get ids from one module-wide vocabulary (only reference tokens are added, so it is bounded by the
 * references seen; it is dropped past VOCAB_LIMIT, and `vocabularyEpoch` counts the drops so that cached ids can
 * be checked), then per segment pair dense ids 0..V-1 through stamps.
 */
const VOCAB_LIMIT = 1 << 20;
const vocabulary = new Vocabulary();
let epoch = 0;
let denseStamp = new Int32Array(4096);
let denseValue = new Int32Array(4096);
let denseGen = 0;
let refSym = new Int32Array(256);
let hypSym = new Int32Array(256);

/** Changes whenever the vocabulary is dropped (ids from `referenceTokenIds` are valid while it stays the same). */
export function vocabularyEpoch(): number {
  return epoch;
}

/** Vocabulary ids of a reference's BLEU tokens, adding new tokens (see `vocabularyEpoch`). */
export function referenceTokenIds(reference: unknown, options: BleuOptions = {}): Int32Array {
  const { text, count, spans } = bleuTokenSpans(reference, options);
  if (vocabulary.size + count > VOCAB_LIMIT) {
    vocabulary.clear();
    epoch++;
  }
  const ids = new Int32Array(count);
  for (let k = 0; k < count; k++) ids[k] = vocabulary.id(text, spans[2 * k]!, spans[2 * k + 1]!, true);
  return ids;
}

/**
 * One segment's statistics against reference ids from `referenceTokenIds` (same epoch): the hypothesis is only
 * looked up, so a token absent from every reference gets -1.
 */
export function bleuStatsForReference(
  hypothesis: unknown,
  refIds: Int32Array,
  options: BleuOptions = {},
  maxNgramOrder = 4,
): BleuStats {
  const N = maxNgramOrder;
  if (denseGen >= 0x3fffffff) {
    denseStamp.fill(0);
    denseGen = 0;
  }
  const gen = ++denseGen;
  const refLen = refIds.length;
  if (refSym.length < refLen) refSym = new Int32Array(Math.max(refLen, refSym.length * 2));
  if (denseStamp.length < vocabulary.size) {
    let size = denseStamp.length;
    while (size < vocabulary.size) size *= 2;
    const stamp = new Int32Array(size);
    stamp.set(denseStamp);
    denseStamp = stamp;
    denseValue = new Int32Array(size);
  }
  let v = 0;
  for (let i = 0; i < refLen; i++) {
    const g = refIds[i]!;
    if (denseStamp[g] !== gen) {
      denseStamp[g] = gen;
      denseValue[g] = v++;
    }
    refSym[i] = denseValue[g]!;
  }
  const { text, count: hypLen, spans } = bleuTokenSpans(hypothesis, options);
  if (hypSym.length < hypLen) hypSym = new Int32Array(Math.max(hypLen, hypSym.length * 2));
  for (let k = 0; k < hypLen; k++) {
    const g = vocabulary.id(text, spans[2 * k]!, spans[2 * k + 1]!, false);
    hypSym[k] = g >= 0 && denseStamp[g] === gen ? denseValue[g]! : -1;
  }
  clippedMatches(hypSym, hypLen, refSym, refLen, v, N, matchBuffer);
  const stats = new Array<number>(2 + 2 * N);
  stats[0] = hypLen;
  stats[1] = refLen;
  for (let n = 1; n <= N; n++) {
    stats[1 + n] = matchBuffer[n - 1]!;
    stats[1 + N + n] = Math.max(0, hypLen - n + 1);
  }
  return stats;
}

/** One segment's BLEU statistics (sacreBLEU's `_compute_segment_statistics`). Non-string input scores as empty. */
export function bleuStats(hypothesis: unknown, reference: unknown, options: BleuOptions = {}): BleuStats {
  const o = resolve(options);
  return bleuStatsForReference(hypothesis, referenceTokenIds(reference, o), o, o.maxNgramOrder);
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
    const s = bleuStatsForReference(hyps[i], referenceTokenIds(refs[i], o), o, o.maxNgramOrder);
    for (let k = 0; k < width; k++) total[k]! += s[k]!;
  }
  return bleuFromStats(total, o);
}

/** Sentence BLEU as sacreBLEU 2.x `BLEU(**options).sentence_score(hyp, [ref])` (effective order off by default). */
export function sentenceBleu(hypothesis: string, reference: string, options: BleuOptions = {}): BleuScore {
  return bleuFromStats(bleuStats(hypothesis, reference, options), options);
}
