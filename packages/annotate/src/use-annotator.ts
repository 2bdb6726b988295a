import { useCallback, useReducer, useRef } from 'react';
import { draftToEntry, type EntryContext, type ItemDraft, newDraft } from './entry.js';
import type { AnnotationItem } from './items.js';
import type { JournalEntry } from './journal.js';
import type { PostEditRule } from './session.js';
import type { ActiveCapture } from './speech.js';

/** Where entries go: `append` must return only when the entry is safely on disk. */
export interface JournalSink {
  readonly entries: ReadonlyMap<string, JournalEntry>;
  append(entry: JournalEntry): void;
}

export type Screen = 'item' | 'help' | 'paused' | 'skip' | 'flag' | 'finished';
export type RecState = 'idle' | 'recording' | 'transcribing' | 'ready' | 'error';

/** The annotator's state; mutable, held in a ref so quick successive keys never see stale values. */
export interface AnnotatorModel {
  pos: number;
  done: number;
  skipped: number;
  draft: ItemDraft | undefined;
  screen: Screen;
  reason: string;
  pauseStart: number | undefined;
  notice: string | undefined;
  helpScroll: number;
  rec: RecState;
  recError: string | undefined;
  capture: ActiveCapture | undefined;
  readonly startedAt: number;
  /** Characters and active ms of the items submitted in this run (for the session speed). */
  runChars: number;
  runActiveMs: number;
  /** Errors writing the journal are fatal: shown, and the app stops. */
  fatal: string | undefined;
}

export interface UseAnnotatorOptions {
  readonly items: readonly AnnotationItem[];
  readonly journal: JournalSink;
  readonly entry: EntryContext;
  readonly postEditing: PostEditRule;
  readonly now: () => number;
}

function nextOpen(items: readonly AnnotationItem[], journal: JournalSink, from: number): number {
  for (let i = from; i < items.length; i++) if (!journal.entries.has(items[i]!.key)) return i;
  for (let i = 0; i < Math.min(from, items.length); i++) if (!journal.entries.has(items[i]!.key)) return i;
  return -1;
}

/** State and actions of the annotation UI (kept apart from the view for tests and clarity). */
export function useAnnotator(options: UseAnnotatorOptions) {
  const { items, journal, now } = options;
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const ref = useRef<AnnotatorModel | undefined>(undefined);
  if (!ref.current) {
    const t = now();
    const pos = nextOpen(items, journal, 0);
    let done = 0;
    let skipped = 0;
    for (const item of items) {
      const e = journal.entries.get(item.key);
      if (e) {
        done++;
        if (e.status === 'skipped') skipped++;
      }
    }
    ref.current = {
      pos,
      done,
      skipped,
      draft: pos >= 0 ? newDraft(items[pos]!, t) : undefined,
      screen: pos >= 0 ? 'item' : 'finished',
      reason: '',
      pauseStart: undefined,
      notice: undefined,
      helpScroll: 0,
      rec: 'idle',
      recError: undefined,
      capture: undefined,
      startedAt: t,
      runChars: 0,
      runActiveMs: 0,
      fatal: undefined,
    };
  }
  const m = ref.current;

  const openScreen = useCallback(
    (screen: Screen) => {
      const mm = ref.current!;
      if (mm.screen === 'item' && screen !== 'item') mm.pauseStart = now();
      if (mm.screen !== 'item' && screen === 'item' && mm.pauseStart !== undefined && mm.draft) {
        mm.draft.pausedMs += now() - mm.pauseStart;
        mm.pauseStart = undefined;
      }
      mm.screen = screen;
      mm.reason = '';
      mm.helpScroll = 0;
      rerender();
    },
    [now],
  );

  /** Writes the current draft (submitted or skipped) and moves to the next open item. */
  const finish = useCallback(
    (skipReason?: string) => {
      const mm = ref.current!;
      const draft = mm.draft;
      if (!draft) return;
      const t = now();
      if (mm.pauseStart !== undefined) {
        draft.pausedMs += t - mm.pauseStart;
        mm.pauseStart = undefined;
      }
      const entry = draftToEntry(draft, options.entry, t, skipReason);
      try {
        journal.append(entry); // written and fsynced before the next item is shown
      } catch (error) {
        mm.fatal = `could not write the journal: ${(error as Error).message}`;
        rerender();
        return;
      }
      mm.done++;
      if (entry.status === 'skipped') mm.skipped++;
      else {
        mm.runChars += Array.from(entry.text).length;
        mm.runActiveMs += entry.active_ms;
      }
      mm.pos = nextOpen(items, journal, mm.pos + 1);
      mm.draft = mm.pos >= 0 ? newDraft(items[mm.pos]!, now()) : undefined;
      mm.screen = mm.pos >= 0 ? 'item' : 'finished';
      mm.notice = skipReason !== undefined ? 'skipped' : undefined;
      mm.reason = '';
      mm.rec = 'idle';
      mm.recError = undefined;
      mm.capture = undefined;
      rerender();
    },
    [items, journal, now, options.entry],
  );

  /** Typed text (one key or one IME commit). */
  const type = useCallback(
    (text: string) => {
      const d = ref.current!.draft;
      if (!d) return;
      const clean = text.replace(/[\u0000-\u001f\u007f]/g, '');
      if (clean === '') return;
      const t = now();
      d.firstKeyAt ??= t;
      d.keystrokes++;
      d.text = d.text.slice(0, d.cursor) + clean + d.text.slice(d.cursor);
      d.cursor += clean.length;
      d.keys.push([t - d.shownAt, `+${clean}`]);
      ref.current!.notice = undefined;
      rerender();
    },
    [now],
  );

  /** Backspace, Delete or an arrow/Home/End key: refused and counted, or applied and logged. */
  const edit = useCallback(
    (name: 'bs' | 'del' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end') => {
      const mm = ref.current!;
      const d = mm.draft;
      if (!d) return;
      const t = now();
      d.firstKeyAt ??= t;
      d.keystrokes++;
      if (options.postEditing === 'refuse') {
        d.refused++;
        d.keys.push([t - d.shownAt, `!<${name}`]);
        mm.notice = `no post-editing: ${name === 'bs' || name === 'del' ? 'Backspace/Delete' : 'arrow key'} refused (${d.refused} this item)`;
        rerender();
        return;
      }
      d.edits++;
      d.keys.push([t - d.shownAt, `<${name}`]);
      const before = Array.from(d.text.slice(0, d.cursor));
      const after = Array.from(d.text.slice(d.cursor));
      if (name === 'bs' && before.length > 0) before.pop();
      else if (name === 'del' && after.length > 0) after.shift();
      else if (name === 'left' && before.length > 0) after.unshift(before.pop()!);
      else if (name === 'right' && after.length > 0) before.push(after.shift()!);
      else if (name === 'home' || name === 'up') {
        after.unshift(...before);
        before.length = 0;
      } else if (name === 'end' || name === 'down') {
        before.push(...after);
        after.length = 0;
      }
      d.text = before.join('') + after.join('');
      d.cursor = before.join('').length;
      mm.notice = `edit logged (${d.edits} this item)`;
      rerender();
    },
    [now, options.postEditing],
  );

  const setFlag = useCallback((reason: string) => {
    const d = ref.current!.draft;
    if (d) d.flag = reason;
  }, []);

  return { model: m, ref, rerender, openScreen, finish, type, edit, setFlag };
}
