import { type ExampleByTask, type TaskId, UsageError } from '@readin/core';
import { cacheKey, type ResponseCache } from '../cache.js';
import { EXTRACTION_RULES, type Extraction, extractAfqmcLabel } from '../extract.js';
import { promptSignature, renderPrompt } from '../prompts.js';
import type {
  BackendCall,
  BackendName,
  BackendResult,
  GenerationParams,
  Model,
  ModelDescription,
  ModelResponse,
  PredictOptions,
  TaskContext,
  TaskRequest,
} from '../types.js';

/** Default `max_tokens` per task when the user gives none. */
export const DEFAULT_MAX_TOKENS: Readonly<Record<TaskId, number>> = {
  afqmc: 16,
  cmrc2018: 64,
  cspider: 256,
  wmt21: 256,
};

/** What a remote backend provides to RemoteModel. */
export interface Transport {
  readonly backend: Exclude<BackendName, 'baseline'>;
  readonly model: string;
  readonly spec: string;
  /** Settings that change outputs; part of the cache key and the signature. Never credentials. */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly tasks: readonly TaskId[];
  /** True when calls are task-native (classification, QA, translation) rather than prompted generation. */
  readonly native: boolean;
  /** Prompted calls use a chat or completion request. */
  readonly promptKind: 'chat' | 'completion';
  /** Sends one call, with retries; throws ModelError. */
  send(call: BackendCall, params: GenerationParams, signal?: AbortSignal): Promise<BackendResult>;
}

/** Maps a classifier label (`LABEL_1`, `1`, `相似`, `entailment`, …) to an AFQMC label. */
export function mapClassifierLabel(
  label: string,
  labelMap: Readonly<Record<string, '0' | '1'>> = {},
): Extraction {
  const mapped = labelMap[label];
  if (mapped) return { value: mapped, parsed: true };
  const text = label.trim();
  const m = /^(?:label[_ -]?)?([01])$/i.exec(text);
  if (m) return { value: m[1] as '0' | '1', parsed: true };
  if (/^(?:not[_ -]?entailment|contradiction|neutral|negative|dissimilar)$/i.test(text))
    return { value: '0', parsed: true };
  if (/^(?:entailment|positive|similar|paraphrase|equivalent)$/i.test(text))
    return { value: '1', parsed: true };
  return extractAfqmcLabel(text);
}

export interface RemoteModelOptions {
  readonly cache?: ResponseCache;
  readonly maxTokens?: number;
  readonly temperature?: number;
  /** k of k-shot prompting, recorded in the signature; the shots come in each request's context (default 0). */
  readonly shots?: number;
  readonly labelMap?: Readonly<Record<string, '0' | '1'>>;
}

/** A model behind an HTTP backend: renders prompts, caches calls, extracts answers. */
export class RemoteModel implements Model {
  readonly spec: string;
  readonly backend: Exclude<BackendName, 'baseline'>;
  readonly id: string;
  readonly tasks: readonly TaskId[];
  private readonly transport: Transport;
  private readonly options: RemoteModelOptions;

  constructor(transport: Transport, options: RemoteModelOptions = {}) {
    this.transport = transport;
    this.options = options;
    this.spec = transport.spec;
    this.backend = transport.backend;
    this.id = transport.model;
    this.tasks = transport.tasks;
  }

  /** The backend call for a task request (prompt rendering or native call). */
  buildCall<T extends TaskId>(task: T, example: ExampleByTask[T], context: TaskContext<T> = {}): BackendCall {
    if (!this.tasks.includes(task))
      throw new UsageError(`${this.spec} cannot answer ${task} in this mode.`, {
        hint: task === 'cspider' ? 'CSpider has no task-native call; use --mode chat.' : undefined,
      });
    if (!this.transport.native) {
      const prompt = renderPrompt(task, example, context);
      return this.transport.promptKind === 'chat'
        ? { kind: 'chat', messages: prompt.messages }
        : { kind: 'completion', prompt: prompt.text };
    }
    switch (task) {
      case 'afqmc': {
        const e = example as ExampleByTask['afqmc'];
        return { kind: 'text-classification', text: e.sentence1, textPair: e.sentence2 };
      }
      case 'cmrc2018': {
        const e = example as ExampleByTask['cmrc2018'];
        return { kind: 'question-answering', question: e.question, context: e.context };
      }
      default:
        return { kind: 'translation', text: (example as ExampleByTask['wmt21']).zh.trim() };
    }
  }

  private params(task: TaskId | undefined, overrides: Partial<GenerationParams> = {}): GenerationParams {
    return {
      maxTokens: overrides.maxTokens ?? this.options.maxTokens ?? (task ? DEFAULT_MAX_TOKENS[task] : 256),
      temperature: overrides.temperature ?? this.options.temperature ?? 0,
    };
  }

  /** The cache key of a call: backend, model, the call, and settings + decoding parameters. */
  keyOf(call: BackendCall, params: GenerationParams): string {
    const generative = call.kind === 'chat' || call.kind === 'completion';
    return cacheKey({
      backend: this.backend,
      model: this.id,
      request: call,
      params: generative ? { ...this.transport.settings, ...params } : this.transport.settings,
    });
  }

  private async run(
    call: BackendCall,
    params: GenerationParams,
    signal: AbortSignal | undefined,
  ): Promise<{ result: BackendResult; cached: boolean; key: string }> {
    const key = this.keyOf(call, params);
    const cache = this.options.cache;
    if (!cache) return { result: await this.transport.send(call, params, signal), cached: false, key };
    const { value, cached } = await cache.getOrCompute(key, () => this.transport.send(call, params, signal));
    return { result: value, cached, key };
  }

  async call(
    call: BackendCall,
    params: Partial<GenerationParams> = {},
    options: PredictOptions = {},
  ): Promise<BackendResult> {
    return (await this.run(call, this.params(undefined, params), options.signal)).result;
  }

  async predict<T extends TaskId>(
    request: TaskRequest<T>,
    options: PredictOptions = {},
  ): Promise<ModelResponse> {
    const call = this.buildCall(request.task, request.example, request.context);
    const params = this.params(request.task, request.params);
    const { result, cached, key } = await this.run(call, params, options.signal);
    let extraction: Extraction;
    if (call.kind === 'text-classification') {
      const top = result.labels?.[0]?.label ?? result.text;
      extraction = mapClassifierLabel(top, this.options.labelMap);
    } else if (call.kind === 'question-answering' || call.kind === 'translation') {
      const value = result.text.trim();
      extraction = { value, parsed: value !== '' };
    } else {
      extraction = EXTRACTION_RULES[request.task].extract(result.text);
    }
    return {
      prediction: extraction.value,
      raw: result.text,
      parsed: extraction.parsed,
      cached,
      key,
      ...(result.attempts === undefined || cached ? {} : { attempts: result.attempts }),
    };
  }

  describe(): ModelDescription {
    const settings: Record<string, string | number | boolean> = { ...this.transport.settings };
    if (!this.transport.native) {
      settings.max_tokens = this.options.maxTokens ?? 'per-task';
      settings.temperature = this.options.temperature ?? 0;
    }
    const tasks: Partial<Record<TaskId, string>> = {};
    for (const task of this.tasks) {
      tasks[task] = this.transport.native
        ? `native:${task}`
        : promptSignature(task, { shots: this.options.shots ?? 0 });
    }
    const signature = [
      `backend:${this.backend}`,
      `model:${this.id}`,
      ...Object.entries(settings)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}:${v}`),
    ].join('|');
    return { spec: this.spec, backend: this.backend, model: this.id, settings, tasks, signature };
  }
}
