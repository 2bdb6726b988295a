import type { Writable } from 'node:stream';
import type { SplitName, TaskId } from '@readin/core';

/** Live counters of one split of a run. */
export interface SplitProgress {
  readonly task: TaskId;
  readonly split: SplitName;
  /** Examples to predict. */
  readonly total: number;
  /** Examples answered (from the server, the cache or a baseline). */
  readonly done: number;
  /** Examples answered from the response cache (resumed) or by an identical request of this run. */
  readonly cached: number;
  /** Examples whose request failed after every retry. */
  readonly errors: number;
  /** Answers where the extraction rule found nothing and fell back to a default. */
  readonly unparsed: number;
  /** ms timestamps (`performance.now()` clock of the run). */
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

/** What `runModel` reports while it runs. */
export type ProgressEvent =
  | { readonly type: 'plan'; readonly splits: readonly SplitProgress[] }
  | { readonly type: 'update'; readonly split: SplitProgress }
  | { readonly type: 'split-done'; readonly split: SplitProgress }
  | { readonly type: 'retry'; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'end' };

export interface ProgressDisplayOptions {
  /** Draw redrawn bars (a TTY) or print plain lines (default: `stream.isTTY`). */
  readonly tty?: boolean;
  /** Terminal width (default: `stream.columns`, or 80 when unknown). */
  readonly width?: number;
  /** Redraw interval of the bars on a TTY, in ms (default 100). */
  readonly intervalMs?: number;
  /** Plain mode: a status line per unfinished split at most this often, in ms (default 10 000). */
  readonly plainEveryMs?: number;
  /** Clock in ms (default `performance.now`); must match the clock of the events. */
  readonly now?: () => number;
  /** Finished work is summarised per `split` (default) or per `task` (one line when all its splits finish). */
  readonly summary?: 'split' | 'task';
}

/** A progress display: feed it `runModel`'s events, call `close()` at the end. */
export interface ProgressDisplay {
  readonly onProgress: (event: ProgressEvent) => void;
  close(): void;
}

function seconds(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 3600) return `${Math.floor(s / 60) > 0 ? `${Math.floor(s / 60)}m` : ''}${Math.round(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${Math.round((s % 3600) / 60)}m`;
}

function rateOf(p: SplitProgress, now: number): number {
  if (p.startedAt === undefined) return 0;
  const elapsed = ((p.finishedAt ?? now) - p.startedAt) / 1000;
  return elapsed > 0 ? p.done / elapsed : 0;
}

/**
 * One status line of a split: `afqmc  test_noisy_asr_1  ███████░░░  120/500  24.0/s  ETA 16s  2 errors`.
 * `barWidth` 0 leaves the bar out (plain lines).
 */
export function formatSplitProgress(p: SplitProgress, now: number, barWidth = 20): string {
  const settled = p.done + p.errors;
  const rate = rateOf(p, now);
  const parts = [`${p.task.padEnd(8)} ${p.split.padEnd(22)}`];
  if (barWidth > 0) {
    const filled = p.total === 0 ? barWidth : Math.round((settled / p.total) * barWidth);
    parts.push(`${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`);
  }
  const width = String(p.total).length;
  parts.push(`${String(settled).padStart(width)}/${p.total}`);
  parts.push(`${rate.toFixed(1)}/s`);
  if (p.finishedAt === undefined) {
    const eta = rate > 0 ? ((p.total - settled) / rate) * 1000 : Number.NaN;
    parts.push(`ETA ${seconds(eta)}`);
  } else if (p.startedAt !== undefined) {
    parts.push(`in ${seconds(p.finishedAt - p.startedAt)}`);
  }
  if (p.cached > 0) parts.push(`${p.cached} cached`);
  parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  if (p.unparsed > 0) parts.push(`${p.unparsed} unparsed`);
  return parts.join('  ');
}

