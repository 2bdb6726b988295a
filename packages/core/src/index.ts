export {
  AtomicWriter,
  type WriteDelimitedOptions,
  writeAtomically,
  writeDelimited,
  writeFileAtomic,
  writeJsonl,
} from './atomic.js';
export { type DelimitedRecord, type ReadDelimitedOptions, readDelimited } from './delimited.js';
export {
  DataFormatError,
  type ErrorLocation,
  isReadinError,
  LayoutError,
  ModelError,
  NoiseConfigError,
  NotFoundError,
  PredictionFormatError,
  ReadinError,
  UsageError,
} from './errors.js';
export { fileSha256, sha256, stableStringify } from './hash.js';
export {
  type JsonRecord,
  type ReadJsonlOptions,
  readJsonDocument,
  readJsonl,
  sniffJsonKind,
} from './jsonl.js';
export { decodeLines, readLines, type TextLine } from './lines.js';
export { deriveSeed, Rng, type SeedState } from './rng.js';
export { didYouMean, suggest } from './suggest.js';
export {
  CLEAN_SPLIT,
  isTaskId,
  NOISE_LABELS,
  NOISE_TYPES,
  type NoiseType,
  noisySplitName,
  parseSplitName,
  type SplitInfo,
  type SplitName,
  STANDARD_SPLITS,
  TASK_FIELDS,
  TASK_IDS,
  type TaskId,
} from './tasks.js';
export { codePointLength, levenshtein } from './text.js';
export type {
  AfqmcExample,
  CmrcAnswer,
  CmrcExample,
  CspiderExample,
  Drop,
  EvalReport,
  Example,
  ExampleByTask,
  ExampleScore,
  MetricValues,
  NoiseSummary,
  Prediction,
  ScoreReport,
  SplitScore,
  WmtExample,
} from './types.js';
export { VERSION } from './version.js';
