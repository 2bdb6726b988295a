import { didYouMean, UsageError } from '@readin/core';
import { isPyWhitespace, pySplit, pyStrip } from './pytext.js';

/**
 * sacreBLEU 2.x BLEU tokenizers, reimplemented. Each returns the token list that sacreBLEU's
 * `tokenizer(line).split()` gives; `tokenize()` joins it with single spaces like sacreBLEU's output.
 */
export type TokenizerName = '13a' | 'zh' | 'none' | 'char' | 'intl';

/** Tokenizer names accepted by `corpusBleu`/`sentenceBleu` (`intl` is best effort: Unicode tables differ). */
export const TOKENIZER_NAMES: readonly TokenizerName[] = ['13a', 'zh', 'none', 'char', 'intl'];

// TokenizerRegexp (mteval-v13a's language-dependent part), applied in this order.
const RE_PUNCT = /([{-~[-` -&(-+:-@/])/g;
const RE_PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/g;
const RE_PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/g;
const RE_DASH_AFTER_DIGIT = /([0-9])(-)/g;

function regexpTokens(line: string): string[] {
  line = line.replace(RE_PUNCT, ' $1 ');
  if (line.includes('.') || line.includes(',')) {
    line = line.replace(RE_PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ');
    line = line.replace(RE_PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2');
  }
  if (line.includes('-')) line = line.replace(RE_DASH_AFTER_DIGIT, '$1 $2 ');
  return pySplit(line);
}

function tokens13a(line: string): string[] {
  if (line.includes('<skipped>')) line = line.replaceAll('<skipped>', '');
  if (line.includes('\n')) line = line.replaceAll('-\n', '').replaceAll('\n', ' ');
  if (line.includes('&')) {
    line = line
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  }
  return regexpTokens(` ${line} `);
}

/**
 * Whether sacreBLEU's `zh` tokenizer puts spaces around code point `c`. Two upstream ranges are written as
 * 2-character literals ('\u20000', '\u2a6d6' and '\u2f800', '\u2fa1d'); Python compares them as strings, so they
 * cover U+2001–U+2A6D (curly quotes, '…', '—', …) and U+2F81–U+2FA1, and never CJK Extension B.
 */
export function isZhTokenizerChar(c: number): boolean {
  if (c < 0x2001) return false;
  if (c <= 0x2a6d) return true; // quirk range
  if (c < 0x2e80) return false;
  if (c <= 0x2eff) return true;
  if (c < 0x2f00) return false;
  if (c <= 0x2fdf) return true; // Kangxi radicals (contains the second quirk range U+2F81–U+2FA1)
  if (c < 0x2ff0) return false;
  if (c <= 0x303f) return true; // structure U+2FF0–U+2FFF, CJK punctuation U+3000–U+303F
  if (c >= 0x3100 && c <= 0x312f) return true;
  if (c >= 0x31a0 && c <= 0x31ef) return true; // U+31A0–U+31BF, U+31C0–U+31EF
  if (c >= 0x3200 && c <= 0x33ff) return true;
  if (c >= 0x3400 && c <= 0x4db5) return true;
  if (c >= 0x4e00 && c <= 0x9fbb) return true; // U+4E00–U+9FA5, U+9FA6–U+9FBB
  if (c >= 0xf900 && c <= 0xfa2d) return true;
  if (c >= 0xfa30 && c <= 0xfa6a) return true;
  if (c >= 0xfa70 && c <= 0xfad9) return true;
  if (c >= 0xfe10 && c <= 0xfe1f) return true;
  if (c >= 0xfe30 && c <= 0xfe4f) return true;
  return c >= 0xff00 && c <= 0xffef;
}

function tokensZh(line: string): string[] {
  line = pyStrip(line);
  let out = '';
  let last = 0;
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    // Everything the tokenizer spaces out is in the BMP, so surrogate halves can be skipped unit by unit.
    if (c >= 0x2001 && isZhTokenizerChar(c)) {
      out += line.slice(last, i) + ' ' + line[i] + ' ';
      last = i + 1;
    }
  }
  if (last === 0) return regexpTokens(line);
  return regexpTokens(out + line.slice(last));
}

function tokensChar(line: string): string[] {
  const out: string[] = [];
  for (const ch of line) if (!isPyWhitespace(ch.codePointAt(0)!)) out.push(ch);
  return out;
}

let intlRules: Array<[RegExp, string]> | undefined;
function tokensIntl(line: string): string[] {
  intlRules ??= [
    [/(\P{N})(\p{P})/gu, '$1 $2 '],
    [/(\p{P})(\P{N})/gu, ' $1 $2'],
    [/(\p{S})/gu, ' $1 '],
  ];
  for (const [re, to] of intlRules) line = line.replace(re, to);
  return pySplit(line);
}

const TOKENIZERS: Readonly<Record<TokenizerName, (line: string) => string[]>> = {
  '13a': tokens13a,
  zh: tokensZh,
  none: pySplit,
  char: tokensChar,
  intl: tokensIntl,
};

/** Checks a tokenizer name, throwing a UsageError with a did-you-mean for unknown names. */
export function resolveTokenizer(name: string | undefined): TokenizerName {
  const t = name ?? '13a';
  if (Object.hasOwn(TOKENIZERS, t)) return t as TokenizerName;
  throw new UsageError(`unknown BLEU tokenizer "${t}".${didYouMean(t, TOKENIZER_NAMES)}`, {
    field: 'tokenize',
    hint: `Use one of: ${TOKENIZER_NAMES.join(', ')}.`,
  });
}

/**
 * The tokens BLEU counts for `line`: sacreBLEU's `tokenizer(line.rstrip()).split()` (lowercasing first if
 * asked). Non-string input counts as the empty line.
 */
export function bleuTokens(line: unknown, options: { tokenize?: string; lowercase?: boolean } = {}): string[] {
  const fn = TOKENIZERS[resolveTokenizer(options.tokenize)];
  if (typeof line !== 'string') return [];
  let s = options.lowercase ? line.toLowerCase() : line;
  // Python's rstrip(); trailing whitespace only matters through the 13a '-\n' join.
  let b = s.length;
  while (b > 0 && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  if (b !== s.length) s = s.slice(0, b);
  return fn(s);
}

/** sacreBLEU's tokenized string: `tokenizer(line.rstrip())` with single spaces. */
export function tokenize(line: string, options: { tokenize?: string; lowercase?: boolean } = {}): string {
  return bleuTokens(line, options).join(' ');
}
