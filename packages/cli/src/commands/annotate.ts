import { UsageError } from '@readin/core';
import {
  booleanOption,
  type Command,
  type CommandContext,
  type OptionSpec,
  stringOption,
  writeLine,
} from '../command.js';

// Heavy modules (ink, react, @readin/annotate) are imported inside run(): CLI start-up stays fast.

const SESSION: OptionSpec = {
  type: 'string',
  short: 's',
  valueName: 'DIR',
  description: 'The session folder (settings, journals, audio, plan).',
};

const CREATE = {
  task: {
    type: 'string',
    short: 't',
    valueName: 'T',
    description: 'Task: afqmc, cmrc2018, cspider, wmt21 (when creating the session).',
  },
  data: {
    type: 'string',
    valueName: 'dir|file',
    description: 'The data to re-enter: a task folder (its test_clean is used) or one split file.',
  },
  mode: {
    type: 'string',
    valueName: 'keyboard|speech',
    description: 'Re-enter by typing or by speaking.',
    defaultText: 'keyboard',
  },
} as const satisfies Record<string, OptionSpec>;

const ANNOTATE_OPTIONS = {
  ...CREATE,
  annotator: {
    type: 'string',
    short: 'a',
    valueName: 'ID',
    description: 'Your pseudonymous annotator id (e.g. kb-03); each annotator has their own journal.',
  },
  session: { ...SESSION, defaultText: 'annotation-sessions/<task>-<mode>' },
  'speech-source': {
    type: 'string',
    valueName: 'ime|record',
    description: 'Speech mode: speak through your IME’s voice input, or let readin record and transcribe.',
    defaultText: 'ime',
  },
  'post-editing': {
    type: 'string',
    valueName: 'refuse|allow',
    description: 'Backspace/Delete/arrow keys: refused and counted, or allowed and logged.',
    defaultText: 'refuse',
  },
  'target-cpm': {
    type: 'string',
    valueName: 'N',
    description: 'Typing-speed target in characters per minute; entries outside N/2–2N are flagged.',
    defaultText: '40',
  },
  asr: {
    type: 'string',
    valueName: 'openai|hf',
    description: 'Recogniser for --speech-source record: an OpenAI-compatible server or Hugging Face.',
  },
  'asr-url': {
    type: 'string',
    valueName: 'url',
    description: 'Recogniser URL (openai: server base, e.g. a local whisper server; hf: endpoint).',
    defaultText: 'http://127.0.0.1:8080 for openai',
  },
  'asr-model': { type: 'string', valueName: 'name', description: 'Recogniser model name.' },
  'no-key-log': { type: 'boolean', description: 'Do not keep the per-key timeline in the journal.' },
  lang: {
    type: 'string',
    valueName: 'zh|en',
    description: 'Language of the guide on the help screen.',
    defaultText: 'zh',
  },
  ime: { type: 'string', valueName: 'name', description: 'Metadata: your IME and version.' },
  'input-style': {
    type: 'string',
    valueName: 'style',
    description: 'Metadata: full pinyin, abbreviated, shuangpin (scheme), 9-key.',
  },
  device: { type: 'string', valueName: 'text', description: 'Metadata: keyboard, phone, microphone.' },
  dialect: { type: 'string', valueName: 'region', description: 'Metadata (speech): dialect region.' },
  'age-band': { type: 'string', valueName: 'band', description: 'Metadata (speech, optional): e.g. 30–39.' },
  'native-language': { type: 'string', valueName: 'lang', description: 'Metadata: native language.' },
  consent: {
    type: 'string',
    valueName: 'text',
    description: 'Metadata (speech): consent form version and date.',
  },
} as const satisfies Record<string, OptionSpec>;

const DETAILS = `Shows one item at a time (AFQMC: each sentence in turn; CMRC2018/CSpider: the question; WMT21: the
Chinese source). Type it with your own IME and press Enter. Keys: Enter submit · Ctrl+N skip · Ctrl+F flag ·
Ctrl+P pause · Ctrl+G help and guide · Ctrl+C quit. Every submit is written to the journal and flushed to disk
before the next item shows; run the same command again to resume at the first unfinished item.

Team workflow:
  readin annotate plan   --session DIR --annotators kb-01,kb-02,kb-03 [--per-item 3]
  readin annotate        --session DIR --annotator kb-01
  readin annotate status --session DIR
  readin annotate export --session DIR --out DIR

Example:
  readin annotate --task afqmc --data data/sample/afqmc --mode keyboard --annotator kb-01 --ime "Sogou 13"`;

