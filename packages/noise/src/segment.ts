/**
 * jieba's dictionary-only segmentation (`cut(text, false)` of jieba-rs, which `@node-rs/jieba` wraps) in plain
 * TypeScript, word for word the same, without the native module and without one JS string per lookup.
 *
 * The algorithm (jieba's, reimplemented from its description):
 * - the text is split into blocks of "Han or word" characters (CJK unified ideographs and extensions,
 *   compatibility ideographs, ASCII letters and digits, `+#&._%-`); every other character is a token of its own,
 *   except that `\r\n` stays one token;
 * - in a block, every dictionary word starting at a character is an edge of a DAG; the route maximises the sum of
 *   log(freq) − log(total) from right to left; on equal sums the longer word wins; a character where no
 *   dictionary word starts steps to the next character with frequency 1;
 * - consecutive single-character route steps that are ASCII letters or digits are joined into one token.
 *
 * One deliberate difference: a lone surrogate (not valid Unicode) is a word of its own in both, but
 * `@node-rs/jieba` returns it as U+FFFD (N-API converts the text to UTF-8), while here the words always add up
 * to the text.
 *
 * The dictionary lives in a trie over UTF-16 code units (see Trie): no substring, no string hashing per lookup;
 * the route is a Float64Array. `cutEnds` gives word boundaries without making strings.
 *
 * The weights must be the very doubles jieba-rs adds up, or near-ties between routes could be broken differently:
 * jieba-rs takes `ln` from glibc, while V8's `Math.log` is one unit in the last place off it for about 1% of
 * integers (ln 3 among them). So `ln` of each distinct frequency is computed correctly rounded here (which is
 * glibc's value except for a few integers, listed), about a microsecond each.
 */
import { ReadinError, UsageError } from '@readin/core';

/** A jieba dictionary that cannot be read (bad UTF-8, a frequency that is not a whole number). */
export class SegmenterDictError extends ReadinError {
  override readonly code = 'READIN_SEGMENTER_DICT';
}

/**
 * A dictionary trie over UTF-16 code units, all in one Int32Array of two-word slots. A slot is a trie node (the
 * word spelled by the path to it): word 0 = its last code unit | (weight index << 16), weight index 0 when no
 * word ends there; word 1 = (base << 5) | log2(size) of the block holding its children, 0 when it has none,
 * −1 for an empty slot. Slots 0…65535 are the first code units themselves (direct); every other block is a small
 * open-addressing hash table of one node's children (linear probing, never more than 3/4 full), so that the
 * steps from a node stay in a few cache lines.
 */
interface Trie {
  readonly slots: Int32Array;
  /** log(freq) − log(total) of each distinct frequency; index 0 unused. */
  readonly weights: Float64Array;
  /** −log(total): the weight of a character no word starts with (frequency 1). */
  readonly unknown: number;
}

/** Slot of code unit `u` in a block of 2^lg slots (multiplicative hashing, top bits). */
function homeOf(u: number, lg: number): number {
  return Math.imul(u, 0x9e3779b1) >>> (32 - lg);
}

/** Characters of jieba's default "Han" block regex in the BMP (the astral ranges are checked by code point). */
const IN_BLOCK = /* @__PURE__ */ (() => {
  const t = new Uint8Array(65536);
  t.fill(1, 0x3400, 0x4dc0);
  t.fill(1, 0x4e00, 0xa000);
  t.fill(1, 0xf900, 0xfb00);
  t.fill(1, 0x30, 0x3a);
  t.fill(1, 0x41, 0x5b);
  t.fill(1, 0x61, 0x7b);
  for (const c of '+#&._%-') t[c.charCodeAt(0)] = 1;
  return t;
})();

