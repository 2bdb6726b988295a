export { type Alignment, type AlignOp, type AlignOpKind, type AlignOptions, alignTexts } from './align.js';
export {
  type AnalyzeOptions,
  analyzeNoise,
  compareNoiseAnalyses,
  mergeNoiseAnalyses,
  type NoiseAnalysis,
  type NoiseComparison,
  type NoisePair,
  RUN_LENGTH_BUCKETS,
  type RunLengthBucket,
  totalVariation,
} from './analyze.js';
export {
  classifyHanSubstitution,
  FUZZY_FINAL_PAIRS,
  FUZZY_INITIAL_PAIRS,
  HAN_SUB_CLASSES,
  type HanSubClass,
} from './classify.js';
export {
  detectNoisedFields,
  type LoadedNoiseFile,
  type LoadedNoisePairs,
  type LoadedPair,
  type LoadPairsOptions,
  loadNoisePairs,
} from './load.js';
