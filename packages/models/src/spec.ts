import { didYouMean, UsageError } from '@readin/core';
import { BaselineModel } from './backends/baseline.js';
import { type HfOptions, hfTransport } from './backends/hf.js';
import { type OpenAiOptions, openAiTransport } from './backends/openai.js';
import { RemoteModel, type RemoteModelOptions } from './backends/remote.js';
import { BASELINES } from './baselines/index.js';
import type { ResponseCache } from './cache.js';
import type { RetryOptions } from './retry.js';
import type { BackendName, Model } from './types.js';

/** A parsed model spec. */
export type ModelSpec =
  | { readonly backend: 'hf'; readonly model: string }
  | { readonly backend: 'openai'; readonly baseUrl: string; readonly model: string }
  | { readonly backend: 'baseline'; readonly name: string };

const EXAMPLES: Readonly<Record<BackendName, string>> = {
  hf: 'hf:Qwen/Qwen2.5-7B-Instruct',
  openai: 'openai:http://127.0.0.1:8000/v1#qwen2.5-7b-instruct',
  baseline: 'baseline:default',
};

/** The backend names a spec may start with. */
export const MODEL_BACKENDS: readonly BackendName[] = ['hf', 'openai', 'baseline'];

/**
 * Parses `hf:<model-id>`, `openai:<base-url>#<model>` or `baseline:<name>`. Unknown backends and baseline
 * names are UsageErrors with a "did you mean" suggestion.
 */
export function parseModelSpec(spec: string): ModelSpec {
  const text = spec.trim();
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (!(MODEL_BACKENDS as readonly string[]).includes(prefix)) {
    const near =
      colon < 0 && BASELINES.has(text)
        ? ` Did you mean "baseline:${text}"?`
        : didYouMean(prefix, MODEL_BACKENDS);
    throw new UsageError(`unknown model backend "${prefix}" in --model ${JSON.stringify(spec)}.${near}`, {
      field: 'model',
      hint: `Use one of: ${MODEL_BACKENDS.map((b) => EXAMPLES[b]).join(', ')}.`,
    });
  }
  const backend = prefix as BackendName;
  if (rest.trim() === '')
    throw new UsageError(`the model spec "${spec}" names no model.`, {
      field: 'model',
      hint: `Example: ${EXAMPLES[backend]}.`,
    });
  if (backend === 'hf') return { backend, model: rest.trim() };
  if (backend === 'baseline') {
    const name = rest.trim();
    if (!BASELINES.has(name))
      throw new UsageError(`unknown baseline "${name}".${didYouMean(name, BASELINES.keys())}`, {
        field: 'model',
        hint: `Built-in baselines: ${[...BASELINES.keys()].join(', ')}.`,
      });
    return { backend, name };
  }
  const hash = rest.lastIndexOf('#');
  if (hash < 0 || rest.slice(hash + 1).trim() === '')
    throw new UsageError(`the openai spec "${spec}" names no model after "#".`, {
      field: 'model',
      hint: `Write openai:<base-url>#<model>, e.g. ${EXAMPLES.openai}.`,
    });
  return { backend, baseUrl: rest.slice(0, hash).trim(), model: rest.slice(hash + 1).trim() };
}

/** Options of `createModel`; each applies to the backends named. */
export interface CreateModelOptions {
  /** hf: `chat` (default) or `native` task calls. */
  readonly mode?: 'chat' | 'native';
  /** hf: inference provider (default `auto`). */
  readonly provider?: string;
  /** hf: a dedicated or local endpoint URL. */
  readonly endpointUrl?: string;
  /** hf: access token (default `HF_TOKEN`). */
  readonly token?: string;
  /** openai: `chat` (default) or `completions`. */
  readonly endpoint?: 'chat' | 'completions';
  /** openai: API key (default `OPENAI_API_KEY`, often unset for local servers). */
  readonly apiKey?: string;
  /** Environment for HF_TOKEN / OPENAI_API_KEY (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** hf, openai: max new tokens (default per task: `DEFAULT_MAX_TOKENS`). */
  readonly maxTokens?: number;
  /** hf, openai: temperature (default 0). */
  readonly temperature?: number;
  /** hf, openai: per-attempt timeout in ms (default 60 000). */
  readonly timeoutMs?: number;
  /** hf, openai: retry policy (default 6 attempts, 500 ms base, 30 s cap, full jitter). */
  readonly retry?: RetryOptions;
  /** hf, openai: response cache; a hit is never sent again (default: none). */
  readonly cache?: ResponseCache;
  /** hf, openai: k of k-shot prompting, for the signature (default 0). */
  readonly shots?: number;
  /** hf native AFQMC: classifier label → "0"/"1" for labels the built-in mapping does not know. */
  readonly labelMap?: Readonly<Record<string, '0' | '1'>>;
  /** hf native WMT: extra translation parameters (e.g. mBART `src_lang`/`tgt_lang`). */
  readonly translationParameters?: Readonly<Record<string, unknown>>;
  /** hf, openai: the fetch to use (default global fetch). */
  readonly fetch?: typeof fetch;
}

function checkNumber(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got ${value}.`, { field: name });
}

/**
 * Creates a model from a spec.
 * @example
 * const model = await createModel('openai:http://127.0.0.1:8000/v1#qwen', { cache });
 */
export async function createModel(spec: string, options: CreateModelOptions = {}): Promise<Model> {
  const parsed = parseModelSpec(spec);
  checkNumber('max-tokens', options.maxTokens, 1, 1_000_000);
  checkNumber('temperature', options.temperature, 0, 2);
  checkNumber('timeout', options.timeoutMs, 1, 3_600_000);
  if (parsed.backend === 'baseline') return new BaselineModel(BASELINES.get(parsed.name)!);
  if (options.mode === 'native' && parsed.backend === 'openai')
    throw new UsageError('--mode native applies to hf: models only.', {
      hint: 'OpenAI-compatible servers are prompted through chat or completions.',
    });
  const remote: RemoteModelOptions = {
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.shots === undefined ? {} : { shots: options.shots }),
    ...(options.labelMap ? { labelMap: options.labelMap } : {}),
  };
  if (parsed.backend === 'openai') {
    const transport = openAiTransport(
      parsed.baseUrl,
      parsed.model,
      pick<OpenAiOptions>(options, ['endpoint', 'apiKey', 'env', 'timeoutMs', 'retry', 'fetch']),
    );
    return new RemoteModel(transport, remote);
  }
  const transport = await hfTransport(
    parsed.model,
    pick<HfOptions>(options, [
      'mode',
      'provider',
      'endpointUrl',
      'token',
      'env',
      'timeoutMs',
      'retry',
      'fetch',
      'translationParameters',
    ]),
  );
  return new RemoteModel(transport, remote);
}

function pick<T>(options: CreateModelOptions, keys: ReadonlyArray<keyof CreateModelOptions>): T {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (options[key] !== undefined) out[key] = options[key];
  return out as T;
}
