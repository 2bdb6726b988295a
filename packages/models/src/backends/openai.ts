import { TASK_IDS, UsageError } from '@readin/core';
import { postJson } from '../http.js';
import { displayUrl } from '../redact.js';
import { AttemptError, type RetryOptions, withRetry } from '../retry.js';
import type { BackendCall, BackendResult, GenerationParams } from '../types.js';
import type { Transport } from './remote.js';

export interface OpenAiOptions {
  /** `chat` → `/v1/chat/completions`, `completions` → `/v1/completions` (default `chat`). */
  readonly endpoint?: 'chat' | 'completions';
  /** Bearer key (default: `OPENAI_API_KEY` from `env`; none for local servers). */
  readonly apiKey?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Per-attempt timeout in ms (default 60 000). */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly fetch?: typeof fetch;
}

/** `http://host:8000` → `http://host:8000/v1`; a URL already ending in `/v<N>` is kept. */
export function openAiBaseUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`"${base}" is not a URL.`, {
      hint: 'Write the spec as openai:<base-url>#<model>, e.g. openai:http://127.0.0.1:8000/v1#qwen2.5-7b-instruct.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`"${base}" must be an http:// or https:// URL.`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/v\d+$/.test(path) ? path : `${path}/v1`;
  return url.toString().replace(/\/$/, '');
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function usageOf(body: Record<string, unknown>): BackendResult['usage'] {
  const usage = asObject(body.usage);
  if (!usage) return undefined;
  return {
    ...(typeof usage.prompt_tokens === 'number' ? { promptTokens: usage.prompt_tokens } : {}),
    ...(typeof usage.completion_tokens === 'number' ? { completionTokens: usage.completion_tokens } : {}),
  };
}

/** Parses a chat or completion response body; malformed shapes are retryable AttemptErrors. */
export function parseOpenAiResponse(kind: 'chat' | 'completion', body: unknown): BackendResult {
  const object = asObject(body);
  const choice = asObject(Array.isArray(object?.choices) ? object.choices[0] : undefined);
  if (!object || !choice) {
    const error = asObject(object?.error);
    const message = typeof error?.message === 'string' ? `: ${error.message.slice(0, 200)}` : '';
    throw new AttemptError(`malformed response: no choices${message}`, { retryable: true });
  }
  let text: unknown;
  if (kind === 'chat') {
    const message = asObject(choice.message);
    if (!message)
      throw new AttemptError('malformed response: choices[0].message is missing', { retryable: true });
    text = message.content ?? '';
  } else {
    text = choice.text;
  }
  if (typeof text !== 'string')
    throw new AttemptError(
      `malformed response: the ${kind === 'chat' ? 'message content' : 'text'} is not a string`,
      {
        retryable: true,
      },
    );
  const usage = usageOf(object);
  return { text, ...(usage ? { usage } : {}) };
}

/** An OpenAI-compatible server (vLLM, llama.cpp server, Ollama, TGI, …). */
export function openAiTransport(base: string, model: string, options: OpenAiOptions = {}): Transport {
  if (model.trim() === '')
    throw new UsageError('the openai spec names no model.', {
      hint: 'Write openai:<base-url>#<model>, e.g. openai:http://127.0.0.1:8000/v1#qwen2.5-7b-instruct.',
    });
  const baseUrl = openAiBaseUrl(base);
  const endpoint = options.endpoint ?? 'chat';
  const apiKey = options.apiKey ?? (options.env ?? process.env).OPENAI_API_KEY;
  const url = `${baseUrl}/${endpoint === 'chat' ? 'chat/completions' : 'completions'}`;
  const shown = displayUrl(baseUrl);
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const secrets = [apiKey];
  return {
    backend: 'openai',
    model,
    spec: `openai:${shown}#${model}`,
    settings: { base_url: shown, endpoint },
    tasks: TASK_IDS,
    native: false,
    promptKind: endpoint === 'chat' ? 'chat' : 'completion',
    async send(call: BackendCall, params: GenerationParams, signal?: AbortSignal): Promise<BackendResult> {
      if (call.kind !== 'chat' && call.kind !== 'completion')
        throw new UsageError(`the openai backend cannot send a ${call.kind} call.`, {
          hint: 'Task-native calls need hf:<model-id> with --mode native.',
        });
      if ((call.kind === 'chat') !== (endpoint === 'chat'))
        throw new UsageError(`a ${call.kind} call does not fit the ${endpoint} endpoint.`);
      const body =
        call.kind === 'chat'
          ? {
              model,
              messages: call.messages,
              max_tokens: params.maxTokens,
              temperature: params.temperature,
              stream: false,
            }
          : {
              model,
              prompt: call.prompt,
              max_tokens: params.maxTokens,
              temperature: params.temperature,
              stream: false,
            };
      const path = new URL(url).pathname;
      const { value, attempts } = await withRetry(
        `openai:${shown}#${model}: POST ${path}`,
        async () =>
          parseOpenAiResponse(
            call.kind,
            await postJson(url, body, {
              headers,
              timeoutMs: options.timeoutMs ?? 60_000,
              ...(signal ? { signal } : {}),
              ...(options.retry?.now ? { now: options.retry.now } : {}),
              ...(options.fetch ? { fetch: options.fetch } : {}),
            }),
          ),
        {
          ...options.retry,
          secrets: [...secrets, ...(options.retry?.secrets ?? [])],
          ...(signal ? { signal } : {}),
        },
      );
      return { ...value, attempts };
    },
  };
}
