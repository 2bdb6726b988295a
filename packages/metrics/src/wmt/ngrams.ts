/**
 * Clipped n-gram matching on integer symbol sequences (word ids for BLEU, code points for chrF) without
 * building n-gram strings: every reference n-gram gets a dense id by interning (id of its (n-1)-gram prefix,
 * last symbol) in an open-addressing table; hypothesis n-grams are only looked up, so memory is bounded by the
 * reference and a huge hypothesis costs time linear in its length.
 */

/** Slots of 4 int32 each — [prefix id, symbol, value, generation] — so one probe touches one cache line. */
class PairTable {
  private slots = new Int32Array(4 * 1024);
  private mask = 1023;
  private gen = 0;
  next = 0;

  /** Empties the table, making room for `entries` keys (the probed region shrinks again for small inputs). */
  reset(entries: number): void {
    let size = 1024;
    while (size < entries * 2) size *= 2;
    if (4 * size > this.slots.length) {
      this.slots = new Int32Array(4 * size);
      this.gen = 0;
    }
    this.mask = size - 1;
    if (this.gen >= 0x3fffffff) {
      this.slots.fill(0);
      this.gen = 0;
    }
    this.gen++;
    this.next = 0;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    return h & this.mask;
  }

  intern(a: number, b: number): number {
    const { slots, mask, gen } = this;
    let h = this.slot(a, b);
    for (;;) {
      const k = h << 2;
      if (slots[k + 3] !== gen) {
        slots[k] = a;
        slots[k + 1] = b;
        const id = this.next++;
        slots[k + 2] = id;
        slots[k + 3] = gen;
        return id;
      }
      if (slots[k] === a && slots[k + 1] === b) return slots[k + 2]!;
      h = (h + 1) & mask;
    }
  }

  get(a: number, b: number): number {
    const { slots, mask, gen } = this;
    let h = this.slot(a, b);
    for (;;) {
      const k = h << 2;
      if (slots[k + 3] !== gen) return -1;
      if (slots[k] === a && slots[k + 1] === b) return slots[k + 2]!;
      h = (h + 1) & mask;
    }
  }
}

const table = new PairTable();
let refIds = new Int32Array(256);
let hypIds = new Int32Array(256);
let counts = new Int32Array(1024);

/**
 * For n = 1..maxOrder writes into `matches[offset + n - 1]` the clipped match count
 * Σ_g min(count_hyp(g), count_ref(g)) over the n-grams g of `hyp[0..hypLen)` against `ref[0..refLen)`.
 * Symbols must be ≥ 0 in `ref`; a negative symbol in `hyp` matches nothing.
 */
export function clippedMatches(
  hyp: ArrayLike<number>,
  hypLen: number,
  ref: ArrayLike<number>,
  refLen: number,
  maxOrder: number,
  matches: number[],
  offset = 0,
): void {
  for (let n = 0; n < maxOrder; n++) matches[offset + n] = 0;
  if (hypLen === 0 || refLen === 0) return;
  const top = Math.min(maxOrder, refLen, hypLen);
  table.reset(refLen * top);
  if (refIds.length < refLen) refIds = new Int32Array(Math.max(refLen, refIds.length * 2));
  if (hypIds.length < hypLen) hypIds = new Int32Array(Math.max(hypLen, hypIds.length * 2));
  if (counts.length < refLen * top) counts = new Int32Array(Math.max(refLen * top, counts.length * 2));
  const r = refIds;
  const h = hypIds;
  const c = counts;
  for (let n = 1; n <= top; n++) {
    const rc = refLen - n + 1;
    const hc = hypLen - n + 1;
    if (n === 1) {
      for (let i = 0; i < refLen; i++) r[i] = table.intern(-1, ref[i]!);
      for (let i = 0; i < hypLen; i++) h[i] = table.get(-1, hyp[i]!);
    } else {
      for (let i = 0; i < rc; i++) r[i] = table.intern(r[i]!, ref[i + n - 1]!);
      let alive = false;
      for (let i = 0; i < hc; i++) {
        const p = h[i]!;
        const id = p < 0 ? -1 : table.get(p, hyp[i + n - 1]!);
        h[i] = id;
        if (id >= 0) alive = true;
      }
      if (!alive) return; // no hypothesis n-gram occurs in the reference: higher orders match nothing either
    }
    for (let i = 0; i < rc; i++) c[r[i]!]!++;
    let m = 0;
    for (let i = 0; i < hc; i++) {
      const id = h[i]!;
      if (id >= 0 && c[id]! > 0) {
        m++;
        c[id]!--;
      }
    }
    for (let i = 0; i < rc; i++) c[r[i]!] = 0;
    matches[offset + n - 1] = m;
  }
}
