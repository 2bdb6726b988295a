import {
  DataFormatError,
  type Drop,
  type EvalReport,
  type MetricValues,
  type NoiseSummary,
  type ScoreReport,
  TASK_IDS,
} from '@readin/core';
import { footnotes, HEADLINE_METRICS, KNOWN_METRICS, metricLabel, taskLabel } from './meta.js';

/** What the report functions accept: one task's `readin score --json`, or a run's `scores.json`. */
export type ReportInput = ScoreReport | EvalReport;

/** The noise kinds of a report's rows; `clean` only when no report has noisy summaries. */
export type NoiseKind = 'keyboard' | 'speech' | 'clean';

export interface CollateOptions {
  /** `headline` (default): the paper's metrics (AFQMC pos/neg accuracy, CMRC EM, CSpider EM, WMT BLEU); `all`: every metric found. */
  readonly metrics?: 'headline' | 'all';
}

/** One model run: an EvalReport, or the ScoreReports that name the same model. */
export interface ReportRun {
  /** Unique display label. */
  readonly label: string;
  readonly model?: string;
  readonly created?: string;
  readonly synthetic: boolean;
  /** Its task reports in READIN task order. */
  readonly tasks: readonly ScoreReport[];
}

/** One table column: a metric of a task. */
export interface ReportColumn {
  readonly task: string;
  readonly metric: string;
  /** e.g. `AFQMC pos acc`. */
  readonly label: string;
}

/** The clean / average / worst numbers of one run, noise kind and column. */
export interface ReportCell {
  readonly clean?: number;
  readonly average?: number;
  readonly worst?: number;
  readonly drop?: Drop;
  readonly versions?: number;
}

export interface ReportRow {
  readonly noise: NoiseKind;
  /** Index into `runs`. */
  readonly run: number;
  /** One cell per column; undefined when the run has no such task or metric. */
  readonly cells: readonly (ReportCell | undefined)[];
}

export interface ReportNote {
  readonly run: string;
  readonly task: string;
  readonly text: string;
}

/** Everything the formats show, computed once. */
export interface CollatedReport {
  readonly runs: readonly ReportRun[];
  readonly columns: readonly ReportColumn[];
  /** Rows grouped by noise kind (keyboard, then speech), runs in input order within each. */
  readonly rows: readonly ReportRow[];
  readonly synthetic: boolean;
  readonly notes: readonly ReportNote[];
  readonly signatures: readonly ReportNote[];
  readonly footnotes: readonly string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const WHAT =
  "Give `readin score --json` output (one task), a run's scores.json from `readin eval` (several tasks) or a run folder.";

interface Where {
  readonly file: string | undefined;
}

function fail(where: Where, field: string, message: string): never {
  throw new DataFormatError(message, { file: where.file, field, hint: WHAT });
}

/**
 * Flattens metric values: numbers stay; `null` (a metric that could not be computed) is dropped; nested
 * objects are flattened (`by_hardness: {easy: 61.2}` → `exact_match_easy`, `by_hardness: {easy:
 * {exact_match: 61.2}}` too; any other `k: {a: 1}` → `k_a`).
 */
function parseMetrics(value: unknown, where: Where, field: string): MetricValues {
  if (!isObject(value)) fail(where, field, 'expected an object of metric values (numbers, in percent).');
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(where, `${field}.${key}`, `expected a finite number, got ${v}.`);
      out[key] = v;
      continue;
    }
    if (isObject(v)) {
      const prefix = key === 'by_hardness' ? 'exact_match' : key;
      for (const [sub, sv] of Object.entries(v)) {
        const inner = isObject(sv) && key === 'by_hardness' ? sv.exact_match : sv;
        if (inner === null || inner === undefined) continue;
        if (typeof inner !== 'number' || !Number.isFinite(inner))
          fail(where, `${field}.${key}.${sub}`, `expected a number, got ${JSON.stringify(inner)}.`);
        out[`${prefix}_${sub}`] = inner;
      }
      continue;
    }
    fail(where, `${field}.${key}`, `expected a number (percent), got ${JSON.stringify(v)}.`);
  }
  return out;
}

