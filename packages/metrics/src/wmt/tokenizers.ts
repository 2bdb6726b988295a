import { didYouMean, UsageError } from '@readin/core';
import { isPyWhitespace, pyStrip } from './pytext.js';

/**
 * sacreBLEU 2.x BLEU tokenizers, reimplemented. Each returns the token list that sacreBLEU's
 * `tokenizer(line).split()` gives; `tokenize()` joins it with single spaces like sacreBLEU's output.
 */
export type TokenizerName = '13a' | 'zh' | 'none' | 'char' | 'intl';

/** Tokenizer names accepted by `corpusBleu`/`sentenceBleu` (`intl` is best effort: Unicode tables differ). */
export const TOKENIZER_NAMES: readonly TokenizerName[] = ['13a', 'zh', 'none', 'char', 'intl'];

/*
 * sacreBLEU's TokenizerRegexp (mteval-v13a's language-dependent part) is four regex substitutions applied in
 * turn: (1) space around each char of [{-~[-` -&(-+:-@/]; (2) `([^0-9])([.,])` → '$1 $2 '; (3) `([.,])([^0-9])` →
 * ' $1 $2'; (4) `([0-9])(-)` → '$1 $2 '; then a whitespace split. They only ever insert spaces, and a space can
 * only be the first element of a (2) match or the second of a (3) match, so the line splits into independent
 * chunks at whitespace and at (1)-characters (each its own token). A chunk without '.', ',' or '-' is one token;
 * the others are run through (2)–(4) emulated on a sequence of indices into the line (-1 = a space), with the
 * same left-to-right non-overlapping matching, and their tokens are sliced from the line.
 */
const DOT_COMMA = 1;
const DASH = 2;
const DIGIT = 4;
const ORDINARY = 8;
/** ASCII inside a chunk: a non-zero class (what (2)–(4) look for); 0 = whitespace or a (1)-character. */
const CHUNK_13A = new Uint8Array(128).fill(ORDINARY);
for (const ch of '{|}~[\\]^_` !"#$%&()*+:;<=>?@/') CHUNK_13A[ch.charCodeAt(0)] = 0;
for (let c = 9; c <= 13; c++) CHUNK_13A[c] = 0;
for (let c = 28; c <= 31; c++) CHUNK_13A[c] = 0;
CHUNK_13A[44] = DOT_COMMA;
CHUNK_13A[46] = DOT_COMMA;
CHUNK_13A[45] = DASH;
for (let c = 48; c <= 57; c++) CHUNK_13A[c] = DIGIT;

let seqA = new Int32Array(256);
let seqB = new Int32Array(256);

function grow(min: number): void {
  if (seqA.length < min) seqA = new Int32Array(Math.max(min, seqA.length * 2));
  if (seqB.length < min) seqB = new Int32Array(Math.max(min, seqB.length * 2));
}

/*
 * Tokenizers write token boundaries, not token strings: token k is `text.slice(spans[2k], spans[2k + 1])` of the
 * text the tokenizer returns (13a may rewrite the line first). BLEU interns tokens straight from the spans, so the
 * hot path allocates no string per token.
 */
let spans = new Int32Array(512);
let spanCount = 0;

