/**
 * Small emulations of the Python built-ins Spider's scorer relies on: `str.isspace`/`str.split()`,
 * `float(str)`, `int(str)`, and `==` on the nested tuple/list/dict values of the Spider SQL dict.
 */

/** Python's whitespace set (`str.isspace()`, `re`'s `\s` on str patterns), as a regex character-class body. */
export const PY_WS =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const WS_RUN = new RegExp(`[${PY_WS}]+`);
/** Python whitespace other than the ASCII space. */
const WS_NOT_SPACE = new RegExp(`[${PY_WS.replace(' ', '')}]`);
const WS_ONLY = new RegExp(`^[${PY_WS}]*$`);
const STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');

/** Python `str.split()` (no separator). */
export function pySplit(text: string): string[] {
  // With spaces as the only whitespace, splitting at each space and dropping the empty strings is the same
  // as splitting at runs of whitespace, and V8's string split is far cheaper than its regex split.
  const parts = WS_NOT_SPACE.test(text) ? text.split(WS_RUN) : text.split(' ');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) if (parts[i]!.length > 0) out.push(parts[i]!);
  return out;
}

/** Python `str.strip()` (no argument). */
export function pyStrip(text: string): string {
  return text.replace(STRIP, '');
}

export function isPyWhitespaceOnly(text: string): boolean {
  return WS_ONLY.test(text);
}

const ND = /\p{Nd}/u;
const NON_ASCII_ND = /[^\x00-\x7f]/;

/** Map Unicode decimal digits (category Nd, always encoded in runs of ten) to ASCII, as Python's number parsers do. */
function asciiDigits(text: string): string {
  if (!NON_ASCII_ND.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x7f && ND.test(ch)) {
      let k = 0;
      while (k < 10 && ND.test(String.fromCodePoint(cp - k - 1))) k++;
      out += String(k % 10);
    } else out += ch;
  }
  return out;
}

const FLOAT =
  /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i;

/** Python `float(str)`: the value, or `undefined` where Python raises ValueError. */
export function pyFloat(text: string): number | undefined {
  const t = asciiDigits(pyStrip(text));
  if (!FLOAT.test(t)) return undefined;
  const lower = t.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return sign * Number.POSITIVE_INFINITY;
  if (body === 'nan') return Number.NaN;
  return Number(t.replace(/_/g, ''));
}

const INT = /^[+-]?\d(?:_?\d)*$/;
/** CPython's default `sys.get_int_max_str_digits()` (3.11+, 3.10.7+). */
const INT_MAX_STR_DIGITS = 4300;

/** Python `int(str)`: the value, or `undefined` where Python raises ValueError. */
export function pyInt(text: string): number | undefined {
  const t = asciiDigits(pyStrip(text));
  if (!INT.test(t)) return undefined;
  const digits = t.replace(/[+_-]/g, '');
  if (digits.length > INT_MAX_STR_DIGITS) return undefined;
  return Number(t.replace(/_/g, ''));
}

/** A Python-level exception that the official scorer does not catch (it would abort the whole run). */
export class PyCrash extends Error {
  override readonly name = 'PyCrash';
}

export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Python `==` on values built from None, bool, int/float, str, tuples/lists (arrays) and dicts (plain objects).
 * bool compares as int (True == 1 == 1.0); tuples and lists are not told apart (the scorer never compares one
 * against the other where it would matter).
 */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (a === null || b === null || a === undefined || b === undefined) return false;
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean'))
    return Number(a) === Number(b);
  if (ta !== 'object' || tb !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = b as Record<string, unknown>;
  if (ka.length !== Object.keys(kb).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(kb, k)) return false;
    if (!pyEq((a as Record<string, unknown>)[k], kb[k])) return false;
  }
  return true;
}

/** Python `x in list`. */
export function pyIn(x: unknown, list: readonly unknown[]): boolean {
  for (const item of list) if (pyEq(x, item)) return true;
  return false;
}

/** Python `list.remove(x)` on a copy-owned array (removes the first equal element). */
export function pyRemove(list: unknown[], x: unknown): void {
  for (let i = 0; i < list.length; i++) {
    if (pyEq(list[i], x)) {
      list.splice(i, 1);
      return;
    }
  }
  throw new PyCrash('list.remove(x): x not in list');
}

/** Python `seq[i]` for a tuple/list or str (non-negative i), raising like Python. */
export function pyIndex(seq: unknown, i: number): unknown {
  if (typeof seq === 'string') {
    const chars = Array.from(seq);
    if (i >= chars.length) throw new PyCrash('string index out of range');
    return chars[i];
  }
  if (Array.isArray(seq)) {
    if (i >= seq.length) throw new PyCrash('tuple index out of range');
    return seq[i];
  }
  throw new PyCrash(`object is not subscriptable by ${i}`);
}

/** Python truthiness. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python `a != b` where b is an int. */
export function pyNeInt(a: unknown, b: number): boolean {
  return !pyEq(a, b);
}

/** Python `seq[start::step]` for non-negative start and positive step. */
export function pyStride<T>(seq: readonly T[], start: number, step = 2): T[] {
  const out: T[] = [];
  for (let i = start; i < seq.length; i += step) out.push(seq[i]!);
  return out;
}
