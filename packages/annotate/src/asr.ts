import { ModelError } from '@readin/core';
import type { AsrConfig } from './session.js';

/** What the recogniser returned for one recording. */
export interface Transcript {
  readonly text: string;
  /** `openai` or `hf`. */
  readonly backend: string;
  readonly model: string;
  /** The raw response body (kept in the journal). */
  readonly raw: unknown;
}

export interface TranscribeOptions {
  /** Bearer key for the OpenAI-compatible server (default: env READIN_ASR_KEY or OPENAI_API_KEY; none for local). */
  readonly apiKey?: string;
  /** Hugging Face token (default: env HF_TOKEN). */
  readonly hfToken?: string;
  /** Give up after this many milliseconds (default 120000). */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export const DEFAULT_ASR_URL = 'http://127.0.0.1:8080';

/** The transcription endpoint of an OpenAI-compatible server, from its base URL. */
export function transcriptionUrl(url: string = DEFAULT_ASR_URL): string {
  const base = url.replace(/\/+$/, '');
  if (base.endsWith('/audio/transcriptions')) return base;
  return base.endsWith('/v1') ? `${base}/audio/transcriptions` : `${base}/v1/audio/transcriptions`;
}

/**
 * Sends a WAV recording to the session's recogniser and returns the transcript: `openai` posts it as
 * multipart form data to `<url>/v1/audio/transcriptions` (OpenAI, a local whisper server, …); `hf` calls
 * Hugging Face `automaticSpeechRecognition`. Failures are ModelErrors that say what to check.
 */
export async function transcribe(
  audio: Uint8Array,
  config: AsrConfig,
  options: TranscribeOptions = {},
): Promise<Transcript> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 120_000;
  if (config.backend === 'hf') return transcribeHf(audio, config, options.hfToken ?? env.HF_TOKEN, timeoutMs);
  const url = transcriptionUrl(config.url);
  const model = config.model ?? 'whisper-1';
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(audio)], { type: 'audio/wav' }), 'audio.wav');
  form.append('model', model);
  form.append('language', config.language ?? 'zh');
  form.append('response_format', 'json');
  const key = options.apiKey ?? env.READIN_ASR_KEY ?? env.OPENAI_API_KEY;
  let response: Response;
  try {
    response = await globalThis.fetch(url, {
      method: 'POST',
      body: form,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ModelError(`cannot reach the recogniser at ${url} (${cause}).`, {
      field: 'asr-url',
      hint: 'Start the server (e.g. a local whisper server) or fix --asr-url.',
      cause: error,
    });
  }
  const body = await response.text();
  if (!response.ok)
    throw new ModelError(`the recogniser answered HTTP ${response.status}: ${body.slice(0, 200)}`, {
      field: 'asr',
      hint:
        response.status === 401 || response.status === 403
          ? 'Set READIN_ASR_KEY (or OPENAI_API_KEY) to a valid key.'
          : 'Check the model name (--asr-model) and the server log.',
    });
  let raw: unknown = body;
  let text: string | undefined;
  try {
    raw = JSON.parse(body);
    const t = (raw as { text?: unknown }).text;
    if (typeof t === 'string') text = t;
  } catch {
    text = body; // response_format=text servers
  }
  if (text === undefined)
    throw new ModelError('the recogniser answered without a "text" field.', {
      field: 'text',
      hint: `Expected {"text": "…"} from ${url}; got ${body.slice(0, 120)}`,
    });
  return { text: text.trim(), backend: 'openai', model, raw };
}

async function transcribeHf(
  audio: Uint8Array,
  config: AsrConfig,
  token: string | undefined,
  timeoutMs: number,
): Promise<Transcript> {
  if (!token && !config.url)
    throw new ModelError('Hugging Face speech recognition needs a token.', {
      field: 'HF_TOKEN',
      hint: 'Set HF_TOKEN, or use a local recogniser: --asr openai --asr-url http://127.0.0.1:8080.',
    });
  const model = config.model ?? 'openai/whisper-large-v3';
  const { automaticSpeechRecognition } = await import('@huggingface/inference');
  try {
    const raw = await automaticSpeechRecognition(
      {
        ...(token ? { accessToken: token } : {}),
        model,
        ...(config.url ? { endpointUrl: config.url } : {}),
        data: new Blob([new Uint8Array(audio)], { type: 'audio/wav' }),
      },
      { signal: AbortSignal.timeout(timeoutMs) },
    );
    return { text: raw.text.trim(), backend: 'hf', model, raw };
  } catch (error) {
    throw new ModelError(`Hugging Face speech recognition failed: ${(error as Error).message}`, {
      field: 'asr',
      hint: 'Check HF_TOKEN, the model name (--asr-model) and your network.',
      cause: error,
    });
  }
}
