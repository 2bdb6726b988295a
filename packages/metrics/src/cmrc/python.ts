/**
 * The few pieces of Python 3 string semantics the CMRC2018 scorer depends on, reimplemented for JavaScript.
 *
 * - Python's whitespace (`str.isspace()`, `str.strip()`, `str.split()`, `re` `\s` on str patterns) is not
 *   JavaScript's `\s`: Python counts U+001C–U+001F and U+0085 and does not count U+FEFF.
 * - Python's `\w` on str patterns is `str.isalnum()` or `_`, i.e. letters and numbers of any script; JavaScript's
 *   `\w` is ASCII-only, so patterns spell it out with Unicode property escapes.
 * - `str(x)` of a JSON value (the scorer does `str(prediction_file[query_id])`).
 */

/** Python's whitespace set as a regex character-class body (no brackets). */
export const PY_WS_CLASS =
  '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python's `\w` (str pattern) as a regex character-class body; needs the `u` flag. */
export const PY_WORD_CLASS = '\\p{L}\\p{N}_';

const WS_RUN = new RegExp(`[${PY_WS_CLASS}]+`, 'u');

/** Python `str.strip()` with no argument. */
export function pyStrip(input: string): string {
  let start = 0;
  let end = input.length;
  while (start < end && isSpaceCode(input.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(input.charCodeAt(end - 1))) end--;
  return start === 0 && end === input.length ? input : input.slice(start, end);
}

/** Python `str.split()` with no argument: split on runs of whitespace, no empty strings. */
export function pySplit(input: string): string[] {
  const out: string[] = [];
  for (const part of input.split(WS_RUN)) if (part !== '') out.push(part);
  return out;
}

/** Python `str.isspace()` for one character. */
export function pyIsSpace(char: string): boolean {
  return char.length === 1 && isSpaceCode(char.charCodeAt(0));
}

function isSpaceCode(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', expPart = '0'] = x.toExponential().split('e');
  const exp = Number(expPart);
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python `repr(str)`. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      const c = ch.codePointAt(0) ?? 0;
      if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0')}`;
      else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
      else out += `\\U${c.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

function repr(value: unknown, seen: Set<object>): string {
  return typeof value === 'string' ? strRepr(value) : strOf(value, seen);
}

/**
 * Python `str(x)` of a value decoded from JSON: `None`, `True`/`False`, ints, float reprs, and the list / dict
 * reprs. JavaScript's `JSON.parse` cannot tell `3` from `3.0`, so integral numbers below 1e21 print as ints (what a JSON
 * writer emits for an int; Python writes floats ≥ 1e16 in exponent form, which is lost here). Values
 * that JSON cannot produce (functions, symbols) become the empty string.
 */
export function pyStr(value: unknown): string {
  return strOf(value, new Set());
}

function strOf(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : floatRepr(value);
    case 'object': {
      if (value === null) return 'None';
      const isList = Array.isArray(value);
      if (seen.has(value)) return isList ? '[...]' : '{...}';
      seen.add(value);
      let out: string;
      if (isList) out = `[${value.map((v) => repr(v, seen)).join(', ')}]`;
      else {
        const parts: string[] = [];
        for (const [k, v] of Object.entries(value)) parts.push(`${strRepr(k)}: ${repr(v, seen)}`);
        out = `{${parts.join(', ')}}`;
      }
      seen.delete(value);
      return out;
    }
    default:
      return '';
  }
}
