export {
  type BleuOptions,
  type BleuScore,
  type BleuStats,
  bleuFromStats,
  bleuSignature,
  bleuStats,
  corpusBleu,
  SACREBLEU_VERSION,
  type SmoothMethod,
  sentenceBleu,
} from './bleu.js';
export {
  type ChrfOptions,
  type ChrfScore,
  type ChrfStats,
  chrfFromStats,
  chrfSignature,
  chrfStats,
  corpusChrf,
  sentenceChrf,
} from './chrf.js';
export { createWmtMetric, type WmtMetric, type WmtMetricOptions, type WmtStat, wmtGold } from './metric.js';
export { isPyWhitespace, pySplit } from './pytext.js';
export { isZhTokenizerChar, TOKENIZER_NAMES, type TokenizerName, tokenize } from './tokenizers.js';
