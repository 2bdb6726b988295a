import type { AnnotationItem } from './items.js';
import type { JournalEntry } from './journal.js';
import type { AnnotationMode, SpeechSource } from './session.js';

/** Everything recorded while one item is on screen. */
export interface ItemDraft {
  readonly item: AnnotationItem;
  /** Wall-clock ms when the item was shown. */
  readonly shownAt: number;
  text: string;
  /** Cursor position in code units of `text` (always the end when post-editing is refused). */
  cursor: number;
  firstKeyAt: number | undefined;
  keystrokes: number;
  refused: number;
  edits: number;
  /** [ms since shown, key] */
  keys: [number, string][];
  pausedMs: number;
  flag: string | undefined;
  /** Recording mode: audio path (relative to the session) and recogniser info. */
  audio?: string;
  asr?: { backend: string; model?: string; raw?: unknown };
}

export function newDraft(item: AnnotationItem, now: number): ItemDraft {
  return {
    item,
    shownAt: now,
    text: '',
    cursor: 0,
    firstKeyAt: undefined,
    keystrokes: 0,
    refused: 0,
    edits: 0,
    keys: [],
    pausedMs: 0,
    flag: undefined,
  };
}

/** Code points per minute of `activeMs`. */
export function charsPerMinute(text: string, activeMs: number): number {
  if (activeMs <= 0) return 0;
  return Number(((Array.from(text).length * 60_000) / activeMs).toFixed(1));
}

export interface EntryContext {
  readonly annotator: string;
  readonly mode: AnnotationMode;
  readonly speechSource?: SpeechSource;
  readonly logKeys: boolean;
}

/** The journal entry for a draft, submitted (`done`) or skipped at `now`. */
export function draftToEntry(
  draft: ItemDraft,
  ctx: EntryContext,
  now: number,
  skipReason?: string,
): JournalEntry {
  const duration = Math.max(0, now - draft.shownAt);
  const active = Math.max(0, duration - draft.pausedMs);
  const skipped = skipReason !== undefined;
  const text = skipped ? '' : draft.text;
  return {
    v: 1,
    key: draft.item.key,
    id: draft.item.id,
    field: draft.item.field,
    annotator: ctx.annotator,
    mode: ctx.mode,
    source: ctx.mode === 'keyboard' ? 'keyboard' : (ctx.speechSource ?? 'ime'),
    status: skipped ? 'skipped' : 'done',
    text,
    ...(skipped ? { reason: skipReason } : {}),
    ...(draft.flag === undefined ? {} : { flag: draft.flag }),
    started_at: new Date(draft.shownAt).toISOString(),
    submitted_at: new Date(now).toISOString(),
    duration_ms: duration,
    active_ms: active,
    ...(draft.firstKeyAt === undefined ? {} : { typing_ms: Math.max(0, now - draft.firstKeyAt) }),
    keystrokes: draft.keystrokes,
    refused_keys: draft.refused,
    edit_keys: draft.edits,
    cpm: skipped ? 0 : charsPerMinute(text, active),
    ...(ctx.logKeys && draft.keys.length > 0 ? { keys: draft.keys } : {}),
    ...(draft.audio === undefined ? {} : { audio: draft.audio }),
    ...(draft.asr === undefined ? {} : { asr: draft.asr }),
  };
}
