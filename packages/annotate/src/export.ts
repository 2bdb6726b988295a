import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type Example,
  NOISE_TYPES,
  noisySplitName,
  readJsonl,
  sniffJsonKind,
  TASK_FIELDS,
  UsageError,
  VERSION,
  writeFileAtomic,
  writeJsonl,
} from '@readin/core';
import { readSplit, type SplitSource } from '@readin/data';
import { itemKey } from './items.js';
import { type JournalEntry, readJournal } from './journal.js';
import { readPlan } from './plan.js';
import { charErrorRate, type QaFlag, type QaOptions, qaFlags } from './qa.js';
import { type AnnotatorMeta, readAnnotatorMeta, requireSessionConfig, sessionPaths } from './session.js';
import { openSession } from './setup.js';

export interface ExportOptions extends QaOptions {
  /** The data folder or file, when it moved since the session was created. */
  readonly data?: string;
  readonly now?: Date;
}

/** One exported version (`test_noisy_keyboard_k.json` / `test_noisy_asr_k.json`). */
export interface ExportedVersion {
  readonly version: number;
  readonly split: string;
  readonly file: string;
  /** Records written (examples whose every noised field was entered). */
  readonly records: number;
  /** Clean ids left out: not entered yet, or skipped. */
  readonly missing_ids: readonly string[];
  /** Items per annotator in this version. */
  readonly annotators: Readonly<Record<string, number>>;
}

/** One row of the review list. */
export interface QaRow extends QaFlag {
  readonly version: number;
  readonly id: string;
  readonly field: string;
  readonly annotator: string;
  readonly source: string;
  readonly text: string;
}

export interface ExportSummary {
  readonly out: string;
  readonly versions: readonly ExportedVersion[];
  /** Metadata, per-item timing and QA files written. */
  readonly metadata: string;
  readonly timing: string;
  readonly qaFile: string;
  readonly qa: readonly QaRow[];
}

/** Annotator ids that have a journal in the session, sorted. */
export async function sessionAnnotators(dir: string): Promise<string[]> {
  try {
    return (await readdir(sessionPaths(dir).journals))
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))
      .sort();
  } catch {
    return [];
  }
}

/** The clean records as written in the file (all original fields), in order, or the normalised examples. */
async function* cleanRecords(split: SplitSource): AsyncGenerator<Record<string, unknown>> {
  const raw =
    (split.format === 'json' || split.format === 'jsonl') && (await sniffJsonKind(split.file)) === 'jsonl';
  if (raw) {
    for await (const { value } of readJsonl(split.file)) yield value as Record<string, unknown>;
    return;
  }
  for await (const e of readSplit(split)) yield { ...(e as Example) };
}

/**
 * Exports a session in READIN's layout: for each version k, `test_noisy_keyboard_k.json` (keyboard) or
 * `test_noisy_asr_k.json` (speech), JSON Lines in clean order with every original field kept and only the
 * noised field(s) replaced by what annotator k entered. Examples not (fully) entered are left out; when the
 * clean file has no ids, the version then carries an `id` per record (the clean line index) so it still aligns.
 * Also writes `annotation-metadata.json` (annotators, IME, device, dialect region, settings, counts),
 * `annotation-items.jsonl` (per-item timing, keys, CER, flags) and `qa-flags.jsonl` (entries to review).
 * Every file is written atomically.
 */
