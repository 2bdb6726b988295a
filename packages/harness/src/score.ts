import {
  type ExampleScore,
  fileSha256,
  type MetricValues,
  PredictionFormatError,
  type ScoreReport,
  type SplitName,
  type TaskId,
  VERSION,
} from '@readin/core';
import { type LoadedTask, loadTask, readPredictions } from '@readin/data';
import { aggregate, createTaskScorer } from '@readin/metrics/scoring';

export interface ScoreOptions {
  /** Task id or alias; default: detected from the data. */
  readonly task?: string;
  /** Spider `tables.json` (default: found next to the data). */
  readonly tables?: string;
  /** Spider `database/` folder for execution accuracy (default: found next to the data). */
  readonly database?: string;
  /** For a single prediction file: the split it predicts (default: from its name, else `test_clean`). */
  readonly split?: SplitName;
  /** Paired-bootstrap resamples (default 1000; 0 = no intervals). */
  readonly bootstrap?: number;
  /** Bootstrap seed (default 12345). */
  readonly seed?: number;
  /** Keep per-example scores (default false). */
  readonly details?: boolean;
  /** WMT: BLEU tokenizer (default `13a`). */
  readonly tokenize?: string;
  /** A model label to record in the report. */
  readonly model?: string;
}

export interface ScoreOutcome {
  readonly report: ScoreReport;
  readonly details: readonly ExampleScore[];
}

/** `readin score`: loads the data and the predictions, and scores them the READIN way. */
export async function scorePredictions(
  data: string,
  pred: string,
  options: ScoreOptions = {},
): Promise<ScoreOutcome> {
  const loaded = await loadTask(data, {
    ...(options.task ? { task: options.task } : {}),
    ...(options.tables ? { tables: options.tables } : {}),
    ...(options.database ? { database: options.database } : {}),
  });
  const predictions = await readPredictions(pred, {
    task: loaded.task,
    ...(options.split ? { split: options.split } : {}),
    idsOf: (split) => loaded.splits.get(split)?.examples.map((e) => e.id),
  });
  const bySplit = new Map([...predictions.splits].map(([name, p]) => [name, p.byId]));
  const outcome = await scoreLoaded(loaded, bySplit, options);
  const notes = [...(outcome.report.notes ?? [])];
  for (const p of predictions.splits.values()) {
    if (p.duplicateIds.length > 0)
      notes.push(`${p.file}: ${p.duplicateIds.length} duplicate prediction ids (the last one was used).`);
  }
  if (predictions.ignoredFiles.length > 0)
    notes.push(`ignored files in ${pred}: ${predictions.ignoredFiles.join(', ')}`);
  return { report: { ...outcome.report, notes }, details: outcome.details };
}

/** Scores predictions (raw values by split and id) against a loaded task. */
export async function scoreLoaded(
  loaded: LoadedTask,
  predictions: ReadonlyMap<SplitName, ReadonlyMap<string, unknown>>,
  options: ScoreOptions = {},
): Promise<ScoreOutcome> {
  const clean = loaded.clean;
  if (!clean) {
    throw new PredictionFormatError('the data has no test_clean split to take gold answers from.', {
      file: loaded.source.root,
      hint: 'Point --data at a folder (or file) that holds the clean split.',
    });
  }
  const scorer = await createTaskScorer(loaded.task, {
    ...(loaded.source.tablesPath ? { tables: loaded.source.tablesPath } : {}),
    ...(loaded.source.databaseDir ? { databaseDir: loaded.source.databaseDir } : {}),
    ...(options.tokenize ? { tokenize: options.tokenize } : {}),
  });
  const gold = new Map<string, unknown>();
  for (const example of clean.examples)
    if (!gold.has(example.id)) gold.set(example.id, scorer.gold(example as never));
  let result: ReturnType<typeof aggregate>;
  try {
    result = aggregate(
      scorer.metric,
      {
        gold,
        cleanIds: [...clean.byId.keys()],
        splits: [...loaded.splits.values()].map((s) => ({ name: s.split, ids: s.examples.map((e) => e.id) })),
        predictions,
      },
      {
        ...(options.bootstrap === undefined ? {} : { bootstrap: options.bootstrap }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        details: options.details ?? false,
      },
    );
  } finally {
    // The Spider metric keeps a SQLite executor process open while it scores; release it.
    (scorer.metric as { close?: () => void }).close?.();
  }
  const notes = [...result.notes];
  if (loaded.task === 'cspider' && !loaded.source.databaseDir)
    notes.push(
      'execution accuracy skipped: no database folder (give --db <dir> with <db_id>/<db_id>.sqlite).',
    );
  if (loaded.task === 'wmt21')
    notes.push(
      "worst BLEU/chrF is the mean over sentences of the minimum sentence score (READIN's definition).",
    );
  const fingerprint = (await fileSha256(clean.file)).slice(0, 12);
  const bootstrap = options.bootstrap ?? 1000;
  const report: ScoreReport = {
    task: loaded.task,
    signature: `task:${loaded.task}|${scorer.metric.signature}|data:${fingerprint}|bootstrap:${bootstrap}|seed:${options.seed ?? 12345}|readin:${VERSION}`,
    ...(options.model ? { model: options.model } : {}),
    ...(loaded.source.meta.synthetic_noise ? { synthetic_noise: true } : {}),
    data: loaded.source.root,
    splits: result.splits,
    summary: result.summary,
    notes,
  };
  return { report, details: result.details };
}

/**
 * The JSON form printed by `readin score --json`: as the report, with CSpider's per-hardness metrics
 * (`exact_match_easy` …) nested under `by_hardness`.
 */
export function scoreReportJson(report: ScoreReport): unknown {
  if (report.task !== 'cspider') return report;
  const nest = (m: MetricValues): Record<string, unknown> => nestHardness(report.task, m);
  const splits = Object.fromEntries(
    Object.entries(report.splits).map(([name, s]) => [name, { ...s, metrics: nest(s.metrics) }]),
  );
  const summary: Record<string, unknown> = { clean: nest(report.summary.clean) };
  for (const key of ['keyboard', 'speech'] as const) {
    const s = report.summary[key];
    if (s) summary[key] = { ...s, average: nest(s.average), worst: nest(s.worst) };
  }
  return { ...report, splits, summary };
}

const HARDNESS = ['easy', 'medium', 'hard', 'extra'] as const;

function nestHardness(task: TaskId, metrics: MetricValues): Record<string, unknown> {
  if (task !== 'cspider') return { ...metrics };
  const out: Record<string, unknown> = {};
  const byHardness: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    const level = HARDNESS.find((h) => key === `exact_match_${h}`);
    if (level) byHardness[level] = value;
    else out[key] = value;
  }
  if (Object.keys(byHardness).length > 0) out.by_hardness = byHardness;
  return out;
}
