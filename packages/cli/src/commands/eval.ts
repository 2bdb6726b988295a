import { UsageError } from '@readin/core';
import { booleanOption, type Command, type CommandContext, stringOption, writeLine } from '../command.js';
import { RUN_OPTIONS, runOptionsOf, withRunContext } from './run.js';

const DETAILS = `With no arguments: every task of the bundled sample (data/sample, whose noise is SYNTHETIC) with the
offline default baselines (pinyin-overlap, best-window, template-sql, gloss), printing the READIN table.

Runs like \`readin run\` (same run folder, resume and cache), then scores every task like \`readin score\` and
writes RUN_DIR/scores.json, which \`readin report\` reads. \`readin score --data … --pred RUN_DIR\` gives the
same numbers. The default run folder is runs/<model>-<hash of model, prompts and data>, so running the same
command again reuses every finished request.

Examples:
  readin eval
  readin eval --model openai:http://127.0.0.1:8000/v1#qwen2.5-7b-instruct --data ../readin -j 32
  readin eval --task afqmc --data ../readin/afqmc --model hf:Qwen/Qwen2.5-7B-Instruct --json > afqmc.json`;

export const evalCommand: Command = {
  path: ['eval'],
  summary:
    'Run + score + report in one step; with no arguments, the offline baselines on the bundled sample.',
  usage: '[--model SPEC] [--task T|all] [--data <dir|sample>] [--out RUN_DIR] [--limit N] [-j N] [--json]',
  details: DETAILS,
  options: {
    ...RUN_OPTIONS,
    bootstrap: {
      type: 'string',
      valueName: 'N',
      description: 'Paired-bootstrap resamples; 0 turns intervals off.',
      defaultText: '1000',
    },
    seed: { type: 'string', valueName: 'N', description: 'Bootstrap seed.', defaultText: '12345' },
    tokenize: {
      type: 'string',
      valueName: 'name',
      description: 'WMT BLEU tokenizer: 13a, zh, none, intl, char.',
      defaultText: '13a',
    },
    label: { type: 'string', valueName: 'text', description: 'A name for this run in reports.' },
    json: { type: 'boolean', description: 'Print the EvalReport (scores.json) instead of the table.' },
  },
  async run(ctx: CommandContext): Promise<number> {
    const options = await runOptionsOf(ctx, ['eval']);
    const int = (name: string, min: number) => {
      const raw = stringOption(ctx, name);
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min)
        throw new UsageError(`--${name} must be a whole number${min === 0 ? ' ≥ 0' : ''}, got "${raw}".`, {
          field: name,
        });
      return n;
    };
    const bootstrap = int('bootstrap', 0);
    const bootstrapSeed = int('seed', Number.MIN_SAFE_INTEGER);
    const tokenize = stringOption(ctx, 'tokenize');
    const label = stringOption(ctx, 'label');
    const { DEFAULT_MODEL, evaluate, scoreReportJson } = await import('@readin/harness');
    const { relative } = await import('node:path');
    const model = stringOption(ctx, 'model') ?? DEFAULT_MODEL;
    const { run, report } = await withRunContext(ctx, 'task', (extra) =>
      evaluate(model, {
        ...options,
        ...extra,
        ...(bootstrap === undefined ? {} : { bootstrap }),
        ...(bootstrapSeed === undefined ? {} : { bootstrapSeed }),
        ...(tokenize === undefined ? {} : { tokenize }),
        ...(label === undefined ? {} : { label }),
      }),
    );
    if (booleanOption(ctx, 'json')) {
      writeLine(ctx.stdout, JSON.stringify({ ...report, tasks: report.tasks.map(scoreReportJson) }, null, 2));
    } else {
      const { formatTable } = await import('@readin/report');
      ctx.stdout.write(
        formatTable([report], {
          color: ctx.stdout.isTTY === true && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb',
          width: (ctx.stdout.isTTY ? ctx.stdout.columns : undefined) ?? Number(ctx.env.COLUMNS || 120),
        }),
      );
    }
    if (!booleanOption(ctx, 'quiet')) {
      const rel = relative(ctx.cwd, run.dir);
      const shown = rel === '' ? '.' : rel.startsWith('..') ? run.dir : rel;
      writeLine(
        ctx.stderr,
        `run folder: ${shown} (config.json, predictions/, scores.json) · ${run.totals.done} predictions in ${(run.elapsedMs / 1000).toFixed(1)} s${run.totals.cached > 0 ? `, ${run.totals.cached} reused from the cache` : ''}.`,
      );
      writeLine(ctx.stderr, `more: readin report ${shown} --html report.html`);
    }
    return 0;
  },
};
