export {
  defaultRunDir,
  type FileFingerprint,
  type RunConfig,
  type RunStatus,
  redactCommand,
  type TaskConfig,
  type TaskFingerprint,
} from './config.js';
export { DEFAULT_MODEL, type EvaluateOptions, type EvaluateResult, evaluate } from './evaluate.js';
export { resolveDataPath, SAMPLE_DATA, sampleDataDir } from './paths.js';
export {
  createProgressDisplay,
  formatSplitProgress,
  formatTaskSummary,
  type ProgressDisplay,
  type ProgressDisplayOptions,
  type ProgressEvent,
  type SplitProgress,
} from './progress.js';
export { limitTask, type RunOptions, type RunResult, runModel, type TaskRun } from './run.js';
export {
  type ScoreOptions,
  type ScoreOutcome,
  scoreLoaded,
  scorePredictions,
  scoreReportJson,
} from './score.js';
