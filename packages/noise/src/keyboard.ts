/**
 * The keyboard channel: a person typing the sentence word by word with a Pinyin IME. For each word the typist
 * produces a key sequence (full pinyin, abbreviated initials, shuangpin or 9-key), possibly with a slip; the
 * offline IME decodes the keys into frequency-ranked candidates and the typist takes the top one or a near one.
 */
import type { Rng } from '@readin/core';
import {
  chooseCandidate,
  type EditList,
  greedyDecode,
  greedyDecodeDigits,
  imeChoice,
  imeChoiceAt,
  pickRank,
  type Token,
} from './engine.js';
import { type Lexicon, letterDigit, type WordInfo } from './lexicon.js';
import { codePointLength, qwertyNeighbours, shuangpinKeys, splitSyllable } from './phonetics.js';
import type { KeyboardMechanisms, KeyboardParams } from './profiles.js';
import { digitsToChinese } from './speech.js';

const MECHS = [
  'homophone',
  'partial',
  'abbrev',
  'slip',
  'split',
  'fuzzy',
  't9',
  'shuangpin',
  'delete',
  'raw',
  'phrase',
] as const satisfies ReadonlyArray<keyof KeyboardMechanisms>;

/** Scratch space of the phrase and slip decodes (the decoder calls nothing that uses them). */
const phraseDigits: number[] = [];
const phraseSyl: string[] = [];
const slipDigits: number[] = [];

/** The edits' mechanism names (no string built per edit). */
const MECH_LABEL = Object.fromEntries(MECHS.map((m) => [m, `keyboard.${m}`])) as Readonly<
  Record<(typeof MECHS)[number], string>
>;

/** How much more often a word is mistyped when the IME's first candidate for its pinyin is another word. */
const NOT_TOP_BOOST = 2.5;

const HALF_WIDTH: Readonly<Record<string, string>> = {
  '，': ',',
  '。': '.',
  '：': ':',
  '；': ';',
  '？': '?',
  '！': '!',
  '（': '(',
  '）': ')',
};
const QUOTES = ['“', '”', '‘', '’', '"', "'"];
const FINAL = ['。', '？', '！', '.', '?', '!'];

