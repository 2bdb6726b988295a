/**
 * `@readin/metrics/scoring`: what `readin score` needs — the task scorer registry (which loads only the task's
 * metric) and the READIN aggregation — without loading every metric as the package's main entry does.
 */
export {
  type AggregateInput,
  type AggregateOptions,
  type AggregateResult,
  aggregate,
  type SplitIds,
} from './aggregate.js';
export { createTaskScorer, type TaskScorer, type TaskScorerOptions } from './tasks.js';
export type { TaskMetric } from './types.js';
