import { join } from 'node:path';
import { CLEAN_SPLIT, type EvalReport, type ScoreReport, writeFileAtomic } from '@readin/core';
import type { Model } from '@readin/models';
import { type RunOptions, type RunResult, runModel } from './run.js';
import { scoreLoaded } from './score.js';

/** The model `readin eval` uses when none is given: the best offline baseline per task. */
export const DEFAULT_MODEL = 'baseline:default';

/** Options of `evaluate`: a run's, plus scoring settings. */
export interface EvaluateOptions extends RunOptions {
  /** Paired-bootstrap resamples (default 1000; 0 = no intervals). */
  readonly bootstrap?: number;
  /** Bootstrap seed (default 12345). (`seed` is the shot-selection seed of the run.) */
  readonly bootstrapSeed?: number;
  /** WMT: BLEU tokenizer (default `13a`). */
  readonly tokenize?: string;
  /** A label for the run in reports (default: none; reports show the model spec). */
  readonly label?: string;
}

/** What `evaluate` returns: the run, and the report it wrote to `RUN_DIR/scores.json`. */
export interface EvaluateResult {
  readonly run: RunResult;
  readonly report: EvalReport;
}

/**
 * `readin eval`: runs the model (see `runModel`; the clean split is always included, it carries the gold
 * answers and the baseline of the drop), scores every task the READIN way, and writes `RUN_DIR/scores.json`,
 * an EvalReport that `readin report` reads. `readin score --data … --pred RUN_DIR` gives the same scores.
 * @example
 * const { report } = await evaluate(); // every task of the bundled sample, default baselines
 */
export async function evaluate(
  model: string | Model = DEFAULT_MODEL,
  options: EvaluateOptions = {},
): Promise<EvaluateResult> {
  const splits =
    options.splits && !options.splits.includes(CLEAN_SPLIT)
      ? [CLEAN_SPLIT, ...options.splits]
      : options.splits;
  const { bootstrapSeed, bootstrap, tokenize, label, ...runOptions } = options;
  const run = await runModel(model, { ...runOptions, ...(splits ? { splits } : {}) });
  const tasks: ScoreReport[] = [];
  for (const t of run.tasks) {
    const { report } = await scoreLoaded(t.loaded, t.predictions, {
      model: run.model.spec,
      ...(bootstrap === undefined ? {} : { bootstrap }),
      ...(bootstrapSeed === undefined ? {} : { seed: bootstrapSeed }),
      ...(tokenize === undefined ? {} : { tokenize }),
    });
    tasks.push(report);
  }
  const report: EvalReport = {
    model: run.model.spec,
    ...(label ? { label } : {}),
    created: new Date().toISOString(),
    tasks,
  };
  await writeFileAtomic(join(run.dir, 'scores.json'), `${JSON.stringify(report, null, 2)}\n`);
  return { run, report };
}
