/**
 * CMRC2018 v6 EM and F1 for one question (`calc_em_score`, `calc_f1_score`, `find_lcs` of the official scorer).
 */
import type { NltkTokenizeOptions } from './nltk.js';
import { mixedSegmentation, removePunctuation } from './segment.js';

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Token ids for the LCS: a one-code-unit token is its code unit; a longer token gets an id ≥ 65536 from
 * `ids` (assigned when `assign`, else -1, which matches nothing on the other side).
 */
export function encodeTokens(
  tokens: readonly string[],
  ids: Map<string, number>,
  assign: boolean,
): Int32Array {
  const out = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length === 1) out[i] = t.charCodeAt(0);
    else {
      let id = ids.get(t);
      if (id === undefined) {
        id = assign ? 0x10000 + ids.size : -1;
        if (assign) ids.set(t, id);
      }
      out[i] = id;
    }
  }
  return out;
}

/** Length of the longest common contiguous run of two id sequences (dynamic programming over two rows). */
export function longestCommonRunIds(a: Int32Array, b: Int32Array): number {
  const n = b.length;
  if (a.length === 0 || n === 0) return 0;
  // Reuse two rows between calls; rows for very long predictions are not kept.
  if (rowA.length <= n && n < 65_536) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  let prev = rowA.length > n ? rowA : new Int32Array(n + 1);
  let cur = rowB.length > n ? rowB : new Int32Array(n + 1);
  prev.fill(0, 0, n + 1);
  cur[0] = 0;
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    for (let j = 0; j < n; j++) {
      if (x === b[j]) {
        const v = prev[j]! + 1;
        cur[j + 1] = v;
        if (v > best) best = v;
      } else {
        cur[j + 1] = 0;
      }
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return best;
}

/**
 * Length of the longest common *contiguous* run of tokens (the scorer's `find_lcs`, which returns the same
 * length for any argument order).
 */
export function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  const ids = new Map<string, number>();
  const bIds = encodeTokens(b, ids, true);
  return longestCommonRunIds(encodeTokens(a, ids, false), bIds);
}

/** `calc_f1_score`'s formula for one answer, from the common run length and the two token counts. */
export function f1FromCommon(common: number, goldLength: number, predictionLength: number): number {
  if (common === 0) return 0;
  const precision = (1.0 * common) / predictionLength;
  const recall = (1.0 * common) / goldLength;
  return (2 * precision * recall) / (precision + recall);
}

/** F1 of one gold token list against the prediction tokens, exactly as `calc_f1_score` computes it. */
export function tokenF1(gold: readonly string[], prediction: readonly string[]): number {
  return f1FromCommon(longestCommonRun(gold, prediction), gold.length, prediction.length);
}

/**
 * Official EM: 1 if some gold answer equals the prediction after `lower().strip()` and removal of the listed
 * punctuation (inner whitespace kept), else 0. Note the quirk: answer `"，"` and prediction `""` match.
 */
export function cmrcEm(answers: readonly string[], prediction: string): 0 | 1 {
  const p = removePunctuation(prediction);
  for (const answer of answers) if (removePunctuation(answer) === p) return 1;
  return 0;
}

/**
 * Official F1 in [0, 1]: the maximum over gold answers of the F1 of the longest common contiguous token run of
 * `mixed_segmentation(…, rm_punc=True)`; 0 when nothing is shared (so an empty prediction scores 0 even when
 * EM is 1). The official scorer crashes on an empty answer list; this returns 0.
 */
export function cmrcF1(
  answers: readonly string[],
  prediction: string,
  options?: NltkTokenizeOptions,
): number {
  const segOptions = { ...options, removePunctuation: true };
  const predictionSegs = mixedSegmentation(prediction, segOptions);
  let best = 0;
  for (const answer of answers) {
    const f1 = tokenF1(mixedSegmentation(answer, segOptions), predictionSegs);
    if (f1 > best) best = f1;
  }
  return best;
}
