import type { SplitName, TaskId } from './tasks.js';

export interface AfqmcExample {
  readonly id: string;
  readonly sentence1: string;
  readonly sentence2: string;
  /** `"0"` (different meaning) or `"1"` (same meaning). */
  readonly label: '0' | '1';
}

export interface CmrcAnswer {
  readonly text: string;
  readonly answer_start: number;
}

export interface CmrcExample {
  readonly id: string;
  readonly context: string;
  readonly question: string;
  readonly answers: readonly CmrcAnswer[];
}

export interface CspiderExample {
  readonly id: string;
  readonly db_id: string;
  readonly question: string;
  readonly query: string;
}

export interface WmtExample {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

export interface ExampleByTask {
  afqmc: AfqmcExample;
  cmrc2018: CmrcExample;
  cspider: CspiderExample;
  wmt21: WmtExample;
}

export type Example = ExampleByTask[TaskId];

/** One model output for one example of one split. */
export interface Prediction {
  readonly id: string;
  readonly prediction: string;
}

/** A metric value in percent (0–100), keyed by metric name. */
export type MetricValues = Readonly<Record<string, number>>;

/** Per-example scores of one split. */
export interface ExampleScore {
  readonly split: SplitName;
  readonly id: string;
  readonly metrics: MetricValues;
}

/** Metrics of one split: `n` examples scored, `missing` clean ids absent from this split. */
export interface SplitScore {
  readonly n: number;
  readonly missing: number;
  readonly missing_ids?: readonly string[];
  /** Examples of this split with no prediction (scored as wrong). */
  readonly unanswered?: number;
  readonly metrics: MetricValues;
}

/** A clean→noisy drop with a paired-bootstrap 95 % interval, in percentage points (positive = worse). */
export interface Drop {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** The paper's summary of one noise type: average over annotators and per-example worst. */
export interface NoiseSummary {
  readonly versions: number;
  readonly average: MetricValues;
  readonly worst: MetricValues;
  /** Clean minus average, per metric, with bootstrap intervals. */
  readonly drop?: Readonly<Record<string, Drop>>;
}

/** What `readin score --json` prints for one task. */
export interface ScoreReport {
  readonly task: TaskId;
  readonly signature: string;
  /** The model spec or label, when known. */
  readonly model?: string;
  /** True when the noisy splits are synthetic (e.g. the bundled sample), so reports can say so. */
  readonly synthetic_noise?: boolean;
  readonly data?: string;
  readonly splits: Readonly<Record<SplitName, SplitScore>>;
  readonly summary: {
    readonly clean: MetricValues;
    readonly keyboard?: NoiseSummary;
    readonly speech?: NoiseSummary;
  };
  readonly notes?: readonly string[];
}

/** Several tasks scored for one model (what `readin eval` writes as `RUN_DIR/scores.json`). */
export interface EvalReport {
  readonly model: string;
  readonly label?: string;
  readonly created?: string;
  readonly tasks: readonly ScoreReport[];
}
