/**
 * CMRC2018 v6 EM and F1 for one question (`calc_em_score`, `calc_f1_score`, `find_lcs` of the official scorer).
 */
import type { NltkTokenizeOptions } from './nltk.js';
import { mixedSegmentation, removePunctuation } from './segment.js';

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Length of the longest common *contiguous* run of tokens (the scorer's `find_lcs`, which returns the same
 * length for any argument order).
 */
export function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  const n = b.length;
  if (a.length === 0 || n === 0) return 0;
  // Reuse two rows between calls; rows for very long predictions are not kept.
  if (rowA.length < n + 1 && n < 65_536) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  let prev = rowA.length > n ? rowA : new Int32Array(n + 1);
  let cur = rowB.length > n ? rowB : new Int32Array(n + 1);
  prev.fill(0, 0, n + 1);
  cur[0] = 0;
  let best = 0;
  for (const x of a) {
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

/** F1 of one gold token list against the prediction tokens, exactly as `calc_f1_score` computes it. */
export function tokenF1(gold: readonly string[], prediction: readonly string[]): number {
  const common = longestCommonRun(gold, prediction);
  if (common === 0) return 0;
  const precision = (1.0 * common) / prediction.length;
  const recall = (1.0 * common) / gold.length;
  return (2 * precision * recall) / (precision + recall);
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
