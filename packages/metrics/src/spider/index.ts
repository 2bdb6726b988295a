export {
  evalExactMatch as spiderEvalExactMatch,
  evalHardness as spiderHardness,
  evalPartialMatch as spiderPartialMatch,
  HARDNESS_LEVELS as SPIDER_HARDNESS_LEVELS,
  type Hardness as SpiderHardness,
  PARTIAL_TYPES as SPIDER_PARTIAL_TYPES,
  type PartialScore as SpiderPartialScore,
  type PartialType as SpiderPartialType,
  rebuildForMatch as spiderRebuildForMatch,
} from './evaluate.js';
export { type SqlCell, sameResults as sameSpiderResults } from './exec.js';
export {
  type MatchResult as SpiderMatchResult,
  matchPrediction as spiderMatch,
  prepareGold as prepareSpiderGold,
} from './match.js';
export {
  createSpiderMetric,
  SPIDER_METRIC_NAMES,
  type SpiderGold,
  type SpiderMetric,
  type SpiderMetricOptions,
  type SpiderStat,
  spiderGold,
} from './metric.js';
export { emptySql as emptySpiderSql, parseSpiderSql, SpiderParseError, type SpiderSql } from './parse.js';
export { buildSchemas as buildSpiderSchemas, type SpiderSchema, type SpiderTableEntry } from './schema.js';
export { spiderTokenize } from './tokenize.js';
