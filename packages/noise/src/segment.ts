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
 * The dictionary lives in a trie over UTF-16 code units: a direct table for the first code unit and an
 * open-addressing hash of (node, code unit) → child below it, with each node's route weight in a Float64Array.
 *
 * The weights must be the very doubles jieba-rs adds up, or near-ties between routes could be broken differently:
 * jieba-rs takes `ln` from the C library, which is correctly rounded for these arguments, while V8's `Math.log`
 * is one unit in the last place off for about 1% of integers (ln 3 among them). So `ln` of each distinct
 * frequency is computed correctly rounded here (fixed-point BigInt series, a few milliseconds for a dictionary).
 */
import { ReadinError, UsageError } from '@readin/core';

/** A jieba dictionary that cannot be read (bad UTF-8, a frequency that is not a whole number). */
export class SegmenterDictError extends ReadinError {
  override readonly code = 'READIN_SEGMENTER_DICT';
}

/**
 * A dictionary trie over UTF-16 code units. Each node has an id and an info word: the index of its word's route
 * weight in `weights` (0 when no word ends at the node) and the HAS_CHILDREN bit, kept next to the node id so
 * that one cache line serves a step.
 */
interface Trie {
  /** For each first code unit u: node id at 2u (0 = no word starts with u), info at 2u + 1. */
  readonly root: Int32Array;
  /** Edges below the first code unit: slot k holds parent, code unit, child, child's info at 4k … 4k + 3. */
  readonly table: Int32Array;
  /** 32 − log2(number of slots): a slot is the top bits of the edge's hash. */
  readonly shift: number;
  /** log(freq) − log(total) of each distinct frequency; index 0 unused. */
  readonly weights: Float64Array;
  /** −log(total): the weight of a character no word starts with (frequency 1). */
  readonly unknown: number;
}

const HAS_CHILDREN = 1 << 30;
const WEIGHT_MASK = HAS_CHILDREN - 1;

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

/** Slot of the edge (parent, unit): multiplicative hashing, top bits. */
function slotOf(parent: number, unit: number, shift: number): number {
  return Math.imul(parent ^ Math.imul(unit, 0x85ebca6b), 0x9e3779b1) >>> shift;
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

/**
 * ln(n) rounded to the nearest double, for a whole number 0 ≤ n ≤ 2^53. With n = 2^k·(j/16)·r, j in [16, 32]
 * the nearest sixteenth of the mantissa: ln n = k·ln 2 + ln(j/16) + 2·atanh((n·16 − j·2^k)/(n·16 + j·2^k)), all
 * in 128-bit fixed point, then one rounding (BigInt → Number rounds to nearest). The fixed-point error (about
 * 2^-120) could only matter that close to a midpoint between doubles.
 */
export function lnCorrectlyRounded(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > Number.MAX_SAFE_INTEGER) {
    throw new UsageError(`lnCorrectlyRounded needs a whole number in [0, 2^53], got ${n}.`);
  }
  if (n === 0) return Number.NEGATIVE_INFINITY;
  if (n === 1) return 0;
  const override = GLIBC_LN.get(n);
  if (override !== undefined) return override;
  if (!lnTable) {
    const lnJ: bigint[] = [];
    for (let j = 16; j <= 32; j++) lnJ.push(2n * atanhFixed(BigInt(j - 16), BigInt(j + 16)));
    lnTable = { ln2: lnJ[16]!, lnJ };
  }
  const k = Math.floor(Math.log2(n));
  // Math.log2 may round up just below a power of two: settle k exactly.
  const kk = 2 ** k > n ? k - 1 : 2 ** (k + 1) <= n ? k + 1 : k;
  const j = Math.round((n / 2 ** kk) * 16);
  const big = BigInt(n) * 16n;
  const pj = BigInt(j) << BigInt(kk);
  const r = big >= pj ? 2n * atanhFixed(big - pj, big + pj) : -2n * atanhFixed(pj - big, big + pj);
  const fixed = BigInt(kk) * lnTable.ln2 + lnTable.lnJ[j - 16]! + r;
  return Number(fixed) / Number(ONE);
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

/** Open-addressing table of trie edges (parent node, code unit) → child node, with linear probing. */
class Edges {
  shift: number;
  table: Int32Array;
  used = 0;

  constructor(cap: number) {
    this.shift = 32 - Math.log2(cap);
    this.table = new Int32Array(cap * 4);
  }

  /** The child of `node` by `u`, or `fresh` after recording it as that child. */
  getOrAdd(node: number, u: number, fresh: number): number {
    const table = this.table;
    const mask = (table.length >> 2) - 1;
    let k = slotOf(node, u, this.shift);
    for (;;) {
      const c = table[4 * k + 2]!;
      if (c === 0) break;
      if (table[4 * k] === node && table[4 * k + 1] === u) return c;
      k = (k + 1) & mask;
    }
    table[4 * k] = node;
    table[4 * k + 1] = u;
    table[4 * k + 2] = fresh;
    if (++this.used * 2 > mask + 1) this.#grow();
    return fresh;
  }

  #grow(): void {
    const old = this.table;
    const cap = (old.length >> 2) * 2;
    const mask = cap - 1;
    this.shift--;
    const table = new Int32Array(cap * 4);
    for (let s = 0; s < old.length; s += 4) {
      if (old[s + 2] === 0) continue;
      let k = slotOf(old[s]!, old[s + 1]!, this.shift);
      while (table[4 * k + 2] !== 0) k = (k + 1) & mask;
      table.set(old.subarray(s, s + 4), 4 * k);
    }
    this.table = table;
  }
}

