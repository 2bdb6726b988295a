import { UsageError } from '@readin/core';
import { hypothesisList, referenceList, SACREBLEU_VERSION } from './bleu.js';
import { clippedMatches, densifyCodePoints } from './ngrams.js';
import { codePointsInto, pySplit } from './pytext.js';

export interface ChrfOptions {
  /** Character n-gram order, default 6. */
  readonly charOrder?: number;
  /** Word n-gram order, default 0 (2 gives chrF++). */
  readonly wordOrder?: number;
  /** Default 2. */
  readonly beta?: number;
  readonly lowercase?: boolean;
  /** Keep whitespace inside character n-grams (default false: Python-whitespace is removed first). */
  readonly whitespace?: boolean;
  /** chrF++.py-style epsilon smoothing instead of sacreBLEU 2.x's effective-order averaging (default false). */
  readonly epsSmoothing?: boolean;
}

/** A segment's chrF statistics as sacreBLEU lays them out: `[hyp, ref, match]` per order (characters, then words). */
export type ChrfStats = readonly number[];

export interface ChrfScore {
  readonly score: number;
  readonly charOrder: number;
  readonly wordOrder: number;
  readonly beta: number;
  readonly signature: string;
}

interface ResolvedChrf {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

function resolve(options: ChrfOptions): ResolvedChrf {
  const o = {
    charOrder: options.charOrder ?? 6,
    wordOrder: options.wordOrder ?? 0,
    beta: options.beta ?? 2,
    lowercase: options.lowercase ?? false,
    whitespace: options.whitespace ?? false,
    epsSmoothing: options.epsSmoothing ?? false,
  };
  for (const field of ['charOrder', 'wordOrder'] as const) {
    if (!Number.isInteger(o[field]) || o[field] < 0) {
      throw new UsageError(`${field} must be a non-negative integer, got ${String(o[field])}.`, { field });
    }
  }
  if (o.charOrder + o.wordOrder === 0) {
    throw new UsageError('chrF needs charOrder + wordOrder > 0.', { field: 'charOrder' });
  }
  return o;
}

/** sacreBLEU's chrF signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`. */
export function chrfSignature(options: ChrfOptions = {}): string {
  const o = resolve(options);
  return (
    `nrefs:1|case:${o.lowercase ? 'lc' : 'mixed'}|eff:${o.epsSmoothing ? 'no' : 'yes'}` +
    `|nc:${o.charOrder}|nw:${o.wordOrder}|space:${o.whitespace ? 'yes' : 'no'}|version:${SACREBLEU_VERSION}`
  );
}

const PUNCTS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** chrF++'s word splitter: Python `split()`, then one ASCII punctuation mark split off the end (or else the start). */
function removePunctuation(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    const last = w[w.length - 1]!;
    if (w.length === 1) out.push(w);
    else if (PUNCTS.has(last)) out.push(w.slice(0, -1), last);
    else if (PUNCTS.has(w[0]!)) out.push(w[0]!, w.slice(1));
    else out.push(w);
  }
  return out;
}

const hypBuf = { data: new Int32Array(1024) };
const refBuf = { data: new Int32Array(1024) };
const matches: number[] = [];

function pushOrderStats(stats: number[], hypLen: number, refLen: number, order: number, from: number): void {
  for (let n = 1; n <= order; n++) {
    const refCount = Math.max(0, refLen - n + 1);
    // sacreBLEU: "don't count hits if no reference exists for that n-gram" (hyp count is 0 then).
    stats.push(refCount > 0 ? Math.max(0, hypLen - n + 1) : 0, refCount, matches[from + n - 1]!);
  }
}

