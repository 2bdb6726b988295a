import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers only ever see the old file or the complete new one: data goes to a temporary
 * file in the same folder, is flushed to disk (fsync), then renamed over the target. `abort()` (or an error)
 * removes the temporary file, leaving nothing half-written.
 */
export class AtomicWriter {
  readonly path: string;
  readonly tempPath: string;
  private handle: FileHandle | undefined;
  private buffer: string[] = [];
  private buffered = 0;
  private done = false;

  private constructor(path: string, tempPath: string, handle: FileHandle) {
    this.path = path;
    this.tempPath = tempPath;
    this.handle = handle;
  }

  static async open(path: string): Promise<AtomicWriter> {
    await mkdir(dirname(path), { recursive: true });
    const tempPath = join(
      dirname(path),
      `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    const handle = await open(tempPath, 'wx');
    return new AtomicWriter(path, tempPath, handle);
  }

  async write(text: string): Promise<void> {
    if (this.done) throw new Error(`AtomicWriter: ${this.path} is already closed`);
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0 || !this.handle) return;
    const data = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    await this.handle.write(data, null, 'utf8');
  }

  /** Flushes, fsyncs and renames the temporary file onto the target. */
  async commit(): Promise<void> {
    if (this.done) return;
    try {
      await this.flush();
      await this.handle!.sync();
      await this.handle!.close();
      this.handle = undefined;
      await rename(this.tempPath, this.path);
      this.done = true;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Discards everything written; the target is left untouched. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.buffer = [];
    try {
      await this.handle?.close();
    } catch {
      // already closed
    }
    this.handle = undefined;
    await unlink(this.tempPath).catch(() => undefined);
  }
}

/** Runs `fill` against an AtomicWriter, committing on success and aborting on any error. */
export async function writeAtomically(
  path: string,
  fill: (writer: AtomicWriter) => Promise<void>,
): Promise<void> {
  const writer = await AtomicWriter.open(path);
  try {
    await fill(writer);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.commit();
}

/** Writes a whole file atomically. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await writeAtomically(path, (w) => w.write(data));
}

/** Writes one JSON value per line, atomically. */
export async function writeJsonl(
  path: string,
  records: Iterable<unknown> | AsyncIterable<unknown>,
): Promise<void> {
  await writeAtomically(path, async (w) => {
    for await (const record of records) await w.write(`${JSON.stringify(record)}\n`);
  });
}

export interface WriteDelimitedOptions {
  /** Column order (default: keys of the first record). */
  readonly columns?: readonly string[];
  /** Separator (default: tab for `.tsv`, comma otherwise). */
  readonly delimiter?: string;
}

/** Writes records as CSV/TSV with a header row, atomically. CSV fields are quoted when needed. */
export async function writeDelimited(
  path: string,
  records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>,
  options: WriteDelimitedOptions = {},
): Promise<void> {
  const tsv = path.toLowerCase().endsWith('.tsv');
  const delimiter = options.delimiter ?? (tsv ? '\t' : ',');
  let columns = options.columns;
  const cell = (value: unknown): string => {
    const text = value === undefined || value === null ? '' : String(value);
    if (delimiter === '\t') {
      if (/[\t\r\n]/.test(text))
        throw new Error(`writeDelimited: a TSV cell cannot hold tabs or newlines: ${text}`);
      return text;
    }
    return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  await writeAtomically(path, async (w) => {
    let first = true;
    for await (const record of records) {
      if (first) {
        columns ??= Object.keys(record);
        await w.write(`${columns.map(cell).join(delimiter)}\n`);
        first = false;
      }
      await w.write(`${columns!.map((c) => cell(record[c])).join(delimiter)}\n`);
    }
    if (first && columns) await w.write(`${columns.map(cell).join(delimiter)}\n`);
  });
}
