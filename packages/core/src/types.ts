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
