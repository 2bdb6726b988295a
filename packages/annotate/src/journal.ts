import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { DataFormatError, UsageError } from '@readin/core';

/** What happened to an item: re-entered (`done`) or skipped with a reason. */
export type EntryStatus = 'done' | 'skipped';

/** One line of an annotator's journal: one submitted (or skipped) item. */
export interface JournalEntry {
  /** Journal format version. */
  readonly v: 1;
  readonly key: string;
  readonly id: string;
  readonly field: string;
  readonly annotator: string;
  readonly mode: 'keyboard' | 'speech';
  /** How the text was entered: typed, IME voice input, or recorded and transcribed by readin. */
  readonly source: 'keyboard' | 'ime' | 'record';
  readonly status: EntryStatus;
  /** The re-entered text (the transcript for recordings); `''` for skipped items. */
  readonly text: string;
  /** Skip reason. */
  readonly reason?: string;
  /** Flag raised by the annotator, with its reason. */
  readonly flag?: string;
  /** ISO times when the item was shown and submitted. */
  readonly started_at: string;
  readonly submitted_at: string;
  /** Wall time from shown to submitted, and the same without pauses. */
  readonly duration_ms: number;
  readonly active_ms: number;
  /** Time from the first key to submit (typing time), when a key was pressed. */
  readonly typing_ms?: number;
  /** Input events (one per key, or one per IME commit). */
  readonly keystrokes: number;
  /** Backspace/Delete/arrow keys refused under the no-post-editing rule. */
  readonly refused_keys: number;
  /** Backspace/Delete/arrow keys allowed and applied (when post-editing is allowed). */
  readonly edit_keys: number;
  /** Characters (code points) of the submitted text per minute of active time. */
  readonly cpm: number;
  /** Timeline of keys: [ms since shown, key] with key `+text`, `<bs`, `<del`, `<left`, … (refused ones as `!<bs`). */
  readonly keys?: readonly (readonly [number, string])[];
  /** Recording: audio file (relative to the session folder) and the recogniser's name and raw response. */
  readonly audio?: string;
  readonly asr?: { readonly backend: string; readonly model?: string; readonly raw?: unknown };
}

/** Entries of a journal read back, plus what was wrong with the file. */
export interface JournalContents {
  readonly entries: readonly JournalEntry[];
  /** Latest entry per key (a later line for the same key wins). */
  readonly byKey: ReadonlyMap<string, JournalEntry>;
  /** A final line without newline (cut by a crash) was found, and ignored. */
  readonly tornTail: boolean;
  /** 1-based numbers of complete lines that were not valid entries (skipped). */
  readonly badLines: readonly number[];
  /** Byte length of the complete lines (where a torn tail starts). */
  readonly validBytes: number;
}

/** Parses journal text; never throws on a torn or corrupt line. */
export function parseJournal(text: string): JournalContents {
  const entries: JournalEntry[] = [];
  const byKey = new Map<string, JournalEntry>();
  const badLines: number[] = [];
  const end = text.lastIndexOf('\n') + 1;
  const tornTail = end < text.length;
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (typeof e?.key !== 'string' || (e.status !== 'done' && e.status !== 'skipped'))
        throw new Error('shape');
      entries.push(e);
      byKey.set(e.key, e);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { entries, byKey, tornTail, badLines, validBytes: Buffer.byteLength(text.slice(0, end)) };
}

/** Reads a journal without locking it (for status and export). A missing file is an empty journal. */
export async function readJournal(path: string): Promise<JournalContents> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return parseJournal(text);
}

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly annotator: string;
  readonly started_at: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds a journal's lock right now, or undefined when it is free or the holder is gone. */
export function lockHolder(lockPath: string): LockInfo | undefined {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
  if (info.host === hostname() && !processAlive(info.pid)) return undefined;
  return info;
}

function acquireLock(lockPath: string, annotator: string): void {
  const body = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    annotator,
    started_at: new Date().toISOString(),
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, body);
      fsyncSync(fd);
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(lockPath);
    if (holder)
      throw new UsageError(
        `the journal of annotator "${annotator}" is open in another readin process (pid ${holder.pid} on ${holder.host}, since ${holder.started_at}).`,
        {
          file: lockPath,
          hint: 'Close that session first. If it crashed on another machine, delete the .lock file by hand.',
        },
      );
    // The holder is gone (crash, kill -9): take the lock over.
    try {
      unlinkSync(lockPath);
    } catch {
      // someone else removed it first; try again
    }
  }
  throw new UsageError('could not lock the journal.', { file: lockPath, hint: 'Try again.' });
}

export interface OpenJournalOptions {
  readonly annotator: string;
}

/**
 * An annotator's append-only journal (JSON Lines), opened for writing under a lock file so no two processes
 * write it. Every `append` is written and flushed to disk (fsync) before it returns. A line torn by a crash
 * is cut off when the journal is opened, so the next entry starts on a clean line.
 */
export class Journal {
  readonly path: string;
  readonly lockPath: string;
  readonly annotator: string;
  private fd: number | undefined;
  private readonly latest: Map<string, JournalEntry>;
  /** What was found when the journal was opened. */
  readonly opened: JournalContents;

  private constructor(path: string, annotator: string, fd: number, contents: JournalContents) {
    this.path = path;
    this.lockPath = `${path}.lock`;
    this.annotator = annotator;
    this.fd = fd;
    this.opened = contents;
    this.latest = new Map(contents.byKey);
  }

  static async open(path: string, options: OpenJournalOptions): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const lockPath = `${path}.lock`;
    acquireLock(lockPath, options.annotator);
    try {
      const fd = openSync(path, 'a+');
      const bytes = readAll(fd);
      const contents = parseJournal(bytes.toString('utf8'));
      const other = contents.entries.find((e) => e.annotator !== options.annotator);
      if (other)
        throw new DataFormatError(
          `this journal holds entries of annotator "${other.annotator}", not "${options.annotator}".`,
          {
            file: path,
            field: 'annotator',
            hint: 'Each annotator has their own journal; do not copy journals.',
          },
        );
      if (contents.tornTail) {
        // Cut at the last newline of the raw bytes (a torn tail may end inside a UTF-8 sequence).
        ftruncateSync(fd, bytes.lastIndexOf(0x0a) + 1);
        fsyncSync(fd);
      }
      return new Journal(path, options.annotator, fd, contents);
    } catch (error) {
      try {
        unlinkSync(lockPath);
      } catch {
        // ignore
      }
      throw error;
    }
  }

  /** Latest entry per item key. */
  get entries(): ReadonlyMap<string, JournalEntry> {
    return this.latest;
  }

  /** Appends one entry and fsyncs it; when this returns, the entry survives a crash or power cut. */
  append(entry: JournalEntry): void {
    if (this.fd === undefined) throw new Error(`Journal ${this.path} is closed`);
    if (entry.annotator !== this.annotator) throw new Error('Journal.append: entry of another annotator');
    const data = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    fsyncSync(this.fd);
    this.latest.set(entry.key, entry);
  }

  /** Closes the file and releases the lock. Safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } finally {
      this.fd = undefined;
      try {
        unlinkSync(this.lockPath);
      } catch {
        // already gone
      }
    }
  }
}

function readAll(fd: number): Buffer {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n <= 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    pos += n;
  }
  return Buffer.concat(chunks);
}