function astralInBlock(cp: number): boolean {
  return (
    (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2ebef) || (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Rust's `char::is_whitespace` (the Unicode White_Space property), which jieba-rs splits dictionary lines on. */
function isWhiteSpace(cp: number): boolean {
  if (cp <= 0x20) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  if (cp < 0x85) return false;
  return (
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Correctly rounded natural logarithm of a whole number (what glibc's `log` returns for jieba's frequencies).

const FIX = 128n;
const ONE = 1n << FIX;

/** atanh(p/q) · 2^FIX for 0 ≤ p/q ≤ 1/3, by its series, truncated to an integer. */
function atanhFixed(p: bigint, q: bigint): bigint {
  const t = (p << FIX) / q;
  const t2 = ((p * p) << FIX) / (q * q);
  let term = t;
  let sum = t;
  for (let k = 3n; term !== 0n; k += 2n) {
    term = (term * t2) >> FIX;
    sum += term / k;
  }
  return sum;
}

let lnTable: { ln2: bigint; lnJ: bigint[] } | undefined;
function lnTableOf(): { ln2: bigint; lnJ: bigint[] } {
  if (!lnTable) {
    const lnJ: bigint[] = [];
    for (let j = 16; j <= 32; j++) lnJ.push(2n * atanhFixed(BigInt(j - 16), BigInt(j + 16)));
    lnTable = { ln2: lnJ[16]!, lnJ };
  }
  return lnTable;
}

/** k with 2^k ≤ n < 2^(k+1), and j in [16, 32]: the nearest sixteenth of n / 2^k, times 16. */
function reduce(n: number): [number, number] {
  const k0 = Math.floor(Math.log2(n));
  // Math.log2 may round up just below a power of two: settle k exactly.
  const k = 2 ** k0 > n ? k0 - 1 : 2 ** (k0 + 1) <= n ? k0 + 1 : k0;
  return [k, Math.round((n / 2 ** k) * 16)];
}

/** The slow, sure way: ln(n) in 128-bit fixed point, then one rounding (BigInt → Number rounds to nearest). */
function lnFixed(n: number): number {
  const { ln2, lnJ } = lnTableOf();
  const [k, j] = reduce(n);
  const big = BigInt(n) * 16n;
  const pj = BigInt(j) << BigInt(k);
  const r = big >= pj ? 2n * atanhFixed(big - pj, big + pj) : -2n * atanhFixed(pj - big, big + pj);
  return Number(BigInt(k) * ln2 + lnJ[j - 16]! + r) / Number(ONE);
}

// Double-double arithmetic (a value is hi + lo, |lo| ≤ ulp(hi)/2); results in HI and LO.
let HI = 0;
let LO = 0;
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  LO = a - (s - bb) + (b - bb);
  HI = s;
}
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = 134217729 * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  LO = ah * bh - p + ah * bl + al * bh + al * bl;
  HI = p;
}
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s = HI;
  const e = LO + al + bl;
  HI = s + e;
  LO = e - (HI - s);
}
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = HI;
  const e = LO + (ah * bl + al * bh);
  HI = p + e;
  LO = e - (HI - p);
}
/** 1/d as a double-double, for a small whole d. */
function ddInverse(d: number): [number, number] {
  const h = 1 / d;
  twoProd(d, h);
  return [h, (1 - HI - LO) / d];
}
function ddOfFixed(f: bigint): [number, number] {
  const hi = Number(f) / Number(ONE);
  return [hi, Number(f - BigInt(hi * Number(ONE))) / Number(ONE)];
}
let ddTable:
  | { ln2: [number, number]; lnJ: [number, number][]; c3: [number, number]; c5: [number, number] }
  | undefined;

/**
 * ln(n) rounded to the nearest double, for a whole number 0 ≤ n ≤ 2^53 (what glibc's `log` returns for all but
 * the few integers listed in GLIBC_LN). With n = 2^k·(j/16)·r, j/16 the nearest sixteenth of the mantissa:
 * ln n = k·ln 2 + ln(j/16) + 2·atanh(s), s = (16n − j·2^k)/(16n + j·2^k), |s| ≤ 1/64; computed in double-double
 * (error below 2^-95), or, when that lands within 2^-80 of a midpoint between doubles or n ≥ 2^48, in 128-bit
 * fixed point.
 */
export function lnCorrectlyRounded(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > Number.MAX_SAFE_INTEGER) {
    throw new UsageError(`lnCorrectlyRounded needs a whole number in [0, 2^53], got ${n}.`);
  }
  if (n === 0) return Number.NEGATIVE_INFINITY;
  if (n === 1) return 0;
  const override = GLIBC_LN.get(n);
  if (override !== undefined) return override;
  if (n >= 2 ** 48) return lnFixed(n);
  if (!ddTable) {
    const t = lnTableOf();
    ddTable = {
      ln2: ddOfFixed(t.ln2),
      lnJ: t.lnJ.map(ddOfFixed),
      c3: ddInverse(3),
      c5: ddInverse(5),
    };
  }
  const { ln2, lnJ, c3, c5 } = ddTable;
  const [k, j] = reduce(n);
  // s = p/q exactly in double-double (p and q are whole numbers below 2^53).
  const p = 16 * n - j * 2 ** k;
  const q = 16 * n + j * 2 ** k;
  const sh = p / q;
  twoProd(sh, q);
  const sl = (p - HI - LO) / q;
  // atanh(s)/s = 1 + t·(1/3 + t·(1/5 + t·(1/7 + …))), t = s² ≤ 2^-12: the innermost part in plain doubles.
  ddMul(sh, sl, sh, sl);
  const th = HI;
  const tl = LO;
  const tail =
    th * (1 / 7 + th * (1 / 9 + th * (1 / 11 + th * (1 / 13 + th * (1 / 15 + th * (1 / 17 + th / 19))))));
  ddAdd(c5[0], c5[1], tail, 0);
  ddMul(HI, LO, th, tl);
  ddAdd(c3[0], c3[1], HI, LO);
  ddMul(HI, LO, th, tl);
  ddAdd(1, 0, HI, LO);
  ddMul(HI, LO, sh, sl);
  const rh = 2 * HI;
  const rl = 2 * LO;
  ddMul(k, 0, ln2[0], ln2[1]);
  const j16 = lnJ[j - 16]!;
  ddAdd(HI, LO, j16[0], j16[1]);
  ddAdd(HI, LO, rh, rl);
  const hi = HI;
  const lo = LO;
  // Too close to a midpoint between hi and its neighbour to trust the double-double: the fixed-point way.
  const e = Math.floor(Math.log2(hi));
  const ulp = 2 ** (e - 52);
  if (Math.abs(Math.abs(lo) - ulp / 2) < 2 ** -80 || Math.abs(Math.abs(lo) - ulp / 4) < 2 ** -80)
    return lnFixed(n);
  return hi;
}

