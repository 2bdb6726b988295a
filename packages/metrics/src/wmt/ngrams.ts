/**
 * Clipped n-gram matching on integer symbol sequences (word ids for BLEU, code points for chrF) without
 * building n-gram strings. Symbols are first made dense (reference symbols get ids 0..V-1, hypothesis symbols
 * absent from the reference get -1); an n-gram then gets a dense id from the pair (id of its (n-1)-gram prefix,
 * last symbol) through a direct-addressed table (or a hash table when that would be too large). Only reference
 * n-grams are ever inserted, so memory is bounded by the reference, and a huge hypothesis costs linear time.
 */

const DIRECT_LIMIT = 1 << 20;

/** Direct-addressed pair table: slot k = [generation, value]. */
let direct = new Int32Array(2 * 4096);
let directGen = 0;

/** Open-addressing fallback: slots of [prefix id, symbol, value, generation]. */
let hashSlots = new Int32Array(4 * 1024);
let hashMask = 1023;
let hashGen = 0;

function nextGen(): void {
  if (directGen >= 0x3fffffff) {
    direct.fill(0);
    directGen = 0;
  }
  directGen++;
}

function hashReset(entries: number): void {
  let size = 1024;
  while (size < entries * 2) size *= 2;
  if (4 * size > hashSlots.length) {
    hashSlots = new Int32Array(4 * size);
    hashGen = 0;
  }
  hashMask = size - 1;
  if (hashGen >= 0x3fffffff) {
    hashSlots.fill(0);
    hashGen = 0;
  }
  hashGen++;
}

function hashSlot(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h & hashMask;
}

/** Finds (a, b) or, when `insertAs` ≥ 0, inserts it with that value; returns the value or -1. */
function hashFind(a: number, b: number, insertAs: number): number {
  const s = hashSlots;
  let h = hashSlot(a, b);
  for (;;) {
    const k = h << 2;
    if (s[k + 3] !== hashGen) {
      if (insertAs < 0) return -1;
      s[k] = a;
      s[k + 1] = b;
      s[k + 2] = insertAs;
      s[k + 3] = hashGen;
      return insertAs;
    }
    if (s[k] === a && s[k + 1] === b) return s[k + 2]!;
    h = (h + 1) & hashMask;
  }
}

let refIds = new Int32Array(256);
let hypIds = new Int32Array(256);
let counts = new Int32Array(256);

/**
 * For n = 1..maxOrder writes into `matches[n - 1]` the clipped match count Σ_g min(count_hyp(g), count_ref(g))
 * over the n-grams g of `hyp[0..hypLen)` against `ref[0..refLen)`. Symbols are dense: `ref` uses 0..vocab-1,
 * `hyp` uses the same ids, or -1 for symbols that do not occur in `ref`.
 */
export function clippedMatches(
  hyp: Int32Array,
  hypLen: number,
  ref: Int32Array,
  refLen: number,
  vocab: number,
  maxOrder: number,
  matches: number[],
): void {
  for (let n = 0; n < maxOrder; n++) matches[n] = 0;
  if (hypLen === 0 || refLen === 0) return;
  const top = Math.min(maxOrder, refLen, hypLen);
  if (refIds.length < refLen) refIds = new Int32Array(Math.max(refLen, refIds.length * 2));
  if (hypIds.length < hypLen) hypIds = new Int32Array(Math.max(hypLen, hypIds.length * 2));
  if (counts.length < Math.max(refLen, vocab))
    counts = new Int32Array(Math.max(refLen, vocab, counts.length * 2));
  const r = refIds;
  const h = hypIds;
  const c = counts;
  let distinct = vocab; // number of distinct (n-1)-gram ids in the reference
  for (let n = 1; n <= top; n++) {
    const rc = refLen - n + 1;
    const hc = hypLen - n + 1;
    let m = 0;
    if (n === 1) {
      for (let i = 0; i < refLen; i++) {
        const s = ref[i]!;
        r[i] = s;
        c[s]!++;
      }
      for (let i = 0; i < hypLen; i++) {
        const id = hyp[i]!;
        h[i] = id;
        if (id >= 0 && c[id]! > 0) {
          m++;
          c[id]!--;
        }
      }
      c.fill(0, 0, vocab);
    } else {
      const width = distinct * vocab;
      let next = 0;
      let alive = false;
      if (width <= DIRECT_LIMIT) {
        if (direct.length < 2 * width) {
          let size = direct.length;
          while (size < 2 * width) size *= 2;
          direct = new Int32Array(size);
          directGen = 0;
        }
        nextGen();
        const d = direct;
        const g = directGen;
        for (let i = 0; i < rc; i++) {
          const k = (r[i]! * vocab + ref[i + n - 1]!) << 1;
          let id: number;
          if (d[k] === g) id = d[k + 1]!;
          else {
            d[k] = g;
            id = next++;
            d[k + 1] = id;
          }
          r[i] = id;
          c[id]!++;
        }
        for (let i = 0; i < hc; i++) {
          const p = h[i]!;
          const s = hyp[i + n - 1]!;
          let id = -1;
          if (p >= 0 && s >= 0) {
            const k = (p * vocab + s) << 1;
            if (d[k] === g) {
              id = d[k + 1]!;
              alive = true;
              if (c[id]! > 0) {
                m++;
                c[id]!--;
              }
            }
          }
          h[i] = id;
        }
      } else {
        hashReset(rc);
        for (let i = 0; i < rc; i++) {
          const id = hashFind(r[i]!, ref[i + n - 1]!, next);
          if (id === next) next++;
          r[i] = id;
          c[id]!++;
        }
        for (let i = 0; i < hc; i++) {
          const p = h[i]!;
          const s = hyp[i + n - 1]!;
          const id = p >= 0 && s >= 0 ? hashFind(p, s, -1) : -1;
          h[i] = id;
          if (id >= 0) {
            alive = true;
            if (c[id]! > 0) {
              m++;
              c[id]!--;
            }
          }
        }
      }
      c.fill(0, 0, next);
      distinct = next;
      matches[n - 1] = m;
      if (!alive) return; // no hypothesis n-gram occurs in the reference: no higher order can match either
    }
    matches[n - 1] = m;
  }
}

/** Dense symbol ids for code point sequences: reference code points get 0..V-1, others -1. */
let cpStamp = new Int32Array(65536);
let cpValue = new Int32Array(65536);
let cpGen = 0;
const astral = new Map<number, number>();

/** Rewrites `ref[0..refLen)` and `hyp[0..hypLen)` (code points) in place into dense ids; returns V. */
export function densifyCodePoints(ref: Int32Array, refLen: number, hyp: Int32Array, hypLen: number): number {
  if (cpGen >= 0x3fffffff) {
    cpStamp = new Int32Array(65536);
    cpValue = new Int32Array(65536);
    cpGen = 0;
  }
  const g = ++cpGen;
  astral.clear();
  let v = 0;
  for (let i = 0; i < refLen; i++) {
    const cp = ref[i]!;
    if (cp < 65536) {
      if (cpStamp[cp] !== g) {
        cpStamp[cp] = g;
        cpValue[cp] = v++;
      }
      ref[i] = cpValue[cp]!;
    } else {
      let id = astral.get(cp);
      if (id === undefined) {
        id = v++;
        astral.set(cp, id);
      }
      ref[i] = id;
    }
  }
  for (let i = 0; i < hypLen; i++) {
    const cp = hyp[i]!;
    hyp[i] = cp < 65536 ? (cpStamp[cp] === g ? cpValue[cp]! : -1) : (astral.get(cp) ?? -1);
  }
  return v;
}
