import type { Writable } from 'node:stream';

/** One command-line option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Shown in help as `--name <valueName>`. */
  readonly valueName?: string;
  readonly description: string;
  /** Shown in help; parsing leaves the option undefined when absent, so commands apply their own defaults. */
  readonly defaultText?: string;
}

export interface CommandContext {
  readonly options: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
  readonly positionals: readonly string[];
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A `readin` command: `path` is its words after `readin`, e.g. `['data', 'validate']`. */
export interface Command {
  readonly path: readonly string[];
  readonly summary: string;
  /** Usage line after `readin <path>`, e.g. `<dir|file> [--task T] [--json]`. */
  readonly usage: string;
  /** Longer help text (examples, notes), printed after the options. */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Returns the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

/** Reads a string option, or undefined. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function booleanOption(ctx: CommandContext, name: string): boolean {
  return ctx.options[name] === true;
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
