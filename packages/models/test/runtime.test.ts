import { appendFile, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError } from '@readin/core';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import {
  backoffDelay,
  CircuitBreaker,
  cacheKey,
  mapConcurrent,
  parseRetryAfter,
  ResponseCache,
  redact,
} from '../src/index.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  test.each([
    ['0', 0],
    ['2', 2000],
    [' 10 ', 10_000],
    ['1.5', 1500],
    ['Sun, 01 Mar 2026 12:00:05 GMT', 5000],
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it('is full jitter below min(cap, base·2^(n-1)), and never below Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
        (attempt, r, retryAfterMs) => {
          const options = { baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };
          const d = backoffDelay(
            attempt,
            { ...options, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
            () => r,
          );
          const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
          if (retryAfterMs === undefined) {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThan(ceiling);
          } else {
            expect(d).toBeGreaterThanOrEqual(Math.min(retryAfterMs, 120_000));
            expect(d).toBeLessThanOrEqual(Math.max(ceiling, Math.min(retryAfterMs, 120_000)));
          }
        },
      ),
    );
  });
});

describe('CircuitBreaker', () => {
  it('trips after N consecutive failures and resets on success', () => {
    const breaker = new CircuitBreaker(3);
    expect(breaker.failure(new Error('a'))).toBe(false);
    expect(breaker.failure(new Error('b'))).toBe(false);
    breaker.success();
    expect(breaker.failures).toBe(0);
    breaker.failure(new Error('c'));
    breaker.failure(new Error('d'));
    expect(breaker.failure(new Error('HTTP 500'))).toBe(true);
    const error = breaker.error();
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toMatch(/3 consecutive failed requests; last error: HTTP 500/);
    expect(error.hint).toMatch(/re-run/);
  });
});

describe('mapConcurrent', () => {
  it('keeps input order and never exceeds the concurrency', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapConcurrent(
      Array.from({ length: 50 }, (_, i) => i),
      7,
      async (x) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, (x * 7) % 5));
        active--;
        return x * 2;
      },
    );
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(peak).toBe(7);
  });

  it('stops starting items after a failure and waits for the ones in flight', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapConcurrent(
      Array.from({ length: 100 }, (_, i) => i),
      4,
      async (x) => {
        started.push(x);
        await new Promise((r) => setTimeout(r, 5));
        if (x === 5) throw new Error('boom');
        finished.push(x);
        return x;
      },
    );
    await expect(run).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(20);
    expect(finished.length).toBe(started.length - 1);
  });

  it('rejects a bad concurrency', async () => {
    await expect(mapConcurrent([1], 0, async (x) => x)).rejects.toThrow(RangeError);
  });
});

describe('ResponseCache', () => {
  const key = (i: number) => cacheKey({ backend: 'openai', model: 'm', request: { i }, params: { t: 0 } });

  it('keys by content: key order does not matter, any change does', () => {
    const a = cacheKey({ backend: 'b', model: 'm', request: { x: 1, y: 2 }, params: { t: 0 } });
    expect(cacheKey({ model: 'm', backend: 'b', params: { t: 0 }, request: { y: 2, x: 1 } })).toBe(a);
    expect(cacheKey({ backend: 'b', model: 'm', request: { x: 1, y: 2 }, params: { t: 0.1 } })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('persists entries, survives a truncated last line, and reloads them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readin-cache-'));
    const cache = await ResponseCache.open(dir);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => cache.put(key(i), { text: `r${i}`, attempts: 2 })),
    );
    expect(cache.get(key(3))).toEqual({ text: 'r3' });
    await cache.close();
    const [shard] = await readdir(dir);
    await appendFile(join(dir, shard!), '{"k":"cut-short","v":{"te'); // a crash mid-write
    const reopened = await ResponseCache.open(dir);
    expect(reopened.size).toBe(30);
    expect(reopened.skipped).toBe(1);
    expect(reopened.get(key(29))).toEqual({ text: 'r29' });
    await reopened.close();
  });

  it('computes a key once under concurrent requests', async () => {
    const cache = await ResponseCache.open(await mkdtemp(join(tmpdir(), 'readin-cache-')));
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return { text: 'x' };
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.getOrCompute(key(1), compute)));
    expect(calls).toBe(1);
    expect(results.filter((r) => !r.cached)).toHaveLength(1);
    await cache.close();
  });
});

describe('redact', () => {
  test.each([
    ['Authorization: Bearer abc.def-123', 'Authorization: Bearer [redacted]'],
    ['token hf_AbCdEfGhIjKlMnOp1234 leaked', 'token [redacted] leaked'],
    ['key sk-proj-abcdefghijkl', 'key [redacted]'],
    ['?api_key=xyz123&x=1', '?api_key=[redacted]&x=1'],
    ['my secret-value here', 'my [redacted] here'],
  ])('%j → %j', (text, expected) => {
    expect(redact(text, ['secret-value'])).toBe(expected);
  });
});