function parseDrop(value: unknown, where: Where, field: string): Drop {
  if (!isObject(value)) fail(where, field, 'expected {estimate, low, high}.');
  const out: Record<string, number> = {};
  for (const key of ['estimate', 'low', 'high'] as const) {
    const v = value[key];
    if (typeof v !== 'number' || !Number.isFinite(v))
      fail(where, `${field}.${key}`, `expected a number (percentage points), got ${JSON.stringify(v)}.`);
    out[key] = v;
  }
  return out as unknown as Drop;
}

function parseNoise(value: unknown, where: Where, field: string): NoiseSummary | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) fail(where, field, 'expected {average, worst, versions, drop?}.');
  const versions = value.versions;
  if (versions !== undefined && (typeof versions !== 'number' || !Number.isInteger(versions) || versions < 0))
    fail(where, `${field}.versions`, `expected a count of noisy versions, got ${JSON.stringify(versions)}.`);
  const average = parseMetrics(value.average, where, `${field}.average`);
  const worst = value.worst === undefined ? {} : parseMetrics(value.worst, where, `${field}.worst`);
  let drop: Record<string, Drop> | undefined;
  if (value.drop !== undefined && value.drop !== null) {
    if (!isObject(value.drop))
      fail(where, `${field}.drop`, 'expected an object of {estimate, low, high} per metric.');
    drop = {};
    for (const [k, d] of Object.entries(value.drop)) {
      if (d === null) continue;
      drop[k] = parseDrop(d, where, `${field}.drop.${k}`);
    }
  }
  return {
    versions: typeof versions === 'number' ? versions : 0,
    average,
    worst,
    ...(drop ? { drop } : {}),
  };
}

function parseStrings(value: unknown, where: Where, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    fail(where, field, 'expected an array of strings.');
  return value as string[];
}

function parseScore(value: unknown, where: Where, base: string): ScoreReport {
  const at = (f: string) => (base ? `${base}.${f}` : f);
  if (!isObject(value)) fail(where, base || '(root)', 'expected a score report object.');
  if (typeof value.task !== 'string' || value.task === '')
    fail(where, at('task'), `expected a task id (one of ${TASK_IDS.join(', ')}).`);
  if (value.signature !== undefined && typeof value.signature !== 'string')
    fail(where, at('signature'), 'expected a string.');
  if (value.model !== undefined && typeof value.model !== 'string')
    fail(where, at('model'), 'expected a string.');
  if (value.synthetic_noise !== undefined && typeof value.synthetic_noise !== 'boolean')
    fail(where, at('synthetic_noise'), 'expected true or false.');
  const summary = value.summary;
  if (!isObject(summary)) fail(where, at('summary'), 'missing: expected {clean, keyboard?, speech?}.');
  const clean = parseMetrics(summary.clean, where, at('summary.clean'));
  const keyboard = parseNoise(summary.keyboard, where, at('summary.keyboard'));
  const speech = parseNoise(
    summary.speech ?? summary.asr,
    where,
    at(summary.speech ? 'summary.speech' : 'summary.asr'),
  );
  const notes = parseStrings(value.notes, where, at('notes'));
  return {
    task: value.task as ScoreReport['task'],
    signature: typeof value.signature === 'string' ? value.signature : '',
    ...(typeof value.model === 'string' ? { model: value.model } : {}),
    ...(value.synthetic_noise === true ? { synthetic_noise: true } : {}),
    ...(typeof value.data === 'string' ? { data: value.data } : {}),
    splits: (isObject(value.splits) ? value.splits : {}) as ScoreReport['splits'],
    summary: { clean, ...(keyboard ? { keyboard } : {}), ...(speech ? { speech } : {}) },
    ...(notes ? { notes } : {}),
  };
}

function parseEval(value: Record<string, unknown>, where: Where, base: string): EvalReport {
  const at = (f: string) => (base ? `${base}.${f}` : f);
  if (value.model !== undefined && typeof value.model !== 'string')
    fail(where, at('model'), 'expected a string.');
  if (value.label !== undefined && value.label !== null && typeof value.label !== 'string')
    fail(where, at('label'), 'expected a string.');
  if (!Array.isArray(value.tasks)) fail(where, at('tasks'), 'expected an array of score reports.');
  const tasks = value.tasks.map((t, i) => parseScore(t, where, at(`tasks[${i}]`)));
  return {
    model: typeof value.model === 'string' ? value.model : (tasks.find((t) => t.model)?.model ?? ''),
    ...(typeof value.label === 'string' ? { label: value.label } : {}),
    ...(typeof value.created === 'string' ? { created: value.created } : {}),
    tasks,
  };
}

