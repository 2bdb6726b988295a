export {
  type CmrcEvaluateOptions,
  type CmrcEvaluation,
  type CmrcGold,
  type CmrcMetricOptions,
  type CmrcStat,
  cmrcEvaluate,
  cmrcGold,
  createCmrcMetric,
} from './metric.js';
export {
  DEFAULT_NLTK_REVISION,
  type NltkRevision,
  type NltkTokenizeOptions,
  nltkWordTokenize,
} from './nltk.js';
export { cmrcEm, cmrcF1, longestCommonRun } from './score.js';
export {
  CMRC_PUNCTUATION,
  type MixedSegmentationOptions,
  mixedSegmentation,
  removePunctuation,
} from './segment.js';
