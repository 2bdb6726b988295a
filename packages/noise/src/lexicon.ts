/**
 * The offline IME lexicon: the jieba dictionary's words with their frequencies, indexed by toneless pinyin
 * (full syllables), by abbreviation (first letter of each syllable) and, on demand, by T9 digits. Readings come
 * from pinyin-pro (context-aware for words with a polyphonic character). Built once, lazily, per process.
 */
import { createRequire } from 'node:module';
import { BoundedCache, BoundedNumericCache, NumericTable } from './cache.js';
import { rankOf } from './engine.js';
import { abbreviation, applyFuzzy, FUZZY_PAIR_NAMES, isHanChar, t9Digits } from './phonetics.js';

type PinyinFn = typeof import('pinyin-pro').pinyin;
type PolyphonicFn = typeof import('pinyin-pro').polyphonic;

/** One dictionary word with its toneless syllables and jieba frequency. */
export interface LexEntry {
  readonly word: string;
  readonly freq: number;
  readonly syl: readonly string[];
}

/** Candidates with the intended word's position among the first eight of them (-1: not offered). */
export interface RankedCandidates {
  readonly cands: readonly LexEntry[];
  readonly at: number;
}

/** What the channels need of one word, computed once per word (see `Lexicon.word`); never modify it. */
export interface WordInfo {
  readonly word: string;
  /** The word's characters (code points). */
  readonly chars: readonly string[];
  /** Its context-aware toneless syllables (`readWord`); undefined when some character has no reading. */
  readonly syl: readonly string[] | undefined;
  /** `notTop(word)`: the IME's first candidate for the word's plain pinyin is another word. */
  readonly notTop: boolean;
  /** `syl.join('')` (empty without a reading). */
  readonly letters: string;
  /** Memo of `Lexicon.homophones` (in the word's own object: one object less to load). */
  homCands: readonly LexEntry[] | undefined;
  /** The word's rank among `homCands` (`rankOf`), once they are known. */
  homAt: number;
  /**
   * Memo of `Lexicon.charCandidates` and `charRank` for all the characters, flat: character i's candidates at
   * 2i, its rank among them at 2i + 1 (no object per character to load).
   */
  charMemo: Array<readonly LexEntry[] | number> | undefined;
  /** Memo of `Lexicon.t9Candidates`. */
  t9: RankedCandidates | undefined;
  /** Memo of `Lexicon.fullDigits`. */
  digits: readonly number[] | undefined;
}

/** Capacity of each generation of the per-word memo (words, with their readings and IME rank). */
const WORD_CACHE = 20_000;
/** Capacity of each generation of the mixed-key candidate memo. */
const MIXED_CACHE = 10_000;

/** Smallest jieba frequency kept in the IME index (rare words are never an IME's first page). */
const MIN_FREQ = 5;
/** Longest word (in characters) the IME index keeps. */
const MAX_LEN = 4;

export class Lexicon {
  /**
   * Entries by their full syllables, keyed by a number: the syllables' ids (1…) as digits in base `SYL_BASE`
   * (a number key is found without building and hashing a string of syllables).
   */
  private readonly byFull = new NumericTable<LexEntry[]>(1 << 17);
  /** The lists of `byFull` in the order their keys first came (the T9 index is built in this order). */
  private readonly fullLists: LexEntry[][] = [];
  private readonly sylIds = new Map<string, number>();
  /** The syllables by id (index 0 unused). */
  private readonly sylById: string[] = [''];
  readonly byAbbr = new Map<string, LexEntry[]>();
  readonly syllables = new Set<string>();
  private byT9: Map<string, LexEntry[]> | undefined;
  private readonly charReading = new Map<string, string | null>();
  private readonly charPoly = new Map<string, boolean>();