export interface ParseReportOptions {
  /** The file the value came from, named in errors (default: none). */
  readonly file?: string;
}

/**
 * Checks that a parsed JSON value is a ScoreReport, an EvalReport or an array of them, and returns them
 * normalised (nested hardness flattened, nulls dropped). Throws a DataFormatError naming the file and field.
 */
export function parseReport(value: unknown, options: ParseReportOptions = {}): ReportInput[] {
  const where: Where = { file: options.file };
  const one = (v: unknown, base: string): ReportInput => {
    if (isObject(v) && Array.isArray(v.tasks)) return parseEval(v, where, base);
    if (isObject(v) && ('task' in v || 'summary' in v)) return parseScore(v, where, base);
    return fail(
      where,
      base || '(root)',
      'not a READIN score report: expected "task" and "summary" (a ScoreReport) or "tasks" (an EvalReport).',
    );
  };
  if (Array.isArray(value)) {
    if (value.length === 0) fail(where, '(root)', 'empty array: no reports to show.');
    return value.map((v, i) => one(v, `[${i}]`));
  }
  return [one(value, '')];
}

function isEval(r: ReportInput): r is EvalReport {
  return Array.isArray((r as EvalReport).tasks);
}

function taskOrder(task: string): number {
  const i = (TASK_IDS as readonly string[]).indexOf(task);
  return i < 0 ? TASK_IDS.length : i;
}

function sortTasks(tasks: readonly ScoreReport[]): ScoreReport[] {
  return [...tasks].sort((a, b) => taskOrder(a.task) - taskOrder(b.task) || a.task.localeCompare(b.task));
}

/** Groups inputs into runs: each EvalReport is a run; ScoreReports of the same model join one run. */
function groupRuns(inputs: readonly ReportInput[]): ReportRun[] {
  const drafts: { label: string; model?: string; created?: string; tasks: ScoreReport[]; open: boolean }[] =
    [];
  for (const input of inputs) {
    if (isEval(input)) {
      drafts.push({
        label: input.label || input.model || 'model',
        ...(input.model ? { model: input.model } : {}),
        ...(input.created ? { created: input.created } : {}),
        tasks: [...input.tasks],
        open: false,
      });
      continue;
    }
    const label = input.model || 'model';
    const draft = drafts.find(
      (d) => d.open && d.label === label && !d.tasks.some((t) => t.task === input.task),
    );
    if (draft) draft.tasks.push(input);
    else drafts.push({ label, ...(input.model ? { model: input.model } : {}), tasks: [input], open: true });
  }
  const seen = new Map<string, number>();
  return drafts.map((d) => {
    const n = (seen.get(d.label) ?? 0) + 1;
    seen.set(d.label, n);
    return {
      label: n === 1 ? d.label : `${d.label} #${n}`,
      ...(d.model ? { model: d.model } : {}),
      ...(d.created ? { created: d.created } : {}),
      synthetic: d.tasks.some((t) => t.synthetic_noise === true),
      tasks: sortTasks(d.tasks),
    };
  });
}

function metricsOf(report: ScoreReport): Set<string> {
  const s = report.summary;
  return new Set([
    ...Object.keys(s.clean),
    ...Object.keys(s.keyboard?.average ?? {}),
    ...Object.keys(s.speech?.average ?? {}),
  ]);
}

