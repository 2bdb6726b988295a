import { parseArgs } from 'node:util';
import { didYouMean, isReadinError, UsageError, VERSION } from '@readin/core';
import type { Command, CommandContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { formatCommandHelp, formatGroupHelp, GLOBAL_OPTIONS } from './help.js';

export interface MainIo {
  readonly stdout?: CommandContext['stdout'];
  readonly stderr?: CommandContext['stderr'];
  readonly stdin?: CommandContext['stdin'];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Exit codes: 0 success, 1 the input or data is bad (or a check failed), 2 wrong usage, 3 an unexpected
 * internal error (a bug: please report it).
 */
export async function main(argv: readonly string[], io: MainIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const args = [...argv];
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    stdout.write(formatGroupHelp([], COMMANDS, VERSION));
    return 0;
  }
  if (args[0] === '--version' || args[0] === '-v') {
    stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { command, rest, prefix } = resolveCommand(args);
  if (!command) {
    const isGroup =
      prefix.length > 0 && COMMANDS.some((c) => c.path.length > prefix.length && c.path[0] === prefix[0]);
    if (isGroup && (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h')) {
      stdout.write(formatGroupHelp(prefix, COMMANDS, VERSION));
      return rest.length === 0 ? 2 : 0;
    }
    const attempted = [...prefix, rest[0] ?? ''].filter(Boolean).join(' ');
    const names = COMMANDS.map((c) => c.path.join(' '));
    stderr.write(
      `readin: unknown command "${attempted}".${didYouMean(attempted, names)} Run \`readin --help\` for the list.\n`,
    );
    return 2;
  }
  try {
    const parsed = parseArgs({
      args: rest,
      options: toParseArgsOptions(command),
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help === true) {
      stdout.write(formatCommandHelp(command));
      return 0;
    }
    return await command.run({
      options: parsed.values as CommandContext['options'],
      positionals: parsed.positionals,
      stdout,
      stderr,
      stdin: io.stdin ?? process.stdin,
      cwd: io.cwd ?? process.cwd(),
      env: io.env ?? process.env,
    });
  } catch (error) {
    return reportError(error, command, stderr);
  }
}

function resolveCommand(args: string[]): { command?: Command; rest: string[]; prefix: string[] } {
  let best: Command | undefined;
  for (const c of COMMANDS) {
    if (c.path.every((word, i) => args[i] === word) && (!best || c.path.length > best.path.length)) best = c;
  }
  if (best) return { command: best, rest: args.slice(best.path.length), prefix: [...best.path] };
  const prefix = COMMANDS.some((c) => c.path[0] === args[0]) ? [args[0]!] : [];
  return { rest: args.slice(prefix.length), prefix };
}

function toParseArgsOptions(command: Command) {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries({ ...command.options, ...GLOBAL_OPTIONS })) {
    out[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  return out;
}

function reportError(error: unknown, command: Command, stderr: CommandContext['stderr']): number {
  const name = `readin ${command.path.join(' ')}`;
  if (isReadinError(error)) {
    stderr.write(`${name}: ${error.format()}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    const message = (error as Error).message.replace(/\. To specify.*$/s, '.');
    const known = Object.keys({ ...command.options, ...GLOBAL_OPTIONS }).map((o) => `--${o}`);
    const bad = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    const hint = bad ? didYouMean(bad, known) : '';
    stderr.write(`${name}: ${message}${hint} Run \`${name} --help\` for the options.\n`);
    return 2;
  }
  if (code === 'EPIPE') return 0;
  stderr.write(
    `${name}: internal error: ${(error as Error)?.stack ?? String(error)}\nThis is a bug in readin; please report it with the command you ran.\n`,
  );
  return 3;
}