export function keyboardChannel(
  tokens: readonly Token[],
  params: KeyboardParams,
  lex: Lexicon,
  rng: Rng,
  edits: EditList,
): void {
  const { weights, total, pByLength } = prepared(params);
  const last = lastContentIndex(tokens);
  const lastTok = tokens[last];
  if (lastTok && !lastTok.protected && lastTok.kind === 'han' && rng.chance(params.punctuation.addFinal)) {
    edits.insert(lastTok.end, '。', 'keyboard.punctuation');
  }
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.protected) continue;
    // A stray candidate before this word (unfinished selection), or a stray comma.
    if (t > 0 && !tokens[t - 1]!.protected && tok.kind === 'han') {
      if (rng.chance(params.insert)) {
        edits.insert(tok.start, stray(tok, params, lex, rng), 'keyboard.stray');
      } else if (rng.chance(params.punctuation.insert)) {
        const r = rng.float();
        edits.insert(tok.start, r < 0.6 ? '，' : r < 0.8 ? ' ' : '、', 'keyboard.punctuation');
      }
    }
    if (tok.kind === 'punct') {
      punctuation(tok, t === last, params, rng, edits);
      continue;
    }
    if (tok.kind === 'space') {
      if (rng.chance(params.punctuation.dropSpace))
        edits.replace(tok.start, tok.end, '', 'keyboard.punctuation');
      continue;
    }
    if (tok.kind === 'digit') {
      const out = rng.chance(params.digitSlip * 0.3)
        ? digitsToChinese(tok.text, tok.text.length === 4)
        : digitSlips(tok.text, params.digitSlip, rng);
      if (out !== tok.text) edits.replace(tok.start, tok.end, out, 'keyboard.digit');
      continue;
    }
    if (tok.kind === 'latin') {
      let out = tok.text;
      if (rng.chance(params.latinSlip)) out = out.toLowerCase();
      if (rng.chance(params.latinSlip * 0.3)) out = letterSlip(out, rng);
      if (out !== tok.text) edits.replace(tok.start, tok.end, out, 'keyboard.latin');
      continue;
    }
    if (tok.kind !== 'han') continue;
    const nChars = codePointLength(tok.text);
    const pWord = pByLength[nChars] ?? 1 - (1 - params.charError) ** nChars;
    // Words the IME does not offer first (domain words like 花呗 → 华北) go wrong far more often: the word is
    // mistyped when u < pWord × NOT_TOP_BOOST (at most 1) for such words, u < pWord for the others. The word is
    // looked up only when that matters (u between the two) or when it is mistyped.
    if (!(pWord > 0)) continue;
    const u = rng.float();
    if (u >= Math.min(1, pWord * NOT_TOP_BOOST)) continue;
    // A one-character word is never `notTop`: no need to look it up unless it is mistyped.
    if (nChars === 1 && u >= pWord) continue;
    // Only whether the word is `notTop` matters here (most look-ups): no need for the word's memo.
    if (u >= pWord && !lex.notTop(tok.text)) continue;
    const info = lex.word(tok.text);
    const notTop = nChars > 1 && info.notTop;
    if (u >= pWord && !notTop) continue;
    if (!hasReading(info)) continue;
    const m = notTop && rng.chance(0.5) ? 'homophone' : MECHS[rng.weightedIndex(weights, total)]!;
    if (m === 'phrase') {
      // The typist typed this word and the next one or two as one key sequence (often abbreviated) and
      // committed the IME's phrase candidate.
      let end = t;
      const want = 2 + rng.int(3);
      while (end + 1 < tokens.length && end - t + 1 < want) {
        const n = tokens[end + 1]!;
        if (n.kind !== 'han' || n.protected) break;
        end++;
      }
      if (end > t) {
        // The words' syllables as decode digits (typed in full for now), and their text.
        const digits = phraseDigits;
        let nSyl = 0;
        let original = '';
        for (let k = t; k <= end; k++) {
          const w = k === t ? info : lex.word(tokens[k]!.text);
          original += w.word;
          if (!hasReading(w)) continue;
          const ids = lex.fullDigits(w);
          for (let j = 0; j < ids.length; j++) {
            phraseSyl[nSyl] = w.syl[j]!;
            digits[nSyl++] = ids[j]!;
          }
        }
        if (nSyl === codePointLength(original)) {
          // Each syllable abbreviated to its first letter with probability 0.4.
          for (let j = 0; j < nSyl; j++)
            if (rng.chance(0.4)) digits[j] = letterDigit(phraseSyl[j]!.charCodeAt(0));
          const out = greedyDecodeDigits(lex, rng, digits, nSyl, params.rankDecay);
          if (out && out !== original) {
            edits.replace(tok.start, tokens[end]!.end, out, MECH_LABEL.phrase);
            t = end;
            continue;
          }
        }
      }
    }
    // Try the drawn mechanism, then fall back to per-character homophones when it yields nothing.
    let out = m === 'phrase' ? undefined : mistype(m, info, params, lex, rng);
    let mech: (typeof MECHS)[number] = m;
    if (out === null) continue; // the IME offered the intended word and the typist took it
    if (out === undefined || out === tok.text) {
      out = charwise(info, params.rankDecay, lex, rng) ?? undefined;
      mech = 'partial';
    }
    if (out !== undefined && out !== tok.text) edits.replace(tok.start, tok.end, out, MECH_LABEL[mech]);
  }
}

/** What `keyboardChannel` derives from the parameters, once per parameter object. */
interface Prepared {
  readonly weights: readonly number[];
  /** Sum of the positive mechanism weights. */
  readonly total: number;
  /** P(a word of n characters is mistyped), for the usual word lengths. */
  readonly pByLength: readonly number[];
}
const preparedParams = new WeakMap<KeyboardParams, Prepared>();
function prepared(params: KeyboardParams): Prepared {
  let p = preparedParams.get(params);
  if (p === undefined) {
    const pByLength: number[] = [];
    for (let n = 0; n <= 8; n++) pByLength.push(1 - (1 - params.charError) ** n);
    const weights = MECHS.map((m) => params.mechanisms[m]);
    let total = 0;
    for (const w of weights) total += w > 0 ? w : 0;
    p = { weights, total, pByLength };
    preparedParams.set(params, p);
  }
  return p;
}

/** Each character taken from its syllable's single-character candidates with probability 0.55 (at least one). */
function charwise(info: ReadWord, decay: number, lex: Lexicon, rng: Rng): string | undefined {
  const chars = info.chars;
  const first = rng.int(chars.length);
  let changed = false;
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i !== first && !rng.chance(0.55)) {
      out += ch;
      continue;
    }
    const cands = lex.charCandidates(info, i);
    const at = lex.charRank(info, i);
    const c = imeChoiceAt(rng, cands, at, decay);
    if (c) changed = true;
    out += c ? c.word : ch;
  }
  return changed ? out : undefined;
}

