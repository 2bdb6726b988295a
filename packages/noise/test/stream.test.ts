import { describe, expect, test } from 'vitest';
import { BoundedCache } from '../src/cache.js';
import { type LineNoiseOptions, noiseLines, noiseTextBlocks, splitLines } from '../src/stream.js';

/** The input as a byte stream in chunks of `size` bytes (cutting through lines and characters). */
async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function viaLines(text: string, options: LineNoiseOptions): Promise<string> {
  let out = '';
  for await (const l of noiseLines(splitLines(chunks(text, 1 << 16)), options)) out += `${l}\n`;
  return out;
}

async function viaBlocks(text: string, size: number, options: LineNoiseOptions): Promise<string> {
  let out = '';
  for await (const b of noiseTextBlocks(chunks(text, size), options)) {
    expect(b.endsWith('\n')).toBe(true);
    out += b;
  }
  return out;
}

const LINES = [
  '我们按时完成了这项艰巨的任务。',
  '',
  '  饿了吗外卖\t',
  '额度2019年，恩爱安然 ABC',
  '花呗支持高铁票支付吗\r',
  '　全角空格开头的句子。　',
];

describe('noiseTextBlocks', () => {
  const text = Array.from({ length: 300 }, (_, i) => LINES[i % LINES.length]).join('\n');

  test.each([
    ['terminated, LF', `${text}\n`],
    ['terminated, CRLF', `${text.replaceAll('\n', '\r\n')}\r\n`],
    ['last line without terminator', `${text}\n最后一行没有换行\r`],
    ['one line', '只有一行'],
    ['empty lines only', '\n\n\n'],
  ])('same output as noiseLines over splitLines: %s', async (_, input) => {
    const options: LineNoiseOptions = { profile: 'kb-sloppy', seed: 4 };
    const expected = await viaLines(input, options);
    for (const [size, batchSize] of [
      [7, 5],
      [1 << 10, 64],
      [1 << 20, 1024],
    ] as const) {
      expect(await viaBlocks(input, size, { ...options, batchSize })).toBe(expected);
    }
  });

  test('JSONL fields, in process and in workers', async () => {
    const input = `${Array.from({ length: 120 }, (_, i) => JSON.stringify({ id: `r${i}`, zh: LINES[i % 6], n: i })).join('\n')}\n`;
    const options: LineNoiseOptions = { profile: 'asr-fast', seed: 2, fields: ['zh'] };
    const expected = await viaLines(input, options);
    expect(await viaBlocks(input, 100, { ...options, batchSize: 16 })).toBe(expected);
    expect(await viaBlocks(input, 100, { ...options, batchSize: 16, jobs: 2 })).toBe(expected);
  }, 60_000);

  test('workers give the in-process output', async () => {
    const input = `${text}\n`;
    const options: LineNoiseOptions = { profile: 'kb-abbrev', seed: 8, batchSize: 32 };
    const expected = await viaBlocks(input, 1 << 12, options);
    expect(await viaBlocks(input, 1 << 12, { ...options, worker: true })).toBe(expected);
    expect(await viaBlocks(input, 1 << 12, { ...options, jobs: 3 })).toBe(expected);
  }, 60_000);
});

describe('BoundedCache', () => {
  test('keeps at most two generations and recently used entries', () => {
    const c = new BoundedCache<number, number>(3);
    for (let i = 0; i < 100; i++) c.set(i, i * 2);
    expect(c.size).toBeLessThanOrEqual(6);
    expect(c.get(99)).toBe(198);
    expect(c.get(0)).toBeUndefined();
    // An old-generation hit moves the entry to the young one: it survives the next turnover.
    const d = new BoundedCache<string, string>(2);
    d.set('a', 'A');
    d.set('b', 'B');
    d.set('c', 'C'); // a, b are now old
    expect(d.get('a')).toBe('A'); // back in the young generation
    d.set('d', 'D'); // young (c, a) becomes old
    expect(d.get('a')).toBe('A');
    expect(d.get('b')).toBeUndefined();
  });
});
