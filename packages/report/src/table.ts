import { SYNTHETIC_WARNING } from './meta.js';
import {
  type CollatedReport,
  type CollateOptions,
  collateReports,
  dropVerdict,
  fixed,
  formatDrop,
  type ReportCell,
  type ReportInput,
} from './model.js';
import { displayWidth } from './width.js';

export interface TableOptions extends CollateOptions {
  /** Maximum line width in terminal columns; wider tables wrap into blocks of tasks (default: no limit). */
  readonly width?: number;
  /** ANSI colour (default false; the CLI turns it on for a TTY without NO_COLOR). */
  readonly color?: boolean;
  /** Print the signature of every score under the table (default true). */
  readonly signatures?: boolean;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'banner';
const SGR: Record<Style, [string, string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
  banner: ['\u001b[1;30;43m', '\u001b[0m'],
};

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Truncates to a display width, adding `…` (never splits a wide character across the limit). */
function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(`${out}${ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/** Word-wraps prose to a display width; continuation lines get `indent`. */
function wrap(text: string, width: number, indent = ''): string[] {
  if (!Number.isFinite(width) || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  const lead = /^ */.exec(text)![0];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const empty = line.trim() === '';
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && displayWidth(candidate) > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = candidate;
  }
  lines.push(line);
  return lines;
}

interface Sub {
  readonly name: string;
  readonly align: 'left' | 'right';
  readonly text: (cell: ReportCell | undefined) => string;
  readonly style?: (cell: ReportCell | undefined) => Style | undefined;
}

interface Group {
  readonly column: number;
  readonly task: string;
  readonly label: string;
  readonly subs: readonly Sub[];
  readonly widths: readonly number[];
  readonly width: number;
}

const GAP = '  ';
const SEP = ' │ ';

/** One metric's column group; `compact` shows the drop without its interval (for narrow terminals). */
function buildGroup(report: CollatedReport, ci: number, compact: boolean): Group {
  const col = report.columns[ci]!;
  const cells = report.rows.map((r) => r.cells[ci]);
  const subs: Sub[] = [
    { name: 'clean', align: 'right', text: (c) => fixed(c?.clean) },
    { name: 'avg', align: 'right', text: (c) => fixed(c?.average) },
    { name: 'worst', align: 'right', text: (c) => fixed(c?.worst) },
  ];
  if (cells.some((c) => c?.drop))
    subs.push({
      name: compact ? 'drop' : 'drop [95% CI]',
      align: compact ? 'right' : 'left',
      text: (c) => (compact ? fixed(c?.drop?.estimate, 1) : formatDrop(c?.drop, 1)),
      style: (c) => {
        if (!c?.drop) return 'dim';
        const v = dropVerdict(c.drop);
        return v === 'worse' ? 'red' : v === 'better' ? 'green' : 'dim';
      },
    });
  const widths = subs.map((s) =>
    Math.max(displayWidth(s.name), ...cells.map((c) => displayWidth(s.text(c)))),
  );
  let width = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  const labelWidth = displayWidth(col.label);
  if (labelWidth > width) {
    // Widen the first sub-column so the group label fits above its numbers.
    widths[0] = (widths[0] ?? 0) + labelWidth - width;
    width = labelWidth;
  }
  return { column: ci, task: col.task, label: col.label, subs, widths, width };
}

/** Packs groups into blocks no wider than `max`: whole tasks first, single metrics when a task alone is too wide. */
function packBlocks(groups: readonly Group[], labelWidth: number, max: number): Group[][] {
  const units: Group[][] = [];
  for (const g of groups) {
    const last = units.at(-1);
    if (last && last[0]?.task === g.task) last.push(g);
    else units.push([g]);
  }
  const unitWidth = (u: readonly Group[]) => u.reduce((a, g) => a + SEP.length + g.width, 0);
  const split = units.flatMap((u) =>
    labelWidth + unitWidth(u) > max && u.length > 1 ? u.map((g) => [g]) : [u],
  );
  const blocks: Group[][] = [];
  let current: Group[] = [];
  for (const u of split) {
    if (current.length > 0 && labelWidth + unitWidth(current) + unitWidth(u) > max) {
      blocks.push(current);
      current = [];
    }
    current.push(...u);
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/**
 * The paper's table for the terminal: rows = noise type × model, columns = task metrics with clean /
 * average / worst (and the drop with its 95 % interval when the reports carry one). Aligned by display
 * width (Chinese is two columns wide); every line of a table block has the same width. Tables wider than
 * `width` wrap into blocks of whole tasks.
 */
export function formatTable(reports: readonly ReportInput[], options: TableOptions = {}): string {
  const report = collateReports(reports, options);
  const color = options.color ?? false;
  const paint = (text: string, style: Style | undefined) =>
    color && style ? `${SGR[style][0]}${text}${SGR[style][1]}` : text;
  const max = options.width ?? Number.POSITIVE_INFINITY;
  const out: string[] = [];
  out.push(paint('READIN robustness — clean / average / worst, percent', 'bold'));
  if (report.synthetic) {
    const runs = report.runs.filter((r) => r.synthetic).map((r) => r.label);
    for (const line of wrap(`⚠ ${SYNTHETIC_WARNING}`, max - 2, '  '))
      out.push(paint(` ${padEnd(line, Math.min(max - 2, displayWidth(SYNTHETIC_WARNING) + 2))} `, 'banner'));
    for (const line of wrap(`  Synthetic noise in: ${runs.join(', ')}`, max, '    '))
      out.push(paint(line, 'yellow'));
  }
  if (report.columns.length === 0) {
    out.push('', 'No metrics to show.');
    return `${out.join('\n')}\n`;
  }

  const labels = report.rows.map((r) => report.runs[r.run]?.label ?? '');
  const noiseW = Math.max(displayWidth('noise'), ...report.rows.map((r) => displayWidth(r.noise)));
  const modelCap = Number.isFinite(max) ? Math.max(12, Math.floor(max / 3)) : Number.POSITIVE_INFINITY;
  const shown = labels.map((l) => truncate(l, modelCap));
  const modelW = Math.max(displayWidth('model'), ...shown.map((l) => displayWidth(l)));
  const labelWidth = noiseW + GAP.length + modelW;
  const groups = report.columns.map((_, ci) => {
    const full = buildGroup(report, ci, false);
    return labelWidth + SEP.length + full.width > max ? buildGroup(report, ci, true) : full;
  });

  for (const block of packBlocks(groups, labelWidth, max)) {
    out.push('');
    const head1 = [padEnd('', labelWidth)];
    const head2 = [padEnd('noise', noiseW) + GAP + padEnd('model', modelW)];
    const rule = ['─'.repeat(labelWidth)];
    for (const g of block) {
      head1.push(SEP, paint(padEnd(g.label, g.width), 'bold'));
      head2.push(
        SEP,
        g.subs
          .map((s, i) =>
            paint(s.align === 'right' ? padStart(s.name, g.widths[i]!) : padEnd(s.name, g.widths[i]!), 'dim'),
          )
          .join(GAP),
      );
      rule.push('─┼─', '─'.repeat(g.width));
    }
    out.push(head1.join(''), head2.join(''), rule.join(''));
    let previous: string | undefined;
    const shownRows = report.rows
      .map((row, ri) => ({ row, ri }))
      .filter(({ row }) => block.some((g) => row.cells[g.column] !== undefined));
    for (const { row, ri } of shownRows) {
      const first = row.noise !== previous;
      previous = row.noise;
      const line = [
        paint(padEnd(first ? row.noise : '', noiseW), 'cyan') + GAP + padEnd(shown[ri] ?? '', modelW),
      ];
      for (const g of block) {
        const cell = row.cells[g.column];
        line.push(
          SEP,
          g.subs
            .map((s, i) => {
              const text = s.text(cell);
              const padded = s.align === 'right' ? padStart(text, g.widths[i]!) : padEnd(text, g.widths[i]!);
              return paint(padded, s.style?.(cell));
            })
            .join(GAP),
        );
      }
      out.push(line.join(''));
    }
  }

  out.push('');
  for (const f of report.footnotes)
    for (const line of wrap(`* ${f}`, max, '  ')) out.push(paint(line, 'dim'));
  if (report.notes.length > 0) {
    out.push('', paint('Notes:', 'bold'));
    for (const n of report.notes) out.push(...wrap(`  ${n.run} · ${n.task}: ${n.text}`, max, '    '));
  }
  if (options.signatures ?? true) {
    out.push('', paint('Signatures:', 'bold'));
    for (const s of report.signatures) out.push(paint(`  ${s.run} · ${s.task}: ${s.text}`, 'dim'));
  }
  return `${out.join('\n')}\n`;
}
