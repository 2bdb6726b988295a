import { describe, expect, test } from 'vitest';
import { BoundedCache } from '../src/cache.js';
import { createNoiser } from '../src/noise.js';
import {
  byteBlocks,
  type LineNoiseOptions,
  noiseByteBlocks,
  noiseLines,
  noiseTextBlocks,
  splitLines,
  type WorkerInit,
  workerNoise,
} from '../src/stream.js';

/** The input as a byte stream in chunks of `size` bytes (cutting through lines and characters). */
async function* chunks(text: string | Uint8Array, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function viaLines(text: string | Uint8Array, options: LineNoiseOptions): Promise<string> {
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

/** Inputs for the byte path: line ends, final lines, BOMs, invalid UTF-8, characters cut by the chunks. */
const TEXT = Array.from({ length: 40 }, (_, i) => LINES[i % LINES.length]).join('\n');
const BYTE_INPUTS: [string, string | Uint8Array][] = [
  ['terminated, LF', `${TEXT}\n`],
  ['terminated, CRLF', `${TEXT.replaceAll('\n', '\r\n')}\r\n`],
  ['last line without terminator', `${TEXT}\n最后一行没有换行\r`],
  ['one line without terminator', '只有一行'],
  ['empty lines only', '\n\r\n\n'],
  ['empty input', ''],
  ['a BOM only', '\ufeff'],
  ['the first two bytes of a BOM (no BOM: one invalid line)', Buffer.from([0xef, 0xbb])],
  ['leading BOM dropped, inner BOMs kept', `\ufeff${TEXT.replaceAll('\n', '\n\ufeff')}\n`],
  ['astral characters', '𠮷野家的𩸽定食\n😀表情\n'.repeat(9)],
  [
    'invalid UTF-8 at line ends and inside lines',
    Buffer.concat([
      Buffer.from('你好'),
      Buffer.from([0xe4, 0xbd, 0x0a, 0xff, 0x41, 0x0a, 0xe5]),
      Buffer.from('世界\r\n'),
      Buffer.from([0xf0, 0x9f]),
    ]),
  ],
];

describe('noiseByteBlocks', () => {
  const options: LineNoiseOptions = { profile: 'kb-sloppy', seed: 4 };

  test.each(BYTE_INPUTS)(
    'the worker path gives the bytes of noiseLines over splitLines: %s',
    async (_, input) => {
      const expected = await viaLines(input, options);
      // What a worker does with each byte block, in process (the real workers are tested below).
      const noiser = await createNoiser(options);
      const init: WorkerInit = { noiser: options, fields: undefined, file: undefined };
      for (const [size, lines] of [
        [1, 1],
        [7, 5],
        [4096, 1024],
      ] as const) {
        const parts: Buffer[] = [];
        let next = 0;
        for await (const b of byteBlocks(chunks(input, size), lines)) {
          expect(b.start).toBe(next);
          expect(b.bytes.byteOffset).toBe(0);
          expect(b.bytes.byteLength).toBe(b.bytes.buffer.byteLength);
          const out = workerNoise(noiser, init, { batch: 0, ...b });
          expect(out).toBeInstanceOf(Uint8Array);
          const n =
            Buffer.from(out as Uint8Array)
              .toString('utf8')
              .split('\n').length - 1;
          next += n;
          parts.push(Buffer.from(out as Uint8Array));
        }
        expect(Buffer.concat(parts).toString('utf8')).toBe(expected);
      }
      // The in-process path.
      const inProcess: Buffer[] = [];
      for await (const b of noiseByteBlocks(chunks(input, 7), options)) inProcess.push(Buffer.from(b));
      expect(Buffer.concat(inProcess).toString('utf8')).toBe(expected);
    },
  );

  test('string chunks, and blocks of at most maxLines lines', async () => {
    const input = `${TEXT}\n`;
    async function* strings() {
      for (let i = 0; i < input.length; i += 11) yield input.slice(i, i + 11);
    }
    const blocks = [];
    for await (const b of byteBlocks(strings(), 8)) blocks.push(b);
    expect(blocks.map((b) => b.start)).toEqual([0, 8, 16, 24, 32]);
    expect(Buffer.concat(blocks.map((b) => b.bytes)).toString('utf8')).toBe(input);
  });

  test('real workers (one and two) give the in-process bytes', async () => {
    const input = Buffer.concat([
      Buffer.from(`\ufeff${TEXT.replaceAll('\n', '\r\n')}\n`),
      Buffer.from([0xe4, 0xbd, 0x0a]),
      Buffer.from('最后一行'),
    ]);
    const expected = Buffer.from(await viaLines(input, options));
    for (const extra of [{ worker: true }, { jobs: 2 }]) {
      const parts: Buffer[] = [];
      for await (const b of noiseByteBlocks(chunks(input, 13), { ...options, ...extra, batchSize: 7 })) {
        parts.push(Buffer.from(b));
      }
      expect(Buffer.concat(parts)).toEqual(expected);
    }
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
