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

/** Character class by UTF-16 code unit: 1 = `[\u4e00-\u9fa5]`, 2 = listed punctuation, 0 = anything else. */
const CLASS = new Uint8Array(0x10000);
CLASS.fill(1, 0x4e00, 0x9fa5 + 1);
for (const p of CMRC_PUNCTUATION) if (p.length === 1) CLASS[p.charCodeAt(0)] = 2;

/** Whether one character (code point) is in the official punctuation list. */
export function isCmrcPunctuation(char: string): boolean {
  return PUNCT.has(char);
}

/**
 * One-character strings of the CJK block and the list, each made once, on first use (filling all 20,000 up
 * front cost ~12 ms of every CMRC scoring process).
 */
const CHARS: string[] = new Array<string>(0x10000).fill('');

/** `s.lower().strip()` with Python semantics. */
export function normalise(input: string): string {
  return pyStrip(input.toLowerCase());
}

/** Drops listed punctuation characters (all of them are single BMP code units). */
export function dropPunctuation(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (CLASS[text.charCodeAt(i)] === 2) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
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
  const text = normalise(input);
  // Skipping a listed character does not end the current run, so removing them first is equivalent.
  return segmentNormalised(options?.removePunctuation === true ? dropPunctuation(text) : text, options);
}

/** The segmentation loop of `mixed_segmentation` on text that is already lower-cased and stripped. */
export function segmentNormalised(text: string, options?: NltkTokenizeOptions): string[] {
  const out: string[] = [];
  const pushRun = (run: string): void => {
    const tokens = nltkWordTokenize(run, options);
    for (let k = 0; k < tokens.length; k++) out.push(tokens[k]!);
  };
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (CLASS[code] !== 0) {
      if (i > start) pushRun(text.slice(start, i));
      let char = CHARS[code]!;
      if (char === '') char = CHARS[code] = String.fromCharCode(code);
      out.push(char);
      start = i + 1;
    }
  }
  if (start < text.length) pushRun(text.slice(start));
  return out;
}

/** The official `remove_punctuation(s)`: `s.lower().strip()` without the listed characters (inner spaces kept). */
export function removePunctuation(input: string): string {
  return dropPunctuation(normalise(input));
}