/** One line for a task whose splits all finished: `afqmc    7 splits  350 answers in 0.3s  0 errors`. */
export function formatTaskSummary(splits: readonly SplitProgress[]): string {
  const first = splits[0];
  if (!first) return '';
  const sum = (f: (p: SplitProgress) => number) => splits.reduce((n, p) => n + f(p), 0);
  const start = Math.min(...splits.map((p) => p.startedAt ?? Number.POSITIVE_INFINITY));
  const end = Math.max(...splits.map((p) => p.finishedAt ?? start));
  const errors = sum((p) => p.errors);
  const cached = sum((p) => p.cached);
  const unparsed = sum((p) => p.unparsed);
  return [
    `${first.task.padEnd(8)} ${splits.length} split${splits.length === 1 ? '' : 's'}`,
    `${sum((p) => p.done)}/${sum((p) => p.total)} answered`,
    Number.isFinite(start) ? `in ${seconds(end - start)}` : '',
    cached > 0 ? `${cached} cached` : '',
    `${errors} error${errors === 1 ? '' : 's'}`,
    unparsed > 0 ? `${unparsed} unparsed` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

/**
 * A dependency-free progress display on `stream` (stderr): on a TTY one bar per running split, redrawn in
 * place, and one line per split when it finishes; otherwise plain lines (one per finished split, and a status
 * line per running split every `plainEveryMs`).
 */
export function createProgressDisplay(
  stream: Writable,
  options: ProgressDisplayOptions = {},
): ProgressDisplay {
  const tty = options.tty ?? (stream as { isTTY?: boolean }).isTTY === true;
  const now = options.now ?? (() => performance.now());
  const columns = (stream as { columns?: number }).columns;
  const width = options.width ?? (columns !== undefined && columns >= 20 ? columns : 80);
  const intervalMs = options.intervalMs ?? 100;
  const plainEveryMs = options.plainEveryMs ?? 10_000;
  const active = new Map<string, SplitProgress>();
  const perTask = options.summary === 'task';
  const remaining = new Map<TaskId, number>();
  const finishedOf = new Map<TaskId, SplitProgress[]>();
  let retries = 0;
  let drawn = 0;
  let dirty = false;
  let lastPlain = now();
  let timer: NodeJS.Timeout | undefined;
  const key = (p: SplitProgress) => `${p.task}/${p.split}`;
  const clip = (line: string) => (line.length > width - 1 ? line.slice(0, Math.max(0, width - 1)) : line);
  const barWidth = Math.max(0, Math.min(30, width - 80));

  const redraw = (finished: readonly string[] = []) => {
    const t = now();
    let out = drawn > 0 ? `\x1b[${drawn}A\r\x1b[J` : '';
    for (const line of finished) out += `${clip(line)}\n`;
    const lines = [...active.values()].map((p) => clip(formatSplitProgress(p, t, barWidth || 10)));
    if (retries > 0 && lines.length > 0) lines.push(`retries so far: ${retries}`);
    for (const line of lines) out += `${line}\n`;
    drawn = lines.length;
    dirty = false;
    if (out !== '') stream.write(out);
  };

  const onProgress = (event: ProgressEvent): void => {
    switch (event.type) {
      case 'plan':
        for (const p of event.splits) remaining.set(p.task, (remaining.get(p.task) ?? 0) + 1);
        return;
      case 'retry':
        retries++;
        if (!tty) stream.write(`retry ${event.attempt} in ${seconds(event.delayMs)}: ${event.reason}\n`);
        dirty = true;
        return;
      case 'update': {
        active.set(key(event.split), event.split);
        dirty = true;
        if (tty) {
          timer ??= setInterval(() => {
            if (dirty) redraw();
          }, intervalMs);
          timer.unref?.();
        } else if (now() - lastPlain >= plainEveryMs) {
          lastPlain = now();
          for (const p of active.values()) stream.write(`${formatSplitProgress(p, now(), 0)}\n`);
        }
        return;
      }
      case 'split-done': {
        active.delete(key(event.split));
        let lines: string[] = [formatSplitProgress(event.split, now(), 0)];
        if (perTask) {
          const task = event.split.task;
          const list = [...(finishedOf.get(task) ?? []), event.split];
          finishedOf.set(task, list);
          const left = (remaining.get(task) ?? 1) - 1;
          remaining.set(task, left);
          lines = left > 0 ? [] : [formatTaskSummary(list)];
        }
        if (tty) redraw(lines);
        else for (const line of lines) stream.write(`${line}\n`);
        return;
      }
      case 'end':
        close();
        return;
    }
  };

  const close = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (tty && drawn > 0) {
      stream.write(`\x1b[${drawn}A\r\x1b[J`);
      drawn = 0;
    }
  };
  return { onProgress, close };
}
