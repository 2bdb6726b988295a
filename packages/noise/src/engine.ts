/**
 * Shared machinery of the channels: tokens with offsets, protected spans, edits and their application, and the
 * candidate choice of the IME/ASR decoder.
 */
import type { Rng } from '@readin/core';
import { type LexEntry, type Lexicon, SYL_BASE } from './lexicon.js';
import { isHanWord, isPunctChar } from './phonetics.js';

/** One change the simulator made: `text.slice(start, end)` (UTF-16 offsets in the input) became `replacement`. */
export interface NoiseEdit {
  readonly start: number;
  readonly end: number;
  readonly original: string;
  readonly replacement: string;
  /** What made the change, e.g. `keyboard.homophone`, `speech.punctuation`. */
  readonly mechanism: string;
}

export type TokenKind = 'han' | 'punct' | 'space' | 'digit' | 'latin' | 'other';

export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TokenKind;
  /** Inside a protected span: never edited, nothing inserted inside. */
  readonly protected: boolean;
}

/** A protected span: a literal string (every occurrence is protected) or UTF-16 offsets. */
export type ProtectSpec = string | { readonly start: number; readonly end: number };

export function protectedRanges(
  text: string,
  protect: readonly ProtectSpec[] | undefined,
): Array<[number, number]> {
  if (protect === undefined || protect.length === 0) return [];
  const out: Array<[number, number]> = [];
  for (const p of protect ?? []) {
    if (typeof p === 'string') {
      if (!p) continue;
      let i = text.indexOf(p);
      while (i >= 0) {
        out.push([i, i + p.length]);
        i = text.indexOf(p, i + 1);
      }
    } else if (p.end > p.start) out.push([Math.max(0, p.start), Math.min(text.length, p.end)]);
  }
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const RE_DIGIT = /^[0-9０-９.]+$/;
const RE_LATIN = /^[A-Za-zＡ-Ｚａ-ｚ]+$/;
const RE_SPACE = /^\s+$/;

/** Whether every UTF-16 unit is in U+4E00–U+9FEF (CJK Unified Ideographs, all Script=Han): no regex needed. */
function isCommonHanWord(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fef) return false;
  }
  return t.length > 0;
}

const KINDS: readonly TokenKind[] = ['han', 'punct', 'space', 'digit', 'latin', 'other'];
/** `kindOf` of each one-unit string, by char code (index in KINDS + 1; 0: not known yet). */
const singleKind = new Uint8Array(0x10000);

function kindOf(t: string): TokenKind {
  if (t.length === 1) {
    // Punctuation and other one-character tokens are a third of the tokens: no regexes for them.
    const c = t.charCodeAt(0);
    let k = singleKind[c]!;
    if (k === 0) {
      k = KINDS.indexOf(kindOfUncached(t)) + 1;
      singleKind[c] = k;
    }
    return KINDS[k - 1]!;
  }
  return kindOfUncached(t);
}

function kindOfUncached(t: string): TokenKind {
  if (isCommonHanWord(t) || isHanWord(t)) return 'han';
  if (RE_SPACE.test(t)) return 'space';
  if (RE_DIGIT.test(t)) return 'digit';
  if (RE_LATIN.test(t)) return 'latin';
  if (t.length === 1 && isPunctChar(t)) return 'punct';
  return 'other';
}

/** Splits a jieba token into runs of one kind (jieba keeps `……` or `2019年` together sometimes). */
function pushToken(out: Token[], text: string, start: number, prot: boolean): void {
  const k = kindOf(text);
  if (k !== 'other' || text.length === 1) {
    if (k === 'punct' || k === 'other') {
      out.push({ text, start, end: start + text.length, kind: k, protected: prot });
      return;
    }
    out.push({ text, start, end: start + text.length, kind: k, protected: prot });
    return;
  }
  // Mixed token: split into maximal runs of one character kind (by code point).
  let runStart = start;
  let runKind: TokenKind | undefined;
  let run = '';
  for (const ch of text) {
    let ck = kindOf(ch);
    if (ck === 'other' && isPunctChar(ch)) ck = 'punct';
    if (runKind !== undefined && (ck !== runKind || ck === 'punct')) {
      out.push({ text: run, start: runStart, end: runStart + run.length, kind: runKind, protected: prot });
      runStart += run.length;
      run = '';
    }
    runKind = ck;
    run += ch;
  }
  if (run)
    out.push({ text: run, start: runStart, end: runStart + run.length, kind: runKind!, protected: prot });
}

