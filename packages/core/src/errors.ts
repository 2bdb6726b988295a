/**
 * Every error a readin library throws is a ReadinError with a stable `code`. The message says what went wrong
 * and what to do; `file`, `line` (1-based) and `field` say where, when known. Only the CLI prints and exits.
 */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

export class ReadinError extends Error {
  readonly code: string = 'READIN_ERROR';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly hint: string | undefined;

  constructor(message: string, where: ErrorLocation & { hint?: string; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = new.target.name;
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.hint = where.hint;
  }

  /** `file:line: field "x": message. hint` — the one-line form the CLI prints. */
  format(): string {
    const place = [this.file, this.line].filter((p) => p !== undefined).join(':');
    const field = this.field === undefined ? '' : `field "${this.field}": `;
    const hint = this.hint === undefined ? '' : ` ${this.hint}`;
    return `${place ? `${place}: ` : ''}${field}${this.message}${hint}`;
  }
}

/** A data file does not have the shape its task requires (bad JSON, missing or mistyped field, …). */
export class DataFormatError extends ReadinError {
  override readonly code = 'READIN_DATA_FORMAT';
}

/** A folder's layout could not be recognised or is ambiguous. */
export class LayoutError extends ReadinError {
  override readonly code = 'READIN_LAYOUT';
}

/** A file or folder the user named does not exist. */
export class NotFoundError extends ReadinError {
  override readonly code = 'READIN_NOT_FOUND';
}

/** Wrong command-line usage or options (unknown name, bad value, missing argument). */
export class UsageError extends ReadinError {
  override readonly code = 'READIN_USAGE';
}

/** Predictions that cannot be matched to the data (unknown format, wrong count). */
export class PredictionFormatError extends ReadinError {
  override readonly code = 'READIN_PREDICTION_FORMAT';
}

/** A model backend failed (HTTP errors after retries, bad responses, missing credentials). */
export class ModelError extends ReadinError {
  override readonly code = 'READIN_MODEL';
}

/** A noise profile or noise option is invalid. */
export class NoiseConfigError extends ReadinError {
  override readonly code = 'READIN_NOISE_CONFIG';
}

export function isReadinError(error: unknown): error is ReadinError {
  return error instanceof ReadinError;
}
