/**
 * CMRC2018 v6 text normalisation (`mixed_segmentation`, `remove_punctuation` of the official scorer).
 */
import { type NltkTokenizeOptions, nltkWordTokenize } from './nltk.js';
import { pyStrip } from './python.js';

/**
 * The official punctuation list, verbatim. `'……'` is a two-character entry that single characters are compared
 * against, so `…` is never removed; ASCII `.,?!"'()` and `‘` are not in the list.
 */
export const CMRC_PUNCTUATION: readonly string[] = [
  '-',
  ':',
  '_',
  '*',
  '^',
  '/',
  '\\',
  '~',
  '`',
  '+',
  '=',
  '，',
  '。',
  '：',
  '？',
  '！',
  '“',
  '”',
  '；',
  '’',
  '《',
  '》',
  '……',
  '·',
  '、',
  '「',
  '」',
  '（',
  '）',
  '－',
  '～',
  '『',
  '』',
];

const PUNCT = new Set(CMRC_PUNCTUATION);

/** Whether one character (code point) is in the official punctuation list. */
export function isCmrcPunctuation(char: string): boolean {
  return PUNCT.has(char);
}

/** `[\u4e00-\u9fa5]`: the only block the scorer segments character by character. */
function isCjk(char: string): boolean {
  const c = char.charCodeAt(0);
  return char.length === 1 && c >= 0x4e00 && c <= 0x9fa5;
}

export interface MixedSegmentationOptions extends NltkTokenizeOptions {
  /** Drop characters of the punctuation list (the scorer's `rm_punc`). Default false. */
  readonly removePunctuation?: boolean;
}

/**
 * The official `mixed_segmentation(s, rm_punc)`: `s.lower().strip()`; every `[\u4e00-\u9fa5]` character and every
 * listed punctuation character is a token of its own; runs of other characters go through NLTK's word tokenizer.
 * With `removePunctuation`, listed characters are skipped (without ending the current run).
 */
export function mixedSegmentation(input: string, options?: MixedSegmentationOptions): string[] {
  const rmPunc = options?.removePunctuation ?? false;
  const text = pyStrip(input.toLowerCase());
  const out: string[] = [];
  let run = '';
  for (const char of text) {
    const punct = PUNCT.has(char);
    if (rmPunc && punct) continue;
    if (punct || isCjk(char)) {
      if (run !== '') {
        for (const token of nltkWordTokenize(run, options)) out.push(token);
        run = '';
      }
      out.push(char);
    } else {
      run += char;
    }
  }
  if (run !== '') for (const token of nltkWordTokenize(run, options)) out.push(token);
  return out;
}

/** The official `remove_punctuation(s)`: `s.lower().strip()` without the listed characters (inner spaces kept). */
export function removePunctuation(input: string): string {
  const text = pyStrip(input.toLowerCase());
  let out = '';
  for (const char of text) if (!PUNCT.has(char)) out += char;
  return out;
}