function sessionDir(ctx: CommandContext, required: boolean): string | undefined {
  const s = stringOption(ctx, 'session');
  if (s !== undefined) return s;
  if (required)
    throw new UsageError('no session folder given.', { field: 'session', hint: 'Give --session DIR.' });
  return undefined;
}

function choice<T extends string>(ctx: CommandContext, name: string, allowed: readonly T[]): T | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`--${name} must be ${allowed.join(' or ')}, got "${v}".`, { field: name });
  return v as T;
}

async function sessionInit(ctx: CommandContext) {
  const { resolve } = await import('node:path');
  const data = stringOption(ctx, 'data');
  const task = stringOption(ctx, 'task');
  const mode = choice(ctx, 'mode', ['keyboard', 'speech'] as const);
  const speechSource = choice(ctx, 'speech-source', ['ime', 'record'] as const);
  const postEditing = choice(ctx, 'post-editing', ['refuse', 'allow'] as const);
  const asrBackend = choice(ctx, 'asr', ['openai', 'hf'] as const);
  const cpmText = stringOption(ctx, 'target-cpm');
  const targetCpm = cpmText === undefined ? undefined : Number(cpmText);
  if (targetCpm !== undefined && !(targetCpm > 0))
    throw new UsageError(`--target-cpm must be a positive number, got "${cpmText}".`, {
      field: 'target-cpm',
    });
  if (speechSource && mode !== 'speech')
    throw new UsageError('--speech-source needs --mode speech.', { field: 'speech-source' });
  const url = stringOption(ctx, 'asr-url');
  const model = stringOption(ctx, 'asr-model');
  const asr =
    asrBackend || url
      ? { backend: asrBackend ?? ('openai' as const), ...(url ? { url } : {}), ...(model ? { model } : {}) }
      : undefined;
  return {
    ...(data === undefined ? {} : { data: resolve(ctx.cwd, data) }),
    ...(task === undefined ? {} : { task }),
    ...(mode === undefined ? {} : { mode }),
    ...(speechSource === undefined ? {} : { speechSource }),
    ...(postEditing === undefined ? {} : { postEditing }),
    ...(targetCpm === undefined ? {} : { targetCpm }),
    ...(asr === undefined ? {} : { asr }),
    ...(booleanOption(ctx, 'no-key-log') ? { logKeys: false } : {}),
  };
}

export const annotateCommand: Command = {
  path: ['annotate'],
  summary: 'Re-enter a test set by keyboard or speech in a terminal UI; crash-safe journal, resumable.',
  usage: '--task T --data <dir|file> --mode keyboard|speech --annotator ID [--session DIR]',
  details: DETAILS,
  options: ANNOTATE_OPTIONS,
  async run(ctx) {
    if (ctx.positionals.length > 0)
      throw new UsageError(`unexpected argument "${ctx.positionals[0]}".`, {
        hint: 'Subcommands: plan, status, export. Run `readin annotate --help`.',
      });
    const annotator = stringOption(ctx, 'annotator');
    if (annotator === undefined)
      throw new UsageError('no annotator id given.', {
        field: 'annotator',
        hint: 'Give --annotator ID, e.g. kb-01.',
      });
    const { resolve } = await import('node:path');
    const init = await sessionInit(ctx);
    let dir = sessionDir(ctx, false);
    if (dir === undefined) {
      if (init.task === undefined)
        throw new UsageError('no --session folder and no --task to name one.', {
          field: 'session',
          hint: 'Give --session DIR (or --task T to use annotation-sessions/<task>-<mode>).',
        });
      const { parseTaskOption } = await import('@readin/data');
      dir = `annotation-sessions/${parseTaskOption(init.task)}-${init.mode ?? 'keyboard'}`;
    }
    if (!ctx.stdin.isTTY || !ctx.stdout.isTTY)
      throw new UsageError('this command needs an interactive terminal (stdin and stdout are not a TTY).', {
        hint: 'Run it in a terminal window, tmux or ssh -t.',
      });
    const lang = choice(ctx, 'lang', ['zh', 'en'] as const);
    const meta = Object.fromEntries(
      (
        [
          ['ime', 'ime'],
          ['input_style', 'input-style'],
          ['device', 'device'],
          ['dialect_region', 'dialect'],
          ['age_band', 'age-band'],
          ['native_language', 'native-language'],
          ['consent', 'consent'],
        ] as const
      )
        .map(([field, opt]) => [field, stringOption(ctx, opt)] as const)
        .filter(([, v]) => v !== undefined),
    );
    // Ink draws nothing but the last frame when it thinks it runs in CI (CI=… in the environment). An annotator
    // at a real terminal needs the live UI whatever the environment says, so tell Ink (read when it loads).
    if (ctx.stdout.isTTY && ctx.stdin.isTTY) {
      for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) if (key in process.env) process.env[key] = 'false';
    }
    const { loadUi } = await import('@readin/annotate/ui-loader');
    const { runAnnotator } = await loadUi(ctx.env);
    const result = await runAnnotator({
      ...init,
      session: resolve(ctx.cwd, dir),
      annotator,
      meta,
      ...(lang ? { lang } : {}),
      stdin: ctx.stdin as NodeJS.ReadStream,
      stdout: ctx.stdout as NodeJS.WriteStream,
      env: ctx.env,
    });
    writeLine(
      ctx.stderr,
      `readin annotate: ${result.entries} / ${result.items} items saved in ${result.journal}.` +
        (result.entries < result.items ? ' Run the same command to continue.' : ' All done.'),
    );
    return result.reason === 'error' ? 1 : 0;
  },
};

