/**
 * Spider's `process_sql.tokenize`: single quotes become double quotes, every quoted string is replaced by a
 * placeholder, the rest goes through NLTK's word tokenizer (`NLTKWordTokenizer().tokenize` on the whole string),
 * tokens are lower-cased, placeholders are put back (original case kept), and `!`/`>`/`<` + `=` are joined.
 */
import { PY_WS, PyCrash, pySplit } from './python.js';

const WORD = '[\\p{L}\\p{N}_]';
const B = `(?<!${WORD})`;
const E = `(?!${WORD})`;
const WS_CHAR = new RegExp(`[${PY_WS}]`);

// NLTK rules that can fire here. Quotes and apostrophes never reach the word tokenizer (every ' becomes " and
// every "…" pair becomes a placeholder), so the quote/clitic rules that need them are left out.
const STARTING_1 = /([«“‘„]|`+)/g;
const STARTING_3 = /(``)/g;
const COLON_COMMA = /([:,])([^\p{Nd}])/gu;
const COLON_COMMA_END = /([:,])(?=\n?$)/;
const ELLIPSIS = /\.{2,}/g;
const SYMBOLS = /[;@#$%&]/g;
const DASHES = /[\u2012-\u2015]/g;
const QMARK = /[?!]/g;
const STAR = /[*]/g;
const PARENS = /[\][(){}<>]/g;
const DOUBLE_DASH = /--/g;
const ENDING_1 = /([»”’])/g;
const CONTRACTIONS = [
  new RegExp(`${B}(can)(not)${E}`, 'giu'),
  new RegExp(`${B}(g[iıİ]m)(me)${E}`, 'giu'),
  new RegExp(`${B}(gon)(na)${E}`, 'giu'),
  new RegExp(`${B}(got)(ta)${E}`, 'giu'),
  new RegExp(`${B}(lem)(me)${E}`, 'giu'),
  new RegExp(`${B}(wan)(na)(?=[${PY_WS}])`, 'giu'),
];

const HAS_STARTING = /[«“‘„`]/;
const HAS_SYMBOL = /[;@#$%&]/;
const HAS_DASH = /[\u2012-\u2015]/;
const HAS_ENDING = /[»”’]/;
const HAS_CONTRACTION = /can|g[iıİ]m|gon|got|lem|wan/i;

const FINAL_PERIOD_1 = new Set([']', ')', '}', '>', '"', "'", '»', '”', '’', ' ']);
const FINAL_PERIOD_2 = new Set([']', ')', '}', '>', '"', "'"]);

/**
 * NLTK's `([^\.])(\.)([<closers>]*)\s*$` final-period rule, without regex backtracking: the only candidate is
 * the last `.` of the text (what follows it may not contain a `.`).
 */
function finalPeriod(text: string, closers: ReadonlySet<string>, spaced: boolean): string {
  const dot = text.lastIndexOf('.');
  if (dot < 1 || text[dot - 1] === '.') return text;
  const rest = text.slice(dot + 1);
  let k = 0;
  while (k < rest.length && closers.has(rest[k]!)) k++;
  for (let i = k; i < rest.length; i++) if (!WS_CHAR.test(rest[i]!)) return text;
  return text.slice(0, dot) + ' .' + (spaced ? ' ' : '') + rest.slice(0, k) + ' ';
}

/** `NLTKWordTokenizer().tokenize(text)` for text without quotes or apostrophes. */
export function nltkWordTokenize(input: string): string[] {
  // Each rule only runs when its trigger characters occur (same result, far fewer regex passes).
  let text = input;
  if (HAS_STARTING.test(text)) text = text.replace(STARTING_1, ' $1 ').replace(STARTING_3, ' $1 ');
  text = finalPeriod(text, FINAL_PERIOD_1, true);
  if (text.includes(',') || text.includes(':')) {
    text = text.replace(COLON_COMMA, ' $1 $2').replace(COLON_COMMA_END, ' $1 ');
  }
  if (text.includes('..')) text = text.replace(ELLIPSIS, ' $& ');
  if (HAS_SYMBOL.test(text)) text = text.replace(SYMBOLS, ' $& ');
  if (HAS_DASH.test(text)) text = text.replace(DASHES, ' $& ');
  text = finalPeriod(text, FINAL_PERIOD_2, false);
  if (text.includes('?') || text.includes('!')) text = text.replace(QMARK, ' $& ');
  if (text.includes('*')) text = text.replace(STAR, ' $& ');
  text = text.replace(PARENS, ' $& ');
  if (text.includes('--')) text = text.replace(DOUBLE_DASH, ' -- ');
  text = ` ${text} `;
  if (HAS_ENDING.test(text)) text = text.replace(ENDING_1, ' $1 ');
  if (HAS_CONTRACTION.test(text)) for (const re of CONTRACTIONS) text = text.replace(re, ' $1 $2 ');
  return pySplit(text);
}

const EQ_PREFIX = new Set(['!', '>', '<']);

/** Spider's `tokenize(string)`. Throws PyCrash where Python's `assert`/indexing would raise. */
export function spiderTokenize(input: string): string[] {
  const string = input.replace(/'/g, '"');
  const quotes: number[] = [];
  for (let i = string.indexOf('"'); i >= 0; i = string.indexOf('"', i + 1)) quotes.push(i);
  if (quotes.length % 2 !== 0) throw new PyCrash('Unexpected quote');

  // Replace each "…" pair by a placeholder named after its (original) offsets; later pairs first in Python,
  // which leaves earlier offsets valid, so one left-to-right pass builds the same string.
  const vals = new Map<string, string>();
  let text = string;
  if (quotes.length > 0) {
    let out = '';
    let last = 0;
    for (let i = 0; i < quotes.length; i += 2) {
      const q1 = quotes[i]!;
      const q2 = quotes[i + 1]!;
      const key = `__val_${q1}_${q2}__`;
      vals.set(key, string.slice(q1, q2 + 1));
      out += string.slice(last, q1) + key;
      last = q2 + 1;
    }
    text = out + string.slice(last);
  }

  const toks = nltkWordTokenize(text);
  for (let i = 0; i < toks.length; i++) {
    const lower = toks[i]!.toLowerCase();
    toks[i] = vals.size > 0 ? (vals.get(lower) ?? lower) : lower;
  }

  // Join `!=`, `>=`, `<=` (Python walks the `=` positions from the right and rebuilds the list each time).
  const eqs: number[] = [];
  for (let i = 0; i < toks.length; i++) if (toks[i] === '=') eqs.push(i);
  if (eqs.length === 0) return toks;
  const removed = new Uint8Array(toks.length);
  let wrapAtZero = false;
  for (let j = eqs.length - 1; j >= 0; j--) {
    const e = eqs[j]!;
    if (e === 0) {
      wrapAtZero = true;
      continue;
    }
    const pre = toks[e - 1]!;
    if (EQ_PREFIX.has(pre)) {
      toks[e - 1] = pre + '=';
      removed[e] = 1;
    }
  }
  let result = toks.filter((_, i) => removed[i] === 0);
  if (wrapAtZero) {
    // eq_idx == 0: Python reads toks[-1] (the last token) and splices toks[:-1] + [pre + '='] + toks[1:].
    const pre = result[result.length - 1]!;
    if (EQ_PREFIX.has(pre)) result = [...result.slice(0, -1), pre + '=', ...result.slice(1)];
  }
  return result;
}