/** A word with a reading. */
type ReadWord = WordInfo & { readonly syl: readonly string[] };

function hasReading(info: WordInfo): info is ReadWord {
  return info.syl !== undefined;
}

/** `Array.from(s).slice(0, n).join('')` without the arrays. */
function codePointPrefix(s: string, n: number): string {
  let end = 0;
  for (let k = 0; k < n && end < s.length; k++) {
    const c = s.charCodeAt(end);
    end += c >= 0xd800 && c <= 0xdbff && end + 1 < s.length && isLowSurrogate(s.charCodeAt(end + 1)) ? 2 : 1;
  }
  return end === s.length ? s : s.slice(0, end);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function lastContentIndex(tokens: readonly Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]!.kind !== 'space') return i;
  return -1;
}

function punctuation(tok: Token, isLast: boolean, params: KeyboardParams, rng: Rng, edits: EditList): void {
  const p = params.punctuation;
  const c = tok.text;
  // The tables are keyed by char code: a token's text is a new string, and a number key needs no hashing.
  const code = c.length === 1 ? c.charCodeAt(0) : -1;
  const put = (r: string): void => edits.replace(tok.start, tok.end, r, 'keyboard.punctuation');
  if (isLast && FINAL_CODES.has(code)) {
    if (rng.chance(p.dropFinal)) put('');
    return;
  }
  if (c === '、') {
    if (rng.chance(p.enumComma)) put('，');
    else if (rng.chance(p.dropOther)) put('');
    return;
  }
  if (QUOTE_CODES.has(code)) {
    if (rng.chance(p.dropQuote)) put('');
    else if (rng.chance(p.swapQuote)) put(SWAP_QUOTE_BY_CODE.get(code) ?? c);
    return;
  }
  const full = FULL_WIDTH_BY_CODE.get(code);
  if (full !== undefined) {
    if (rng.chance(p.fullWidth)) put(full);
    return;
  }
  const half = HALF_WIDTH_BY_CODE.get(code);
  if (half !== undefined && rng.chance(p.halfWidth)) {
    put(half);
    return;
  }
  const drop =
    c === '·' || c === '《' || c === '》' ? p.dropOther * 5 : c === '，' ? p.dropOther * 0.15 : p.dropOther;
  if (rng.chance(Math.min(1, drop))) put('');
}

const FULL_WIDTH: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({ '，': ',', '：': ':', '；': ';', '？': '?', '！': '!', '（': '(', '）': ')' }).map(
    ([f, h]) => [h, f],
  ),
);
const SWAP_QUOTE: Readonly<Record<string, string>> = { '“': '”', '”': '“', '‘': '’', '’': '‘', '"': '“' };

/** A table of one-unit strings keyed by their char code. */
function byCode(table: Readonly<Record<string, string>>): ReadonlyMap<number, string> {
  return new Map(Object.entries(table).map(([k, v]) => [k.charCodeAt(0), v]));
}
const FINAL_CODES: ReadonlySet<number> = new Set(FINAL.map((c) => c.charCodeAt(0)));
const QUOTE_CODES: ReadonlySet<number> = new Set(QUOTES.map((c) => c.charCodeAt(0)));
const HALF_WIDTH_BY_CODE = byCode(HALF_WIDTH);
const FULL_WIDTH_BY_CODE = byCode(FULL_WIDTH);
const SWAP_QUOTE_BY_CODE = byCode(SWAP_QUOTE);

function digitSlips(s: string, p: number, rng: Rng): string {
  let out = '';
  for (const d of s) {
    if (!/[0-9]/.test(d) || !rng.chance(p)) {
      out += d;
      continue;
    }
    const r = rng.float();
    if (r < 0.45) continue; // dropped
    if (r < 0.8) out += String((Number(d) + (rng.chance(0.5) ? 1 : 9)) % 10);
    else out += d + d;
  }
  return out;
}

function letterSlip(s: string, rng: Rng): string {
  const i = rng.int(s.length);
  const ch = s[i]!;
  const nb = qwertyNeighbours(ch.toLowerCase());
  const r = rng.float();
  if (r < 0.5 && nb) return s.slice(0, i) + nb[rng.int(nb.length)] + s.slice(i + 1);
  if (r < 0.8) return s.slice(0, i + 1) + (nb ? nb[rng.int(nb.length)] : ch) + s.slice(i + 1);
  return s.slice(0, i) + s.slice(i + 1);
}