/**
 * The integers below 2^20 where glibc's `log` (2.28 and later, which jieba-rs calls) is not correctly rounded,
 * with glibc's value: measured against Python's `math.log` on glibc 2.36. None is a frequency of jieba's
 * default dictionary; they matter only for custom dictionaries.
 */
const GLIBC_LN = new Map<number, number>([
  [9170, 9.123692565250511],
  [136837, 11.826545715437014],
  [141614, 11.860860325410933],
  [147674, 11.902762420525626],
  [277862, 12.53487986654638],
  [278555, 12.537370805386587],
  [330034, 12.706950958438435],
  [351497, 12.769956455345794],
  [372772, 12.82872225167674],
  [394915, 12.886425830853177],
  [416542, 12.939742575841123],
  [504274, 13.130875050122603],
  [507328, 13.136913016196827],
  [557003, 13.230325904891327],
  [622817, 13.34200801465166],
  [658711, 13.398040174049086],
  [664679, 13.407059496330659],
  [672295, 13.41845251127344],
  [699095, 13.457541920421862],
  [721368, 13.48890468827532],
  [822630, 13.62026180384358],
  [832164, 13.631784815763277],
  [843741, 13.64560085444532],
  [900741, 13.710973036886816],
  [1006553, 13.822042180400404],
]);

// ---------------------------------------------------------------------------------------------------------------
// Dictionary → trie.

function dictError(line: number, what: string, cause?: unknown): SegmenterDictError {
  return new SegmenterDictError(`the jieba dictionary ${what}.`, {
    line,
    hint: 'Pass the bytes of a jieba dict.txt (UTF-8, one "word freq [tag]" per line).',
    cause,
  });
}

/** The trie under construction: blocks are bump-allocated; a block that fills up moves to one twice as big. */
class TrieBuilder {
  slots: Int32Array;
  /** First free slot. */
  top = 65536;

