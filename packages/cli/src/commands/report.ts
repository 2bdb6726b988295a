import { UsageError } from '@readin/core';
import { booleanOption, type Command, type CommandContext, stringOption, writeLine } from '../command.js';

const DETAILS = `Inputs: score JSON files (\`readin score --json > afqmc.json\`), run summaries (RUN_DIR/scores.json of
\`readin eval\`), or run folders holding scores.json. Score files that name the same model form one run; each
run is one colour in the charts. Every input is checked before anything is written.

The table follows the paper: rows = noise type × model, columns = task metrics with clean / average / worst
and the clean→average drop with its 95 % interval. It wraps into blocks of tasks on narrow terminals and is
coloured on a terminal (set NO_COLOR to turn colour off).

Examples:
  readin report runs/roberta runs/macbert --html report.html
  readin report afqmc.json cmrc2018.json --md report.md --all-metrics
  readin report runs/roberta/scores.json --json > table.json`;

export const reportCommand: Command = {
  path: ['report'],
  summary:
    'Show scores as the paper’s table; write Markdown, JSON or a self-contained HTML report with charts.',
  usage: '<file.json|run dir>... [--html out.html] [--md out.md] [--json]',
  details: DETAILS,
  options: {
    html: {
      type: 'string',
      valueName: 'file',
      description: 'Write a self-contained HTML report with charts.',
    },
    md: { type: 'string', valueName: 'file', description: 'Write the report as Markdown.' },
    json: { type: 'boolean', description: 'Print the collated report as JSON instead of the table.' },
    'all-metrics': {
      type: 'boolean',
      description: 'Show every metric, not only the paper’s headline ones (AFQMC pos/neg acc, EM, BLEU).',
    },
    title: { type: 'string', valueName: 'text', description: 'Title of the HTML and Markdown reports.' },
    width: {
      type: 'string',
      valueName: 'N',
      description: 'Wrap the table to N columns.',
      defaultText: 'the terminal width',
    },
  },
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.positionals.length === 0)
      throw new UsageError('no input given.', {
        hint: 'Give score JSON files or run folders, e.g. `readin report runs/x --html report.html`.',
      });
    const widthText = stringOption(ctx, 'width');
    const width = widthText === undefined ? undefined : Number(widthText);
    if (width !== undefined && (!Number.isInteger(width) || width < 20))
      throw new UsageError(`--width must be a whole number of columns ≥ 20, got "${widthText}".`);
    const html = stringOption(ctx, 'html');
    const md = stringOption(ctx, 'md');
    const title = stringOption(ctx, 'title');
    const { resolve } = await import('node:path');
    const report = await import('@readin/report');
    const { writeFileAtomic } = await import('@readin/core');

    const inputs = [];
    for (const p of ctx.positionals) inputs.push(...(await report.readReport(resolve(ctx.cwd, p))));
    const options = {
      metrics: booleanOption(ctx, 'all-metrics') ? ('all' as const) : ('headline' as const),
      ...(title === undefined ? {} : { title }),
    };
    // Render everything before writing anything, so a failure leaves no partial output.
    const outputs: [string, string][] = [];
    if (html) outputs.push([resolve(ctx.cwd, html), report.renderHtml(inputs, options)]);
    if (md) outputs.push([resolve(ctx.cwd, md), report.formatMarkdown(inputs, options)]);
    const printed = booleanOption(ctx, 'json')
      ? report.formatJson(inputs, options)
      : report.formatTable(inputs, {
          ...options,
          color: ctx.stdout.isTTY === true && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb',
          width:
            width ?? (ctx.stdout.isTTY ? ctx.stdout.columns : undefined) ?? Number(ctx.env.COLUMNS || 120),
        });
    for (const [file, text] of outputs) await writeFileAtomic(file, text);
    ctx.stdout.write(printed);
    for (const [file] of outputs) writeLine(ctx.stderr, `wrote ${file}`);
    return 0;
  },
};
