/** Text helpers shared by the offline baselines. */

const PUNCT = /[\p{P}\p{S}\s]/u;

/** NFKC (full-width → ASCII), lower case. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Characters of `text` without punctuation, symbols and spaces. */
export function contentChars(text: string): string[] {
  return [...normalize(text)].filter((c) => !PUNCT.test(c));
}

export function isPunct(char: string): boolean {
  return PUNCT.test(char);
}

export function isHan(char: string): boolean {
  return /\p{Script=Han}/u.test(char);
}

/** Multiset of the n-grams (n = 1..maxN) of a unit sequence, keyed `n:unit unit`. */
export function ngramCounts(units: readonly string[], maxN: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= units.length; i++) {
      const key = `${n}:${units.slice(i, i + n).join(' ')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Dice coefficient of two n-gram multisets: 2·|A∩B| / (|A|+|B|), 0 when both are empty. */
export function dice(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let inter = 0;
  let total = 0;
  for (const [k, v] of a) {
    total += v;
    inter += Math.min(v, b.get(k) ?? 0);
  }
  for (const v of b.values()) total += v;
  return total === 0 ? 0 : (2 * inter) / total;
}