  constructor(estimate: number) {
    this.slots = new Int32Array(2 * (65536 + estimate)).fill(-1);
  }

  /** Index of a fresh block of 2^lg slots (after a header slot holding the count of its children). */
  #alloc(lg: number): number {
    const need = this.top + 1 + (1 << lg);
    if (2 * need > this.slots.length) {
      const grown = new Int32Array(Math.max(2 * need, this.slots.length * 2)).fill(-1);
      grown.set(this.slots);
      this.slots = grown;
    }
    const base = this.top + 1;
    this.slots[2 * (base - 1)] = 0;
    this.top = need;
    return base;
  }

  /** The slot of the first code unit `u`, created when missing. */
  root(u: number): number {
    if (this.slots[2 * u + 1] === -1) {
      this.slots[2 * u] = u;
      this.slots[2 * u + 1] = 0;
    }
    return u;
  }

  /** The slot of `node`'s child by code unit `u`, created when missing. */
  child(node: number, u: number): number {
    let info = this.slots[2 * node + 1]!;
    if (info === 0) {
      info = (this.#alloc(1) << 5) | 1;
      this.slots[2 * node + 1] = info;
    }
    let lg = info & 31;
    let base = info >>> 5;
    let slots = this.slots;
    let k = homeOf(u, lg);
    for (;;) {
      const p = 2 * (base + k);
      if (slots[p + 1] === -1) break;
      if ((slots[p]! & 0xffff) === u) return base + k;
      k = (k + 1) & ((1 << lg) - 1);
    }
    const count = slots[2 * (base - 1)]! + 1;
    if (count > (3 << lg) >> 2) {
      // Move the children to a block twice as big.
      const nb = this.#alloc(lg + 1);
      slots = this.slots;
      for (let j = 0; j < 1 << lg; j++) {
        const p = 2 * (base + j);
        if (slots[p + 1] === -1) continue;
        let h = homeOf(slots[p]! & 0xffff, lg + 1);
        while (slots[2 * (nb + h) + 1] !== -1) h = (h + 1) & ((2 << lg) - 1);
        slots[2 * (nb + h)] = slots[p]!;
        slots[2 * (nb + h) + 1] = slots[p + 1]!;
      }
      lg++;
      base = nb;
      slots[2 * node + 1] = (base << 5) | lg;
      k = homeOf(u, lg);
      while (slots[2 * (base + k) + 1] !== -1) k = (k + 1) & ((1 << lg) - 1);
    }
    slots[2 * (base - 1)] = count;
    slots[2 * (base + k)] = u;
    slots[2 * (base + k) + 1] = 0;
    return base + k;
  }
}

/** Code point of the multi-byte UTF-8 sequence at bytes[i] (lead byte `b`), −1 when malformed; length in LEN. */
function decodeUtf8(bytes: Uint8Array, i: number, b: number): number {
  let need: number;
  let cp: number;
  let min: number;
  if (b >= 0xc2 && b < 0xe0) {
    need = 1;
    cp = b & 0x1f;
    min = 0x80;
  } else if (b >= 0xe0 && b < 0xf0) {
    need = 2;
    cp = b & 0x0f;
    min = 0x800;
  } else if (b >= 0xf0 && b < 0xf5) {
    need = 3;
    cp = b & 0x07;
    min = 0x10000;
  } else return -1;
  LEN = need + 1;
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return -1;
    cp = (cp << 6) | (c & 0x3f);
  }
  return cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000) ? -1 : cp;
}
let LEN = 0;