function buildTrie(dict: Uint8Array | string): Trie {
  let text: string;
  if (typeof dict === 'string') text = dict;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(dict);
    } catch (e) {
      throw dictError(0, 'is not valid UTF-8', e);
    }
  }
  const len = text.length;
  // Size the tables from the number of lines (jieba's dictionary has about 1.4 trie nodes per word).
  let lines = 1;
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) lines++;
  let cap = 1 << 10;
  while (cap < lines * 2) cap *= 2;
  const edges = new Edges(cap);
  const root = new Int32Array(65536 * 2);
  let freq = new Float64Array(cap >> 1).fill(-1);
  let nodes = 1; // node 0 = "none"
  const wordNodes: number[] = [];
  let i = 0;
  let lineNo = 0;
  while (i < len) {
    lineNo++;
    // One line: the first whitespace-separated field is the word, the second (if any) its frequency (Rust's
    // usize syntax: an optional '+' and decimal digits), the rest is ignored.
    let field = 0;
    let inField = false;
    let node = 0;
    let f = 0;
    let digits = 0;
    let hasFreq = false;
    let bad = false;
    while (i < len) {
      const u = text.charCodeAt(i++);
      if (u === 0x0a) break;
      if (isWhiteSpace(u)) {
        if (inField) field++;
        inField = false;
        continue;
      }
      if (field === 0) {
        let next = node === 0 ? root[2 * u]! : edges.getOrAdd(node, u, nodes);
        if (next === 0) root[2 * u] = next = nodes;
        if (next === nodes) {
          if (nodes === freq.length) {
            const grown = new Float64Array(freq.length * 2).fill(-1);
            grown.set(freq);
            freq = grown;
          }
          nodes++;
        }
        node = next;
      } else if (field === 1) {
        hasFreq = true;
        if (u >= 0x30 && u <= 0x39) {
          f = f * 10 + (u - 0x30);
          digits++;
        } else if (!(u === 0x2b && !inField)) bad = true;
      }
      inField = true;
    }
    if (node === 0) continue;
    if (hasFreq && (bad || digits === 0))
      throw dictError(lineNo, 'has a frequency that is not a whole number');
    if (f > Number.MAX_SAFE_INTEGER) throw dictError(lineNo, 'has a frequency above 2^53');
    // A repeated word keeps its last frequency (and counts once in the total).
    if (freq[node]! < 0) wordNodes.push(node);
    freq[node] = f;
  }

  let total = 0;
  for (const n of wordNodes) total += freq[n]!;
  if (total > Number.MAX_SAFE_INTEGER)
    throw dictError(lineNo, 'has frequencies that add up to more than 2^53');
  const logTotal = lnCorrectlyRounded(total);
  // Each node's info: its weight's index, and whether the walk can go on from it.
  const info = new Int32Array(nodes);
  const byFreq = new Map<number, number>();
  const weights = [0];
  for (const n of wordNodes) {
    const fr = freq[n]!;
    let w = byFreq.get(fr);
    if (w === undefined) {
      w = weights.length;
      weights.push(lnCorrectlyRounded(fr) - logTotal);
      byFreq.set(fr, w);
    }
    info[n] = w;
  }
  if (weights.length > WEIGHT_MASK) throw dictError(lineNo, 'has too many distinct frequencies');
  const table = edges.table;
  for (let s = 0; s < table.length; s += 4) if (table[s + 2] !== 0) info[table[s]!]! |= HAS_CHILDREN;
  for (let s = 0; s < table.length; s += 4) if (table[s + 2] !== 0) table[s + 3] = info[table[s + 2]!]!;
  for (let u = 0; u < 65536; u++) if (root[2 * u] !== 0) root[2 * u + 1] = info[root[2 * u]!]!;
  return { root, table, shift: edges.shift, weights: Float64Array.from(weights), unknown: 0 - logTotal };
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
    const t = this.#trie;
    const { root, table, shift, weights, unknown } = t;
    const mask = (table.length >> 2) - 1;
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
      let node = root[2 * c]!;
      let info = root[2 * c + 1]!;
      let y = x + 1;
      while (node !== 0) {
        const wi = info & WEIGHT_MASK;
        if (wi !== 0) {
          const s = weights[wi]! + score[y]!;
          // Later (longer) words win ties, as jieba's max over (score, end) pairs.
          if (bestEnd < 0 || s >= best) {
            best = s;
            bestEnd = y;
          }
        }
        if ((info & HAS_CHILDREN) === 0 || y >= len) break;
        const u = text.charCodeAt(from + y);
        let k = slotOf(node, u, shift);
        const parent = node;
        node = 0;
        for (;;) {
          const b = 4 * k;
          const ch = table[b + 2]!;
          if (ch === 0) break;
          if (table[b] === parent && table[b + 1] === u) {
            node = ch;
            info = table[b + 3]!;
            break;
          }
          k = (k + 1) & mask;
        }
        y++;
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
