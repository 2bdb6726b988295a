/**
 * Character categories used by the noise analysis. Text is split into Unicode code points (an astral Han
 * character is one unit). "Punctuation" means Unicode punctuation, symbols and whitespace (\p{P}, \p{S}, \s).
 */

const RE_HAN = /^\p{Script=Han}$/u;
const RE_PUNCT = /^[\p{P}\p{S}\s]$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_LATIN = /^\p{Script=Latin}$/u;

export type CharCategory = 'han' | 'punct' | 'digit' | 'latin' | 'other';

export function isHan(c: string): boolean {
  return RE_HAN.test(c);
}

/** Punctuation, symbols and whitespace. */
export function isPunct(c: string): boolean {
  return RE_PUNCT.test(c);
}

export function charCategory(c: string): CharCategory {
  if (RE_HAN.test(c)) return 'han';
  if (RE_PUNCT.test(c)) return 'punct';
  if (RE_DIGIT.test(c)) return 'digit';
  if (RE_LATIN.test(c)) return 'latin';
  return 'other';
}
