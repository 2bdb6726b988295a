import type { AfqmcExample } from '@readin/core';
import { contentChars, dice, ngramCounts } from './text.js';

/**
 * AFQMC overlap baselines: Dice coefficient of the 1- and 2-gram multisets of the two sentences, over
 * characters (`char-overlap`) or toneless pinyin syllables (`pinyin-overlap`), predicting "1" (same meaning)
 * at or above a threshold. IME and ASR noise mostly swaps a character for a homophone, which changes the
 * characters but not the syllables — so the pinyin score moves less under noise.
 */
export interface OverlapOptions {
  /** Largest n-gram (default 2). */
  readonly maxN?: number;
  /** Score at or above which the pair is predicted "1" (default: per unit, see the README). */
  readonly threshold?: number;
}

/** Default thresholds, chosen once for balanced accuracy on clean AFQMC pairs and fixed (see README). */
export const AFQMC_THRESHOLDS = { char: 0.45, pinyin: 0.45 } as const;

export function charOverlapScore(example: Pick<AfqmcExample, 'sentence1' | 'sentence2'>, maxN = 2): number {
  return dice(
    ngramCounts(contentChars(example.sentence1), maxN),
    ngramCounts(contentChars(example.sentence2), maxN),
  );
}

type PinyinFn = (text: string, options: { toneType: 'none'; type: 'array' }) => string[];
let pinyinModule: Promise<PinyinFn> | undefined;

/** Lazily imports pinyin-pro (it is large; the CLI must start fast). */
export function loadPinyin(): Promise<PinyinFn> {
  pinyinModule ??= import('pinyin-pro').then((m) => m.pinyin as unknown as PinyinFn);
  return pinyinModule;
}

/** Toneless pinyin syllable per content character (non-Han characters stay as they are). */
export function pinyinUnits(pinyin: PinyinFn, text: string): string[] {
  const chars = contentChars(text);
  if (chars.length === 0) return [];
  const syllables = pinyin(chars.join(''), { toneType: 'none', type: 'array' });
  return syllables.length === chars.length ? syllables.map((s) => s.toLowerCase()) : chars;
}

export async function pinyinOverlapScore(
  example: Pick<AfqmcExample, 'sentence1' | 'sentence2'>,
  maxN = 2,
): Promise<number> {
  const pinyin = await loadPinyin();
  return dice(
    ngramCounts(pinyinUnits(pinyin, example.sentence1), maxN),
    ngramCounts(pinyinUnits(pinyin, example.sentence2), maxN),
  );
}
