import { UsageError } from '@readin/core';
import type { LoadedNoisePairs, NoiseAnalysis } from '@readin/noise';
import { booleanOption, type Command, type CommandContext, stringOption, writeLine } from '../command.js';

const OPTIONS = {
  clean: {
    type: 'string',
    valueName: 'file',
    description: 'The clean texts: READIN JSONL or plain text (one per line).',
  },
  noisy: {
    type: 'string',
    valueName: 'file[,file…]',
    description: 'Noisy version(s) of the clean file, comma-separated; reported per file and pooled.',
  },
  field: {
    type: 'string',
    valueName: 'a[,b]',
    description: 'JSONL text field(s), pooled.',
    defaultText: "the task's noised fields: sentence1,sentence2 | zh | question | text",
  },
  'max-chars': {
    type: 'string',
    valueName: 'N',
    description: 'Texts longer than N code points are cut to N before alignment.',
    defaultText: '2000',
  },
  json: { type: 'boolean', description: 'Print one JSON object instead of tables.' },
} as const;

const DETAILS = `Aligns each noisy text with its clean text (character-level Levenshtein, ties broken toward phonetically
close substitutions) and reports, per noisy file and pooled: CER (raw, and "Han-only" = punctuation, symbols and
whitespace removed), the sub/ins/del mix, the share of edits touching punctuation, the pinyin classes of Han→Han
substitutions (closest reading pair of polyphonic characters; fuzzy pairs z/zh c/ch s/sh n/l f/h r/l, an/ang en/eng
in/ing ian/iang uan/uang), lengths of maximal runs of consecutive Han→Han substitutions, and unchanged texts.
JSONL records are matched by id (by line when the clean file has none); line breaks at both ends are ignored.

Example: readin noise analyze --clean test_clean.json --noisy test_noisy_keyboard_1.json,test_noisy_keyboard_2.json

JSON: {"clean", "fields", "files": [{"file", "matched_by", "records", "pairs", "missing_in_clean",
"clean_not_in_noisy", "missing_field", "duplicates", "analysis"}], "pooled": analysis}.`;

interface FileReport {
  readonly file: string;
  readonly matched_by: 'id' | 'line';
  readonly records: number;
  readonly pairs: number;
  readonly missing_in_clean: number;
  readonly clean_not_in_noisy: number;
  readonly missing_field: number;
  readonly duplicates: number;
  readonly analysis: NoiseAnalysis;
}

const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const num = (x: number | null, d = 4): string => (x === null ? '—' : x.toFixed(d));