  constructor(
    private readonly pinyinFn: PinyinFn,
    private readonly polyFn: PolyphonicFn,
    dictText: string,
    prebuilt?: readonly LexEntry[],
  ) {
    if (prebuilt) {
      this.index(prebuilt);
      return;
    }
    const entries: LexEntry[] = [];
    const seen = new Set<string>();
    let start = 0;
    while (start < dictText.length) {
      let end = dictText.indexOf('\n', start);
      if (end < 0) end = dictText.length;
      const line = dictText.slice(start, end);
      start = end + 1;
      const s1 = line.indexOf(' ');
      if (s1 <= 0) continue;
      const s2 = line.indexOf(' ', s1 + 1);
      const word = line.slice(0, s1);
      const freq = Number(line.slice(s1 + 1, s2 < 0 ? undefined : s2));
      const tag = s2 < 0 ? '' : line.slice(s2 + 1).trim();
      if (tag === 'zg' || !(freq >= MIN_FREQ) || word.length > MAX_LEN) continue;
      let han = true;
      for (const c of word) {
        if (!isHanChar(c)) {
          han = false;
          break;
        }
      }
      if (!han) continue;
      if (seen.has(word)) continue;
      seen.add(word);
      // Not through the word memo: its IME rank needs the finished index.
      const syl = this.readWordUncached(word, true);
      if (syl === undefined) continue;
      entries.push({ word, freq, syl });
    }
    // A single character's IME rank follows how often it is typed, inside words too, not only its jieba
    // frequency as a standalone word (which ranks names like 鄂 above 额 and 饿).
    const mass = new Map<string, number>();
    for (const e of entries) {
      if (e.syl.length < 2) continue;
      for (const c of e.word) mass.set(c, (mass.get(c) ?? 0) + e.freq);
    }
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.syl.length === 1)
        entries[i] = { ...e, freq: Math.max(e.freq, Math.round(0.7 * (mass.get(e.word) ?? 0))) };
    }
    entries.sort((a, b) => b.freq - a.freq || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    this.index(entries);
  }

  /** Every indexed entry, most frequent first (what the on-disk cache stores). */
  readonly entries: LexEntry[] = [];

  private index(entries: readonly LexEntry[]): void {
    for (const e of entries) {
      this.entries.push(e);
      let key = 0;
      for (const s of e.syl) {
        let id = this.sylIds.get(s);
        if (id === undefined) {
          id = this.sylIds.size + 1;
          if (id >= SYL_BASE) throw new Error('IME lexicon: too many distinct syllables');
          this.sylIds.set(s, id);
          this.sylById.push(s);
          this.syllables.add(s);
        }
        key = key * SYL_BASE + id;
      }
      const list = this.byFull.get(key);
      if (list) list.push(e);
      else {
        const created = [e];
        this.byFull.set(key, created);
        this.fullLists.push(created);
      }
      push(this.byAbbr, e.syl.map(abbreviation).join(''), e);
    }
  }

  /** Main toneless reading of one character (cached), or undefined. */
  charSyllable(c: string): string | undefined {
    let r = this.charReading.get(c);
    if (r === undefined) {
      const p = this.pinyinFn(c, { toneType: 'none', v: true });
      r = /^[a-z]+$/.test(p) ? p : null;
      this.charReading.set(c, r);
    }
    return r ?? undefined;
  }

  private isPolyphonic(c: string): boolean {
    let p = this.charPoly.get(c);
    if (p === undefined) {
      const list = this.polyFn(c, { type: 'array', toneType: 'none' })[0] ?? [];
      p = new Set(list).size > 1;
      this.charPoly.set(c, p);
    }
    return p;
  }

  /**
   * Toneless syllables of a Han word, one per character; context-aware (pinyin-pro on the whole word) when a
   * character is polyphonic. Undefined when some character has no reading.
   */
  readWord(word: string, contextAware = true): string[] | undefined {
    if (!contextAware) return this.readWordUncached(word, false);
    return this.word(word).syl?.slice();
  }

  /**
   * The word's characters, reading and IME rank, memoised (bounded: recently used words stay). The returned
   * object and its arrays are shared: never modify them.
   */
  word(word: string): WordInfo {
    const key = wordKey(word);
    let info = key < 0 ? this.wordsByString.get(word) : this.words.get(key);
    if (info === undefined) {
      const quick = this.readWordUncached(word, false);
      const top = quick ? this.full(quick)[0] : undefined;
      const syl = this.readWordUncached(word, true);
      info = {
        word,
        chars: Array.from(word),
        syl,
        notTop: top !== undefined && top.word !== word,
        letters: syl === undefined ? '' : syl.join(''),
        // Every field from the start: one object shape for all words (the memos below are filled later).
        homCands: undefined,
        homAt: -1,
        charMemo: undefined,
        t9: undefined,
        digits: undefined,
      };
      if (key < 0) this.wordsByString.set(word, info);
      else this.words.set(key, info, info.notTop ? 1 : 0);
    }
    return info;
  }

  /** `full(info.syl)`: the word's homophones as the IME ranks them; the word's own rank is then `info.homAt`. */
  homophones(info: WordInfo & { syl: readonly string[] }): readonly LexEntry[] {
    let cands = info.homCands;
    if (cands === undefined) {
      cands = this.full(info.syl);
      info.homCands = cands;
      info.homAt = rankOf(cands, info.word);
    }
    return cands;
  }

  /** `t9(t9Digits(info.letters))`: the word's 9-key candidates, with the word's own rank. */
  t9Candidates(info: WordInfo & { syl: readonly string[] }): RankedCandidates {
    if (info.t9 === undefined) {
      const cands = this.t9(t9Digits(info.letters));
      info.t9 = { cands, at: rankOf(cands, info.word) };
    }
    return info.t9;
  }

  /** `fullOne(info.syl[i])`: the single-character candidates of character i's syllable. */
  charCandidates(info: WordInfo & { syl: readonly string[] }, i: number): readonly LexEntry[] {
    return this.charMemo(info)[2 * i] as readonly LexEntry[];
  }

  /** Character i's rank among `charCandidates(info, i)` (`rankOf`; -1: not offered). */
  charRank(info: WordInfo & { syl: readonly string[] }, i: number): number {
    return this.charMemo(info)[2 * i + 1] as number;
  }

  private charMemo(info: WordInfo & { syl: readonly string[] }): Array<readonly LexEntry[] | number> {
    let memo = info.charMemo;
    if (memo === undefined) {
      memo = [];
      for (let i = 0; i < info.chars.length; i++) {
        const cands = this.fullOne(info.syl[i]!);
        memo.push(cands, rankOf(cands, info.chars[i]!));
      }
      info.charMemo = memo;
    }
    return memo;
  }

  /** Words of one to three common Han characters, by `wordKey`; the others by their text. */
  private readonly words = new BoundedNumericCache<WordInfo>(WORD_CACHE);
  private readonly wordsByString = new BoundedCache<string, WordInfo>(WORD_CACHE);
  private readonly mixedCache = new BoundedNumericCache<LexEntry[]>(MIXED_CACHE);
  private readonly mixedCacheByString = new BoundedCache<string, LexEntry[]>(MIXED_CACHE);

  private readWordUncached(word: string, contextAware: boolean): string[] | undefined {
    const chars = Array.from(word);
    const out: string[] = [];
    let poly = false;
    for (const c of chars) {
      const r = this.charSyllable(c);
      if (r === undefined) return undefined;
      out.push(r);
      if (contextAware && chars.length > 1 && !poly && this.isPolyphonic(c)) poly = true;
    }
    if (poly) {
      const ctx = this.pinyinFn(word, { toneType: 'none', type: 'array', v: true });
      if (ctx.length === out.length && ctx.every((s) => /^[a-z]+$/.test(s))) return ctx;
    }
    return out;
  }

  /**
   * Whether the IME's first candidate for the word's (plain) pinyin is another word — such words (domain terms
   * like 花呗) are mistyped far more often. Cached per word.
   */
  notTop(word: string): boolean {
    // The memo's tag answers for a known word without loading its `WordInfo`.
    const key = wordKey(word);
    const tag = key < 0 ? -1 : this.words.tagOf(key);
    return tag < 0 ? this.word(word).notTop : tag === 1;
  }

  /** Candidates typed as exactly these full syllables, most frequent first. */
  full(syl: readonly string[]): readonly LexEntry[] {
    let key = 0;
    for (const s of syl) {
      const id = this.sylIds.get(s);
      if (id === undefined) return EMPTY;
      key = key * SYL_BASE + id;
    }
    return this.byFull.get(key) ?? EMPTY;
  }

  /** `full([syllable])` without the array. */
  fullOne(syllable: string): readonly LexEntry[] {
    const id = this.sylIds.get(syllable);
    return id === undefined ? EMPTY : (this.byFull.get(id) ?? EMPTY);
  }

  /**
   * The `full` index keys of the prefixes of `syl[from…]` up to `maxLen` syllables: `keys[k]` for the first
   * k + 1 syllables. Returns how many prefixes have a key (a syllable that no entry has ends them); look the
   * candidates up with `fullByKey`. (A trie of syllables cost 18 MB of heap in every worker.)
   */
  prefixKeys(syl: readonly string[], from: number, maxLen: number, keys: number[]): number {
    let key = 0;
    for (let k = 0; k < maxLen; k++) {
      const id = this.sylIds.get(syl[from + k]!);
      if (id === undefined) return k;
      key = key * SYL_BASE + id;
      keys[k] = key;
    }
    return maxLen;
  }

  /** The candidates under a key from `prefixKeys`. */
  fullByKey(key: number): readonly LexEntry[] {
    return this.byFull.get(key) ?? EMPTY;
  }

  /**
   * The decode digit of each syllable (see `mixedByDigits`) into `out`: its id when typed in full, `SYL_BASE` +
   * its first letter (1…26) when abbreviated, 0 when it cannot match anything (a syllable no entry has, a
   * non-letter abbreviation).
   */
  decodeDigits(syl: readonly string[], abbr: readonly boolean[], out: number[]): void {
    for (let i = 0; i < syl.length; i++) {
      const s = syl[i]!;
      out[i] = abbr[i] ? letterDigit(s.charCodeAt(0)) : (this.sylIds.get(s) ?? 0);
    }
  }

  /** `decodeDigits` of a word's syllables typed in full, memoised per word. */
  fullDigits(info: WordInfo & { syl: readonly string[] }): readonly number[] {
    if (info.digits === undefined) {
      const d: number[] = [];
      for (const s of info.syl) d.push(this.sylIds.get(s) ?? 0);
      info.digits = d;
    }
    return info.digits;
  }

  /**
   * `mixed` of the positions from…from + len - 1 given as decode digits (at most 4 positions): the memo key is
   * the digits themselves. Candidates must not be modified.
   */
  mixedByDigits(digits: readonly number[], from: number, len: number, limit = 12): readonly LexEntry[] {
    let key = 0;
    for (let i = from; i < from + len; i++) {
      const d = digits[i]!;
      // A syllable no entry has, or a non-letter abbreviation: no candidate (what `mixedUncached` finds).
      if (d === 0) return EMPTY;
      key = key * MIXED_BASE + d;
    }
    key = key * MIXED_LIMITS + limit;
    const hit = this.mixedCache.get(key);
    if (hit) return hit;
    const syl: string[] = [];
    const abbr: boolean[] = [];
    for (let i = from; i < from + len; i++) {
      const d = digits[i]!;
      const isAbbr = d > SYL_BASE;
      syl.push(isAbbr ? String.fromCharCode(96 + d - SYL_BASE) : this.sylById[d]!);
      abbr.push(isAbbr);
    }
    const res = this.mixedUncached(syl, abbr, limit);
    this.mixedCache.set(key, res);
    return res;
  }

  /**
   * Candidates for a mixed key: each position is a full syllable or (when `abbr[i]` is true) only its first
   * letter, as an IME decodes `zhongg` or `zg`. Most frequent first; at most `limit`.
   */
  mixed(syl: readonly string[], abbr: readonly boolean[], limit = 12): LexEntry[] {
    return this.mixedRange(syl, abbr, 0, syl.length, limit);
  }

  /** `mixed(syl.slice(from, from + len), abbr.slice(from, from + len), limit)`, slicing only on a cache miss. */
  mixedRange(
    syl: readonly string[],
    abbr: readonly boolean[],
    from: number,
    len: number,
    limit = 12,
  ): LexEntry[] {
    const nk = this.mixedNumericKey(syl, abbr, from, len, limit);
    const sk = nk === undefined ? mixedStringKey(syl, abbr, from, len, limit) : '';
    const hit = nk === undefined ? this.mixedCacheByString.get(sk) : this.mixedCache.get(nk);
    if (hit) return hit;
    const res = this.mixedUncached(syl.slice(from, from + len), abbr.slice(from, from + len), limit);
    if (nk === undefined) this.mixedCacheByString.set(sk, res);
    else this.mixedCache.set(nk, res);
    return res;
  }

  /**
   * The memo key of a short mixed key as a number (no string to build and hash): one digit in base
   * `MIXED_BASE` per position, the syllable id of a full syllable or `SYL_BASE` + the letter (1…26) of an
   * abbreviated one, then the limit. Undefined when it does not fit (then `mixedStringKey`).
   */
  private mixedNumericKey(
    syl: readonly string[],
    abbr: readonly boolean[],
    from: number,
    len: number,
    limit: number,
  ): number | undefined {
    if (len > 4 || !(limit >= 0 && limit < MIXED_LIMITS && Number.isInteger(limit))) return undefined;
    let key = 0;
    for (let i = from; i < from + len; i++) {
      let digit: number | undefined;
      if (abbr[i]) {
        const letter = syl[i]!.charCodeAt(0) - 96;
        digit = letter >= 1 && letter <= 26 ? SYL_BASE + letter : undefined;
      } else digit = this.sylIds.get(syl[i]!);
      if (digit === undefined) return undefined;
      key = key * MIXED_BASE + digit;
    }
    return key * MIXED_LIMITS + limit;
  }

  private mixedUncached(syl: readonly string[], abbr: readonly boolean[], limit: number): LexEntry[] {
    const key = syl.map(abbreviation).join('');
    const list = this.byAbbr.get(key);
    if (!list) return [];
    const len = syl.length;
    // Every entry of the list has one syllable per key letter.
    if (key.length !== len) return [];
    // The wanted syllable id at each position (0: abbreviated, any syllable).
    const want: number[] = [];
    for (let i = 0; i < len; i++) {
      const id = abbr[i] ? 0 : this.sylIds.get(syl[i]!);
      if (id === undefined) return []; // a syllable no entry has
      want.push(id);
    }
    const ids = this.abbrSyllableIds(key, list);
    const out: LexEntry[] = [];
    // The IME shows a few pages at most: scan the most frequent entries only.
    const n = Math.min(list.length, 600);
    for (let k = 0; k < n; k++) {
      let ok = true;
      for (let i = 0; i < len; i++) {
        const w = want[i]!;
        if (w !== 0 && ids[k * len + i] !== w) {
          ok = false;
          break;
        }
      }
      if (ok) {
        out.push(list[k]!);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /**
   * The syllable ids of the entries under an abbreviation key, entry after entry, in one typed array (built on
   * first use): the mixed-key scan compares small numbers in one block of memory instead of visiting every entry.
   */
  private abbrSyllableIds(key: string, list: readonly LexEntry[]): Uint16Array {
    let ids = this.abbrIds.get(key);
    if (ids === undefined) {
      const len = key.length;
      ids = new Uint16Array(list.length * len);
      list.forEach((e, k) => {
        for (let i = 0; i < len; i++) ids![k * len + i] = this.sylIds.get(e.syl[i]!)!;
      });
      this.abbrIds.set(key, ids);
    }
    return ids;
  }

  private readonly abbrIds = new Map<string, Uint16Array>();

  /** Candidates whose pinyin has this T9 digit sequence (9-key input), most frequent first. */
  t9(digits: string): readonly LexEntry[] {
    if (!this.byT9) {
      this.byT9 = new Map();
      for (const list of this.fullLists) {
        for (const e of list) if (e.syl.length <= 3) push(this.byT9, t9Digits(e.syl.join('')), e);
      }
      for (const list of this.byT9.values()) list.sort((a, b) => b.freq - a.freq);
    }
    return this.byT9.get(digits) ?? EMPTY;
  }

  /**
   * The syllables of letters a–z (all of them) as numbers: the letters (1…26) as digits in base 27, which is
   * exact up to 6 letters, the longest syllable `parseLetters` tries.
   */
  private syllableCodes(): ReadonlySet<number> {
    if (this.sylCodes === undefined) {
      const codes = new Set<number>();
      for (const s of this.syllables) {
        if (s.length > 6 || !/^[a-z]+$/.test(s)) continue;
        let code = 0;
        for (let k = 0; k < s.length; k++) code = code * 27 + (s.charCodeAt(k) - 96);
        codes.add(code);
      }
      this.sylCodes = codes;
    }
    return this.sylCodes;
  }

  private sylCodes: Set<number> | undefined;

  isSyllable(s: string): boolean {
    return this.syllables.has(s);
  }

  /** `applyFuzzy(syllable, pair, isSyllable)`, memoised (a few hundred syllables × the fuzzy pairs). */
  fuzzy(syllable: string, pair: string): string | undefined {
    let memo = this.fuzzyByPair.get(pair);
    if (!memo) {
      memo = new Map();
      this.fuzzyByPair.set(pair, memo);
    }
    let f = memo.get(syllable);
    if (f === undefined) {
      f = applyFuzzy(syllable, pair, (x) => this.isSyllable(x)) ?? null;
      memo.set(syllable, f);
    }
    return f ?? undefined;
  }

  private readonly fuzzyByPair = new Map<string, Map<string, string | null>>();

  /**
   * The valid syllables the fuzzy pairs make of `syllable`, in `FUZZY_PAIR_NAMES` order (one per pair that
   * applies).
   */
  fuzzyVariants(syllable: string): readonly string[] {
    let out = this.fuzzyLists.get(syllable);
    if (out === undefined) {
      const list: string[] = [];
      for (const pair of FUZZY_PAIR_NAMES) {
        const f = this.fuzzy(syllable, pair);
        if (f) list.push(f);
      }
      out = list;
      this.fuzzyLists.set(syllable, out);
    }
    return out;
  }

  private readonly fuzzyLists = new Map<string, readonly string[]>();

  /**
   * `parseLetters` as decode digits (`decodeDigits` of its syllables and abbreviations) into `out`; returns
   * their number. No strings: the letters' codes are looked up directly.
   */
  parseLetterDigits(letters: string, out: number[]): number {
    const ids = this.syllableCodeIds();
    const prefix = parsePrefixCodes;
    let n = 0;
    let i = 0;
    while (i < letters.length) {
      const maxLen = Math.min(6, letters.length - i);
      const nCodes = letterPrefixCodes(letters, i, maxLen, prefix);
      // Only letters a–z make syllables: no syllable is longer than the run of letters at i.
      let id = 0;
      let best = 0;
      for (let len = nCodes; len >= 1; len--) {
        id = ids.get(prefix[len - 1]!) ?? 0;
        if (id !== 0) {
          best = len;
          break;
        }
      }
      if (best === 0) {
        out[n++] = letterDigit(letters.charCodeAt(i));
        i++;
      } else {
        out[n++] = id;
        i += best;
      }
    }
    return n;
  }

  /** `syllableCodes` with each code's syllable id. */
  private syllableCodeIds(): NumericTable<number> {
    if (this.sylCodeIds === undefined) {
      const t = new NumericTable<number>(this.sylIds.size);
      for (const [s, id] of this.sylIds) {
        if (s.length > 6 || !/^[a-z]+$/.test(s)) continue;
        let code = 0;
        for (let k = 0; k < s.length; k++) code = code * 27 + (s.charCodeAt(k) - 96);
        t.set(code, id);
      }
      this.sylCodeIds = t;
    }
    return this.sylCodeIds;
  }

  private sylCodeIds: NumericTable<number> | undefined;

  /**
   * Splits a letter string into syllables, longest valid syllable first; letters that start no syllable
   * become one-letter abbreviations. Returns the syllables and which of them are abbreviations.
   */
  parseLetters(letters: string): { syl: string[]; abbr: boolean[] } {
    const syl: string[] = [];
    const abbr: boolean[] = [];
    let i = 0;
    const codes = this.syllableCodes();
    const prefix = parsePrefixCodes;
    while (i < letters.length) {
      let best = 0;
      const maxLen = Math.min(6, letters.length - i);
      // The codes of the prefixes at i as long as they are letters a–z (no string slices for the look-ups).
      const nCodes = letterPrefixCodes(letters, i, maxLen, prefix);
      for (let len = maxLen; len >= 1; len--) {
        if (len <= nCodes ? codes.has(prefix[len - 1]!) : this.syllables.has(letters.slice(i, i + len))) {
          best = len;
          break;
        }
      }
      if (best === 0) {
        syl.push(letters[i]!);
        abbr.push(true);
        i++;
      } else {
        syl.push(letters.slice(i, i + best));
        abbr.push(false);
        i += best;
      }
    }
    return { syl, abbr };
  }
}

const EMPTY: readonly LexEntry[] = Object.freeze([]);

/** The decode digit of an abbreviation (its letter's char code): `SYL_BASE` + 1…26, or 0 for a non-letter. */
export function letterDigit(code: number): number {
  const letter = code - 96;
  return letter >= 1 && letter <= 26 ? SYL_BASE + letter : 0;
}
/** Scratch space of `parseLetters`. */
const parsePrefixCodes: number[] = [0, 0, 0, 0, 0, 0];

/**
 * The codes (base 27, a = 1) of the prefixes of `letters` at `i`, up to `maxLen` long, into `prefix`, for as long
 * as they are letters a–z; returns how many there are.
 */
function letterPrefixCodes(letters: string, i: number, maxLen: number, prefix: number[]): number {
  let nCodes = 0;
  for (let code = 0; nCodes < maxLen; nCodes++) {
    const d = letters.charCodeAt(i + nCodes) - 96;
    if (!(d >= 1 && d <= 26)) break;
    code = code * 27 + d;
    prefix[nCodes] = code;
  }
  return nCodes;
}

/**
 * The memo key of any mixed key as a string. An abbreviated position is marked (`a*`): the abbreviation `a` and
 * the full syllable `a` are different keys (sharing one cache entry made the result depend on which came first).
 */
function mixedStringKey(
  syl: readonly string[],
  abbr: readonly boolean[],
  from: number,
  len: number,
  limit: number,
): string {
  let ck = '';
  for (let i = from; i < from + len; i++)
    ck += `${i === from ? '' : ' '}${abbr[i] ? `${syl[i]!.slice(0, 1)}*` : syl[i]}`;
  return `${ck}|${limit}`;
}

/**
 * The memo key of a word of one to three common Han characters (nearly all words) as a number: the characters
 * (1 + offset from U+4E00) as digits in base `HAN_SPAN + 1`; -1 for other words (memoised by their text). A
 * segmenter's words are new strings whose hash a `Map` computes on every look-up; a number needs no hashing of
 * the text.
 */
function wordKey(word: string): number {
  const n = word.length;
  if (n === 0 || n > 3) return -1;
  let key = 0;
  for (let i = 0; i < n; i++) {
    const d = word.charCodeAt(i) - 0x4e00;
    if (d < 0 || d >= HAN_SPAN) return -1;
    key = key * (HAN_SPAN + 1) + d + 1;
  }
  return key;
}

/** U+4E00…U+9FFF: three such characters make a key below 2^44. */
const HAN_SPAN = 0x5200;

/** Base of the numeric keys of full-syllable sequences: 4 syllables (`MAX_LEN`) stay exact below 2^53. */
export const SYL_BASE = 2048;
/** Digits of `mixedNumericKey`: syllable ids (1…SYL_BASE - 1) and abbreviated letters (SYL_BASE + 1…26). */
const MIXED_BASE = SYL_BASE + 27;
/** Limits a numeric mixed key holds (0…63). */
const MIXED_LIMITS = 64;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const l = map.get(key);
  if (l) l.push(value);
  else map.set(key, [value]);
}

let cached: Promise<Lexicon> | undefined;

/** Bump when the index format or the building rules change. */
const CACHE_VERSION = 1;

async function readCache(path: string): Promise<LexEntry[] | undefined> {
  try {
    const { readFile } = await import('node:fs/promises');
    const data = JSON.parse(await readFile(path, 'utf8')) as { w: string[]; f: number[]; s: string[] };
    // One string per distinct syllable (a few hundred) instead of one per occurrence: less heap per worker.
    const interned = new Map<string, string>();
    const intern = (x: string): string => {
      const have = interned.get(x);
      if (have !== undefined) return have;
      interned.set(x, x);
      return x;
    };
    return data.w.map((word, i) => ({ word, freq: data.f[i]!, syl: data.s[i]!.split(' ').map(intern) }));
  } catch {
    return undefined;
  }
}

async function writeCache(path: string, entries: readonly LexEntry[]): Promise<void> {
  try {
    const { writeFile, rename, mkdir } = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    const data = {
      w: entries.map((e) => e.word),
      f: entries.map((e) => e.freq),
      s: entries.map((e) => e.syl.join(' ')),
    };
    await writeFile(tmp, JSON.stringify(data));
    await rename(tmp, path);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

/** The process-wide lexicon, built on first use (about a second) from the jieba dictionary and pinyin-pro. */
export function loadLexicon(): Promise<Lexicon> {
  cached ??= (async () => {
    const { pinyin, polyphonic } = await import('pinyin-pro');
    const req = createRequire(import.meta.url);
    const dict = await readJiebaDict();
    // The index is a pure function of the dictionary, pinyin-pro's version and the rules: cache it on disk.
    const { createHash } = await import('node:crypto');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const pyVersion = (req('pinyin-pro/package.json') as { version: string }).version;
    const hash = createHash('sha256')
      .update(dict)
      .update(`${pyVersion}|${CACHE_VERSION}|${MIN_FREQ}|${MAX_LEN}`)
      .digest('hex');
    const cacheDir = process.env.READIN_CACHE_DIR ?? join(tmpdir(), 'readin-cache');
    const cachePath = join(cacheDir, `noise-lexicon-${hash.slice(0, 16)}.json`);
    const prebuilt = process.env.READIN_NO_CACHE ? undefined : await readCache(cachePath);
    const lex = new Lexicon(pinyin, polyphonic, prebuilt ? '' : new TextDecoder().decode(dict), prebuilt);
    if (!prebuilt && !process.env.READIN_NO_CACHE) await writeCache(cachePath, lex.entries);
    return lex;
  })();
  return cached;
}

type JiebaInstance = { cut(text: string, hmm?: boolean): string[] };
let jiebaCached: Promise<JiebaInstance> | undefined;

/**
 * The process-wide jieba segmenter with its default dictionary: `segment.ts`, the same words as
 * `@node-rs/jieba`'s `cut(text, false)` (its tests and `bench/noise-segment.mjs` check that), without the
 * native module.
 */
export function loadJieba(): Promise<JiebaInstance> {
  jiebaCached ??= (async () => {
    const { Segmenter } = await import('./segment.js');
    return new Segmenter(await readJiebaDict());
  })();
  return jiebaCached;
}

/**
 * jieba's default dictionary, read from its file: unlike `@node-rs/jieba/dict.js` (which also reads the 6 MB
 * IDF table and keeps both for good), the buffer can be collected once jieba and the lexicon are built.
 */
async function readJiebaDict(): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  const req = createRequire(import.meta.url);
  return readFile(join(dirname(req.resolve('@node-rs/jieba/dict.js')), 'dict.txt'));
}