/** Tokens of a text: jieba words of the unprotected parts, protected spans as single protected tokens. */
export function tokenize(
  text: string,
  cut: (s: string) => string[],
  ranges: ReadonlyArray<readonly [number, number]>,
): Token[] {
  const out: Token[] = [];
  let pos = 0;
  const doChunk = (from: number, to: number): void => {
    if (to <= from) return;
    let off = from;
    for (const w of cut(text.slice(from, to))) {
      if (!w) continue;
      pushToken(out, w, off, false);
      off += w.length;
    }
  };
  for (const [s, e] of ranges) {
    doChunk(pos, s);
    out.push({ text: text.slice(s, e), start: s, end: e, kind: 'other', protected: true });
    pos = e;
  }
  doChunk(pos, text.length);
  return out;
}

/** Applies non-overlapping edits sorted by position (insertions have start === end). */
export function applyEdits(text: string, edits: readonly NoiseEdit[]): string {
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += text.slice(pos, e.start) + e.replacement;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Index k in [0, n) with probability ∝ decay^k (the user takes the top candidate or a near one). */
export function pickRank(rng: Rng, n: number, decay: number): number {
  if (n <= 1) return 0;
  const d = Math.min(Math.max(decay, 0), 0.95);
  let k = 0;
  while (k < n - 1 && rng.float() < d) k++;
  return k;
}

/** Chooses a candidate different from `intended`, keeping the decoder's (frequency) order. */
export function chooseCandidate(
  rng: Rng,
  candidates: readonly LexEntry[],
  intended: string,
  decay: number,
  limit = 8,
): LexEntry | undefined {
  const list: LexEntry[] = [];
  for (const c of candidates) {
    if (c.word !== intended) list.push(c);
    if (list.length >= limit) break;
  }
  if (list.length === 0) return undefined;
  return list[pickRank(rng, list.length, decay)];
}

/**
 * What a typist commits when the intended word is among the decoder's candidates: rank k with probability
 * ∝ decay^k; undefined when that is the intended word itself (typed correctly). When the intended word is not
 * offered at all, a different candidate is always taken.
 */
export function imeChoice(
  rng: Rng,
  candidates: readonly LexEntry[],
  intended: string,
  decay: number,
  limit = 8,
): LexEntry | undefined {
  return imeChoiceAt(rng, candidates, rankOf(candidates, intended, limit), decay, limit);
}

/** Position of `word` among the first `limit` candidates, or -1. */
export function rankOf(candidates: readonly LexEntry[], word: string, limit = 8): number {
  const n = Math.min(candidates.length, limit);
  for (let i = 0; i < n; i++) if (candidates[i]!.word === word) return i;
  return -1;
}

/**
 * `imeChoice` with the intended word's position `at` among the first `limit` candidates already known (-1: not
 * offered; candidate lists hold each word once).
 */
export function imeChoiceAt(
  rng: Rng,
  candidates: readonly LexEntry[],
  at: number,
  decay: number,
  limit = 8,
): LexEntry | undefined {
  const n = Math.min(candidates.length, limit);
  // Not offered: the typist takes a near candidate (what `chooseCandidate` gives when the intended word is
  // not among the first `limit`).
  if (at < 0) return n === 0 ? undefined : candidates[pickRank(rng, n, decay)];
  if (at === 0) {
    // The intended word is the top candidate: only a mis-pressed number key gets another one.
    return n > 1 && rng.chance(TOP_SLIP) ? candidates[1 + pickRank(rng, n - 1, decay)] : undefined;
  }
  const k = pickRank(rng, n, decay);
  return k === at ? undefined : candidates[k];
}

/** Probability of taking another candidate when the intended word is already the top one. */
const TOP_SLIP = 0.1;

/**
 * Decodes a syllable sequence (some only abbreviated) into words the way an IME commits a long input: the
 * longest prefix with a candidate first. Positions without any candidate are skipped.
 */
export function greedyDecode(
  lex: Lexicon,
  rng: Rng,
  syl: readonly string[],
  abbr: readonly boolean[],
  decay: number,
  avoid?: string,
  original?: readonly string[],
  avoidOriginal = 0,
): string {
  lex.decodeDigits(syl, abbr, wrapperDigits);
  return greedyDecodeDigits(lex, rng, wrapperDigits, syl.length, decay, avoid, original, avoidOriginal);
}

/** Scratch space of `greedyDecode` (the decoder calls nothing that decodes again). */
const wrapperDigits: number[] = [];

/**
 * `greedyDecode` of the first `n` decode digits (`Lexicon.decodeDigits`: a syllable id, an abbreviated letter
 * or 0 for a position nothing matches): the index keys are sums of digits, no syllable string is looked up.
 */
export function greedyDecodeDigits(
  lex: Lexicon,
  rng: Rng,
  digits: readonly number[],
  n: number,
  decay: number,
  avoid?: string,
  original?: readonly string[],
  avoidOriginal = 0,
): string {
  let out = '';
  let i = 0;
  while (i < n) {
    let took = false;
    const maxLen = Math.min(4, n - i);
    // The longest prefix at i with candidates; most decodes stop at the first, longest, look-up.
    for (let len = maxLen; len >= 1; len--) {
      // `lex.mixed(s, a)` when some syllable of the prefix is abbreviated, else `lex.full(s)`; a position that
      // matches nothing leaves both empty.
      let mixed = false;
      let key = 0;
      let k = 0;
      for (; k < len; k++) {
        const d = digits[i + k]!;
        if (d === 0) break;
        if (d > SYL_BASE) mixed = true;
        key = key * SYL_BASE + d;
      }
      if (k < len) continue;
      const cands = mixed ? lex.mixedByDigits(digits, i, len) : lex.fullByKey(key);
      if (cands.length === 0) continue;
      const first = cands[0]!;
      // Mostly the top candidate; sometimes a near one.
      const pick =
        avoid !== undefined && i === 0 && len === n
          ? chooseCandidate(rng, cands, avoid, decay)
          : (cands[pickRank(rng, Math.min(cands.length, 6), decay * 0.5)] ?? first);
      let word = (pick ?? first).word;
      if (original !== undefined && cands.length > 1 && isJoined(word, original, i, len)) {
        // Re-decoding a misheard phrase rarely lands on exactly the same words.
        if (rng.chance(avoidOriginal)) word = (chooseCandidate(rng, cands, word, decay) ?? first).word;
      }
      out += word;
      i += len;
      took = true;
      break;
    }
    if (!took) i++;
  }
  return out;
}

/** `word === parts.slice(from, from + len).join('')` without the array and the string. */
function isJoined(word: string, parts: readonly string[], from: number, len: number): boolean {
  let pos = 0;
  for (let k = from; k < from + len; k++) {
    const p = parts[k] ?? '';
    if (!word.startsWith(p, pos)) return false;
    pos += p.length;
  }
  return pos === word.length;
}

/** Collects edits in order; refuses overlaps. */
export class EditList {
  readonly edits: NoiseEdit[] = [];
  constructor(private readonly text: string) {}

  replace(start: number, end: number, replacement: string, mechanism: string): void {
    const original = this.text.slice(start, end);
    if (original === replacement) return;
    const last = this.edits[this.edits.length - 1];
    if (last && start < last.end) return;
    this.edits.push({ start, end, original, replacement, mechanism });
  }

  insert(at: number, replacement: string, mechanism: string): void {
    if (!replacement) return;
    const last = this.edits[this.edits.length - 1];
    if (last && at < last.end) return;
    this.edits.push({ start: at, end: at, original: '', replacement, mechanism });
  }
}
