import { createReadStream } from 'node:fs';
import { DataFormatError, NotFoundError } from './errors.js';

export interface DelimitedRecord {
  readonly record: Readonly<Record<string, string>>;
  /** 1-based line number where the record starts. */
  readonly line: number;
}

export interface ReadDelimitedOptions {
  /** Field separator (default: tab for `.tsv`, comma otherwise). */
  readonly delimiter?: string;
  /** Honour `"` quoting (default: true for CSV, false for TSV, where quotes are ordinary text). */
  readonly quoted?: boolean;
}

/**
 * Streams a CSV or TSV file with a header row as records keyed by column name. BOM and CRLF are handled.
 * A row with the wrong number of fields is a DataFormatError naming file and line.
 */
export async function* readDelimited(
  path: string,
  options: ReadDelimitedOptions = {},
): AsyncGenerator<DelimitedRecord> {
  const tsv = path.toLowerCase().endsWith('.tsv');
  const delimiter = options.delimiter ?? (tsv ? '\t' : ',');
  const quoted = options.quoted ?? !tsv;
  // Imported here so that loading @readin/core (every CLI start) does not load the CSV parser.
  const { parse } = await import('csv-parse');
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter,
      quote: quoted ? '"' : false,
      columns: (header: string[]) => header.map((h) => h.trim()),
      info: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
    }),
  );
  try {
    for await (const row of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { record: row.record, line: row.info.lines };
    }
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { lines?: number };
    if (err.code === 'ENOENT') throw new NotFoundError('file not found.', { file: path, cause: error });
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw new DataFormatError(`malformed ${tsv ? 'TSV' : 'CSV'}: ${err.message}.`, {
        file: path,
        ...(err.lines === undefined ? {} : { line: err.lines }),
        hint: `Every row needs as many ${tsv ? 'tab-separated' : 'comma-separated'} fields as the header.`,
        cause: error,
      });
    }
    throw error;
  }
}
