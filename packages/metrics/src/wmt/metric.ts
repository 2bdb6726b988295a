import type { WmtExample } from '@readin/core';
import type { TaskMetric } from '../types.js';
import {
  type BleuOptions,
  type BleuStats,
  bleuScorer,
  bleuSignature,
  bleuStatsForReference,
  referenceTokenIds,
  vocabularyEpoch,
} from './bleu.js';
import { type ChrfStats, chrfScorer, chrfSignature, chrfStats } from './chrf.js';
import { pySum } from './pytext.js';
import { resolveTokenizer } from './tokenizers.js';

/** Per-example WMT statistics: sacreBLEU BLEU and chrF sufficient statistics (plain integer arrays). */
export interface WmtStat {
  readonly bleu: BleuStats;
  readonly chrf: ChrfStats;
}

export interface WmtMetricOptions {
  /** BLEU tokenizer: `13a` (default, English targets), `zh`, `none`, `char`, `intl`. */
  readonly tokenize?: string;
}

export interface WmtMetric extends TaskMetric<string, WmtStat> {
  /** The gold side of a WMT example: its English reference. */
  gold(example: WmtExample): string;
  /** Signatures of both metrics (`signature` is the BLEU one). */
  readonly signatures: { readonly bleu: string; readonly chrf: string };
}

const REF_CACHE_LIMIT = 20_000;

/** Per-example statistics row of the bootstrap fast path: 10 BLEU + 18 chrF counts. */
const WIDTH = 28;

/** `sums[k] = Σ_i counts[i] · rows[i·WIDTH + k]`. */
function weightedRowSums(rows: Float64Array, counts: Int32Array, sums: Float64Array): void {
  sums.fill(0);
  const n = counts.length;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const b = i * WIDTH;
    for (let k = 0; k < WIDTH; k++) sums[k]! += c * rows[b + k]!;
  }
}

/**
 * READIN's WMT21 metric: corpus BLEU (sacreBLEU defaults, effective order off) and chrF (n=6, β=2) from summed
 * per-example statistics; per example sentence BLEU and sentence chrF; worst = mean over examples of the minimum
 * sentence BLEU / chrF across noisy versions. Reference tokenisation is cached, so scoring k versions of a split
 * against the same references tokenises each reference once.
 */
export function createWmtMetric(options: WmtMetricOptions = {}): WmtMetric {
  const bleuOptions: BleuOptions = { tokenize: resolveTokenizer(options.tokenize) };
  const bleuSig = bleuSignature(bleuOptions);
  const chrfSig = chrfSignature();
  const refIds = new Map<string, Int32Array>();
  let refEpoch = vocabularyEpoch();
  const idsOfRef = (ref: string): Int32Array => {
    if (refEpoch !== vocabularyEpoch() || refIds.size >= REF_CACHE_LIMIT) {
      refIds.clear();
      refEpoch = vocabularyEpoch();
    }
    let ids = refIds.get(ref);
    if (ids === undefined) {
      ids = referenceTokenIds(ref, bleuOptions);
      if (refEpoch !== vocabularyEpoch()) {
        refIds.clear();
        refEpoch = vocabularyEpoch();
      }
      refIds.set(ref, ids);
    }
    return ids;
  };
  const bleuOf = bleuScorer(bleuOptions);
  const chrfOf = chrfScorer();
  const sentenceBleu = (s: WmtStat): number => bleuOf(s.bleu).score;
  const sentenceChrf = (s: WmtStat): number => chrfOf(s.chrf);
  const sum = (stats: readonly WmtStat[], key: 'bleu' | 'chrf', width: number): number[] => {
    const total = new Array<number>(width).fill(0);
    for (const s of stats) {
      const v = s[key];
      for (let k = 0; k < width; k++) total[k]! += v[k]!;
    }
    return total;
  };
  return {
    task: 'wmt21',
    metricNames: ['bleu', 'chrf'],
    signature: bleuSig,
    signatures: { bleu: bleuSig, chrf: chrfSig },
    gold: (example) => example.en,
    exampleStats(gold, prediction) {
      const ref = typeof gold === 'string' ? gold : '';
      return {
        bleu: bleuStatsForReference(prediction, idsOfRef(ref), bleuOptions),
        chrf: chrfStats(prediction, ref),
      };
    },
    corpus(stats) {
      return {
        bleu: bleuOf(sum(stats, 'bleu', 10)).score,
        chrf: chrfOf(sum(stats, 'chrf', 18)),
      };
    },
    corpusSampler(stats) {
      // Statistics are integer counts, so their (weighted) sums are exact in any order: this equals corpus()
      // bit for bit. One row of 28 per example: 10 BLEU, 18 chrF.
      const n = stats.length;
      const rows = new Float64Array(n * WIDTH);
      for (let i = 0; i < n; i++) {
        const s = stats[i];
        if (s === undefined) continue;
        for (let k = 0; k < 10; k++) rows[i * WIDTH + k] = s.bleu[k]!;
        for (let k = 0; k < 18; k++) rows[i * WIDTH + 10 + k] = s.chrf[k]!;
      }
      const sums = new Float64Array(WIDTH);
      return (counts) => {
        weightedRowSums(rows, counts, sums);
        const all = Array.from(sums);
        return { bleu: bleuOf(all.slice(0, 10)).score, chrf: chrfOf(all.slice(10)) };
      };
    },
    exampleMetrics(stat) {
      return { bleu: sentenceBleu(stat), chrf: sentenceChrf(stat) };
    },
    worst(versions) {
      const minBleu: number[] = [];
      const minChrf: number[] = [];
      for (const v of versions) {
        if (v.length === 0) continue;
        let b = Number.POSITIVE_INFINITY;
        let c = Number.POSITIVE_INFINITY;
        for (const s of v) {
          b = Math.min(b, sentenceBleu(s));
          c = Math.min(c, sentenceChrf(s));
        }
        minBleu.push(b);
        minChrf.push(c);
      }
      const n = minBleu.length;
      return { bleu: n === 0 ? 0 : pySum(minBleu) / n, chrf: n === 0 ? 0 : pySum(minChrf) / n };
    },
  };
}

/** The gold side of a WMT example: its English reference. */
export function wmtGold(example: WmtExample): string {
  return example.en;
}