function buildTrie(dict: Uint8Array | string): Trie {
  // The bytes are decoded here (strict UTF-8, as Rust reads them): faster than TextDecoder for this job.
  const bytes = typeof dict === 'string' ? new TextEncoder().encode(dict) : dict;
  const len = bytes.length;
  let lines = 1;
  for (let p = bytes.indexOf(0x0a); p >= 0; p = bytes.indexOf(0x0a, p + 1)) lines++;
  // jieba's dictionary needs about 5 slots a line.
  const trie = new TrieBuilder(lines * 5);
  /** Distinct frequencies, by weight index (0 = no word). */
  const freqs = [0];
  const freqIndex = new Map<number, number>();
  let total = 0;
  let i = 0;
  let lineNo = 0;
  while (i < len) {
    lineNo++;
    // One line: the first whitespace-separated field is the word, the second (if any) its frequency (Rust's
    // usize syntax: an optional '+' and decimal digits), the rest is ignored.
    let field = 0;
    let inField = false;
    let node = -1;
    let f = 0;
    let digits = 0;
    let hasFreq = false;
    let bad = false;
    while (i < len) {
      const b = bytes[i]!;
      let cp: number;
      if (b < 0x80) {
        cp = b;
        i++;
        if (b === 0x0a) break;
      } else if (b >= 0xe0 && b < 0xf0 && i + 2 < len) {
        // Three bytes (all of jieba's Han): the common case inline.
        const b1 = bytes[i + 1]!;
        const b2 = bytes[i + 2]!;
        cp = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))
          throw dictError(lineNo, 'is not valid UTF-8');
        i += 3;
      } else {
        cp = decodeUtf8(bytes, i, b);
        if (cp < 0) throw dictError(lineNo, 'is not valid UTF-8');
        i += LEN;
      }
      if (isWhiteSpace(cp)) {
        if (inField) field++;
        inField = false;
        continue;
      }
      if (field === 0) {
        let u = cp;
        if (cp >= 0x10000) {
          u = 0xdc00 + ((cp - 0x10000) & 0x3ff);
          const hi = 0xd800 + ((cp - 0x10000) >> 10);
          node = node >= 0 ? trie.child(node, hi) : trie.root(hi);
        }
        node = node >= 0 ? trie.child(node, u) : trie.root(u);
      } else if (field === 1) {
        hasFreq = true;
        if (cp >= 0x30 && cp <= 0x39) {
          f = f * 10 + (cp - 0x30);
          digits++;
        } else if (!(cp === 0x2b && !inField)) bad = true;
      }
      inField = true;
    }
    if (node < 0) continue;
    if (hasFreq && (bad || digits === 0))
      throw dictError(lineNo, 'has a frequency that is not a whole number');
    if (f > Number.MAX_SAFE_INTEGER) throw dictError(lineNo, 'has a frequency above 2^53');
    let fi = freqIndex.get(f);
    if (fi === undefined) {
      fi = freqs.length;
      if (fi > 0xffff) throw dictError(lineNo, 'has more than 65535 distinct frequencies');
      freqs.push(f);
      freqIndex.set(f, fi);
    }
    // A repeated word keeps its last frequency (and counts once in the total).
    const slots = trie.slots;
    total += f - freqs[slots[2 * node]! >>> 16]!;
    slots[2 * node] = (slots[2 * node]! & 0xffff) | (fi << 16);
  }
  if (total > Number.MAX_SAFE_INTEGER)
    throw dictError(lineNo, 'has frequencies that add up to more than 2^53');
  const logTotal = lnCorrectlyRounded(total);
  const weights = new Float64Array(freqs.length);
  for (let k = 1; k < freqs.length; k++) weights[k] = lnCorrectlyRounded(freqs[k]!) - logTotal;
  // The estimate fits jieba's dictionary (2% to spare): a copy only when much is unused.
  const used = 2 * trie.top;
  const slots = used < trie.slots.length * 0.75 ? trie.slots.slice(0, used) : trie.slots;
  return { slots, weights, unknown: 0 - logTotal };
}

// ---------------------------------------------------------------------------------------------------------------
// Segmentation.

/** jieba's dictionary-only segmenter (`cut(text, false)`), built from the text of a jieba `dict.txt`. */
export class Segmenter {
  readonly #trie: Trie;
  #score = new Float64Array(256);
  #next = new Int32Array(256);

  constructor(dict: Uint8Array | string) {
    this.#trie = buildTrie(dict);
  }

