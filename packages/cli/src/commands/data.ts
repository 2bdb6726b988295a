import { UsageError } from '@readin/core';
import type { TaskReport } from '@readin/data';
import { booleanOption, type Command, type CommandContext, stringOption, writeLine } from '../command.js';

const OPTIONS = {
  data: {
    type: 'string',
    valueName: 'dir|file',
    description:
      'The data: a task folder, a root with one folder per task, or one split file (or give it as argument).',
  },
  task: {
    type: 'string',
    short: 't',
    valueName: 'T',
    description: 'Only this task (afqmc, cmrc2018, cspider, wmt21); default: every task found.',
  },
  tables: {
    type: 'string',
    valueName: 'file',
    description: 'Spider tables.json for cspider (default: found next to the data).',
  },
  database: {
    type: 'string',
    valueName: 'dir',
    description: 'Spider database/ folder for cspider (default: found next to the data).',
  },
  json: { type: 'boolean', description: 'Print one JSON object instead of tables.' },
} as const;

const DETAILS = `Data layouts: flat (test_clean.json, test_noisy_keyboard_1.json, …), nested (test_clean/test.json, …),
the release's clean/ keyboard/ speech/ folders, a wide annotation .tsv, or a readin-manifest.json.
Noisy splits are aligned to test_clean by id. Missing ids and empty inputs are reported, not errors.

Exit codes: 0 data is usable; 1 malformed data (bad JSON, a wrong or missing field, an unknown layout), or
duplicate ids, ids unknown to test_clean, CSpider db_ids absent from tables.json, or a file with a UTF-8 BOM or
CRLF line ends (readin reads those, but READIN files and the official scorers expect plain UTF-8 with \n); 2 wrong usage.

JSON: {"ok": bool, "tasks": {"<task>": {"splits": {"<split>": {"n", "missing", "missing_ids", "empty",
"empty_ids", "duplicates", "duplicate_ids", "extra_ids"[, "cer", "changed"]}}, "problems", "notes", …}}}.`;

interface DataReport {
  readonly ok: boolean;
  readonly tasks: Record<string, TaskReport>;
}

async function buildReport(ctx: CommandContext, stats: boolean): Promise<DataReport> {
  const path = stringOption(ctx, 'data') ?? ctx.positionals[0];
  if (path === undefined)
    throw new UsageError('no data given.', {
      hint: 'Usage: readin data validate <dir|file> [--task T] [--json].',
    });
  if (ctx.positionals.length > (stringOption(ctx, 'data') === undefined ? 1 : 0))
    throw new UsageError(`unexpected argument "${ctx.positionals.at(-1)}".`, { hint: 'Give one data path.' });
  const { resolveDataSources, loadTask, validateTask } = await import('@readin/data');
  const { resolve } = await import('node:path');
  const task = stringOption(ctx, 'task');
  const tables = stringOption(ctx, 'tables');
  const database = stringOption(ctx, 'database');
  const sources = await resolveDataSources(resolve(ctx.cwd, path), {
    ...(task === undefined ? {} : { task }),
    ...(tables === undefined ? {} : { tables: resolve(ctx.cwd, tables) }),
    ...(database === undefined ? {} : { database: resolve(ctx.cwd, database) }),
  });
  const tasks: Record<string, TaskReport> = {};
  for (const source of sources) tasks[source.task] = await validateTask(await loadTask(source), { stats });
  return { ok: Object.values(tasks).every((t) => t.problems.length === 0), tasks };
}

function pct(x: number | undefined): string {
  return x === undefined ? '—' : `${(x * 100).toFixed(1)} %`;
}

function formatReport(report: DataReport, stats: boolean): string {
  const out: string[] = [];
  for (const t of Object.values(report.tasks)) {
    const label = t.synthetic_noise ? '  [synthetic noise]' : '';
    out.push(`${t.task}  (${t.layout}: ${t.root})${label}`);
    const head = ['split', 'n', 'missing', 'empty', 'dup', ...(stats ? ['CER', 'changed'] : [])];
    const rows = Object.entries(t.splits).map(([name, s]) => [
      name,
      String(s.n),
      String(s.missing),
      String(s.empty),
      String(s.duplicates),
      ...(stats
        ? [name === 'test_clean' ? '—' : pct(s.cer), name === 'test_clean' ? '—' : pct(s.changed)]
        : []),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]) =>
      `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
    out.push(line(head));
    for (const r of rows) out.push(line(r));
    for (const p of t.problems) out.push(`  problem: ${p}`);
    for (const n of t.notes) out.push(`  note: ${n}`);
    out.push('');
  }
  out.push(report.ok ? 'ok: the data is usable.' : 'NOT OK: fix the problems above.');
  return out.join('\n');
}

function dataCommand(name: 'validate' | 'stats'): Command {
  const stats = name === 'stats';
  return {
    path: ['data', name],
    summary: stats
      ? 'Counts per task and split, plus the character error rate of each noisy split against clean.'
      : 'Check READIN data: counts, ids missing against clean, empty inputs, duplicate ids.',
    usage: '<dir|file> [--task T] [--json]',
    details: DETAILS,
    options: OPTIONS,
    async run(ctx) {
      const report = await buildReport(ctx, stats);
      if (booleanOption(ctx, 'json')) writeLine(ctx.stdout, JSON.stringify(report, null, 2));
      else writeLine(ctx.stdout, formatReport(report, stats));
      if (!report.ok) {
        const n = Object.values(report.tasks).reduce((a, t) => a + t.problems.length, 0);
        writeLine(ctx.stderr, `readin data ${name}: ${n} problem(s) in the data; see the report.`);
        return 1;
      }
      return 0;
    },
  };
}

export const dataValidateCommand: Command = dataCommand('validate');
export const dataStatsCommand: Command = dataCommand('stats');