/**
 * A stray candidate left before a word: mostly a wrongly decoded attempt at that same word (a slip or a
 * homophone) that the typist did not delete before typing it again; sometimes the first syllable's top
 * candidate, a frequent word on the same initial, or raw pinyin letters.
 */
function stray(next: Token, params: KeyboardParams, lex: Lexicon, rng: Rng): string {
  const info = lex.word(next.text);
  if (!hasReading(info)) return '';
  const syl = info.syl;
  if (rng.chance(params.latinLeak)) {
    return syl[0]!.slice(0, 1 + rng.int(syl[0]!.length));
  }
  const r = rng.float();
  if (r < 0.3) return FILLERS[rng.weightedIndex(FILLER_WEIGHTS)]!;
  if (r < 0.65) {
    const m = rng.chance(0.6) ? 'slip' : 'abbrev';
    const out = mistype(m, info, params, lex, rng);
    if (typeof out === 'string' && out !== next.text) return codePointPrefix(out, 2);
  }
  if (r < 0.85) {
    const cands = lex.fullOne(syl[0]!);
    return cands[pickRank(rng, Math.min(cands.length, 5), params.rankDecay)]?.word ?? '';
  }
  const s2 = [syl[0]!, pickSyllable(lex, rng)];
  const cands = lex.mixed(s2, [false, true], 10);
  return cands[pickRank(rng, cands.length, 0.6)]?.word ?? '';
}

/** Characters typists commonly leave behind (frequent one-key candidates), with relative weights. */
const FILLERS = ['的', '是', '在', '有', '个', '了', '一', '和', '就', '那', '啊', '哦', '你', '吗'];
const FILLER_WEIGHTS = [30, 12, 10, 9, 8, 7, 7, 6, 5, 5, 8, 8, 8, 5];

const COMMON_INITIALS = 'bpmfdtnlgkhjqxzcsryw';
function pickSyllable(_lex: Lexicon, rng: Rng): string {
  return COMMON_INITIALS[rng.int(COMMON_INITIALS.length)]!;
}

function mistype(
  m: (typeof MECHS)[number],
  info: ReadWord,
  params: KeyboardParams,
  lex: Lexicon,
  rng: Rng,
): string | undefined | null {
  const { word, chars, syl } = info;
  const decay = params.rankDecay;
  switch (m) {
    case 'homophone': {
      const cands = lex.homophones(info);
      if (cands.length <= 1) return undefined;
      return imeChoiceAt(rng, cands, info.homAt, decay)?.word ?? null;
    }
    case 'partial': {
      const i = rng.int(chars.length);
      const cands = lex.charCandidates(info, i);
      const at = lex.charRank(info, i);
      const c = imeChoiceAt(rng, cands, at, decay);
      if (!c) return null;
      return replaceChar(chars, i, c.word);
    }
    case 'raw': {
      // Pinyin letters of the word (or of its first syllables) left in the text.
      const k = 1 + rng.int(syl.length);
      const letters = syl.slice(0, k).join('');
      return letters + chars.slice(k).join('');
    }
    case 'abbrev': {
      // Initials for some syllables (all of them for short words), decoded as one key.
      const abbr = syl.map((_, i) => (syl.length <= 2 ? true : i > 0 || rng.chance(0.5)));
      if (syl.length === 1) return undefined; // nobody abbreviates a one-syllable word
      const cands = lex.mixed(syl, abbr, 12);
      if (cands.length === 0) return greedyDecode(lex, rng, syl, abbr, decay, word);
      return imeChoice(rng, cands, word, decay)?.word ?? null;
    }
    case 'slip': {
      const letters = info.letters;
      const i = rng.int(letters.length);
      const r = rng.float();
      let typed: string;
      if (r < 0.7) {
        const nb = qwertyNeighbours(letters[i]!);
        if (!nb) return undefined;
        typed = letters.slice(0, i) + nb[rng.int(nb.length)] + letters.slice(i + 1);
      } else if (r < 0.85) typed = letters.slice(0, i) + letters.slice(i + 1);
      else typed = letters.slice(0, i + 1) + letters.slice(i);
      const n = lex.parseLetterDigits(typed, slipDigits);
      return greedyDecodeDigits(lex, rng, slipDigits, n, decay * 0.5, word) || undefined;
    }
    case 'split': {
      const alt = resplit(syl, lex, rng);
      if (!alt) return undefined;
      return (
        greedyDecode(
          lex,
          rng,
          alt,
          alt.map(() => false),
          decay * 0.5,
        ) || undefined
      );
    }
    case 'fuzzy': {
      // One of the fuzzy variants of all the syllables (syllable by syllable, pair by pair), uniformly.
      let nOptions = 0;
      for (const s of syl) nOptions += lex.fuzzyVariants(s).length;
      if (nOptions === 0) return undefined;
      let k = rng.int(nOptions);
      let i = 0;
      while (k >= lex.fuzzyVariants(syl[i]!).length) k -= lex.fuzzyVariants(syl[i++]!).length;
      const s2 = syl.slice();
      s2[i] = lex.fuzzyVariants(syl[i]!)[k]!;
      const c = chooseCandidate(rng, lex.full(s2), word, decay);
      return (
        c?.word ??
        greedyDecode(
          lex,
          rng,
          s2,
          s2.map(() => false),
          decay,
        )
      );
    }
    case 't9': {
      if (syl.length > 3) return undefined;
      const { cands, at } = lex.t9Candidates(info);
      return imeChoiceAt(rng, cands, at, decay)?.word ?? null;
    }
    case 'shuangpin': {
      const i = rng.int(syl.length);
      const keys = shuangpinKeys(syl[i]!);
      if (!keys) return undefined;
      const k = rng.int(2);
      const nb = qwertyNeighbours(keys[k]!);
      if (!nb) return undefined;
      const slipped = k === 0 ? nb[rng.int(nb.length)]! + keys[1] : keys[0]! + nb[rng.int(nb.length)]!;
      const target = syllableFromShuangpin(slipped, syl[i]!, lex);
      if (!target) return undefined;
      const s2 = syl.slice();
      s2[i] = target;
      const c = lex.full(s2)[0] ?? lex.full([target])[0];
      if (!c) return undefined;
      return s2.length > 1 && lex.full(s2).length > 0
        ? c.word
        : chars.map((ch, j) => (j === i ? c.word : ch)).join('');
    }
    case 'phrase':
      return undefined;
    case 'delete': {
      if (chars.length <= 2 && rng.chance(0.6)) return '';
      const i = rng.int(chars.length);
      return replaceChar(chars, i, '');
    }
  }
}

