import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BoundedCache, BoundedNumericCache, NumericTable } from '../src/cache.js';

describe('NumericTable', () => {
  test('behaves like a Map for integer keys below 2^53, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.nat(64), fc.maxSafeNat()), fc.integer()), { maxLength: 300 }),
        fc.array(fc.oneof(fc.nat(64), fc.maxSafeNat()), { maxLength: 50 }),
        (writes, reads) => {
          const t = new NumericTable<number>(2);
          const m = new Map<number, number>();
          for (const [k, v] of writes) {
            t.set(k, v);
            m.set(k, v);
          }
          expect(t.size).toBe(m.size);
          for (const [k] of writes) expect(t.get(k)).toBe(m.get(k));
          for (const k of reads) expect(t.get(k)).toBe(m.get(k));
        },
      ),
    );
  });

  test.each([-1, 0.5, 2 ** 53, Number.NaN])('refuses the key %d', (k) => {
    expect(() => new NumericTable<number>().set(k, 1)).toThrow(RangeError);
  });
});

describe('BoundedNumericCache', () => {
  test('same policy as BoundedCache: at most two generations, recent entries stay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(20)), { maxLength: 200 }),
        (capacity, ops) => {
          const a = new BoundedNumericCache<number>(capacity);
          const b = new BoundedCache<number, number>(capacity);
          for (const [op, k] of ops) {
            if (op === 0) {
              a.set(k, k + 1, k % 3);
              b.set(k, k + 1);
            } else if (op === 1) expect(a.get(k)).toBe(b.get(k));
            // The tag look-up keeps entries alive like `get`.
            else expect(a.tagOf(k)).toBe(b.get(k) === undefined ? -1 : k % 3);
            expect(a.size).toBeLessThanOrEqual(2 * capacity);
          }
        },
      ),
    );
  });
});
