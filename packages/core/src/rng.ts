import * as crypto from 'node:crypto';

/**
 * Seeded randomness, identical on every machine.
 *
 * Algorithm: xoshiro128** (Blackman & Vigna, 2018), a 32-bit generator with 128 bits of state, computed with
 * `Math.imul` and unsigned shifts only, so results never depend on floating point or platform. The state comes
 * from hashing: `deriveSeed(seed, ...parts)` is the first 16 bytes of SHA-256 over the UTF-8 of
 * `String(seed)` and each part, joined by U+0000. Seeding per example from (seed, task, split, id) makes a
 * result independent of example order, batching and concurrency.
 */
export type SeedState = readonly [number, number, number, number];

/** SHA-256 of the parts (joined by U+0000), as four uint32 words: the state for a generator. */
export function deriveSeed(seed: number | string, ...parts: ReadonlyArray<string | number>): SeedState {
  let data = String(seed);
  for (const p of parts) data += `\u0000${String(p)}`;
  let words: [number, number, number, number];
  if (typeof crypto.hash === 'function') {
    // One-shot `crypto.hash` (Node ≥ 20.12) is about twice as fast as a Hash object, and the digest as a 'binary'
    // (latin1: one char per byte) string comes back about three times faster than as a new Buffer. One seed per
    // noised text.
    const d = crypto.hash('sha256', data, 'binary');
    words = [uint32LE(d, 0), uint32LE(d, 4), uint32LE(d, 8), uint32LE(d, 12)];
  } else {
    const digest = crypto.createHash('sha256').update(data, 'utf8').digest();
    words = [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
  }
  // xoshiro must not start from the all-zero state.
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return words;
}

/** The little-endian uint32 at byte i of a latin1 string (one char per byte). */
function uint32LE(s: string, i: number): number {
  return (
    (s.charCodeAt(i) |
      (s.charCodeAt(i + 1) << 8) |
      (s.charCodeAt(i + 2) << 16) |
      (s.charCodeAt(i + 3) << 24)) >>>
    0
  );
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: SeedState) {
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  /** A generator for the given seed and context parts, e.g. `Rng.for(seed, task, split, id)`. */
  static for(seed: number | string, ...parts: ReadonlyArray<string | number>): Rng {
    return new Rng(deriveSeed(seed, ...parts));
  }

  /** Next uint32. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n), unbiased (rejection sampling). */
  int(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n) || n > 4294967296) throw new RangeError(`Rng.int: bad bound ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.float() < p;
  }

  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[this.int(items.length)]!;
  }

  /**
   * An index drawn with probability proportional to its (non-negative) weight. `total` is the sum of the
   * positive weights, for callers that draw from the same weights many times.
   */
  weightedIndex(weights: readonly number[], total = positiveSum(weights)): number {
    if (total <= 0) throw new RangeError('Rng.weightedIndex: weights sum to zero');
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (w <= 0) continue;
      if (r < w) return i;
      r -= w;
    }
    // Floating-point slack: return the last positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return 0;
  }

  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** An independent child generator for a sub-stream named by `parts`. */
  fork(...parts: ReadonlyArray<string | number>): Rng {
    return Rng.for(`${this.s0}.${this.s1}.${this.s2}.${this.s3}`, ...parts);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function positiveSum(weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w > 0 ? w : 0;
  return total;
}
