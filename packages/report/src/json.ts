import { SYNTHETIC_WARNING } from './meta.js';
import { type CollateOptions, collateReports, type ReportCell, type ReportInput } from './model.js';

export type JsonOptions = CollateOptions;

function cellJson(cell: ReportCell | undefined) {
  return {
    clean: cell?.clean ?? null,
    average: cell?.average ?? null,
    worst: cell?.worst ?? null,
    drop: cell?.drop ? { estimate: cell.drop.estimate, low: cell.drop.low, high: cell.drop.high } : null,
    versions: cell?.versions ?? null,
  };
}

/**
 * The collated report as JSON with a fixed key order (the same input gives byte-identical output):
 * `{format, synthetic_noise, warning, runs: [{label, model, created, synthetic_noise, tasks: [{task,
 * signature, synthetic_noise, notes}]}], columns, rows: [{noise, run, task, metric, clean, average, worst,
 * drop, versions}], footnotes}`. Missing numbers are `null`.
 */
export function formatJson(reports: readonly ReportInput[], options: JsonOptions = {}): string {
  const report = collateReports(reports, options);
  const value = {
    format: 'readin-report/1',
    synthetic_noise: report.synthetic,
    warning: report.synthetic ? SYNTHETIC_WARNING : null,
    runs: report.runs.map((run) => ({
      label: run.label,
      model: run.model ?? null,
      created: run.created ?? null,
      synthetic_noise: run.synthetic,
      tasks: run.tasks.map((t) => ({
        task: t.task,
        signature: t.signature,
        synthetic_noise: t.synthetic_noise === true,
        notes: [...(t.notes ?? [])],
      })),
    })),
    columns: report.columns.map((c) => ({ task: c.task, metric: c.metric, label: c.label })),
    rows: report.rows.flatMap((row) =>
      report.columns.map((c, ci) => ({
        noise: row.noise,
        run: report.runs[row.run]?.label ?? '',
        task: c.task,
        metric: c.metric,
        ...cellJson(row.cells[ci]),
      })),
    ),
    footnotes: [...report.footnotes],
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}