  /** The words of `text`, exactly as `@node-rs/jieba`'s `cut(text, false)`. Only `hmm = false` is supported. */
  cut(text: string, hmm?: boolean): string[] {
    if (hmm) {
      throw new UsageError('this segmenter has no HMM for unknown words; call cut(text, false).', {
        field: 'hmm',
        hint: 'Use @node-rs/jieba directly for HMM segmentation.',
      });
    }
    const ends: number[] = [];
    this.cutEnds(text, ends);
    const out = new Array<string>(ends.length);
    let start = 0;
    for (let k = 0; k < ends.length; k++) {
      const e = ends[k]!;
      out[k] = text.slice(start, e);
      start = e;
    }
    return out;
  }

  /**
   * The words of `text` as their end offsets (UTF-16), appended to `ends`: word k is
   * `text.slice(ends[k - 1] ?? 0, ends[k])`. The words cover the text, so the last end is `text.length`.
   */
  cutEnds(text: string, ends: number[]): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      let w = 1;
      let inBlock = IN_BLOCK[c] === 1;
      if (!inBlock && c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          w = 2;
          inBlock = astralInBlock(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        }
      }
      if (inBlock) {
        let j = i + w;
        while (j < n) {
          const e = text.charCodeAt(j);
          if (IN_BLOCK[e] === 1) j++;
          else if (e >= 0xd800 && e < 0xdc00 && j + 1 < n) {
            const d = text.charCodeAt(j + 1);
            if (d >= 0xdc00 && d < 0xe000 && astralInBlock(((e - 0xd800) << 10) + (d - 0xdc00) + 0x10000))
              j += 2;
            else break;
          } else break;
        }
        this.#block(text, i, j, ends);
        i = j;
      } else {
        // Outside blocks every character is a token; "\r\n" is one.
        if (c === 0x0d && i + 1 < n && text.charCodeAt(i + 1) === 0x0a) w = 2;
        i += w;
        ends.push(i);
      }
    }
  }

  /** One block [from, to): best route right to left, then the words with single ASCII letters/digits joined. */
  #block(text: string, from: number, to: number, ends: number[]): void {
    const { slots, weights, unknown } = this.#trie;
    const len = to - from;
    if (this.#score.length <= len) {
      let size = this.#score.length;
      while (size <= len) size *= 2;
      this.#score = new Float64Array(size);
      this.#next = new Int32Array(size);
    }
    const score = this.#score;
    const next = this.#next;
    score[len] = 0;
    let prevStart = len;
    for (let x = len - 1; x >= 0; x--) {
      const c = text.charCodeAt(from + x);
      if (c >= 0xdc00 && c < 0xe000) continue; // second half of an astral character
      let bestEnd = -1;
      let best = 0;
      let w1 = slots[2 * c + 1]!;
      if (w1 !== -1) {
        let w0 = slots[2 * c]!;
        let y = x + 1;
        for (;;) {
          const wi = w0 >>> 16;
          if (wi !== 0) {
            const s = weights[wi]! + score[y]!;
            // Later (longer) words win ties, as jieba's max over (score, end) pairs.
            if (bestEnd < 0 || s >= best) {
              best = s;
              bestEnd = y;
            }
          }
          const lg = w1 & 31;
          if (lg === 0 || y >= len) break;
          const u = text.charCodeAt(from + y);
          const base = w1 >>> 5;
          const m = (1 << lg) - 1;
          let k = homeOf(u, lg);
          let p = 2 * (base + k);
          let b1 = slots[p + 1]!;
          while (b1 !== -1 && (slots[p]! & 0xffff) !== u) {
            k = (k + 1) & m;
            p = 2 * (base + k);
            b1 = slots[p + 1]!;
          }
          if (b1 === -1) break;
          w0 = slots[p]!;
          w1 = b1;
          y++;
        }
      }
      if (bestEnd < 0) {
        best = unknown + score[prevStart]!;
        bestEnd = prevStart;
      }
      score[x] = best;
      next[x] = bestEnd;
      prevStart = x;
    }
    // Walk the route.
    let x = 0;
    let left = -1;
    while (x < len) {
      const y = next[x]!;
      if (y === x + 1 && isAsciiAlnum(text.charCodeAt(from + x))) {
        if (left < 0) left = x;
      } else {
        if (left >= 0) {
          ends.push(from + x);
          left = -1;
        }
        ends.push(from + y);
      }
      x = y;
    }
    if (left >= 0) ends.push(from + len);
  }
}
