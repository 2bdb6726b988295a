import { metricLabel, taskLabel } from './meta.js';
import { type CollatedReport, fixed, type NoiseKind, type ReportCell } from './model.js';

/** Escapes text for HTML/SVG content and double-quoted attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Number of distinct run colours in the stylesheet; runs beyond it reuse colours. */
export const PALETTE_SIZE = 8;

export const CONDITIONS = ['clean', 'average', 'worst'] as const;
export type Condition = (typeof CONDITIONS)[number];

const W = 640;
const H = 300;
const TOP = 26;
const BOTTOM = 54;
const LEFT = 46;
const RIGHT = 10;
export const PLOT_HEIGHT = H - TOP - BOTTOM;
const PLOT_WIDTH = W - LEFT - RIGHT;
const MAX_BAR = 46;

/** A step from 1-2-2.5-5 × 10^k giving at most 6 intervals, and the axis top it implies. */
export function niceScale(max: number): { top: number; step: number } {
  const target = max <= 0 ? 10 : max;
  for (const base of [1, 2, 2.5, 5, 10, 20, 25, 50, 100]) {
    const step = base;
    const top = Math.ceil(target / step - 1e-9) * step;
    if (top / step <= 6) return { top, step };
  }
  const step = 10 ** Math.ceil(Math.log10(target / 5));
  return { top: Math.ceil(target / step) * step, step };
}

