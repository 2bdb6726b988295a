import { UsageError } from '@readin/core';
import type { ProgressEvent } from '@readin/harness';
import {
  booleanOption,
  type Command,
  type CommandContext,
  type OptionSpec,
  stringOption,
  writeLine,
} from '../command.js';

/** Options shared by `readin run` and `readin eval`. */
export const RUN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  task: {
    type: 'string',
    short: 't',
    valueName: 'T',
    description: 'Task: afqmc, cmrc2018, cspider, wmt21 (several: a,b), or all.',
    defaultText: 'all',
  },
  data: {
    type: 'string',
    short: 'd',
    valueName: 'dir|sample',
    description: 'The data: a task folder, a root with task folders, or `sample` (the bundled sample).',
    defaultText: 'sample',
  },
  model: {
    type: 'string',
    short: 'm',
    valueName: 'spec',
    description: 'hf:<model-id>, openai:<base-url>#<model>, or baseline:<name>.',
    defaultText: 'baseline:default',
  },
  out: {
    type: 'string',
    short: 'o',
    valueName: 'dir',
    description: 'The run folder; the same folder resumes an unfinished run.',
    defaultText: 'runs/<model>-<hash of model and data>',
  },
  splits: {
    type: 'string',
    multiple: true,
    valueName: 'a,b',
    description: 'Only these splits (comma-separated or repeated).',
    defaultText: 'all',
  },
  limit: { type: 'string', valueName: 'N', description: 'Only the first N examples of each task.' },
  concurrency: {
    type: 'string',
    short: 'j',
    valueName: 'N',
    description: 'Requests in flight at once.',
    defaultText: '8',
  },
  'max-tokens': {
    type: 'string',
    valueName: 'N',
    description: 'Max new tokens (generative backends).',
    defaultText: 'per task: 16 / 64 / 256 / 256',
  },
  temperature: {
    type: 'string',
    valueName: 'T',
    description: 'Sampling temperature (generative backends).',
    defaultText: '0',
  },
  mode: {
    type: 'string',
    valueName: 'chat|native',
    description: 'hf: chat completion with the task prompt, or the task-native call.',
    defaultText: 'chat',
  },
  provider: {
    type: 'string',
    valueName: 'name',
    description: 'hf: inference provider (token from HF_TOKEN).',
    defaultText: 'auto',
  },
  'endpoint-url': { type: 'string', valueName: 'url', description: 'hf: a dedicated or local endpoint.' },
  endpoint: {
    type: 'string',
    valueName: 'chat|completions',
    description: 'openai: /v1/chat/completions or /v1/completions.',
    defaultText: 'chat',
  },
  timeout: {
    type: 'string',
    valueName: 'S',
    description: 'Seconds per request attempt.',
    defaultText: '60',
  },
  retries: {
    type: 'string',
    valueName: 'N',
    description: 'Attempts per request, with exponential backoff and Retry-After.',
    defaultText: '6',
  },
  'max-failures': {
    type: 'string',
    valueName: 'N',
    description: 'Stop after N consecutive failed requests (finished ones are kept).',
    defaultText: '10',
  },
  shots: {
    type: 'string',
    valueName: 'K',
    description: 'k-shot prompting with demonstrations from --train.',
    defaultText: '0',
  },
  train: { type: 'string', valueName: 'file|dir', description: 'Clean training data for --shots.' },
  'shot-seed': {
    type: 'string',
    valueName: 'N',
    description: 'Seed of the demonstration draw.',
    defaultText: '0',
  },
  tables: {
    type: 'string',
    valueName: 'file',
    description: 'Spider tables.json (default: next to the data).',
  },
  database: {
    type: 'string',
    valueName: 'dir',
    description: 'Spider database/ folder (default: next to the data).',
  },
  cache: {
    type: 'string',
    valueName: 'dir',
    description: 'Response cache folder.',
    defaultText: '<out>/cache',
  },
  quiet: { type: 'boolean', short: 'q', description: 'No progress output.' },
};

