/**
 * Levenshtein distance between two strings, counted in Unicode code points (so a CJK Extension B character is
 * one unit). O(len(a)·len(b)) time, O(min) memory.
 */
export function levenshtein(a: string | readonly string[], b: string | readonly string[]): number {
  let s = typeof a === 'string' ? Array.from(a) : a;
  let t = typeof b === 'string' ? Array.from(b) : b;
  if (s.length < t.length) [s, t] = [t, s];
  const n = t.length;
  if (n === 0) return s.length;
  let prev = new Uint32Array(n + 1);
  let cur = new Uint32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (si === t[j - 1] ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}

/** Number of Unicode code points in a string. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