function columnsFor(task: string, reports: readonly ScoreReport[], mode: 'headline' | 'all'): ReportColumn[] {
  const present = new Set<string>();
  for (const r of reports) for (const m of metricsOf(r)) present.add(m);
  const known = (KNOWN_METRICS as Record<string, readonly string[]>)[task] ?? [];
  const headline = (HEADLINE_METRICS as Record<string, readonly string[]>)[task] ?? [];
  let metrics: string[];
  if (mode === 'all') {
    metrics = [
      ...known.filter((m) => present.has(m)),
      ...[...present].filter((m) => !known.includes(m)).sort(),
    ];
  } else {
    metrics = headline.filter((m) => present.has(m));
    if (metrics.length === 0) {
      const first = known.find((m) => present.has(m)) ?? [...present].sort()[0];
      metrics = first === undefined ? [] : [first];
    }
  }
  return metrics.map((metric) => ({ task, metric, label: `${taskLabel(task)} ${metricLabel(metric)}` }));
}

function cellFor(report: ScoreReport | undefined, noise: NoiseKind, metric: string): ReportCell | undefined {
  if (!report) return undefined;
  const clean = report.summary.clean[metric];
  const summary =
    noise === 'keyboard' ? report.summary.keyboard : noise === 'speech' ? report.summary.speech : undefined;
  const average = summary?.average[metric];
  const worst = summary?.worst[metric];
  const drop = summary?.drop?.[metric];
  if (clean === undefined && average === undefined && worst === undefined) return undefined;
  return {
    ...(clean !== undefined ? { clean } : {}),
    ...(average !== undefined ? { average } : {}),
    ...(worst !== undefined ? { worst } : {}),
    ...(drop ? { drop } : {}),
    ...(summary ? { versions: summary.versions } : {}),
  };
}

/**
 * Collates reports into runs, columns (task metrics) and rows (noise kind × run), the model every format
 * renders. Accepts ScoreReports and EvalReports, as parsed JSON (run them through `parseReport` first when
 * they come from a file).
 */
export function collateReports(inputs: readonly ReportInput[], options: CollateOptions = {}): CollatedReport {
  const runs = groupRuns(inputs);
  const allTasks = sortTasks(runs.flatMap((r) => r.tasks))
    .map((t) => t.task as string)
    .filter((t, i, a) => a.indexOf(t) === i);
  const mode = options.metrics ?? 'headline';
  const columns = allTasks.flatMap((task) =>
    columnsFor(
      task,
      runs.flatMap((r) => r.tasks.filter((t) => t.task === task)),
      mode,
    ),
  );
  const noises: NoiseKind[] = [];
  if (runs.some((r) => r.tasks.some((t) => t.summary.keyboard))) noises.push('keyboard');
  if (runs.some((r) => r.tasks.some((t) => t.summary.speech))) noises.push('speech');
  if (noises.length === 0) noises.push('clean');
  const rows: ReportRow[] = [];
  for (const noise of noises)
    runs.forEach((run, i) => {
      rows.push({
        noise,
        run: i,
        cells: columns.map((c) =>
          cellFor(
            run.tasks.find((t) => t.task === c.task),
            noise,
            c.metric,
          ),
        ),
      });
    });
  const notes: ReportNote[] = [];
  const signatures: ReportNote[] = [];
  for (const run of runs)
    for (const t of run.tasks) {
      for (const text of t.notes ?? []) notes.push({ run: run.label, task: t.task, text });
      signatures.push({ run: run.label, task: t.task, text: t.signature || '(no signature)' });
    }
  return {
    runs,
    columns,
    rows,
    synthetic: runs.some((r) => r.synthetic),
    notes,
    signatures,
    footnotes: footnotes(allTasks),
  };
}

/** `12.345` → `12.35`; undefined → `–`. */
export function fixed(value: number | undefined, digits = 2): string {
  if (value === undefined) return '–';
  const s = value.toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** `36.2 [33.0, 39.1]` */
export function formatDrop(drop: Drop | undefined, digits = 2): string {
  if (!drop) return '–';
  return `${fixed(drop.estimate, digits)} [${fixed(drop.low, digits)}, ${fixed(drop.high, digits)}]`;
}

/** `worse` when the whole interval is above 0, `better` when below, else `unclear`. */
export function dropVerdict(drop: Drop): 'worse' | 'better' | 'unclear' {
  if (drop.low > 0) return 'worse';
  if (drop.high < 0) return 'better';
  return 'unclear';
}

export function noiseLabel(noise: NoiseKind): string {
  return noise;
}