function n1(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

export interface ChartSpec {
  readonly task: string;
  readonly noise: NoiseKind;
  /** Column indices of the task's metrics. */
  readonly columns: readonly number[];
}

function cellOf(
  report: CollatedReport,
  noise: NoiseKind,
  run: number,
  column: number,
): ReportCell | undefined {
  return report.rows.find((r) => r.noise === noise && r.run === run)?.cells[column];
}

function conditionValue(cell: ReportCell | undefined, condition: Condition): number | undefined {
  return cell?.[condition];
}

/** Indices of the runs with at least one value in the chart (others get no empty slots). */
export function chartRuns(report: CollatedReport, spec: ChartSpec): number[] {
  return report.runs
    .map((_, i) => i)
    .filter((run) => spec.columns.some((ci) => cellOf(report, spec.noise, run, ci) !== undefined));
}

/** Clean minus the drop interval: the interval of the average, on the metric scale. */
function averageInterval(cell: ReportCell | undefined): [number, number] | undefined {
  if (!cell?.drop || cell.clean === undefined) return undefined;
  return [cell.clean - cell.drop.high, cell.clean - cell.drop.low];
}

function noiseTitle(noise: NoiseKind): string {
  return noise === 'keyboard' ? 'keyboard noise' : noise === 'speech' ? 'speech noise' : 'clean only';
}

/**
 * One grouped bar chart as inline SVG: per metric, the groups clean / average / worst; inside each group one
 * bar per run (colour = run, opacity = condition). Error bars on the average show the drop's 95 % interval.
 * Heights are exactly proportional to values (`data-y-max` / `data-plot-height` say the scale).
 */
export function renderChart(report: CollatedReport, spec: ChartSpec, idBase: string): string {
  const runs = chartRuns(report, spec);
  const metrics = spec.columns.map((ci) => report.columns[ci]!.metric);
  let max = 0;
  for (const ci of spec.columns)
    for (const run of runs) {
      const cell = cellOf(report, spec.noise, run, ci);
      for (const c of CONDITIONS) max = Math.max(max, conditionValue(cell, c) ?? 0);
      max = Math.max(max, averageInterval(cell)?.[1] ?? 0);
    }
  const { top: yMax, step } = niceScale(max);
  const y = (v: number) => TOP + PLOT_HEIGHT - (Math.max(0, Math.min(v, yMax)) / yMax) * PLOT_HEIGHT;

  const conditionsShown = spec.noise === 'clean' ? (['clean'] as const) : CONDITIONS;
  const groupCount = metrics.length * conditionsShown.length;
  const metricGap = 0.5;
  const band = PLOT_WIDTH / (groupCount + (metrics.length - 1) * metricGap);
  const inner = band * 0.78;
  const barGap = runs.length > 1 ? Math.min(3, inner * 0.04) : 0;
  const barW = Math.min(MAX_BAR, (inner - barGap * (runs.length - 1)) / runs.length);
  const groupW = barW * runs.length + barGap * (runs.length - 1);
  const showLabels = barW >= 25;

  const parts: string[] = [];
  // Grid and y axis.
  for (let t = 0; t <= yMax + 1e-9; t += step) {
    const ty = y(t);
    parts.push(
      `<line class="grid${t === 0 ? ' axis' : ''}" x1="${LEFT}" x2="${W - RIGHT}" y1="${n1(ty)}" y2="${n1(ty)}"/>`,
      `<text class="tick" x="${LEFT - 6}" y="${n1(ty + 3.5)}" text-anchor="end">${n1(t)}</text>`,
    );
  }
  const unit = metrics.every((m) => m === 'bleu')
    ? 'BLEU'
    : metrics.every((m) => m === 'chrf')
      ? 'chrF'
      : 'percent';
  parts.push(
    `<text class="unit" transform="translate(12 ${n1(TOP + PLOT_HEIGHT / 2)}) rotate(-90)" text-anchor="middle">${unit}</text>`,
  );

  const bars: string[] = [];
  const overlays: string[] = [];
  let x0 = LEFT;
  metrics.forEach((metric, mi) => {
    const ci = spec.columns[mi]!;
    const mStart = x0;
    for (const condition of conditionsShown) {
      const gx = x0 + (band - groupW) / 2;
      runs.forEach((run) => {
        const label = report.runs[run]!.label;
        const cell = cellOf(report, spec.noise, run, ci);
        const v = conditionValue(cell, condition);
        if (v === undefined) return;
        const bx = gx + runs.indexOf(run) * (barW + barGap);
        const by = y(v);
        const h = TOP + PLOT_HEIGHT - by;
        const name = `${label}, ${taskLabel(spec.task)} ${metricLabel(metric)}, ${noiseTitle(spec.noise)}, ${condition}: ${fixed(v)}`;
        const interval = condition === 'average' ? averageInterval(cell) : undefined;
        const dropText =
          interval && cell?.drop
            ? ` (drop ${fixed(cell.drop.estimate)} pp, 95 % CI ${fixed(cell.drop.low)} to ${fixed(cell.drop.high)})`
            : '';
        bars.push(
          `<rect class="bar run-${run % PALETTE_SIZE} c-${condition}" x="${n1(bx)}" y="${n1(by)}" width="${n1(barW)}" height="${n1(h)}"` +
            ` data-run="${esc(label)}" data-metric="${esc(metric)}" data-condition="${condition}" data-value="${v}"` +
            ` role="img" aria-label="${esc(name + dropText)}"><title>${esc(name + dropText)}</title></rect>`,
        );
        let labelTop = by;
        if (interval) {
          const cx = bx + barW / 2;
          const [lo, hi] = interval;
          const cap = Math.min(barW * 0.5, 10) / 2;
          labelTop = Math.min(by, y(hi));
          overlays.push(
            `<g class="errorbar" data-run="${esc(label)}" data-metric="${esc(metric)}" data-low="${n1(lo)}" data-high="${n1(hi)}" aria-hidden="true">` +
              `<line x1="${n1(cx)}" x2="${n1(cx)}" y1="${n1(y(lo))}" y2="${n1(y(hi))}"/>` +
              `<line x1="${n1(cx - cap)}" x2="${n1(cx + cap)}" y1="${n1(y(lo))}" y2="${n1(y(lo))}"/>` +
              `<line x1="${n1(cx - cap)}" x2="${n1(cx + cap)}" y1="${n1(y(hi))}" y2="${n1(y(hi))}"/></g>`,
          );
        }
        if (showLabels)
          overlays.push(
            `<text class="value" x="${n1(bx + barW / 2)}" y="${n1(labelTop - 4)}" text-anchor="middle" aria-hidden="true">${v.toFixed(1)}</text>`,
          );
      });
      parts.push(
        `<text class="cond" x="${n1(x0 + band / 2)}" y="${TOP + PLOT_HEIGHT + 15}" text-anchor="middle">${condition}</text>`,
      );
      x0 += band;
    }
    const mEnd = x0;
    parts.push(
      `<text class="metric" x="${n1((mStart + mEnd) / 2)}" y="${TOP + PLOT_HEIGHT + 34}" text-anchor="middle">${esc(metricLabel(metric))}</text>`,
    );
    if (metrics.length > 1)
      parts.push(
        `<line class="bracket" x1="${n1(mStart + band * 0.1)}" x2="${n1(mEnd - band * 0.1)}" y1="${TOP + PLOT_HEIGHT + 21}" y2="${TOP + PLOT_HEIGHT + 21}"/>`,
      );
    x0 += band * metricGap;
  });

  const title = `${taskLabel(spec.task)}, ${noiseTitle(spec.noise)}: clean, average and worst ${metrics.map(metricLabel).join(' and ')}`;
  const desc = runs
    .map((run) => {
      const label = report.runs[run]!.label;
      const items = spec.columns.map((ci) => {
        const cell = cellOf(report, spec.noise, run, ci);
        const drop = cell?.drop
          ? `, drop ${fixed(cell.drop.estimate)} [${fixed(cell.drop.low)}, ${fixed(cell.drop.high)}]`
          : '';
        return `${metricLabel(report.columns[ci]!.metric)} clean ${fixed(cell?.clean)}, average ${fixed(cell?.average)}, worst ${fixed(cell?.worst)}${drop}`;
      });
      return `${label}: ${items.join('; ')}.`;
    })
    .join(' ');
  return (
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${idBase}-title ${idBase}-desc"` +
    ` data-task="${esc(spec.task)}" data-noise="${spec.noise}" data-y-max="${yMax}" data-plot-height="${PLOT_HEIGHT}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${idBase}-title">${esc(title)}</title><desc id="${idBase}-desc">${esc(desc)}</desc>` +
    parts.join('') +
    `<g class="bars">${bars.join('')}</g>${overlays.join('')}</svg>`
  );
}