function formatTable(
  labels: readonly string[],
  analyses: readonly NoiseAnalysis[],
  classes: readonly string[],
) {
  const rows: string[][] = [];
  const add = (name: string, f: (a: NoiseAnalysis) => string) => rows.push([name, ...analyses.map(f)]);
  add('texts', (a) => String(a.pairs));
  add('unchanged', (a) => pct(a.unchangedShare));
  add('CER (raw)', (a) => num(a.cer));
  add('CER (Han-only)', (a) => num(a.hanCer));
  add('edits', (a) => String(a.edits));
  add('  substitution', (a) => pct(a.opMix.sub));
  add('  insertion', (a) => pct(a.opMix.ins));
  add('  deletion', (a) => pct(a.opMix.del));
  add('  touching punctuation', (a) => pct(a.punctShare));
  add('Han→Han substitutions', (a) => String(a.hanSubstitutions));
  for (const k of classes)
    add(`  ${k.replaceAll('_', ' ')}`, (a) =>
      pct(a.hanSubClassShares[k as keyof NoiseAnalysis['hanSubClassShares']]),
    );
  add('substituted runs', (a) => String(a.substitutedRuns));
  for (const k of ['1', '2', '3', '4+'] as const) add(`  length ${k}`, (a) => pct(a.runLengthShares[k]));
  add('  length 2+', (a) => pct(a.runShare2Plus));
  const head = ['', ...labels];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

async function analyze(ctx: CommandContext) {
  const clean = stringOption(ctx, 'clean');
  const noisy = stringOption(ctx, 'noisy');
  if (clean === undefined || noisy === undefined)
    throw new UsageError(`missing --${clean === undefined ? 'clean' : 'noisy'}.`, {
      hint: 'Usage: readin noise analyze --clean F --noisy F[,G…] [--field a,b] [--json].',
    });
  if (ctx.positionals.length > 0)
    throw new UsageError(`unexpected argument "${ctx.positionals[0]}".`, {
      hint: 'Give the files with --clean and --noisy (several noisy files separated by commas).',
    });
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const noisyFiles = list(noisy);
  if (noisyFiles.length === 0) throw new UsageError('--noisy names no file.', { field: 'noisy' });
  const maxText = stringOption(ctx, 'max-chars');
  const maxChars = maxText === undefined ? undefined : Number(maxText);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars > 0))
    throw new UsageError(`--max-chars must be a positive integer, got "${maxText}".`, { field: 'max-chars' });
  const fieldText = stringOption(ctx, 'field');
  const { resolve } = await import('node:path');
  const { analyzeNoise, loadNoisePairs, mergeNoiseAnalyses, HAN_SUB_CLASSES } = await import('@readin/noise');
  const loaded: LoadedNoisePairs = await loadNoisePairs(
    resolve(ctx.cwd, clean),
    noisyFiles.map((f) => resolve(ctx.cwd, f)),
    fieldText === undefined ? {} : { fields: list(fieldText) },
  );
  const options = maxChars === undefined ? {} : { maxChars };
  const files: FileReport[] = loaded.files.map((f, i) => ({
    file: noisyFiles[i]!,
    matched_by: f.matchedBy,
    records: f.records,
    pairs: f.pairs.length,
    missing_in_clean: f.missingInClean,
    clean_not_in_noisy: f.cleanNotInNoisy,
    missing_field: f.missingField,
    duplicates: f.duplicates,
    analysis: analyzeNoise(f.pairs, options),
  }));
  const pooled = mergeNoiseAnalyses(files.map((f) => f.analysis));
  return { clean, fields: loaded.fields, files, pooled, classes: HAN_SUB_CLASSES };
}

export const noiseAnalyzeCommand: Command = {
  path: ['noise', 'analyze'],
  summary: 'Edit statistics of noisy texts against their clean texts (CER, op mix, pinyin classes, runs)',
  usage: '--clean F --noisy F[,G…] [--field a,b] [--json]',
  details: DETAILS,
  options: OPTIONS,
  async run(ctx) {
    const { classes, ...report } = await analyze(ctx);
    if (booleanOption(ctx, 'json')) {
      writeLine(ctx.stdout, JSON.stringify(report, null, 2));
      return 0;
    }
    const out: string[] = [];
    out.push(
      `clean: ${report.clean}${report.fields.length > 0 ? `  (fields: ${report.fields.join(', ')})` : ''}`,
    );
    report.files.forEach((f, i) => {
      const notes = [`matched by ${f.matched_by}`];
      if (f.missing_in_clean) notes.push(`${f.missing_in_clean} not in clean`);
      if (f.clean_not_in_noisy) notes.push(`${f.clean_not_in_noisy} clean records absent`);
      if (f.missing_field) notes.push(`${f.missing_field} texts without the field`);
      if (f.duplicates) notes.push(`${f.duplicates} duplicate ids`);
      out.push(`  [${i + 1}] ${f.file}: ${f.pairs} texts (${notes.join(', ')})`);
    });
    const labels = report.files.map((_, i) => `[${i + 1}]`);
    const analyses = report.files.map((f) => f.analysis);
    if (report.files.length > 1) {
      labels.push('pooled');
      analyses.push(report.pooled);
    }
    out.push('', formatTable(labels, analyses, classes));
    if (report.pooled.truncated > 0)
      out.push(
        '',
        `note: ${report.pooled.truncated} text(s) longer than the limit were cut before alignment.`,
      );
    writeLine(ctx.stdout, out.join('\n'));
    return 0;
  },
};
