/**
 * A port of NLTK's `NLTKWordTokenizer().tokenize` (the improved Treebank word tokenizer behind
 * `nltk.word_tokenize`, without the punkt sentence split), with Python `re` semantics translated to JavaScript:
 *
 * - every pattern uses the `u` flag, so classes and negated classes step over code points like Python;
 * - Python `\w` / `\b` on str patterns are Unicode-aware: spelled out as `[\p{L}\p{N}_]` and look-arounds;
 * - Python `\s` and `str.split()` use Python's whitespace set (see `python.ts`);
 * - Python `\d` is any decimal digit (`\p{Nd}`);
 * - Python `$` (no MULTILINE) also matches before a final `\n`: `(?=\n?$)`;
 * - `(?i)` becomes the `i` flag (with `u`, JavaScript case-folds like Python's IGNORECASE on str patterns).
 *
 * The rule lists run in NLTK's order: STARTING_QUOTES, PUNCTUATION, PARENS_BRACKETS, (CONVERT_PARENTHESES is
 * off), DOUBLE_DASHES, pad with spaces, ENDING_QUOTES, CONTRACTIONS2, CONTRACTIONS3, then `str.split()`.
 */
import { PY_WORD_CLASS, PY_WS_CLASS, pySplit } from './python.js';

/**
 * Which revision of NLTK's rule lists to follow.
 * - `'3.9'`: NLTK 3.8–3.9.2 (the `''`/`"` ending-quote rules and whitespace squeeze; no dash rule; the opening
 *   single quote is split only before a one-character word).
 * - `'dashes'`: adds the figure/en/em dash and horizontal bar rule (`[\u2012-\u2015]`, NLTK PR #3461).
 * - `'latest'`: also pads an opening single quote before any word that is not a clitic (NLTK PR #3687).
 */
export type NltkRevision = '3.9' | 'dashes' | 'latest';

export interface NltkTokenizeOptions {
  /** Rule-list revision; defaults to {@link DEFAULT_NLTK_REVISION}. */
  readonly revision?: NltkRevision;
}

/** The revision that reproduces the official CMRC2018 parity vectors. */
export const DEFAULT_NLTK_REVISION: NltkRevision = '3.9';

type Rule = readonly [RegExp, string];

const W = `[${PY_WORD_CLASS}]`;
/** Python's Unicode `\b`. */
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const S = `[${PY_WS_CLASS}]`;
/** Python's `$` without MULTILINE. */
const END = '(?=\\n?$)';

const re = (source: string, flags = 'gu'): RegExp => new RegExp(source, flags);

const STARTING_QUOTES_COMMON: Rule[] = [
  [re('([«“‘„]|`+)'), ' $1 '],
  [re('^"', 'u'), '``'],
  [re('(``)'), ' $1 '],
  [re(`([ ([{<])("|'{2})`), '$1 `` '],
];
const OPENING_SINGLE_QUOTE_OLD: Rule = [re(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B}`, 'giu'), '$1 $2'];
const OPENING_SINGLE_QUOTE_NEW: Rule = [
  re(`(?<!${W})(')(?!(?:re|ve|ll|m|t|s|d|n)${B})(?=${W})`, 'giu'),
  '$1 ',
];

const PUNCT_HEAD: Rule[] = [
  [re(`([^.])(\\.)([\\])}>"'»”’ ]*)${S}*${END}`), '$1 $2 $3 '],
  [re('([:,])([^\\p{Nd}])'), ' $1 $2'],
  [re(`([:,])${END}`), ' $1 '],
  [re('\\.{2,}'), ' $& '],
  [re('[;@#$%&]'), ' $& '],
];
const PUNCT_DASHES: Rule = [re('[\\u2012-\\u2015]'), ' $& '];
const PUNCT_TAIL: Rule[] = [
  [re(`([^.])(\\.)([\\])}>"']*)${S}*${END}`), '$1 $2$3 '],
  [re('[?!]'), ' $& '],
  [re("([^'])' "), "$1 ' "],
  [re('[*]'), ' $& '],
];

const PARENS_BRACKETS: Rule = [re('[\\][(){}<>]'), ' $& '];
const DOUBLE_DASHES: Rule = [re('--'), ' -- '];

const ENDING_QUOTES: Rule[] = [
  [re('([»”’])'), ' $1 '],
  [re("''"), " '' "],
  [re('"'), " '' "],
  [re(`${S}+`), ' '],
  [re("([^' ])('[sS]|'[mM]|'[dD]|') "), '$1 $2 '],
  [re("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), '$1 $2 '],
];

const CONTRACTIONS: Rule[] = [
  ...[
    `${B}(can)(not)${B}`,
    `${B}(d)('ye)${B}`,
    `${B}(gim)(me)${B}`,
    `${B}(gon)(na)${B}`,
    `${B}(got)(ta)${B}`,
    `${B}(lem)(me)${B}`,
    `${B}(more)('n)${B}`,
    `${B}(wan)(na)(?=${S})`,
    // CONTRACTIONS3
    ` ('t)(is)${B}`,
    ` ('t)(was)${B}`,
  ].map((source): Rule => [re(source, 'giu'), ' $1 $2 ']),
];

function ruleList(revision: NltkRevision): readonly Rule[] {
  return [
    ...STARTING_QUOTES_COMMON,
    revision === 'latest' ? OPENING_SINGLE_QUOTE_NEW : OPENING_SINGLE_QUOTE_OLD,
    ...PUNCT_HEAD,
    ...(revision === '3.9' ? [] : [PUNCT_DASHES]),
    ...PUNCT_TAIL,
    PARENS_BRACKETS,
    DOUBLE_DASHES,
  ];
}

const RULES: Record<NltkRevision, readonly Rule[]> = {
  '3.9': ruleList('3.9'),
  dashes: ruleList('dashes'),
  latest: ruleList('latest'),
};

/** Plain alphanumeric runs that no rule touches (the whole-word contractions are the only exception). */
const PLAIN = /^[A-Za-z0-9]+$/;
const WHOLE_WORD_CONTRACTIONS = new Set(['cannot', 'gimme', 'gonna', 'gotta', 'lemme', 'wanna']);

/**
 * Tokenises `text` the way NLTK's `NLTKWordTokenizer().tokenize(text)` does (one sentence; no punkt split).
 * Double quotes become `` `` `` / `''`, clitics (`n't`, `'s`, `'ll` …) and a final period are split off.
 */
export function nltkWordTokenize(text: string, options?: NltkTokenizeOptions): string[] {
  if (PLAIN.test(text) && !WHOLE_WORD_CONTRACTIONS.has(text.toLowerCase())) return [text];
  let s = text;
  for (const [pattern, replacement] of RULES[options?.revision ?? DEFAULT_NLTK_REVISION]) {
    s = s.replace(pattern, replacement);
  }
  s = ` ${s} `;
  for (const [pattern, replacement] of ENDING_QUOTES) s = s.replace(pattern, replacement);
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  return pySplit(s);
}