function pushSpan(start: number, end: number): void {
  const k = spanCount << 1;
  if (k + 2 > spans.length) {
    const bigger = new Int32Array(spans.length * 2);
    bigger.set(spans);
    spans = bigger;
  }
  spans[k] = start;
  spans[k + 1] = end;
  spanCount++;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isDotComma = (c: number): boolean => c === 46 || c === 44;

/** Substitutions (2)–(4) on `line[from..to)` with a space before/after it when `spaceBefore`/`spaceAfter`. */
function chunkSpans(line: string, from: number, to: number, spaceBefore: boolean, spaceAfter: boolean): void {
  grow(4 * (to - from) + 8);
  let a = seqA;
  let b = seqB;
  let len = 0;
  if (spaceBefore) a[len++] = -1;
  for (let i = from; i < to; i++) a[len++] = i;
  if (spaceAfter) a[len++] = -1;
  const code = (e: number): number => (e < 0 ? 32 : line.charCodeAt(e));
  // (2) ([^0-9])([.,]) → '$1 $2 '
  let out = 0;
  let j = 0;
  while (j < len) {
    const e = a[j]!;
    if (j + 1 < len && !isDigit(code(e)) && isDotComma(code(a[j + 1]!))) {
      b[out++] = e;
      b[out++] = -1;
      b[out++] = a[j + 1]!;
      b[out++] = -1;
      j += 2;
    } else {
      b[out++] = e;
      j++;
    }
  }
  len = out;
  grow(2 * len + 8);
  a = seqB;
  b = seqA;
  // (3) ([.,])([^0-9]) → ' $1 $2'
  out = 0;
  j = 0;
  while (j < len) {
    const e = a[j]!;
    if (j + 1 < len && isDotComma(code(e)) && !isDigit(code(a[j + 1]!))) {
      b[out++] = -1;
      b[out++] = e;
      b[out++] = -1;
      b[out++] = a[j + 1]!;
      j += 2;
    } else {
      b[out++] = e;
      j++;
    }
  }
  len = out;
  grow(2 * len + 8);
  a = seqA;
  b = seqB;
  // (4) ([0-9])(-) → '$1 $2 '
  out = 0;
  j = 0;
  while (j < len) {
    const e = a[j]!;
    if (j + 1 < len && isDigit(code(e)) && code(a[j + 1]!) === 45) {
      b[out++] = e;
      b[out++] = -1;
      b[out++] = a[j + 1]!;
      b[out++] = -1;
      j += 2;
    } else {
      b[out++] = e;
      j++;
    }
  }
  len = out;
  // Split at spaces: the indices inside a token are consecutive.
  let start = -1;
  let last = -1;
  for (let k = 0; k < len; k++) {
    const e = b[k]!;
    if (e < 0) {
      if (start >= 0) {
        pushSpan(start, last + 1);
        start = -1;
      }
    } else {
      if (start < 0) start = e;
      last = e;
    }
  }
  if (start >= 0) pushSpan(start, last + 1);
}

/**
 * TokenizerRegexp's tokens for `line` — after spacing out `zh` characters when asked, and on `" " + line + " "`
 * when `pad` (as 13a does).
 */
function regexpSpans(line: string, zh: boolean, pad: boolean): string {
  const n = line.length;
  let start = 0;
  let flags = 0;
  for (let i = 0; i <= n; i++) {
    let c = -1;
    if (i < n) {
      c = line.charCodeAt(i);
      if (c < 128) {
        const k = CHUNK_13A[c]!;
        if (k !== 0) {
          flags |= k;
          continue;
        }
      } else if (!isPyWhitespace(c) && !(zh && c >= 0x2001 && isZhTokenizerChar(c))) {
        continue;
      }
    }
    // A chunk boundary: end of line, whitespace, or a character spaced out by (1) or by `zh`.
    if (i > start) {
      if ((flags & DIGIT) === 0) {
        if ((flags & DOT_COMMA) === 0) pushSpan(start, i);
        else dotCommaSpans(line, start, i);
      } else if ((flags & (DOT_COMMA | DASH)) === 0) pushSpan(start, i);
      else chunkSpans(line, start, i, start > 0 || pad, i < n || pad);
    }
    if (i < n && !isPyWhitespace(c)) pushSpan(i, i + 1);
    start = i + 1;
    flags = 0;
  }
  return line;
}

/**
 * A chunk without digits: (4) cannot apply, and (2)–(3) leave every '.' and ',' a token of its own (each is
 * either `$2` of a (2) match, spaced on both sides, or else preceded by a space or the line start and then
 * spaced after by (2) or (3) unless it ends an unpadded line).
 */
function dotCommaSpans(line: string, from: number, to: number): void {
  let start = from;
  for (let j = from; j < to; j++) {
    const c = line.charCodeAt(j);
    if (c === 46 || c === 44) {
      if (j > start) pushSpan(start, j);
      pushSpan(j, j + 1);
      start = j + 1;
    }
  }
  if (to > start) pushSpan(start, to);
}

function spans13a(line: string): string {
  if (line.includes('<skipped>')) line = line.replaceAll('<skipped>', '');
  if (line.includes('\n')) line = line.replaceAll('-\n', '').replaceAll('\n', ' ');
  if (line.includes('&')) {
    line = line
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  }
  return regexpSpans(line, false, true);
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

function spansZh(line: string): string {
  return regexpSpans(pyStrip(line), true, false);
}

/** Python's `split()` as spans. */
function spansSplit(line: string): string {
  const n = line.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (isPyWhitespace(line.charCodeAt(i))) {
      if (start >= 0) {
        pushSpan(start, i);
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) pushSpan(start, n);
  return line;
}

/** Every code point but whitespace. */
function spansChar(line: string): string {
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = line.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pushSpan(i, i + 2);
        i++;
        continue;
      }
    }
    if (!isPyWhitespace(c)) pushSpan(i, i + 1);
  }
  return line;
}

let intlRules: Array<[RegExp, string]> | undefined;
function spansIntl(line: string): string {
  intlRules ??= [
    [/(\P{N})(\p{P})/gu, '$1 $2 '],
    [/(\p{P})(\P{N})/gu, ' $1 $2'],
    [/(\p{S})/gu, ' $1 '],
  ];
  for (const [re, to] of intlRules) line = line.replace(re, to);
  return spansSplit(line);
}

/** Each tokenizer fills the span buffer and returns the text the spans index into. */
const TOKENIZERS: Readonly<Record<TokenizerName, (line: string) => string>> = {
  '13a': spans13a,
  zh: spansZh,
  none: spansSplit,
  char: spansChar,
  intl: spansIntl,
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
export function bleuTokens(
  line: unknown,
  options: { tokenize?: string; lowercase?: boolean } = {},
): string[] {
  const { text, count, spans } = bleuTokenSpans(line, options);
  const tokens = new Array<string>(count);
  for (let k = 0; k < count; k++) tokens[k] = text.slice(spans[2 * k]!, spans[2 * k + 1]!);
  return tokens;
}

/** Where `bleuTokenSpans` put the tokens: token k is `text.slice(spans[2k], spans[2k + 1])`, k < count. */
export interface TokenSpans {
  readonly text: string;
  readonly count: number;
  /** A shared buffer, overwritten by the next call. */
  readonly spans: Int32Array;
}

/** `bleuTokens` as boundaries into a shared buffer (valid until the next call): no string per token. */
export function bleuTokenSpans(
  line: unknown,
  options: { tokenize?: string; lowercase?: boolean } = {},
): TokenSpans {
  const fn = TOKENIZERS[resolveTokenizer(options.tokenize)];
  spanCount = 0;
  if (typeof line !== 'string') return { text: '', count: 0, spans };
  let s = options.lowercase ? line.toLowerCase() : line;
  // Python's rstrip(); trailing whitespace only matters through the 13a '-\n' join.
  let b = s.length;
  while (b > 0 && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  if (b !== s.length) s = s.slice(0, b);
  const text = fn(s);
  return { text, count: spanCount, spans };
}

/** sacreBLEU's tokenized string: `tokenizer(line.rstrip())` with single spaces. */
export function tokenize(line: string, options: { tokenize?: string; lowercase?: boolean } = {}): string {
  return bleuTokens(line, options).join(' ');
}