export const annotatePlanCommand: Command = {
  path: ['annotate', 'plan'],
  summary: 'Assign the items of a session to annotators (three per item by default, balanced).',
  usage: '--session DIR --annotators a,b,c [--per-item 3] [--task T --data <dir|file> --mode M]',
  details:
    'Creates the session first when --task/--data/--mode are given and it does not exist yet. With as many\n' +
    'annotators as --per-item, annotator k makes version k of every item (test_noisy_*_k), as in READIN.',
  options: {
    session: SESSION,
    annotators: {
      type: 'string',
      valueName: 'a,b,c',
      description: 'Comma-separated annotator ids.',
    },
    'per-item': { type: 'string', valueName: 'N', description: 'Annotators per item.', defaultText: '3' },
    force: { type: 'boolean', description: 'Replace an existing plan.' },
    ...CREATE,
  },
  async run(ctx) {
    const dir = sessionDir(ctx, true)!;
    const list = stringOption(ctx, 'annotators');
    if (!list)
      throw new UsageError('no annotators given.', { field: 'annotators', hint: 'Give --annotators a,b,c.' });
    const annotators = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const perText = stringOption(ctx, 'per-item');
    const perItem = perText === undefined ? 3 : Number(perText);
    const { resolve } = await import('node:path');
    const a = await import('@readin/annotate');
    const session = await a.openSession(resolve(ctx.cwd, dir), await sessionInit(ctx));
    if ((await a.readPlan(session.dir)) && !booleanOption(ctx, 'force'))
      throw new UsageError('this session already has a plan.', {
        file: a.sessionPaths(session.dir).plan,
        hint: 'Pass --force to replace it (journals are kept).',
      });
    const ids = [...new Set(session.items.items.map((i) => i.id))];
    const plan = a.planAssignments(ids, annotators, { perItem });
    await a.writePlan(session.dir, plan);
    const load = new Map<string, number>();
    for (const x of plan.assignments) for (const who of x.annotators) load.set(who, (load.get(who) ?? 0) + 1);
    writeLine(
      ctx.stdout,
      `plan: ${ids.length} examples × ${perItem} annotators → ${a.sessionPaths(session.dir).plan}`,
    );
    for (const who of plan.annotators)
      writeLine(ctx.stdout, `  ${who.padEnd(16)} ${load.get(who) ?? 0} examples`);
    return 0;
  },
};

