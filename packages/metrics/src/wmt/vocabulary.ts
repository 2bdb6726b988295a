/**
 * Token ids straight from a substring: an open-addressing table keyed by a hash of the characters, with the
 * candidate checked by `text.startsWith(token, start)`. Looking a token up allocates nothing; a string is made
 * only when a new token is added.
 */
export class Vocabulary {
  private tokens: string[] = [];
  private hashes = new Int32Array(1024);
  /** slot → id + 1 (0 = empty). */
  private slots = new Int32Array(2048);
  private mask = 2047;

  get size(): number {
    return this.tokens.length;
  }

  clear(): void {
    this.tokens = [];
    this.slots.fill(0);
  }

  /** The id of `text[start..end)`, adding it when `add` (else -1 when absent). */
  id(text: string, start: number, end: number, add: boolean): number {
    let h = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    const len = end - start;
    let slot = h & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === h) {
        const token = this.tokens[id]!;
        if (token.length === len && text.startsWith(token, start)) return id;
      }
      slot = (slot + 1) & this.mask;
    }
    if (!add) return -1;
    const id = this.tokens.length;
    this.tokens.push(start === 0 && end === text.length ? text : text.slice(start, end));
    if (id >= this.hashes.length) {
      const bigger = new Int32Array(this.hashes.length * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[id] = h;
    this.slots[slot] = id + 1;
    if (2 * (id + 1) > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.tokens.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
