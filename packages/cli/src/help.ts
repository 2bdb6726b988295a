import type { Command, OptionSpec } from './command.js';

export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'Show help for the command.' },
};

export function formatCommandHelp(command: Command): string {
  const lines = [
    `Usage: readin ${command.path.join(' ')} ${command.usage}`.trimEnd(),
    '',
    command.summary,
    '',
  ];
  const entries = Object.entries({ ...command.options, ...GLOBAL_OPTIONS });
  if (entries.length > 0) {
    lines.push('Options:');
    const heads = entries.map(([name, spec]) => {
      const short = spec.short ? `-${spec.short}, ` : '    ';
      const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
      return `  ${short}--${name}${value}`;
    });
    const width = Math.max(...heads.map((h) => h.length)) + 2;
    entries.forEach(([, spec], i) => {
      const dflt = spec.defaultText ? ` (default: ${spec.defaultText})` : '';
      lines.push(`${heads[i]!.padEnd(width)}${spec.description}${dflt}`);
    });
  }
  if (command.details) lines.push('', command.details.trimEnd());
  return `${lines.join('\n')}\n`;
}

export function formatGroupHelp(
  prefix: readonly string[],
  commands: readonly Command[],
  version: string,
): string {
  const under = commands.filter((c) => prefix.every((p, i) => c.path[i] === p));
  const title =
    prefix.length === 0
      ? `readin ${version} — robustness of Chinese NLP models to real input noise (READIN, ACL 2023)\n\nUsage: readin <command> [options]\n`
      : `Usage: readin ${prefix.join(' ')} <command> [options]\n`;
  const names = under.map((c) => c.path.join(' '));
  const width = Math.max(...names.map((n) => n.length)) + 4;
  const rows = under.map((c, i) => `  ${names[i]!.padEnd(width)}${c.summary}`);
  const footer =
    prefix.length === 0
      ? "\nGlobal options:\n  -h, --help     Show help (also after any command)\n  -v, --version  Print the version\n\nRun `readin <command> --help` for a command's options."
      : `\nRun \`readin ${prefix.join(' ')} <command> --help\` for a command's options.`;
  return `${title}\nCommands:\n${rows.join('\n')}\n${footer}\n`;
}
