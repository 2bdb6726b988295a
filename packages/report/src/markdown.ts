import { SYNTHETIC_WARNING } from './meta.js';
import { type CollateOptions, collateReports, fixed, formatDrop, type ReportInput } from './model.js';

export interface MarkdownOptions extends CollateOptions {
  /** The level-1 heading (default `READIN robustness report`). */
  readonly title?: string;
}

/** Escapes text for a Markdown table cell or paragraph. */
function md(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([*_`[\]<>])/g, '\\$1')
    .replace(/\n/g, ' ');
}

/**
 * The report as GitHub-flavoured Markdown: the paper's table (clean / average / worst per task metric,
 * rows = noise type × model), a table of drops with 95 % intervals when present, notes, signatures and
 * footnotes. A synthetic-noise warning opens the document when any noise is synthetic.
 */
export function formatMarkdown(reports: readonly ReportInput[], options: MarkdownOptions = {}): string {
  const report = collateReports(reports, options);
  const out: string[] = [`# ${md(options.title ?? 'READIN robustness report')}`, ''];
  if (report.synthetic) {
    const runs = report.runs.filter((r) => r.synthetic).map((r) => md(r.label));
    out.push(
      `> [!WARNING]`,
      `> **⚠ ${SYNTHETIC_WARNING}** Runs with synthetic noise: ${runs.join(', ')}.`,
      '',
    );
  }
  out.push('Cells are **clean / average / worst**, in percent (BLEU for WMT21).', '');
  const head = ['noise', 'model', ...report.columns.map((c) => md(c.label))];
  const align = ['---', '---', ...report.columns.map(() => '--:')];
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  out.push(row(head), row(align));
  for (const r of report.rows) {
    const run = report.runs[r.run];
    out.push(
      row([
        r.noise,
        md(run?.label ?? ''),
        ...r.cells.map((c) => (c ? `${fixed(c.clean)} / ${fixed(c.average)} / ${fixed(c.worst)}` : '–')),
      ]),
    );
  }
  const withDrops = report.columns.map((_, ci) => report.rows.some((r) => r.cells[ci]?.drop));
  if (withDrops.some(Boolean)) {
    out.push('', '### Drop (clean − average), percentage points, 95 % interval', '');
    const cols = report.columns.filter((_, ci) => withDrops[ci]);
    out.push(
      row(['noise', 'model', ...cols.map((c) => md(c.label))]),
      row(['---', '---', ...cols.map(() => '--:')]),
    );
    for (const r of report.rows) {
      if (r.noise === 'clean') continue;
      out.push(
        row([
          r.noise,
          md(report.runs[r.run]?.label ?? ''),
          ...r.cells.filter((_, ci) => withDrops[ci]).map((c) => formatDrop(c?.drop)),
        ]),
      );
    }
  }
  out.push('');
  for (const f of report.footnotes) out.push(`- ${md(f)}`);
  if (report.notes.length > 0) {
    out.push('', '## Notes', '');
    for (const n of report.notes) out.push(`- **${md(n.run)} · ${md(n.task)}**: ${md(n.text)}`);
  }
  out.push('', '## Signatures', '', row(['model', 'task', 'signature']), row(['---', '---', '---']));
  for (const s of report.signatures)
    out.push(row([md(s.run), md(s.task), `\`${s.text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``]));
  return `${out.join('\n')}\n`;
}
