/**
 * Token ids straight from a substring, without making a string per token: an open-addressing table keyed by a
 * hash of the characters, whose tokens are kept as UTF-16 code units in one pool and compared in place.
 */
export class Vocabulary {
  private count = 0;
  private pool = new Uint16Array(1 << 14);
  private poolUsed = 0;
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  /** slot → id + 1 (0 = empty). */
  private slots = new Int32Array(2048);
  private mask = 2047;

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
    this.poolUsed = 0;
    this.slots.fill(0);
  }

  /** The id of `text[start..end)`, adding it when `add` (else -1 when absent). */
  id(text: string, start: number, end: number, add: boolean): number {
    const len = end - start;
    let h = 0x811c9dc5 ^ len;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === h && this.lengths[id] === len && this.same(id, text, start, len)) return id;
      slot = (slot + 1) & mask;
    }
    return add ? this.add(text, start, len, h, slot) : -1;
  }

  private same(id: number, text: string, start: number, len: number): boolean {
    const pool = this.pool;
    const at = this.starts[id]!;
    for (let k = 0; k < len; k++) if (pool[at + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private add(text: string, start: number, len: number, h: number, slot: number): number {
    const id = this.count++;
    if (id >= this.hashes.length) {
      this.starts = grown(this.starts, id + 1);
      this.lengths = grown(this.lengths, id + 1);
      this.hashes = grown(this.hashes, id + 1);
    }
    if (this.poolUsed + len > this.pool.length) {
      let size = this.pool.length * 2;
      while (size < this.poolUsed + len) size *= 2;
      const pool = new Uint16Array(size);
      pool.set(this.pool.subarray(0, this.poolUsed));
      this.pool = pool;
    }
    const pool = this.pool;
    const at = this.poolUsed;
    for (let k = 0; k < len; k++) pool[at + k] = text.charCodeAt(start + k);
    this.poolUsed += len;
    this.starts[id] = at;
    this.lengths[id] = len;
    this.hashes[id] = h;
    this.slots[slot] = id + 1;
    if (2 * this.count > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grown(array: Int32Array, min: number): Int32Array<ArrayBuffer> {
  let size = array.length * 2;
  while (size < min) size *= 2;
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}
