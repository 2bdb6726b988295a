import { ModelError, type TaskId, UsageError } from '@readin/core';
import { isRetryableStatus, networkReason, timeoutSignal } from '../http.js';
import { displayUrl, redact } from '../redact.js';
import { AttemptError, parseRetryAfter, type RetryOptions, withRetry } from '../retry.js';
import type { BackendCall, BackendResult, GenerationParams } from '../types.js';
import type { Transport } from './remote.js';

export interface HfOptions {
  /** `chat`: chat completion with the task prompt; `native`: text classification (AFQMC), question answering
   * (CMRC2018), translation (WMT) (default `chat`). */
  readonly mode?: 'chat' | 'native';
  /** Inference provider, e.g. `hf-inference`, `together`, `auto` (default `auto`: the Hub's preferred one). */
  readonly provider?: string;
  /** Send every call to this URL instead (a dedicated endpoint or a local server). */
  readonly endpointUrl?: string;
  /** Access token (default: `HF_TOKEN` from `env`). Never written anywhere. */
  readonly token?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Per-attempt timeout in ms (default 60 000). */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly fetch?: typeof fetch;
  /** Extra `parameters` for translation calls, e.g. `{src_lang: 'zh_CN', tgt_lang: 'en_XX'}` for mBART-50. */
  readonly translationParameters?: Readonly<Record<string, unknown>>;
}

