import { type Drop, VERSION } from '@readin/core';
import { CONDITIONS, chartRuns, esc, PALETTE_SIZE, renderChart } from './chart.js';
import { metricLabel, SYNTHETIC_WARNING, taskLabel } from './meta.js';
import {
  type CollatedReport,
  type CollateOptions,
  collateReports,
  dropVerdict,
  fixed,
  formatDrop,
  type NoiseKind,
  type ReportInput,
} from './model.js';

export interface HtmlOptions extends CollateOptions {
  /** Page title and heading (default `READIN robustness report`). */
  readonly title?: string;
  /** A time stamp or other line shown under the heading (default: none, so output is reproducible). */
  readonly generated?: string;
}

const LIGHT = ['#2563eb', '#d97706', '#0f9d8a', '#8b5cf6', '#dc2626', '#65a30d', '#db2777', '#64748b'];
const DARK = ['#60a5fa', '#fbbf24', '#2dd4bf', '#a78bfa', '#f87171', '#a3e635', '#f472b6', '#94a3b8'];

function runVars(colors: readonly string[]): string {
  return colors.map((c, i) => `--run-${i}:${c};`).join('');
}

const CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--grid:#e6eaef;--card:#f6f8fa;
--warn-bg:#fff8c5;--warn-fg:#4d2d00;--warn-line:#d4a72c;--bad:#b42318;--good:#067647;${runVars(LIGHT)}}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--grid:#262c36;
--card:#151b23;--warn-bg:#3b2e00;--warn-fg:#f8e3a1;--warn-line:#9e6a03;--bad:#ff7b72;--good:#56d364;${runVars(DARK)}}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:1180px;margin:0 auto;padding:32px 24px 48px}
h1{font-size:1.7rem;margin:0 0 4px;letter-spacing:-.01em}
h2{font-size:1.25rem;margin:40px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:0 0 8px}
.sub{color:var(--muted);margin:0 0 20px}
.banner{border:1px solid var(--warn-line);border-left:6px solid var(--warn-line);background:var(--warn-bg);color:var(--warn-fg);
padding:12px 16px;border-radius:6px;margin:0 0 24px}
.banner strong{display:block;font-size:1.05rem;margin-bottom:2px}
.legend{display:flex;flex-wrap:wrap;gap:8px 20px;margin:8px 0 4px;padding:0;list-style:none;font-size:.9rem}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:14px;height:14px;border-radius:3px}
.swatch.c-average{opacity:.72}.swatch.c-worst{opacity:.45}
.fignote{color:var(--muted);font-size:.78rem;margin:4px 0 0}
.key{color:var(--muted);font-size:.85rem;margin:20px 0 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:20px}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
figcaption{font-weight:600;margin-bottom:4px}
svg.chart{display:block;width:100%;height:auto;font-family:inherit}
.grid{stroke:var(--grid);stroke-width:1}.grid.axis{stroke:var(--muted)}
.tick,.cond{fill:var(--muted);font-size:11px}.unit{fill:var(--muted);font-size:11px}
.metric{fill:var(--fg);font-size:12px;font-weight:600}.bracket{stroke:var(--line);stroke-width:1}
.value{fill:var(--fg);font-size:10px}
.errorbar line{stroke:var(--fg);stroke-width:1.5}
.bar{stroke-width:1}.bar.c-average{fill-opacity:.72}.bar.c-worst{fill-opacity:.42}
@media (prefers-color-scheme:dark){.bar.c-average{fill-opacity:.78}.bar.c-worst{fill-opacity:.5}}
tr.group td,tr.group th{border-top:2px solid var(--line)}
table.data{font-size:.8rem}table.data th,table.data td{padding:3px 6px}
.ci{display:block;font-size:.72rem;color:var(--muted)}
${Array.from({ length: PALETTE_SIZE }, (_, i) => `.run-${i}{fill:var(--run-${i});stroke:var(--run-${i})}.swatch.run-${i}{background:var(--run-${i})}`).join('')}
table{border-collapse:collapse;width:100%;font-size:.85rem;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);font-size:.8rem;padding:6px 0}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,td:first-child,th.l,td.l{text-align:left}
thead th{font-weight:600;border-bottom:2px solid var(--line)}
.table-wrap{overflow-x:auto}
.drop{display:block;font-size:.78rem;color:var(--muted)}
.worse{color:var(--bad)}.better{color:var(--good)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
footer{margin-top:40px;color:var(--muted);font-size:.85rem}
footer ol{padding-left:20px}
`;

function noiseTitle(noise: NoiseKind): string {
  return noise === 'keyboard' ? 'Keyboard noise' : noise === 'speech' ? 'Speech noise' : 'Clean';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function legend(report: CollatedReport, only?: readonly number[]): string {
  const items = report.runs.flatMap((run, i) =>
    only && !only.includes(i)
      ? []
      : `<li><span class="swatch run-${i % PALETTE_SIZE}" aria-hidden="true"></span>${esc(run.label)}${
          run.synthetic ? ' <small>(synthetic noise)</small>' : ''
        }</li>`,
  );
  return `<ul class="legend" aria-label="Runs">${items.join('')}</ul>`;
}

function summaryTable(report: CollatedReport): string {
  const head = report.columns.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('');
  const body = report.rows
    .map((row, ri) => {
      const first = ri === 0 || report.rows[ri - 1]?.noise !== row.noise;
      const cells = row.cells
        .map((c) => {
          if (!c) return '<td>–</td>';
          const drop = c.drop
            ? `<span class="drop ${dropVerdict(c.drop)}">drop ${esc(formatDrop(c.drop))}</span>`
            : '';
          return `<td>${fixed(c.clean)} / ${fixed(c.average)} / ${fixed(c.worst)}${drop}</td>`;
        })
        .join('');
      return `<tr${first && ri > 0 ? ' class="group"' : ''}><td class="l">${first ? row.noise : ''}</td><th scope="row" class="l">${esc(report.runs[row.run]?.label ?? '')}</th>${cells}</tr>`;
    })
    .join('');
  return (
    `<div class="table-wrap"><table class="summary"><caption>Clean / average / worst per task metric, in percent ` +
    `(BLEU for WMT21); drop = clean − average with its 95 % interval, percentage points.</caption>` +
    `<thead><tr><th scope="col">noise</th><th scope="col" class="l">model</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

function dropCell(drop: Drop | undefined): string {
  if (!drop) return '–';
  return `${fixed(drop.estimate)}<span class="ci">[${fixed(drop.low)}, ${fixed(drop.high)}]</span>`;
}

function chartTable(
  report: CollatedReport,
  task: string,
  noise: NoiseKind,
  columns: readonly number[],
  runs: readonly number[],
): string {
  const rows: string[] = [];
  let versions: number | undefined;
  for (const row of report.rows.filter((r) => r.noise === noise && runs.includes(r.run)))
    for (const ci of columns) {
      const c = row.cells[ci];
      versions ??= c?.versions;
      const verdict = c?.drop ? dropVerdict(c.drop) : '';
      rows.push(
        `<tr><th scope="row">${esc(report.runs[row.run]?.label ?? '')}</th><td class="l">${esc(metricLabel(report.columns[ci]!.metric))}</td>` +
          `${CONDITIONS.map((k) => `<td>${fixed(c?.[k])}</td>`).join('')}` +
          `<td class="${verdict}">${dropCell(c?.drop)}</td></tr>`,
      );
    }
  const v = noise !== 'clean' && versions ? ` (${versions} versions)` : '';
  return (
    `<div class="table-wrap"><table class="data"><caption>Data: ${esc(taskLabel(task))}, ${noiseTitle(noise).toLowerCase()}${v}</caption>` +
    `<thead><tr><th scope="col">model</th><th scope="col" class="l">metric</th><th scope="col">clean</th><th scope="col">average</th>` +
    `<th scope="col">worst</th><th scope="col">drop [95 % CI]</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

function taskSections(report: CollatedReport): string {
  const tasks = report.columns.map((c) => c.task).filter((t, i, a) => a.indexOf(t) === i);
  return tasks
    .map((task) => {
      const columns = report.columns.flatMap((c, i) => (c.task === task ? [i] : []));
      const noises = [...new Set(report.rows.map((r) => r.noise))].filter(
        (noise) =>
          noise === 'clean' ||
          report.runs.some((run) =>
            run.tasks.some((t) => t.task === task && t.summary[noise as 'keyboard' | 'speech'] !== undefined),
          ),
      );
      const figures = noises.map((noise) => {
        const id = `chart-${slug(task)}-${noise}`;
        const spec = { task, noise, columns };
        const runs = chartRuns(report, spec);
        return (
          `<figure aria-labelledby="${id}-cap"><figcaption id="${id}-cap">${esc(noiseTitle(noise))}</figcaption>` +
          (runs.length > 1 ? legend(report, runs) : '') +
          renderChart(report, spec, id) +
          (task === 'wmt21' && noise !== 'clean'
            ? '<p class="fignote">Worst is the mean of per-sentence minimum sentence BLEU, not corpus BLEU like clean and average.</p>'
            : '') +
          chartTable(report, task, noise, columns, runs) +
          `</figure>`
        );
      });
      return `<section aria-labelledby="task-${slug(task)}"><h2 id="task-${slug(task)}">${esc(taskLabel(task))}</h2><div class="charts">${figures.join('')}</div></section>`;
    })
    .join('');
}

function details(report: CollatedReport): string {
  const out: string[] = [];
  if (report.notes.length > 0)
    out.push(
      `<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ul>${report.notes
        .map((n) => `<li><strong>${esc(n.run)} · ${esc(taskLabel(n.task))}</strong>: ${esc(n.text)}</li>`)
        .join('')}</ul></section>`,
    );
  out.push(
    `<section aria-labelledby="signatures"><h2 id="signatures">Signatures</h2><div class="table-wrap"><table><thead><tr>` +
      `<th scope="col">model</th><th scope="col" class="l">task</th><th scope="col" class="l">signature</th></tr></thead><tbody>${report.signatures
        .map(
          (s) =>
            `<tr><th scope="row">${esc(s.run)}</th><td class="l">${esc(taskLabel(s.task))}</td><td class="l"><code>${esc(s.text)}</code></td></tr>`,
        )
        .join('')}</tbody></table></div></section>`,
  );
  return out.join('');
}

/**
 * One self-contained HTML page (inline CSS and server-side SVG; no scripts, fonts, images or requests — a
 * Content-Security-Policy forbids them): the paper's summary table, then per task and noise type a grouped
 * bar chart of clean / average / worst per run with drop intervals as error bars and a data table, notes,
 * signatures and footnotes. Light and dark mode follow the reader's system. A banner says when noise is
 * synthetic.
 */
export function renderHtml(reports: readonly ReportInput[], options: HtmlOptions = {}): string {
  const report = collateReports(reports, options);
  const title = options.title ?? 'READIN robustness report';
  const tasks = report.columns.map((c) => taskLabel(c.task)).filter((t, i, a) => a.indexOf(t) === i);
  const sub = [
    `${report.runs.length} run${report.runs.length === 1 ? '' : 's'}`,
    tasks.join(', '),
    `readin ${VERSION}`,
    ...(options.generated ? [options.generated] : []),
  ].join(' · ');
  const banner = report.synthetic
    ? `<aside class="banner" role="note" aria-label="Synthetic noise warning" id="synthetic-banner"><strong>⚠ Synthetic noise</strong>${esc(
        SYNTHETIC_WARNING.replace(/^SYNTHETIC NOISE: the/, 'The'),
      )} Runs affected: ${report.runs
        .filter((r) => r.synthetic)
        .map((r) => esc(r.label))
        .join(', ')}.</aside>`
    : '';
  const key =
    `<p class="key">Bars: <span class="swatch run-0" aria-hidden="true"></span> clean, ` +
    `<span class="swatch run-0 c-average" aria-hidden="true"></span> average over versions (error bar: 95 % interval of the drop), ` +
    `<span class="swatch run-0 c-worst" aria-hidden="true"></span> worst case. Colour = run.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="readin ${esc(VERSION)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${esc(title)}</h1><p class="sub">${esc(sub)}</p></header>
${banner}
<section aria-labelledby="summary"><h2 id="summary">Summary</h2>${legend(report)}${summaryTable(report)}</section>
<section class="charts-intro">${key}</section>
${taskSections(report)}
${details(report)}
<footer><ol>${report.footnotes.map((f) => `<li>${esc(f)}</li>`).join('')}</ol></footer>
</main>
</body>
</html>
`;
}
