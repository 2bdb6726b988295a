import { UsageError } from '@readin/core';
import { booleanOption, type Command, type CommandContext, stringOption, writeLine } from '../command.js';

type ChannelWord = 'keyboard' | 'asr';

const NOISE_OPTIONS = {
  profile: {
    type: 'string',
    valueName: 'name|file',
    description: 'Built-in profile name or a profile JSON file (see `readin noise fit`).',
    defaultText: 'kb-homophone (keyboard) / asr-clear (asr)',
  },
  seed: { type: 'string', valueName: 'N', description: 'Seed (mixed with each line id).', defaultText: '0' },
  rate: {
    type: 'string',
    valueName: 'X',
    description: 'Scales the amount of noise without changing its shape.',
    defaultText: '1',
  },
  field: {
    type: 'string',
    valueName: 'a,b',
    description: 'JSONL mode: noise these string fields, keep the others. Without it: plain text lines.',
  },
  in: { type: 'string', valueName: 'file', description: 'Input file.', defaultText: 'stdin' },
  out: {
    type: 'string',
    valueName: 'file',
    description: 'Output file (written atomically).',
    defaultText: 'stdout',
  },
  jobs: { type: 'string', valueName: 'N', description: 'Worker threads.', defaultText: '1' },
} as const;

function intOption(ctx: CommandContext, name: string, fallback: number, min = 0): number {
  const v = stringOption(ctx, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}".`);
  }
  return n;
}