function number(
  ctx: CommandContext,
  name: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${name} must be ${what}, got "${raw}".`, { field: name });
  return n;
}

/** The parsed command line, for config.json (the harness redacts credentials). */
function commandLine(ctx: CommandContext): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(ctx.options)) {
    if (value === undefined || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === true) out.push(`--${name}`);
      else if (typeof v === 'string') out.push(`--${name}`, v);
    }
  }
  return [...out, ...ctx.positionals];
}

const whole = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

/** Reads the shared options into `runModel` options (the signal and progress are added by the caller). */
export async function runOptionsOf(ctx: CommandContext, path: readonly string[]) {
  const { resolve } = await import('node:path');
  if (ctx.positionals.length > 0)
    throw new UsageError(`unexpected argument "${ctx.positionals[0]}".`, {
      hint: 'Give the data with --data and the model with --model.',
    });
  const splitsRaw = ctx.options.splits;
  const splits = Array.isArray(splitsRaw)
    ? (splitsRaw as string[])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  const mode = stringOption(ctx, 'mode');
  if (mode !== undefined && mode !== 'chat' && mode !== 'native')
    throw new UsageError(`--mode must be chat or native, got "${mode}".`, { field: 'mode' });
  const endpoint = stringOption(ctx, 'endpoint');
  if (endpoint !== undefined && endpoint !== 'chat' && endpoint !== 'completions')
    throw new UsageError(`--endpoint must be chat or completions, got "${endpoint}".`, { field: 'endpoint' });
  const timeout = number(ctx, 'timeout', (n) => n > 0, 'a positive number of seconds');
  const retries = number(ctx, 'retries', whole(1), 'a whole number ≥ 1');
  const provider = stringOption(ctx, 'provider');
  const endpointUrl = stringOption(ctx, 'endpoint-url');
  const at = (p: string | undefined) => (p === undefined ? undefined : resolve(ctx.cwd, p));
  const defined = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return defined({
    data: stringOption(ctx, 'data') ?? 'sample',
    task: stringOption(ctx, 'task'),
    out: stringOption(ctx, 'out'),
    cacheDir: at(stringOption(ctx, 'cache')),
    splits: splits && splits.length > 0 ? splits : undefined,
    limit: number(ctx, 'limit', whole(1), 'a whole number ≥ 1'),
    concurrency: number(ctx, 'concurrency', whole(1), 'a whole number ≥ 1'),
    maxTokens: number(ctx, 'max-tokens', whole(1), 'a whole number ≥ 1'),
    temperature: number(ctx, 'temperature', (n) => n >= 0 && n <= 2, 'a number from 0 to 2'),
    maxFailures: number(ctx, 'max-failures', whole(1), 'a whole number ≥ 1'),
    shots: number(ctx, 'shots', whole(0), 'a whole number ≥ 0'),
    train: at(stringOption(ctx, 'train')),
    seed: number(ctx, 'shot-seed', Number.isInteger, 'a whole number'),
    tables: at(stringOption(ctx, 'tables')),
    database: at(stringOption(ctx, 'database')),
    cwd: ctx.cwd,
    command: ['readin', ...path, ...commandLine(ctx)],
    modelOptions: defined({
      mode: mode as 'chat' | 'native' | undefined,
      endpoint: endpoint as 'chat' | 'completions' | undefined,
      provider,
      endpointUrl,
      env: ctx.env,
      timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
      retry: retries === undefined ? undefined : { attempts: retries },
    }),
  });
}

/**
 * Runs `fn` with an AbortSignal that fires on Ctrl+C (SIGINT) or SIGTERM, and a progress display on stderr
 * (bars on a TTY, plain lines otherwise, nothing with --quiet).
 */
export async function withRunContext<T>(
  ctx: CommandContext,
  summary: 'split' | 'task',
  fn: (extra: { signal: AbortSignal; onProgress?: (event: ProgressEvent) => void }) => Promise<T>,
): Promise<T> {
  const { createProgressDisplay } = await import('@readin/harness');
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    ctx.stderr.write('\nstopping; finished requests are kept (Ctrl+C again to quit at once)…\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const display = booleanOption(ctx, 'quiet')
    ? undefined
    : createProgressDisplay(ctx.stderr, {
        tty: ctx.stderr.isTTY === true && !ctx.env.CI && ctx.env.TERM !== 'dumb',
        summary,
      });
  try {
    return await fn({
      signal: controller.signal,
      ...(display ? { onProgress: display.onProgress } : {}),
    });
  } finally {
    display?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const DETAILS = `Writes RUN_DIR/config.json (model, prompts, parameters, toolkit version, data hashes),
RUN_DIR/predictions/<task>/<split>.jsonl ({"id", "prediction"}, what \`readin score\` reads) and a response
cache in RUN_DIR/cache. Re-running the same command resumes: finished requests come from the cache and are
never sent again. Failed requests are retried (429/5xx/timeouts, exponential backoff with jitter, Retry-After);
after --max-failures consecutive failures the run stops, keeping what finished.

Credentials come from the environment only: HF_TOKEN (hf:), OPENAI_API_KEY (openai:, often not needed for
local servers). They are never written to the run folder, the cache, or any message.

Examples:
  readin run --model baseline:default --data sample --out runs/baseline
  readin run --task afqmc --data ../readin/afqmc --model openai:http://127.0.0.1:8000/v1#qwen2.5-7b-instruct -j 32
  HF_TOKEN=… readin run --task cmrc2018 --data ../readin/cmrc2018 --model hf:Qwen/Qwen2.5-7B-Instruct --provider together`;

export const runCommand: Command = {
  path: ['run'],
  summary: 'Run a model over READIN tasks and write predictions to a run folder (resumable).',
  usage: '--model SPEC [--task T|all] [--data <dir|sample>] [--out RUN_DIR] [--splits …] [--limit N] [-j N]',
  details: DETAILS,
  options: RUN_OPTIONS,
  async run(ctx: CommandContext): Promise<number> {
    const options = await runOptionsOf(ctx, ['run']);
    const model = stringOption(ctx, 'model');
    if (!model)
      throw new UsageError('--model is required.', {
        hint: 'E.g. --model baseline:default (offline), openai:http://127.0.0.1:8000/v1#qwen, or hf:Qwen/Qwen2.5-7B-Instruct.',
      });
    const { runModel } = await import('@readin/harness');
    const { relative } = await import('node:path');
    const result = await withRunContext(ctx, 'split', (extra) => runModel(model, { ...options, ...extra }));
    const t = result.totals;
    const show = (p: string) => {
      const rel = relative(ctx.cwd, p);
      return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
    };
    const shown = show(result.dir);
    writeLine(
      ctx.stdout,
      `wrote ${shown}: ${t.done} predictions for ${result.tasks.length} task${result.tasks.length === 1 ? '' : 's'} in ${(result.elapsedMs / 1000).toFixed(1)} s (${t.cached} reused from the cache or an identical request, ${t.unparsed} unparsed).`,
    );
    const only = result.tasks.length === 1 ? result.tasks[0] : undefined;
    const data = show(only ? only.loaded.source.root : result.config.data);
    const task = only ? '' : ' --task <task>';
    writeLine(ctx.stdout, `score with: readin score --data ${data} --pred ${shown}${task}`);
    return 0;
  },
};
