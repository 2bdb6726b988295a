import { UsageError } from '@readin/core';
import { booleanOption, type Command, type CommandContext, stringOption, writeLine } from '../command.js';

const DETAILS = `Predictions (--pred):
  a folder with one JSONL file per split named like the split (test_clean.jsonl, test_noisy_keyboard_1.jsonl, …)
  holding {"id", "prediction"} lines (a run folder's predictions/<task>/ is found too); or one file for one
  split: JSONL {"id", "prediction"}, the official CMRC {id: answer} JSON, or plain text with one prediction per
  line in the split's order (Spider SQL, WMT translations, AFQMC labels). A single file scores test_clean
  unless its name or --split says otherwise.

Scores follow READIN: clean; per noise type the average over the three annotators and the per-example worst;
the clean→average drop with a paired-bootstrap 95 % interval. All values are percent.

Examples:
  readin score --task wmt21 --data data/sample --pred runs/x/predictions/wmt21
  readin score --task cmrc2018 --data ../cmrc2018_dev.json --pred preds.json --json`;

export const scoreCommand: Command = {
  path: ['score'],
  summary: 'Score predictions against READIN data with the official metrics (clean / average / worst).',
  usage: '--task T --data <dir|file> --pred <dir|file> [--json] [--details F]',
  details: DETAILS,
  options: {
    task: {
      type: 'string',
      short: 't',
      valueName: 'T',
      description: 'Task: afqmc, cmrc2018, cspider or wmt21 (default: detected).',
    },
    data: {
      type: 'string',
      short: 'd',
      valueName: 'dir|file',
      description: 'The data (task folder, root with task folders, or split file).',
    },
    pred: { type: 'string', short: 'p', valueName: 'dir|file', description: 'The predictions (see below).' },
    split: {
      type: 'string',
      valueName: 'name',
      description: 'The split a single prediction file predicts.',
      defaultText: 'test_clean',
    },
    tables: {
      type: 'string',
      valueName: 'file',
      description: 'Spider tables.json (default: found next to the data).',
    },
    database: {
      type: 'string',
      valueName: 'dir',
      description: 'Spider database/ folder for execution accuracy (default: found next to the data).',
    },
    tokenize: {
      type: 'string',
      valueName: 'name',
      description: 'WMT BLEU tokenizer: 13a, zh, none, intl, char.',
      defaultText: '13a',
    },
    bootstrap: {
      type: 'string',
      valueName: 'N',
      description: 'Paired-bootstrap resamples; 0 turns intervals off.',
      defaultText: '1000',
    },
    seed: { type: 'string', valueName: 'N', description: 'Bootstrap seed.', defaultText: '12345' },
    json: { type: 'boolean', description: 'Print one JSON object.' },
    details: {
      type: 'string',
      valueName: 'file',
      description: 'Write per-example scores as JSONL {"split", "id", "metrics"}.',
    },
  },
  async run(ctx: CommandContext): Promise<number> {
    const { resolve } = await import('node:path');
    const data = stringOption(ctx, 'data');
    const pred = stringOption(ctx, 'pred');
    if (!data)
      throw new UsageError('--data is required.', { hint: 'Give the data folder or file with --data.' });
    if (!pred)
      throw new UsageError('--pred is required.', {
        hint: 'Give the predictions file or folder with --pred.',
      });
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument "${ctx.positionals[0]}".`);
    const at = (p: string | undefined) => (p === undefined ? undefined : resolve(ctx.cwd, p));
    const { scorePredictions, scoreReportJson } = await import('@readin/harness/score');
    const detailsFile = at(stringOption(ctx, 'details'));
    const options = {
      task: stringOption(ctx, 'task'),
      tables: at(stringOption(ctx, 'tables')),
      database: at(stringOption(ctx, 'database')),
      split: stringOption(ctx, 'split'),
      tokenize: stringOption(ctx, 'tokenize'),
      bootstrap: intOption(ctx, 'bootstrap', 0),
      seed: intOption(ctx, 'seed', Number.MIN_SAFE_INTEGER),
      details: detailsFile !== undefined,
    };
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const { report, details } = await scorePredictions(
      resolve(ctx.cwd, data),
      resolve(ctx.cwd, pred),
      defined,
    );
    if (detailsFile) {
      const { writeJsonl } = await import('@readin/core');
      await writeJsonl(detailsFile, details);
    }
    if (booleanOption(ctx, 'json')) {
      writeLine(ctx.stdout, JSON.stringify(scoreReportJson(report), null, 2));
      return 0;
    }
    const { formatTable } = await import('@readin/report');
    ctx.stdout.write(
      formatTable([report], {
        color: Boolean(ctx.stdout.isTTY) && !ctx.env.NO_COLOR,
        width: ctx.stdout.columns ?? 100,
      }),
    );
    return 0;
  },
};

function intOption(ctx: CommandContext, name: string, min: number): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer${min === 0 ? ' ≥ 0' : ''}, got "${raw}".`, {
      field: name,
    });
  return n;
}
