export {
  type DataLayout,
  type DataMeta,
  type DataSource,
  type ResolveDataOptions,
  resolveDataSource,
  resolveDataSources,
  type SplitFormat,
  type SplitSource,
} from './layout.js';
export {
  alignToClean,
  type LoadedSplit,
  type LoadedTask,
  type LoadTaskOptions,
  loadSplit,
  loadTask,
  type SplitAlignment,
} from './load.js';
export { MANIFEST_NAME, type ManifestSplit, type ReadinManifest, readManifest } from './manifest.js';
export {
  type PredictionSet,
  type ReadPredictionsOptions,
  readPredictions,
  type SplitPredictions,
} from './predictions.js';
export { readSplit } from './read.js';
export { noisedTexts, normaliseRecord, parseTaskOption, type RecordPlace, taskFromName } from './records.js';
export {
  type SplitReport,
  type TaskReport,
  taskStats,
  type ValidateTaskOptions,
  validateTask,
} from './validate.js';
