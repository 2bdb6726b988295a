import type { ExampleByTask, TaskId } from '@readin/core';

/** The three kinds of model spec: `hf:<model-id>`, `openai:<base-url>#<model>`, `baseline:<name>`. */
export type BackendName = 'hf' | 'openai' | 'baseline';

/** A Spider/CSpider `tables.json` entry: the schema of one database. Only these fields are read. */
export interface SpiderSchema {
  readonly db_id: string;
  readonly table_names: readonly string[];
  readonly table_names_original: readonly string[];
  /** `[tableIndex, name]`; index -1 is the `*` column. */
  readonly column_names: ReadonlyArray<readonly [number, string]>;
  readonly column_names_original: ReadonlyArray<readonly [number, string]>;
  readonly column_types?: readonly string[];
}

/** Everything beyond the example itself that a task may need. */
export interface TaskContext<T extends TaskId = TaskId> {
  /** CSpider: the schema of the example's database (from `tables.json`). */
  readonly schema?: SpiderSchema;
  /** k-shot demonstrations from the clean training split (see `selectShots`). Default: none (zero-shot). */
  readonly shots?: ReadonlyArray<ExampleByTask[T]>;
}

/** Decoding parameters of generative backends. */
export interface GenerationParams {
  /** Maximum new tokens (default: per task, see `DEFAULT_MAX_TOKENS`). */
  readonly maxTokens: number;
  /** Sampling temperature (default 0: greedy, reproducible). */
  readonly temperature: number;
}

/** A task-level request: one example of one task, with its context. */
export interface TaskRequest<T extends TaskId = TaskId> {
  readonly task: T;
  readonly example: ExampleByTask[T];
  readonly context?: TaskContext<T>;
  /** Overrides of the model's default generation parameters for this request. */
  readonly params?: Partial<GenerationParams>;
}

/** A chat message (OpenAI / HF chat-completion shape). */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/**
 * A backend-level call: what is actually sent to a server. Its stable JSON (without credentials) is hashed,
 * with the backend, model and parameters, into the response-cache key.
 */
export type BackendCall =
  | { readonly kind: 'chat'; readonly messages: readonly ChatMessage[] }
  | { readonly kind: 'completion'; readonly prompt: string }
  | { readonly kind: 'text-classification'; readonly text: string; readonly textPair?: string }
  | { readonly kind: 'question-answering'; readonly question: string; readonly context: string }
  | { readonly kind: 'translation'; readonly text: string };

/** What a backend returned for one call. */
export interface BackendResult {
  /** Generated text, answer span, translation, or the top label of a classifier. */
  readonly text: string;
  /** Classifier labels with scores (text classification only). */
  readonly labels?: ReadonlyArray<{ readonly label: string; readonly score: number }>;
  /** Token usage when the server reports it. */
  readonly usage?: { readonly promptTokens?: number; readonly completionTokens?: number };
  /** Attempts it took (1 = first try); absent for cached results. */
  readonly attempts?: number;
}

/** The answer to a task request. */
export interface ModelResponse {
  /** The prediction in the format `readin score` reads (`"0"`/`"1"`, answer text, SQL, English text). */
  readonly prediction: string;
  /** The raw backend text before answer extraction. */
  readonly raw: string;
  /** False when the extraction rule found no answer in `raw` and fell back to a default. */
  readonly parsed: boolean;
  /** True when the result came from the response cache. */
  readonly cached: boolean;
  /** Cache key of the backend call (absent for offline baselines). */
  readonly key?: string;
  readonly attempts?: number;
}

export interface PredictOptions {
  /** Cancels the request (e.g. Ctrl+C); finished requests stay cached. */
  readonly signal?: AbortSignal;
}

/** What a run records about its model: enough to reproduce, never a credential. */
export interface ModelDescription {
  readonly spec: string;
  readonly backend: BackendName;
  readonly model: string;
  /** Backend settings that change outputs (mode, endpoint, provider, decoding parameters). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** Per task: the prompt template and extraction rule signature (generative backends) or baseline version. */
  readonly tasks: Readonly<Partial<Record<TaskId, string>>>;
  /** One line: `backend:…|model:…|…`. */
  readonly signature: string;
}

/**
 * A model readin can evaluate. Create one with `createModel(spec, options)`.
 * @example
 * const model = await createModel('baseline:char-overlap');
 * const { prediction } = await model.predict({ task: 'afqmc', example });
 */
export interface Model {
  /** The spec it was created from, with any URL credentials removed. */
  readonly spec: string;
  readonly backend: BackendName;
  /** The model id (HF model id, server model name, or baseline name). */
  readonly id: string;
  /** The tasks this model can answer. */
  readonly tasks: readonly TaskId[];
  /** Answers one task-level request. Throws ModelError on failure (after retries). */
  predict<T extends TaskId>(request: TaskRequest<T>, options?: PredictOptions): Promise<ModelResponse>;
  /** Sends one backend-level call (generative and HF backends; absent for baselines). */
  call?(
    call: BackendCall,
    params?: Partial<GenerationParams>,
    options?: PredictOptions,
  ): Promise<BackendResult>;
  /** Signature and settings for the run config. */
  describe(): ModelDescription;
}
