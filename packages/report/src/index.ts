export { type HtmlOptions, renderHtml } from './html.js';
export { formatJson, type JsonOptions } from './json.js';
export { formatMarkdown, type MarkdownOptions } from './markdown.js';
export { HEADLINE_METRICS, TASK_LABELS } from './meta.js';
export {
  type CollatedReport,
  type CollateOptions,
  collateReports,
  type NoiseKind,
  type ParseReportOptions,
  parseReport,
  type ReportCell,
  type ReportColumn,
  type ReportInput,
  type ReportNote,
  type ReportRow,
  type ReportRun,
} from './model.js';
export { readReport } from './read.js';
export { formatTable, type TableOptions } from './table.js';
export { displayWidth } from './width.js';