export async function exportSession(
  sessionDir: string,
  outDir: string,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  await requireSessionConfig(sessionDir); // never create a session here
  const session = await openSession(sessionDir, options.data === undefined ? {} : { data: options.data });
  const { config, items } = session;
  const out = resolve(outDir);
  const plan = await readPlan(session.dir);
  const annotators = plan ? [...plan.annotators] : await sessionAnnotators(session.dir);
  if (annotators.length === 0)
    throw new UsageError('nothing to export: no annotator has a journal in this session yet.', {
      file: session.dir,
      hint: 'Annotate some items first (readin annotate --session DIR --annotator ID).',
    });
  const journals = new Map<string, ReadonlyMap<string, JournalEntry>>();
  for (const a of annotators)
    journals.set(a, (await readJournal(sessionPaths(session.dir).journal(a))).byKey);
  const planById = new Map(plan?.assignments.map((a) => [a.id, a.annotators]) ?? []);
  const versions = plan ? plan.per_item : annotators.length;
  const whoFor = (id: string, k: number): string | undefined =>
    plan ? planById.get(id)?.[k - 1] : annotators[k - 1];
  const fields = TASK_FIELDS[config.task].noised;
  const noise = config.mode === 'keyboard' ? NOISE_TYPES[0]! : NOISE_TYPES[1]!;
  const sourceText = new Map(items.items.map((i) => [i.key, i.text]));
  const ids = [...new Set(items.items.map((i) => i.id))];

  const qa: QaRow[] = [];
  const timing: Record<string, unknown>[] = [];
  const exported: ExportedVersion[] = [];
  for (let k = 1; k <= versions; k++) {
    const missing: string[] = [];
    const counts: Record<string, number> = {};
    const complete = new Map<string, Record<string, string>>();
    for (const id of ids) {
      const who = whoFor(id, k);
      const journal = who === undefined ? undefined : journals.get(who);
      const texts: Record<string, string> = {};
      let ok = who !== undefined;
      for (const field of fields) {
        const key = itemKey(id, field);
        const entry = journal?.get(key);
        if (entry?.status !== 'done') ok = false;
        if (!entry || who === undefined) continue;
        texts[field] = entry.text;
        const source = sourceText.get(key) ?? '';
        const flags = qaFlags(entry, source, config, options);
        for (const f of flags)
          qa.push({ ...f, version: k, id, field, annotator: who, source, text: entry.text });
        timing.push({
          version: k,
          id,
          field,
          annotator: who,
          status: entry.status,
          source: entry.source,
          started_at: entry.started_at,
          submitted_at: entry.submitted_at,
          duration_ms: entry.duration_ms,
          active_ms: entry.active_ms,
          typing_ms: entry.typing_ms ?? null,
          keystrokes: entry.keystrokes,
          refused_keys: entry.refused_keys,
          edit_keys: entry.edit_keys,
          chars: Array.from(entry.text).length,
          cpm: entry.cpm,
          cer: entry.status === 'done' ? Number(charErrorRate(source, entry.text).toFixed(4)) : null,
          qa: flags.map((f) => f.kind),
          ...(entry.reason === undefined ? {} : { reason: entry.reason }),
          ...(entry.flag === undefined ? {} : { flag: entry.flag }),
          ...(entry.audio === undefined ? {} : { audio: entry.audio }),
        });
      }
      if (ok && who !== undefined) {
        complete.set(id, texts);
        counts[who] = (counts[who] ?? 0) + 1;
      } else missing.push(id);
    }
    const split = noisySplitName(noise, k);
    const file = join(out, `${split}.json`);
    const needIds = missing.length > 0;
    async function* records() {
      let index = 0;
      for await (const raw of cleanRecords(items.split)) {
        const id = ids[index];
        index++;
        if (id === undefined) continue;
        const texts = complete.get(id);
        if (!texts) continue;
        const withId = needIds && raw.id === undefined ? { id, ...raw } : { ...raw };
        yield { ...withId, ...texts };
      }
    }
    await writeJsonl(file, records());
    exported.push({
      version: k,
      split,
      file,
      records: complete.size,
      missing_ids: missing,
      annotators: counts,
    });
  }

  const metas: Record<string, AnnotatorMeta | { annotator: string }> = {};
  for (const a of annotators) metas[a] = (await readAnnotatorMeta(session.dir, a)) ?? { annotator: a };
  const stats: Record<string, Record<string, number>> = {};
  for (const [a, j] of journals) {
    const entries = [...j.values()];
    const done = entries.filter((e) => e.status === 'done');
    const active = done.reduce((s, e) => s + e.active_ms, 0);
    const chars = done.reduce((s, e) => s + Array.from(e.text).length, 0);
    stats[a] = {
      done: done.length,
      skipped: entries.length - done.length,
      active_ms: active,
      mean_cpm: active > 0 ? Number(((chars * 60_000) / active).toFixed(1)) : 0,
      refused_keys: entries.reduce((s, e) => s + e.refused_keys, 0),
      edit_keys: entries.reduce((s, e) => s + e.edit_keys, 0),
    };
  }
  const qaCounts: Record<string, number> = {};
  for (const row of qa) qaCounts[row.kind] = (qaCounts[row.kind] ?? 0) + 1;
  const metadataFile = join(out, 'annotation-metadata.json');
  const timingFile = join(out, 'annotation-items.jsonl');
  const qaFile = join(out, 'qa-flags.jsonl');
  const metadata = {
    tool: `readin ${VERSION}`,
    exported_at: (options.now ?? new Date()).toISOString(),
    task: config.task,
    mode: config.mode,
    noise,
    ...(config.speech_source ? { speech_source: config.speech_source } : {}),
    ...(config.asr ? { asr: config.asr } : {}),
    source: { data: config.data, split: config.split, file: items.split.file, items: items.items.length },
    synthetic_noise: false,
    settings: { post_editing: config.post_editing, speed_cpm: config.speed, per_item: versions },
    plan: plan ? { per_item: plan.per_item, annotators: plan.annotators, created_at: plan.created_at } : null,
    annotators: Object.fromEntries(annotators.map((a) => [a, { ...metas[a], ...stats[a] }])),
    versions: exported.map((v) => ({
      version: v.version,
      split: v.split,
      file: `${v.split}.json`,
      records: v.records,
      missing: v.missing_ids.length,
      missing_ids: v.missing_ids,
      annotators: v.annotators,
    })),
    qa: { cer_threshold: options.cerThreshold ?? 0.5, counts: qaCounts, file: 'qa-flags.jsonl' },
    timing: { file: 'annotation-items.jsonl' },
  };
  await writeJsonl(timingFile, timing);
  await writeJsonl(qaFile, qa);
  await writeFileAtomic(metadataFile, `${JSON.stringify(metadata, null, 2)}\n`);
  return { out, versions: exported, metadata: metadataFile, timing: timingFile, qaFile, qa };
}
