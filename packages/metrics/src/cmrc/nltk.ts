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
 * - `'3.9'`: NLTK 3.9.x as released before PR #3461 (ending-quote rules of PR #2877, whitespace squeeze of
 *   PR #3224; no dash rule; an opening single quote is split off only before a one-character word). This is the
 *   revision the official parity vectors were made with (the dash rule changes two of their 3,067 questions).
 * - `'dashes'`: adds the figure/en/em dash and horizontal bar rule (`[\u2012-\u2015]`, PR #3461).
 * - `'latest'`: also pads an opening single quote before any word that is not a clitic (PR #3687).
 */
export type NltkRevision = '3.9' | 'dashes' | 'latest';

export interface NltkTokenizeOptions {
  /** Rule-list revision; defaults to {@link DEFAULT_NLTK_REVISION}. */
  readonly revision?: NltkRevision;
}

/** The revision that reproduces the official CMRC2018 parity vectors. */
export const DEFAULT_NLTK_REVISION: NltkRevision = '3.9';

/**
 * Trigger characters. A rule runs only when the text contains one of its trigger characters (checked once, on
 * the input, by one scan); triggers are chosen conservatively, so a rule is never skipped when it could match,
 * including on text that earlier rules rewrote (`^"` becomes ``` `` ```, hence the backtick rule also
 * triggers on `"`).
 */
const T_OPEN = 1 << 0; // « “ ‘ „ `
const T_DQ = 1 << 1; // "
const T_SQ = 1 << 2; // '
const T_DOT = 1 << 3; // .
const T_COLON = 1 << 4; // : ,
const T_SYM = 1 << 5; // ; @ # $ % &
const T_DASH = 1 << 6; // U+2012–U+2015
const T_QM = 1 << 7; // ? !
const T_STAR = 1 << 8; // *
const T_BRACKET = 1 << 9; // ] [ ( ) { } < >
const T_HYPHEN = 1 << 10; // -
const T_CLOSE = 1 << 11; // » ” ’

const TRIGGER = new Uint16Array(0x10000);
const mark = (chars: string, bit: number): void => {
  for (const c of chars) TRIGGER[c.charCodeAt(0)]! |= bit;
};
mark('«“‘„`', T_OPEN);
mark('"', T_DQ);
mark("'", T_SQ);
mark('.', T_DOT);
mark(':,', T_COLON);
mark(';@#$%&', T_SYM);
mark('\u2012\u2013\u2014\u2015', T_DASH);
mark('?!', T_QM);
mark('*', T_STAR);
mark('[](){}<>', T_BRACKET);
mark('-', T_HYPHEN);
mark('»”’', T_CLOSE);

function triggers(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= TRIGGER[text.charCodeAt(i)]!;
  return mask;
}

/** A substitution, the trigger bits that let it run, and optionally a finer test on the current text. */
type Rule = readonly [pattern: RegExp, replacement: string, bits: number, gate?: RegExp];

const W = `[${PY_WORD_CLASS}]`;
/** Python's Unicode `\b`. */
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const S = `[${PY_WS_CLASS}]`;
/** Python's `$` without MULTILINE. */
const END = '(?=\\n?$)';

const re = (source: string, flags = 'gu'): RegExp => new RegExp(source, flags);

const STARTING_QUOTES_COMMON: Rule[] = [
  [re('([«“‘„]|`+)'), ' $1 ', T_OPEN],
  [re('^"', 'u'), '``', T_DQ],
  [re('(``)'), ' $1 ', T_OPEN | T_DQ],
  [re(`([ ([{<])("|'{2})`), '$1 `` ', T_DQ | T_SQ],
];
const OPENING_SINGLE_QUOTE_OLD: Rule = [re(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B}`, 'giu'), '$1 $2', T_SQ];
const OPENING_SINGLE_QUOTE_NEW: Rule = [
  re(`(?<!${W})(')(?!(?:re|ve|ll|m|t|s|d|n)${B})(?=${W})`, 'giu'),
  '$1 ',
  T_SQ,
];

const PUNCT_HEAD: Rule[] = [
  // `(?=(x*))\3` is an atomic x*: it matches exactly what the backtracking original matches (a space is in
  // both the closing-character class and \s, but giving spaces back never turns a failure into a match), in
  // linear instead of quadratic time on long runs of spaces.
  [re(`([^.])(\\.)(?=([\\])}>"'»”’ ]*))\\3${S}*${END}`), '$1 $2 $3 ', T_DOT],
  [re('([:,])([^\\p{Nd}])'), ' $1 $2', T_COLON],
  [re(`([:,])${END}`), ' $1 ', T_COLON],
  [re('\\.{2,}'), ' $& ', T_DOT],
  [re('[;@#$%&]'), ' $& ', T_SYM],
];
const PUNCT_DASHES: Rule = [re('[\\u2012-\\u2015]'), ' $& ', T_DASH];
const PUNCT_TAIL: Rule[] = [
  [re(`([^.])(\\.)([\\])}>"']*)${S}*${END}`), '$1 $2$3 ', T_DOT],
  [re('[?!]'), ' $& ', T_QM],
  [re("([^'])' "), "$1 ' ", T_SQ],
  [re('[*]'), ' $& ', T_STAR],
];

const PARENS_BRACKETS: Rule = [re('[\\][(){}<>]'), ' $& ', T_BRACKET];
const DOUBLE_DASHES: Rule = [re('--'), ' -- ', T_HYPHEN];

const ENDING_QUOTES: Rule[] = [
  [re('([»”’])'), ' $1 ', T_CLOSE],
  [re("''"), " '' ", T_SQ],
  [re('"'), " '' ", T_DQ],
  // Squeezing whitespace only matters to the clitic rules below, which look for a literal space.
  [re(`${S}+`), ' ', T_SQ | T_DQ],
  [re("([^' ])('[sS]|'[mM]|'[dD]|') "), '$1 $2 ', T_SQ | T_DQ],
  [re("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), '$1 $2 ', T_SQ | T_DQ],
];

/** CONTRACTIONS2 and CONTRACTIONS3; `ANY_CONTRACTION` must pass before any of them is tried. */
const ANY_CONTRACTION = /cannot|d'ye|gimme|gonna|gotta|lemme|more'n|wanna|'tis|'twas/iu;
const CONTRACTIONS: Rule[] = [
  ...[
    [`${B}(can)(not)${B}`, /cannot/iu],
    [`${B}(d)('ye)${B}`, /d'ye/iu],
    [`${B}(gim)(me)${B}`, /gimme/iu],
    [`${B}(gon)(na)${B}`, /gonna/iu],
    [`${B}(got)(ta)${B}`, /gotta/iu],
    [`${B}(lem)(me)${B}`, /lemme/iu],
    [`${B}(more)('n)${B}`, /more'n/iu],
    [`${B}(wan)(na)(?=${S})`, /wanna/iu],
    // CONTRACTIONS3
    [` ('t)(is)${B}`, /'tis/iu],
    [` ('t)(was)${B}`, /'twas/iu],
  ].map(([source, gate]): Rule => [re(source as string, 'giu'), ' $1 $2 ', -1, gate as RegExp]),
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

function apply(text: string, rules: readonly Rule[], mask: number): string {
  let s = text;
  // Indexing, not `for (const [pattern, …] of rules)`: cold code would run the iterator protocol twice a rule.
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const gate = rule[3];
    if ((mask & rule[2]) !== 0 && (gate === undefined || gate.test(s))) s = s.replace(rule[0], rule[1]);
  }
  return s;
}

/**
 * Tokenises `text` the way NLTK's `NLTKWordTokenizer().tokenize(text)` does (one sentence; no punkt split).
 * Double quotes become `` `` `` / `''`, clitics (`n't`, `'s`, `'ll` …) and a final period are split off.
 */
export function nltkWordTokenize(text: string, options?: NltkTokenizeOptions): string[] {
  const mask = triggers(text);
  const contraction = ANY_CONTRACTION.test(text);
  if (mask === 0 && !contraction) return pySplit(text);
  let s = ` ${apply(text, RULES[options?.revision ?? DEFAULT_NLTK_REVISION], mask)} `;
  s = apply(s, ENDING_QUOTES, mask);
  if (contraction) s = apply(s, CONTRACTIONS, -1);
  return pySplit(s);
}

/**
 * The same rule lists applied unconditionally (no trigger scan, no fast path). Not exported from the package:
 * the tests use it to check that the shortcuts of {@link nltkWordTokenize} never change a result.
 */
export function nltkWordTokenizeSlow(text: string, options?: NltkTokenizeOptions): string[] {
  let s = ` ${apply(text, RULES[options?.revision ?? DEFAULT_NLTK_REVISION], -1)} `;
  s = apply(s, ENDING_QUOTES, -1);
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  return pySplit(s);
}
