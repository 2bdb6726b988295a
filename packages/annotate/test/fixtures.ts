import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder. */
export async function tempDir(prefix = 'readin-annotate-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Self-made AFQMC pairs (no ids, as READIN's files), written as a task folder `afqmc/test_clean.json`. */
export const AFQMC_ROWS = [
  { sentence1: '花呗怎么提额', sentence2: '花呗额度怎样提高', label: '1' },
  { sentence1: '借呗可以提前还吗', sentence2: '借呗的利息怎么算', label: '0' },
  { sentence1: '余额宝转出要多久', sentence2: '余额宝转出几天到账', label: '1' },
];

/** Self-made WMT sentences (with ids and the clean file's trailing newlines). */
export const WMT_ROWS = [
  { id: '0', zh: '今天北京天气晴朗。\n', en: 'It is sunny in Beijing today.\n' },
  { id: '1', zh: '会议将于明天上午举行。\n', en: 'The meeting will be held tomorrow morning.\n' },
  { id: '2', zh: '他在图书馆读书。\n', en: 'He reads in the library.\n' },
];

export async function writeTask(root: string, task: string, rows: readonly object[]): Promise<string> {
  const dir = join(root, task);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'test_clean.json'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

/** A 16 kHz mono 16-bit PCM WAV of a sine wave. */
export function sineWav(seconds = 0.25, hz = 440, rate = 16_000): Uint8Array {
  const n = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 12_000), 44 + i * 2);
  return new Uint8Array(buf);
}