export const annotateStatusCommand: Command = {
  path: ['annotate', 'status'],
  summary: 'Show annotation progress per annotator.',
  usage: '--session DIR [--json]',
  options: {
    session: SESSION,
    data: {
      type: 'string',
      valueName: 'dir|file',
      description: 'The data, if it moved since the session was made.',
    },
    json: { type: 'boolean', description: 'Print JSON.' },
  },
  async run(ctx) {
    const dir = sessionDir(ctx, true)!;
    const { resolve } = await import('node:path');
    const { sessionStatus } = await import('@readin/annotate');
    const data = stringOption(ctx, 'data');
    const status = await sessionStatus(
      resolve(ctx.cwd, dir),
      data === undefined ? {} : { data: resolve(ctx.cwd, data) },
    );
    if (booleanOption(ctx, 'json')) {
      writeLine(ctx.stdout, JSON.stringify(status, null, 2));
      return 0;
    }
    writeLine(
      ctx.stdout,
      `${status.task} · ${status.mode} · ${status.items} items${status.planned ? ' · planned' : ''} · ${status.dir}`,
    );
    const head = [
      'annotator',
      'done',
      'assigned',
      'skipped',
      'flagged',
      'left',
      'chars/min',
      'refused',
      'last submit',
      '',
    ];
    const rows = status.annotators.map((s) => [
      s.annotator,
      String(s.done),
      String(s.assigned),
      String(s.skipped),
      String(s.flagged),
      String(s.remaining),
      s.cpm > 0 ? s.cpm.toFixed(0) : '—',
      String(s.refused_keys),
      s.last ? s.last.replace('T', ' ').slice(0, 19) : '—',
      [
        s.active ? 'working now' : '',
        s.torn ? 'torn last line ignored' : '',
        s.bad_lines ? `${s.bad_lines} bad line(s)` : '',
      ]
        .filter(Boolean)
        .join(', '),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]) =>
      `  ${cells.map((c, i) => (i === 0 || i >= 8 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
    writeLine(ctx.stdout, line(head));
    for (const r of rows) writeLine(ctx.stdout, line(r));
    if (rows.length === 0) writeLine(ctx.stdout, '  no annotator has started yet.');
    return 0;
  },
};

export const annotateExportCommand: Command = {
  path: ['annotate', 'export'],
  summary:
    'Write a session as READIN data (test_noisy_keyboard_k.json / test_noisy_asr_k.json) + metadata + QA flags.',
  usage: '--session DIR --out DIR [--cer-threshold 0.5] [--json]',
  details:
    'Files: test_noisy_<keyboard|asr>_k.json (JSON Lines, clean order, original fields, noised field(s)\n' +
    'replaced, ids aligned with clean), annotation-metadata.json, annotation-items.jsonl (per-item timing),\n' +
    'qa-flags.jsonl (empty, identical to source, CER above threshold, too fast/slow, skipped, flagged).',
  options: {
    session: SESSION,
    out: { type: 'string', short: 'o', valueName: 'DIR', description: 'Where to write the READIN files.' },
    'cer-threshold': {
      type: 'string',
      valueName: 'x',
      description: 'Flag entries whose CER against the source is above x.',
      defaultText: '0.5',
    },
    data: {
      type: 'string',
      valueName: 'dir|file',
      description: 'The data, if it moved since the session was made.',
    },
    json: { type: 'boolean', description: 'Print the summary as JSON.' },
  },
  async run(ctx) {
    const dir = sessionDir(ctx, true)!;
    const out = stringOption(ctx, 'out');
    if (!out) throw new UsageError('no output folder given.', { field: 'out', hint: 'Give --out DIR.' });
    const cerText = stringOption(ctx, 'cer-threshold');
    const cer = cerText === undefined ? undefined : Number(cerText);
    if (cer !== undefined && !(cer >= 0))
      throw new UsageError(`--cer-threshold must be a number ≥ 0, got "${cerText}".`, {
        field: 'cer-threshold',
      });
    const { resolve } = await import('node:path');
    const { exportSession } = await import('@readin/annotate');
    const data = stringOption(ctx, 'data');
    const summary = await exportSession(resolve(ctx.cwd, dir), resolve(ctx.cwd, out), {
      ...(cer === undefined ? {} : { cerThreshold: cer }),
      ...(data === undefined ? {} : { data: resolve(ctx.cwd, data) }),
    });
    if (booleanOption(ctx, 'json')) {
      writeLine(ctx.stdout, JSON.stringify({ ...summary, qa: summary.qa.length }, null, 2));
      return 0;
    }
    for (const v of summary.versions)
      writeLine(
        ctx.stdout,
        `wrote ${v.file}: ${v.records} records, ${v.missing_ids.length} missing (${
          Object.entries(v.annotators)
            .map(([a, n]) => `${a} ${n}`)
            .join(', ') || 'no annotator'
        })`,
      );
    writeLine(ctx.stdout, `wrote ${summary.metadata}`);
    writeLine(ctx.stdout, `wrote ${summary.timing} (per-item timing)`);
    const counts = new Map<string, number>();
    for (const q of summary.qa) counts.set(q.kind, (counts.get(q.kind) ?? 0) + 1);
    writeLine(
      ctx.stdout,
      `wrote ${summary.qaFile}: ${summary.qa.length} QA flag(s)${counts.size ? ` (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
    );
    for (const q of summary.qa.slice(0, 10))
      writeLine(ctx.stdout, `  v${q.version} id ${q.id} ${q.field} [${q.annotator}] ${q.kind}: ${q.detail}`);
    if (summary.qa.length > 10)
      writeLine(ctx.stdout, `  … ${summary.qa.length - 10} more in ${summary.qaFile}`);
    return 0;
  },
};
