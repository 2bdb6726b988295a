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

/**
 * A hash table of non-negative integer keys below 2^53 (open addressing, linear probing): the keys sit in one
 * `Float64Array`, so a look-up reads one or two cache lines instead of walking a `Map`'s bucket chain and
 * loading a boxed number per entry. Never holds more than half its slots.
 */
export class NumericTable<V> {
  private keys: Float64Array;
  private vals: Array<V | undefined>;
  /** A small number stored with each entry, readable without loading the value (`tagOf`). */
  private tags: Uint8Array;
  private mask: number;
  private count = 0;

  constructor(expected = 16) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.keys = new Float64Array(slots).fill(-1);
    this.vals = new Array<V | undefined>(slots).fill(undefined);
    this.tags = new Uint8Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  get(key: number): V | undefined {
    const keys = this.keys;
    const mask = this.mask;
    let i = slotOf(key) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.vals[i];
      if (k === -1) return undefined;
      i = (i + 1) & mask;
    }
  }

  /** The tag stored with the key (0…255), or -1 when the key is absent. */
  tagOf(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = slotOf(key) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.tags[i]!;
      if (k === -1) return -1;
      i = (i + 1) & mask;
    }
  }

  set(key: number, value: V, tag = 0): void {
    if (!(key >= 0 && key <= Number.MAX_SAFE_INTEGER && Number.isInteger(key)))
      throw new RangeError(`NumericTable: bad key ${key}`);
    const keys = this.keys;
    const mask = this.mask;
    let i = slotOf(key) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) {
        this.vals[i] = value;
        this.tags[i] = tag;
        return;
      }
      if (k === -1) break;
      i = (i + 1) & mask;
    }
    keys[i] = key;
    this.vals[i] = value;
    this.tags[i] = tag;
    this.count++;
    if (this.count * 2 > keys.length) this.grow();
  }

  private grow(): void {
    const { keys, vals, tags } = this;
    const slots = keys.length * 2;
    this.keys = new Float64Array(slots).fill(-1);
    this.vals = new Array<V | undefined>(slots).fill(undefined);
    this.tags = new Uint8Array(slots);
    this.mask = slots - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i]!, vals[i]!, tags[i]!);
  }
}

/** A well-mixed 32-bit hash of an integer key below 2^53 (its low and high words). */
function slotOf(key: number): number {
  const lo = key | 0;
  const hi = (key / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * `BoundedCache` for integer keys below 2^53, on two `NumericTable` generations (same policy: recently used
 * entries stay, at most 2 × `capacity` entries).
 */
export class BoundedNumericCache<V> {
  private young: NumericTable<V>;
  private old: NumericTable<V>;

  constructor(private readonly capacity: number) {
    this.young = new NumericTable<V>(Math.min(capacity, 1024));
    this.old = new NumericTable<V>();
  }

  get(key: number): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  /** The tag stored with the key (`NumericTable.tagOf`), or -1 when the key is absent. */
  tagOf(key: number): number {
    const t = this.young.tagOf(key);
    if (t >= 0) return t;
    const o = this.old.tagOf(key);
    if (o >= 0) this.set(key, this.old.get(key)!, o);
    return o;
  }

  set(key: number, value: V, tag = 0): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new NumericTable<V>(Math.min(this.capacity, 1024));
    }
    this.young.set(key, value, tag);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
