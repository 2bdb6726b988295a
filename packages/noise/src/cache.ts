/**
 * A bounded memo for pure functions: two generations of at most `capacity` entries each. Lookups hit the young
 * generation first, then the old one (and a hit there moves the entry back to the young one); when the young
 * generation is full it becomes the old one and the previous old one is dropped. Recently used entries stay, like
 * an LRU, at the cost of one `Map` per generation instead of reordering on every hit, and the memory is bounded by
 * 2 × `capacity` entries whatever the input. Only for values that are a pure function of the key: what is cached
 * never changes a result.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