/** The characters joined, with character i replaced by `by`. */
function replaceChar(chars: readonly string[], i: number, by: string): string {
  let out = '';
  for (let j = 0; j < chars.length; j++) out += j === i ? by : chars[j];
  return out;
}

/** A syllable whose Xiaohe keys are `keys`, preferring one that shares the initial or final of `orig`. */
const shuangpinIndex = new WeakMap<Lexicon, Map<string, string[]>>();
function syllableFromShuangpin(keys: string, orig: string, lex: Lexicon): string | undefined {
  let idx = shuangpinIndex.get(lex);
  if (!idx) {
    idx = new Map();
    for (const s of [...lex.syllables].sort()) {
      const k = shuangpinKeys(s);
      if (k !== undefined) idx.set(k, [...(idx.get(k) ?? []), s]);
    }
    shuangpinIndex.set(lex, idx);
  }
  const o = splitSyllable(orig);
  let best: string | undefined;
  for (const s of idx.get(keys) ?? []) {
    const p = splitSyllable(s);
    if (p.initial === o.initial || p.final === o.final) return s;
    best ??= s;
  }
  return best;
}

/** Another valid split of the letters (`xian` → `xi an`, `fang an` → `fan gan`), or undefined. */
function resplit(syl: readonly string[], lex: Lexicon, rng: Rng): string[] | undefined {
  const options: string[][] = [];
  const valid = (s: string) => lex.isSyllable(s);
  for (let i = 0; i < syl.length; i++) {
    const s = syl[i]!;
    for (let k = 1; k < s.length; k++) {
      const a = s.slice(0, k);
      const b = s.slice(k);
      if (valid(a) && valid(b) && b.length > 1 && /^[aeiou]/.test(b))
        options.push([...syl.slice(0, i), a, b, ...syl.slice(i + 1)]);
    }
    const n = syl[i + 1];
    if (n !== undefined) {
      // Move one letter across the boundary.
      const a1 = s.slice(0, -1);
      const b1 = s.slice(-1) + n;
      if (a1 && valid(a1) && valid(b1)) options.push([...syl.slice(0, i), a1, b1, ...syl.slice(i + 2)]);
      const a2 = s + n.slice(0, 1);
      const b2 = n.slice(1);
      if (b2 && valid(a2) && valid(b2)) options.push([...syl.slice(0, i), a2, b2, ...syl.slice(i + 2)]);
    }
  }
  if (options.length === 0) return undefined;
  return options[rng.int(options.length)];
}
