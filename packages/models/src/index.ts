export { openAiBaseUrl } from './backends/openai.js';
export { DEFAULT_MAX_TOKENS, mapClassifierLabel } from './backends/remote.js';
export { BASELINES, type Baseline } from './baselines/index.js';
export { type CacheKeyParts, cacheKey, ResponseCache, type ResponseCacheOptions } from './cache.js';
export {
  EXTRACTION_RULES,
  type Extraction,
  type ExtractionRule,
  extractAfqmcLabel,
  extractCmrcSpan,
  extractSql,
  extractTranslation,
} from './extract.js';
export { type MapConcurrentOptions, mapConcurrent } from './pool.js';
export {
  PROMPT_TEMPLATES,
  type PromptTemplate,
  promptFields,
  promptSignature,
  type RenderedPrompt,
  renderPrompt,
  schemaText,
  selectShots,
} from './prompts.js';
export { redact } from './redact.js';
export {
  backoffDelay,
  CircuitBreaker,
  parseRetryAfter,
  type RetryInfo,
  type RetryOptions,
} from './retry.js';
export {
  type CreateModelOptions,
  createModel,
  MODEL_BACKENDS,
  type ModelSpec,
  parseModelSpec,
} from './spec.js';
export type {
  BackendCall,
  BackendName,
  BackendResult,
  ChatMessage,
  GenerationParams,
  Model,
  ModelDescription,
  ModelResponse,
  PredictOptions,
  SpiderSchema,
  TaskContext,
  TaskRequest,
} from './types.js';