function chrfStatsResolved(hypothesis: unknown, reference: unknown, o: ResolvedChrf): number[] {
  let hyp = typeof hypothesis === 'string' ? hypothesis : '';
  let ref = typeof reference === 'string' ? reference : '';
  if (o.lowercase) {
    hyp = hyp.toLowerCase();
    ref = ref.toLowerCase();
  }
  const stats: number[] = [];
  if (o.charOrder > 0) {
    const hl = codePointsInto(hyp, !o.whitespace, hypBuf);
    const rl = codePointsInto(ref, !o.whitespace, refBuf);
    const vocab = densifyCodePoints(refBuf.data, rl, hypBuf.data, hl);
    clippedMatches(hypBuf.data, hl, refBuf.data, rl, vocab, o.charOrder, matches);
    pushOrderStats(stats, hl, rl, o.charOrder, 0);
  }
  if (o.wordOrder > 0) {
    const hw = removePunctuation(hyp);
    const rw = removePunctuation(ref);
    const vocab = new Map<string, number>();
    const rs = new Int32Array(rw.length);
    rw.forEach((w, i) => {
      let id = vocab.get(w);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(w, id);
      }
      rs[i] = id;
    });
    const hs = Int32Array.from(hw, (w) => vocab.get(w) ?? -1);
    clippedMatches(hs, hs.length, rs, rs.length, vocab.size, o.wordOrder, matches);
    pushOrderStats(stats, hs.length, rs.length, o.wordOrder, 0);
  }
  return stats;
}

/** One segment's chrF statistics (sacreBLEU's `_compute_segment_statistics`). Non-string input scores as empty. */
export function chrfStats(hypothesis: unknown, reference: unknown, options: ChrfOptions = {}): ChrfStats {
  return chrfStatsResolved(hypothesis, reference, resolve(options));
}

/** sacreBLEU 2.x `CHRF._compute_f_score` (in percent), with its floating-point order of operations. */
export function chrfFScore(stats: ChrfStats, options: ChrfOptions = {}): number {
  return fScore(stats, resolve(options));
}

/** `chrfFScore` with the options resolved once (for per-example and bootstrap loops). */
export function chrfScorer(options: ChrfOptions = {}): (stats: ChrfStats) => number {
  const o = resolve(options);
  return (stats) => fScore(stats, o);
}

function fScore(stats: ChrfStats, o: ResolvedChrf): number {
  const order = o.charOrder + o.wordOrder;
  const eps = 1e-16;
  const factor = o.beta ** 2;
  let score = 0.0;
  let effectiveOrder = 0;
  let avgPrec = 0.0;
  let avgRec = 0.0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i] ?? 0;
    const nRef = stats[3 * i + 1] ?? 0;
    const nMatch = stats[3 * i + 2] ?? 0;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder += 1;
    }
  }
  if (o.epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) {
    avgPrec = 0.0;
    avgRec = 0.0;
  } else {
    avgPrec /= effectiveOrder;
    avgRec /= effectiveOrder;
  }
  if (avgPrec + avgRec) {
    score = (1 + factor) * avgPrec * avgRec;
    score /= factor * avgPrec + avgRec;
    return 100 * score;
  }
  return 0.0;
}

/** The chrF score object for aggregated statistics. */
export function chrfFromStats(stats: ChrfStats, options: ChrfOptions = {}): ChrfScore {
  const o = resolve(options);
  return {
    score: fScore(stats, o),
    charOrder: o.charOrder,
    wordOrder: o.wordOrder,
    beta: o.beta,
    signature: chrfSignature(o),
  };
}

/** Corpus chrF as sacreBLEU 2.x `CHRF(**options).corpus_score(hyps, [refs])`: F-score of the summed statistics. */
export function corpusChrf(
  hypotheses: readonly string[],
  references: readonly string[] | readonly (readonly string[])[],
  options: ChrfOptions = {},
): ChrfScore {
  const o = resolve(options);
  const hyps = hypothesisList(hypotheses);
  const refs = referenceList(references, hyps.length);
  const width = 3 * (o.charOrder + o.wordOrder);
  const total = new Array<number>(width).fill(0);
  for (let i = 0; i < hyps.length; i++) {
    const s = chrfStatsResolved(hyps[i], refs[i], o);
    for (let k = 0; k < width; k++) total[k]! += s[k]!;
  }
  return chrfFromStats(total, o);
}

/** Sentence chrF as sacreBLEU 2.x `CHRF(**options).sentence_score(hyp, [ref])`. */
export function sentenceChrf(hypothesis: string, reference: string, options: ChrfOptions = {}): ChrfScore {
  return chrfFromStats(chrfStats(hypothesis, reference, options), options);
}