interface HfClient {
  chatCompletion(args: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
  textClassification(args: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
  questionAnswering(args: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
  translation(args: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
}

const NATIVE_TASKS: readonly TaskId[] = ['afqmc', 'cmrc2018', 'wmt21'];
const ALL_TASKS: readonly TaskId[] = ['afqmc', 'cmrc2018', 'cspider', 'wmt21'];

function classify(
  error: unknown,
  state: { status?: number; retryAfter?: string | null; timedOut: boolean; timeoutMs: number },
  secrets: ReadonlyArray<string | undefined>,
  now: number,
): AttemptError {
  if (state.timedOut) return new AttemptError(`timed out after ${state.timeoutMs} ms`, { retryable: true });
  const err = error as { name?: string; message?: string; httpResponse?: { status?: number } };
  const message = redact(String(err?.message ?? error), secrets)
    .replace(/\s+/g, ' ')
    .slice(0, 200);
  const status =
    err?.httpResponse?.status ??
    (state.status !== undefined && state.status >= 400 ? state.status : undefined);
  if (status !== undefined && status >= 400) {
    const retryAfterMs = parseRetryAfter(state.retryAfter, now);
    return new AttemptError(`HTTP ${status}: ${message}`, {
      retryable: isRetryableStatus(status),
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(status === 401 || status === 403
        ? { hint: 'Check HF_TOKEN and that it may call this model with this provider.' }
        : {}),
    });
  }
  if (err?.name === 'InferenceClientProviderOutputError' || error instanceof SyntaxError)
    return new AttemptError(`malformed response: ${message}`, { retryable: true });
  if (err?.name === 'InferenceClientInputError' || err?.name === 'InferenceClientRoutingError')
    return new AttemptError(message, {
      retryable: false,
      hint: 'Check the model id, --provider and --mode.',
    });
  if (error instanceof TypeError) return new AttemptError(networkReason(error), { retryable: true });
  return new AttemptError(message, { retryable: true });
}

function asLabels(value: unknown): Array<{ label: string; score: number }> {
  const list = Array.isArray(value) ? value : [];
  return list
    .filter(
      (x): x is { label: string; score: number } =>
        typeof x?.label === 'string' && typeof x?.score === 'number',
    )
    .map(({ label, score }) => ({ label, score }))
    .sort((a, b) => b.score - a.score);
}

/** Hugging Face Inference Providers through `@huggingface/inference` (imported on first use). */
export async function hfTransport(modelId: string, options: HfOptions = {}): Promise<Transport> {
  if (modelId.trim() === '')
    throw new UsageError('the hf spec names no model.', {
      hint: 'Write hf:<model-id>, e.g. hf:Qwen/Qwen2.5-7B-Instruct.',
    });
  const mode = options.mode ?? 'chat';
  if (mode !== 'chat' && mode !== 'native')
    throw new UsageError(`unknown --mode "${String(mode)}".`, { hint: 'Use --mode chat or --mode native.' });
  const token = options.token ?? (options.env ?? process.env).HF_TOKEN;
  if (!token && !options.endpointUrl)
    throw new ModelError('HF_TOKEN is not set.', {
      hint: 'Create a token at https://huggingface.co/settings/tokens and export HF_TOKEN=… (it is never written to the run folder).',
    });
  const secrets = [token];
  const { InferenceClient } = await import('@huggingface/inference');
  const client = new InferenceClient(
    token,
    options.endpointUrl ? { endpointUrl: options.endpointUrl } : {},
  ) as unknown as HfClient;
  const provider = options.provider ?? 'auto';
  const timeoutMs = options.timeoutMs ?? 60_000;
  const baseFetch = options.fetch ?? fetch;
  const settings: Record<string, string> = { mode, provider };
  if (options.endpointUrl) settings.endpoint_url = displayUrl(options.endpointUrl);
  return {
    backend: 'hf',
    model: modelId,
    spec: `hf:${modelId}`,
    settings,
    tasks: mode === 'native' ? NATIVE_TASKS : ALL_TASKS,
    native: mode === 'native',
    promptKind: 'chat',
    async send(call: BackendCall, params: GenerationParams, signal?: AbortSignal): Promise<BackendResult> {
      const attempt = async (): Promise<BackendResult> => {
        const timer = timeoutSignal(timeoutMs, signal);
        const state: { status?: number; retryAfter?: string | null; timedOut: boolean; timeoutMs: number } = {
          timedOut: false,
          timeoutMs,
        };
        const wrapped: typeof fetch = async (input, init) => {
          const response = await baseFetch(input, { ...init, signal: timer.signal });
          state.status = response.status;
          state.retryAfter = response.headers.get('retry-after');
          return response;
        };
        const callOptions = { fetch: wrapped, signal: timer.signal, retry_on_error: false };
        const base = { model: modelId, ...(options.endpointUrl ? {} : { provider }) };
        try {
          switch (call.kind) {
            case 'chat': {
              const out = (await client.chatCompletion(
                {
                  ...base,
                  messages: call.messages,
                  max_tokens: params.maxTokens,
                  temperature: params.temperature,
                },
                callOptions,
              )) as { choices?: Array<{ message?: { content?: unknown } }>; usage?: Record<string, unknown> };
              const content = out?.choices?.[0]?.message?.content;
              if (content !== undefined && content !== null && typeof content !== 'string')
                throw new AttemptError('malformed response: the message content is not a string', {
                  retryable: true,
                });
              if (!out?.choices?.[0]?.message)
                throw new AttemptError('malformed response: no choices[0].message', { retryable: true });
              const usage = out.usage;
              return {
                text: content ?? '',
                ...(usage
                  ? {
                      usage: {
                        ...(typeof usage.prompt_tokens === 'number'
                          ? { promptTokens: usage.prompt_tokens }
                          : {}),
                        ...(typeof usage.completion_tokens === 'number'
                          ? { completionTokens: usage.completion_tokens }
                          : {}),
                      },
                    }
                  : {}),
              };
            }
            case 'text-classification': {
              const inputs =
                call.textPair === undefined ? call.text : { text: call.text, text_pair: call.textPair };
              const labels = asLabels(await client.textClassification({ ...base, inputs }, callOptions));
              if (labels.length === 0)
                throw new AttemptError('malformed response: no labels', { retryable: true });
              return { text: labels[0]!.label, labels };
            }
            case 'question-answering': {
              const out = (await client.questionAnswering(
                { ...base, inputs: { question: call.question, context: call.context } },
                callOptions,
              )) as { answer?: unknown };
              if (typeof out?.answer !== 'string')
                throw new AttemptError('malformed response: no answer', { retryable: true });
              return { text: out.answer };
            }
            case 'translation': {
              const out = (await client.translation(
                {
                  ...base,
                  inputs: call.text,
                  ...(options.translationParameters ? { parameters: options.translationParameters } : {}),
                },
                callOptions,
              )) as { translation_text?: unknown } | Array<{ translation_text?: unknown }>;
              const text = Array.isArray(out) ? out[0]?.translation_text : out?.translation_text;
              if (typeof text !== 'string')
                throw new AttemptError('malformed response: no translation_text', { retryable: true });
              return { text };
            }
            default:
              throw new UsageError(`the hf backend cannot send a ${call.kind} call.`, {
                hint: 'Completion-style prompts need openai:<base-url>#<model> with --endpoint completions.',
              });
          }
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
          if (error instanceof AttemptError || error instanceof UsageError) throw error;
          state.timedOut = timer.timedOut();
          throw classify(error, state, secrets, (options.retry?.now ?? Date.now)());
        } finally {
          timer.clear();
        }
      };
      const { value, attempts } = await withRetry(`hf:${modelId} (${call.kind})`, attempt, {
        ...options.retry,
        secrets: [...secrets, ...(options.retry?.secrets ?? [])],
        ...(signal ? { signal } : {}),
      });
      return { ...value, attempts };
    },
  };
}