function numberOption(ctx: CommandContext, name: string, fallback: number): number {
  const v = stringOption(ctx, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number ≥ 0, got "${v}".`);
  return n;
}

function listOption(ctx: CommandContext, name: string): string[] | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) throw new UsageError(`--${name} needs at least one name.`);
  return list;
}

async function loadProfileOption(
  ctx: CommandContext,
  channel: 'keyboard' | 'speech',
): Promise<string | import('@readin/noise').NoiseProfile | undefined> {
  const p = stringOption(ctx, 'profile');
  if (p === undefined) return undefined;
  if (!/[/\\]|\.json$/i.test(p)) return p;
  const [{ readJsonDocument }, { resolve }, { validateProfile }] = await Promise.all([
    import('@readin/core'),
    import('node:path'),
    import('@readin/noise'),
  ]);
  const file = resolve(ctx.cwd, p);
  const profile = validateProfile(await readJsonDocument(file), { file });
  if (profile.channel !== channel) {
    throw new UsageError(`${p} is a ${profile.channel} profile; this command needs a ${channel} one.`);
  }
  return profile;
}

function channelCommand(word: ChannelWord): Command {
  const channel = word === 'asr' ? 'speech' : 'keyboard';
  return {
    path: ['noise', word],
    summary:
      word === 'keyboard'
        ? 'Add Pinyin-IME typing noise to text lines or JSONL fields'
        : 'Add speech (speaker + ASR) noise to text lines or JSONL fields',
    usage: '[--profile NAME|FILE] [--seed N] [--rate X] [--field a,b] [--in F] [--out F] [--jobs N]',
    details:
      'Without --field: plain text, exactly one noisy line out per input line, in order. With --field: JSONL ' +
      'in and out, other fields untouched; the seed is mixed with each record\'s "id" (else its line number). ' +
      'Output is identical for any --jobs.',
    options: NOISE_OPTIONS,
    async run(ctx) {
      const [{ noiseByteBlocks }, { existsSync, statSync }, { resolve }, core] = await Promise.all([
        import('@readin/noise'),
        import('node:fs'),
        import('node:path'),
        import('@readin/core'),
      ]);
      const profile = await loadProfileOption(ctx, channel);
      const inPath = stringOption(ctx, 'in');
      const outPath = stringOption(ctx, 'out');
      const fields = listOption(ctx, 'field');
      const jobs = intOption(ctx, 'jobs', 1, 1);
      const seed = intOption(ctx, 'seed', 0);
      const rate = numberOption(ctx, 'rate', 1);
      let source: AsyncIterable<Uint8Array>;
      // Big inputs run in a worker thread even with one job: its heap is capped, so memory stays flat.
      let big = false;
      if (inPath === undefined || inPath === '-') source = ctx.stdin as AsyncIterable<Buffer>;
      else {
        const file = resolve(ctx.cwd, inPath);
        if (!existsSync(file)) throw new core.NotFoundError(`no such file: ${inPath}.`, { file: inPath });
        big = statSync(file).size > 8 << 20;
        source = readChunks(file);
      }
      // Blocks of whole output lines as UTF-8; with workers the main thread only reads, cuts the bytes into blocks
      // of lines and writes (the workers decode, noise and encode).
      const blocks = noiseByteBlocks(source, {
        channel,
        ...(profile === undefined ? {} : { profile }),
        seed,
        rate,
        jobs,
        worker: big && process.env.READIN_NOISE_INPROCESS !== '1',
        ...(fields ? { fields } : {}),
        file: inPath ?? '<stdin>',
      });
      if (outPath === undefined || outPath === '-') {
        for await (const b of blocks) {
          if (!ctx.stdout.write(b)) await new Promise((r) => ctx.stdout.once('drain', r));
        }
      } else {
        const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
        await core.writeAtomically(resolve(ctx.cwd, outPath), async (w) => {
          for await (const b of blocks) await w.write(decoder.decode(b));
        });
      }
      return 0;
    },
  };
}

/**
 * A file as byte chunks, read through one reused 1 MB buffer: no buffer per read left for the garbage collector
 * (a stream's read buffers are freed only when V8 gets round to it, tens of MB on a big file). Each chunk is
 * valid until the next one is asked for (`noiseByteBlocks` copies what it keeps).
 */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

export const noiseKeyboardCommand = channelCommand('keyboard');
export const noiseAsrCommand = channelCommand('asr');

export const noiseFitCommand: Command = {
  path: ['noise', 'fit'],
  summary: 'Estimate a noise profile from real clean/noisy pairs',
  usage: '--clean F --noisy F[,F…] [--field a,b] [--channel keyboard|asr] [--name N] --out profile.json',
  details:
    'Starts from the closest built-in profile and adjusts its rates by simulation to match the real noise.',
  options: {
    clean: { type: 'string', valueName: 'file', description: 'Clean texts (READIN JSONL or plain text).' },
    noisy: { type: 'string', valueName: 'file[,file…]', description: 'Noisy version(s), pooled.' },
    field: { type: 'string', valueName: 'a,b', description: 'JSONL text field(s).', defaultText: 'detected' },
    channel: { type: 'string', valueName: 'keyboard|asr', description: 'Channel.', defaultText: 'guessed' },
    name: { type: 'string', valueName: 'name', description: 'Profile name.', defaultText: 'fitted' },
    seed: { type: 'string', valueName: 'N', description: 'Seed of the simulations.', defaultText: '0' },
    out: { type: 'string', valueName: 'file', description: 'Where to write the profile JSON.' },
    json: { type: 'boolean', description: 'Print the real and fitted statistics as JSON.' },
  },
  async run(ctx) {
    const clean = stringOption(ctx, 'clean');
    const noisy = listOption(ctx, 'noisy');
    const out = stringOption(ctx, 'out');
    if (!clean || !noisy || !out) throw new UsageError('--clean, --noisy and --out are required.');
    const ch = stringOption(ctx, 'channel');
    if (ch !== undefined && ch !== 'keyboard' && ch !== 'asr' && ch !== 'speech') {
      throw new UsageError(`--channel must be keyboard or asr, got "${ch}".`);
    }
    const [{ loadNoisePairs, fitProfile }, { resolve }, { writeFileAtomic }] = await Promise.all([
      import('@readin/noise'),
      import('node:path'),
      import('@readin/core'),
    ]);
    const fields = listOption(ctx, 'field');
    const loaded = await loadNoisePairs(
      resolve(ctx.cwd, clean),
      noisy.map((f) => resolve(ctx.cwd, f)),
      fields ? { fields } : {},
    );
    const pairs = loaded.files.flatMap((f) => f.pairs.map((p) => ({ clean: p.clean, noisy: p.noisy })));
    const name = stringOption(ctx, 'name');
    const res = await fitProfile(pairs, {
      ...(ch === undefined ? {} : { channel: ch === 'keyboard' ? 'keyboard' : 'speech' }),
      ...(name ? { name } : {}),
      seed: intOption(ctx, 'seed', 0),
    });
    await writeFileAtomic(resolve(ctx.cwd, out), `${JSON.stringify(res.profile, null, 2)}\n`);
    if (booleanOption(ctx, 'json')) {
      writeLine(
        ctx.stdout,
        JSON.stringify({ profile: res.profile, real: res.real, fitted: res.fitted }, null, 2),
      );
    } else {
      const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(4));
      writeLine(
        ctx.stdout,
        `fitted ${res.profile.channel} profile "${res.profile.name}" from ${pairs.length} pairs → ${out}`,
      );
      writeLine(ctx.stdout, `  han-only CER  real ${f(res.real.hanCer)}  fitted ${f(res.fitted.hanCer)}`);
      writeLine(ctx.stdout, `  raw CER       real ${f(res.real.cer)}  fitted ${f(res.fitted.cer)}`);
      for (const k of ['sub', 'ins', 'del'] as const) {
        writeLine(
          ctx.stdout,
          `  op ${k.padEnd(10)} real ${f(res.real.opMix[k])}  fitted ${f(res.fitted.opMix[k])}`,
        );
      }
    }
    return 0;
  },
};

export const noiseDatasetCommand: Command = {
  path: ['noise', 'dataset'],
  summary: 'Write a READIN-layout copy of a task with 3 keyboard + 3 speech simulated versions',
  usage: '--task T --data DIR --out DIR [--seed N] [--rate X]',
  details:
    'Noises only the fields READIN noises (AFQMC sentence1/2, CMRC question, CSpider question, WMT zh) and ' +
    'protects what the gold output needs (CMRC answers occurring in the question, SQL literals).',
  options: {
    task: { type: 'string', valueName: 'T', description: 'afqmc | cmrc2018 | cspider | wmt21' },
    data: { type: 'string', valueName: 'DIR', description: 'Folder with test_clean.json (or DIR/<task>/).' },
    out: { type: 'string', valueName: 'DIR', description: 'Output folder.' },
    seed: { type: 'string', valueName: 'N', description: 'Seed.', defaultText: '0' },
    rate: { type: 'string', valueName: 'X', description: 'Noise rate knob.', defaultText: '1' },
    json: { type: 'boolean', description: 'Print the written files as JSON.' },
  },
  async run(ctx) {
    const task = stringOption(ctx, 'task');
    const data = stringOption(ctx, 'data');
    const out = stringOption(ctx, 'out');
    if (!task || !data || !out) throw new UsageError('--task, --data and --out are required.');
    const [{ noiseDataset }, { resolve }] = await Promise.all([import('@readin/noise'), import('node:path')]);
    const res = await noiseDataset({
      task,
      data: resolve(ctx.cwd, data),
      out: resolve(ctx.cwd, out),
      seed: intOption(ctx, 'seed', 0),
      rate: numberOption(ctx, 'rate', 1),
    });
    if (booleanOption(ctx, 'json')) writeLine(ctx.stdout, JSON.stringify(res, null, 2));
    else {
      writeLine(ctx.stdout, `${res.task}: ${res.examples} examples → ${out}`);
      for (const f of res.files) writeLine(ctx.stdout, `  ${f.split.padEnd(22)} ${f.profile}`);
    }
    return 0;
  },
};
