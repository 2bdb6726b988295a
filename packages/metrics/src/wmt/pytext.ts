/**
 * Python string semantics sacreBLEU relies on: `str.split()` / `str.strip()` whitespace (Python's set, not
 * JavaScript's `\s`) and iteration by code point.
 */

/** True for the code points Python's `str.isspace()` accepts (what `str.split()` with no argument splits on).
 *  Unlike JavaScript's `\s` this includes U+001C–U+001F and U+0085 and excludes U+FEFF. */
export function isPyWhitespace(c: number): boolean {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
  if (c < 0x2000) return c === 0x85 || c === 0xa0 || c === 0x1680;
  if (c <= 0x200a) return true;
  return c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Python's `s.split()`: tokens between runs of Python whitespace. */
export function pySplit(s: string): string[] {
  const out: string[] = [];
  const n = s.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // All Python whitespace is in the BMP, so surrogate halves are never whitespace.
    if (isPyWhitespace(c)) {
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) out.push(start === 0 ? s : s.slice(start));
  return out;
}

/** Python's `s.strip()`. */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPyWhitespace(s.charCodeAt(a))) a++;
  while (b > a && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Python's `s.rstrip()`. */
export function pyRstrip(s: string): string {
  let b = s.length;
  while (b > 0 && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  return b === s.length ? s : s.slice(0, b);
}

/**
 * Code points of `s` (a lone surrogate counts as one, as in Python), optionally without Python whitespace
 * (`''.join(s.split())`), written into a reusable buffer. Returns the number of code points.
 */
export function codePointsInto(s: string, skipWhitespace: boolean, buffer: { data: Int32Array }): number {
  const n = s.length;
  if (buffer.data.length < n) buffer.data = new Int32Array(Math.max(n, buffer.data.length * 2));
  const out = buffer.data;
  let k = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (skipWhitespace && isPyWhitespace(c)) continue;
    out[k++] = c;
  }
  return k;
}

/** Python's builtin `sum()` over floats as CPython 3.11 does it: plain left-to-right addition. */
export function pySum(values: readonly number[], count = values.length): number {
  let s = 0;
  for (let i = 0; i < count; i++) s += values[i]!;
  return s;
}
