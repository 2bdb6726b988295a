import { codePointLength, levenshtein } from '@readin/core';
import type { JournalEntry } from './journal.js';
import type { SessionConfig } from './session.js';

/** Why an entry needs a second look. */
export type QaKind =
  | 'skipped'
  | 'flagged'
  | 'empty'
  | 'identical'
  | 'high_cer'
  | 'too_fast'
  | 'too_slow'
  | 'post_edited'
  | 'refused_keys';

export interface QaFlag {
  readonly kind: QaKind;
  readonly detail: string;
}

export interface QaOptions {
  /** Flag entries whose character error rate against the source is above this (default 0.5). */
  readonly cerThreshold?: number;
}

/** Character error rate of `text` against `source`: edit distance over source length (in code points). */
export function charErrorRate(source: string, text: string): number {
  const n = codePointLength(source);
  if (n === 0) return text.length === 0 ? 0 : 1;
  return levenshtein(source, text) / n;
}

/**
 * QA flags of one journal entry: skipped, flagged by the annotator, empty, identical to the source (no noise
 * at all is possible but worth a look), CER above the threshold, typing speed outside the session's range
 * (keyboard only), post-edited (allowed edit keys) or refused keys pressed.
 */
export function qaFlags(
  entry: JournalEntry,
  source: string,
  config: Pick<SessionConfig, 'mode' | 'speed'>,
  options: QaOptions = {},
): QaFlag[] {
  const out: QaFlag[] = [];
  if (entry.status === 'skipped') return [{ kind: 'skipped', detail: entry.reason ?? '' }];
  if (entry.flag !== undefined) out.push({ kind: 'flagged', detail: entry.flag });
  if (entry.text.trim() === '') out.push({ kind: 'empty', detail: 'nothing was entered' });
  else if (entry.text === source) out.push({ kind: 'identical', detail: 'identical to the source' });
  const cer = charErrorRate(source, entry.text);
  const threshold = options.cerThreshold ?? 0.5;
  if (entry.text.trim() !== '' && cer > threshold)
    out.push({ kind: 'high_cer', detail: `CER ${cer.toFixed(2)} > ${threshold}` });
  if (config.mode === 'keyboard' && entry.text.trim() !== '') {
    if (entry.cpm > config.speed.max)
      out.push({ kind: 'too_fast', detail: `${Math.round(entry.cpm)} chars/min > ${config.speed.max}` });
    else if (entry.cpm < config.speed.min)
      out.push({ kind: 'too_slow', detail: `${Math.round(entry.cpm)} chars/min < ${config.speed.min}` });
  }
  if (entry.edit_keys > 0) out.push({ kind: 'post_edited', detail: `${entry.edit_keys} edit key(s) used` });
  if (entry.refused_keys > 0)
    out.push({ kind: 'refused_keys', detail: `${entry.refused_keys} key(s) refused` });
  return out;
}
