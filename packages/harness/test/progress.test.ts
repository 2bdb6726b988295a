import { Writable } from 'node:stream';
import { describe, expect, it, test } from 'vitest';
import {
  createProgressDisplay,
  formatSplitProgress,
  formatTaskSummary,
  type SplitProgress,
} from '../src/index.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const base: SplitProgress = {
  task: 'afqmc',
  split: 'test_noisy_asr_1',
  total: 100,
  done: 40,
  cached: 0,
  errors: 0,
  unparsed: 0,
  startedAt: 0,
};

describe('formatSplitProgress', () => {
  test.each<[Partial<SplitProgress>, number, number, RegExp]>([
    [{}, 4000, 0, /40\/100 {2}10\.0\/s {2}ETA 6\.0s {2}0 errors$/],
    [{ errors: 1 }, 4000, 0, /41\/100 .* 1 error$/],
    [{ done: 100, finishedAt: 2000 }, 9999, 0, /100\/100 {2}50\.0\/s {2}in 2\.0s/],
    [{ cached: 30, unparsed: 2 }, 4000, 0, /30 cached {2}0 errors {2}2 unparsed$/],
    [{ done: 50 }, 5000, 10, /█████░░░░░ {3}50\/100/],
    [{ startedAt: undefined, done: 0 }, 5000, 0, / 0\/100 {2}0\.0\/s {2}ETA \?/],
  ])('%o at %d ms', (patch, now, bar, expected) => {
    expect(formatSplitProgress({ ...base, ...patch }, now, bar)).toMatch(expected);
  });

  it('summarises a task', () => {
    const line = formatTaskSummary([
      { ...base, split: 'test_clean', done: 10, total: 10, finishedAt: 500 },
      { ...base, done: 9, errors: 1, total: 10, cached: 4, finishedAt: 1500 },
    ]);
    expect(line).toBe('afqmc    2 splits  19/20 answered  in 1.5s  4 cached  1 error');
  });
});

describe('createProgressDisplay', () => {
  it('plain mode prints one line per finished split and retries', () => {
    const out = new Capture();
    let t = 0;
    const display = createProgressDisplay(out, { tty: false, now: () => t, plainEveryMs: 1000 });
    display.onProgress({ type: 'plan', splits: [base] });
    display.onProgress({ type: 'update', split: { ...base, done: 1 } });
    expect(out.text).toBe('');
    t = 2000;
    display.onProgress({ type: 'update', split: { ...base, done: 50 } });
    expect(out.text).toMatch(/afqmc +test_noisy_asr_1 +50\/100/);
    display.onProgress({ type: 'retry', attempt: 1, delayMs: 1500, reason: 'HTTP 429' });
    expect(out.text).toMatch(/retry 1 in 1\.5s: HTTP 429\n$/);
    display.onProgress({ type: 'split-done', split: { ...base, done: 100, finishedAt: 2000 } });
    expect(out.text.trim().split('\n').at(-1)).toMatch(/100\/100 .*in 2\.0s/);
    display.onProgress({ type: 'end' });
    expect(out.text).not.toContain('\x1b[');
  });

  it('TTY mode redraws bars in place and erases them at the end', async () => {
    const out = new Capture();
    const display = createProgressDisplay(out, { tty: true, width: 120, intervalMs: 5, now: () => 1000 });
    display.onProgress({ type: 'plan', splits: [base] });
    display.onProgress({ type: 'update', split: base });
    await new Promise((r) => setTimeout(r, 30));
    expect(out.text).toMatch(/█+░+ +40\/100/);
    display.onProgress({ type: 'split-done', split: { ...base, done: 100, finishedAt: 1000 } });
    expect(out.text).toContain('\x1b[1A\r\x1b[J');
    display.close();
    expect(out.text.endsWith('100/100  100.0/s  in 1.0s  0 errors\n')).toBe(true);
  });

  it('task summaries wait for every split of the task', () => {
    const out = new Capture();
    const display = createProgressDisplay(out, { tty: false, summary: 'task', now: () => 0 });
    const a = { ...base, split: 'test_clean', done: 5, total: 5, finishedAt: 100 };
    const b = { ...base, done: 5, total: 5, finishedAt: 200 };
    display.onProgress({ type: 'plan', splits: [a, b] });
    display.onProgress({ type: 'split-done', split: a });
    expect(out.text).toBe('');
    display.onProgress({ type: 'split-done', split: b });
    expect(out.text).toBe('afqmc    2 splits  10/10 answered  in 0.2s  0 errors\n');
  });
});
