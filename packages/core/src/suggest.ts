import { levenshtein } from './text.js';

/**
 * Returns the candidates closest to `name` (edit distance ≤ max(2, ⌈len/3⌉)), nearest first, for
 * "did you mean …?" messages.
 */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const bound = Math.max(2, Math.ceil(name.length / 3));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = levenshtein(name.toLowerCase(), c.toLowerCase());
    if (d <= bound || c.toLowerCase().startsWith(name.toLowerCase())) scored.push([c, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, limit).map(([c]) => c);
}

/** ` Did you mean "a" or "b"?` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = suggest(name, candidates);
  if (near.length === 0) return '';
  return ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`;
}
