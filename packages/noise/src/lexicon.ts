/**
 * The offline IME lexicon: the jieba dictionary's words with their frequencies, indexed by toneless pinyin
 * (full syllables), by abbreviation (first letter of each syllable) and, on demand, by T9 digits. Readings come
 * from pinyin-pro (context-aware for words with a polyphonic character). Built once, lazily, per process.
 */
import { createRequire } from 'node:module';
import { abbreviation, isHanChar, t9Digits } from './phonetics.js';

type PinyinFn = typeof import('pinyin-pro').pinyin;
type PolyphonicFn = typeof import('pinyin-pro').polyphonic;

/** One dictionary word with its toneless syllables and jieba frequency. */
export interface LexEntry {
  readonly word: string;
  readonly freq: number;
  readonly syl: readonly string[];
}

/** Smallest jieba frequency kept in the IME index (rare words are never an IME's first page). */
const MIN_FREQ = 5;
/** Longest word (in characters) the IME index keeps. */
const MAX_LEN = 4;

export class Lexicon {
  readonly byFull = new Map<string, LexEntry[]>();
  readonly byAbbr = new Map<string, LexEntry[]>();
  readonly freqOf = new Map<string, number>();
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
      const prev = this.freqOf.get(word);
      if (prev !== undefined) continue;
      this.freqOf.set(word, freq);
      const syl = this.readWord(word, true);
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
      this.freqOf.set(e.word, e.freq);
      for (const s of e.syl) this.syllables.add(s);
      push(this.byFull, e.syl.join(' '), e);
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
    let r = this.wordCache.get(word);
    if (r === undefined) {
      r = this.readWordUncached(word, true) ?? null;
      if (this.wordCache.size > 100_000) this.wordCache.clear();
      this.wordCache.set(word, r);
    }
    return r === null ? undefined : r.slice();
  }

  private readonly wordCache = new Map<string, string[] | null>();
  private readonly mixedCache = new Map<string, LexEntry[]>();

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

  private readonly topCache = new Map<string, boolean>();

  /**
   * Whether the IME's first candidate for the word's (plain) pinyin is another word — such words (domain terms
   * like 花呗) are mistyped far more often. Cached per word.
   */
  notTop(word: string): boolean {
    let v = this.topCache.get(word);
    if (v === undefined) {
      const quick = this.readWord(word, false);
      const top = quick ? this.byFull.get(quick.join(' '))?.[0] : undefined;
      v = top !== undefined && top.word !== word;
      if (this.topCache.size > 200_000) this.topCache.clear();
      this.topCache.set(word, v);
    }
    return v;
  }

  /** Candidates typed as exactly these full syllables, most frequent first. */
  full(syl: readonly string[]): readonly LexEntry[] {
    return this.byFull.get(syl.length === 1 ? syl[0]! : syl.join(' ')) ?? EMPTY;
  }

  /**
   * `full` of every prefix of `syl[from…]` up to `maxLen` syllables at once: `out[k]` = `full(syl.slice(from,
   * from + k + 1))` (the same arrays), with the keys built incrementally instead of one slice and join each.
   * (A trie of syllables was faster still but cost 18 MB of heap in every worker.)
   */
  fullPrefixes(syl: readonly string[], from: number, maxLen: number, out: Array<readonly LexEntry[]>): void {
    let key = '';
    for (let k = 0; k < maxLen; k++) {
      key = k === 0 ? syl[from]! : `${key} ${syl[from + k]!}`;
      out[k] = this.byFull.get(key) ?? EMPTY;
    }
  }

  /**
   * Candidates for a mixed key: each position is a full syllable or (when `abbr[i]` is true) only its first
   * letter, as an IME decodes `zhongg` or `zg`. Most frequent first; at most `limit`.
   */
  mixed(syl: readonly string[], abbr: readonly boolean[], limit = 12): LexEntry[] {
    // An abbreviated position is marked (`a*`): the abbreviation `a` and the full syllable `a` are different
    // keys (sharing one cache entry made the result depend on which came first).
    let ck = '';
    for (let i = 0; i < syl.length; i++)
      ck += `${i === 0 ? '' : ' '}${abbr[i] ? `${syl[i]!.slice(0, 1)}*` : syl[i]}`;
    ck += `|${limit}`;
    const hit = this.mixedCache.get(ck);
    if (hit) return hit;
    const res = this.mixedUncached(syl, abbr, limit);
    if (this.mixedCache.size > 20_000) this.mixedCache.clear();
    this.mixedCache.set(ck, res);
    return res;
  }

  private mixedUncached(syl: readonly string[], abbr: readonly boolean[], limit: number): LexEntry[] {
    const key = syl.map(abbreviation).join('');
    const list = this.byAbbr.get(key);
    if (!list) return [];
    const out: LexEntry[] = [];
    // The IME shows a few pages at most: scan the most frequent entries only.
    const n = Math.min(list.length, 600);
    for (let k = 0; k < n; k++) {
      const e = list[k]!;
      let ok = true;
      for (let i = 0; i < syl.length; i++) {
        if (!abbr[i] && e.syl[i] !== syl[i]) {
          ok = false;
          break;
        }
      }
      if (ok) {
        out.push(e);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /** Candidates whose pinyin has this T9 digit sequence (9-key input), most frequent first. */
  t9(digits: string): readonly LexEntry[] {
    if (!this.byT9) {
      this.byT9 = new Map();
      for (const list of this.byFull.values()) {
        for (const e of list) if (e.syl.length <= 3) push(this.byT9, t9Digits(e.syl.join('')), e);
      }
      for (const list of this.byT9.values()) list.sort((a, b) => b.freq - a.freq);
    }
    return this.byT9.get(digits) ?? EMPTY;
  }

  isSyllable(s: string): boolean {
    return this.syllables.has(s);
  }

  /**
   * Splits a letter string into syllables, longest valid syllable first; letters that start no syllable
   * become one-letter abbreviations. Returns the syllables and which of them are abbreviations.
   */
  parseLetters(letters: string): { syl: string[]; abbr: boolean[] } {
    const syl: string[] = [];
    const abbr: boolean[] = [];
    let i = 0;
    while (i < letters.length) {
      let best = 0;
      for (let len = Math.min(6, letters.length - i); len >= 1; len--) {
        if (this.syllables.has(letters.slice(i, i + len))) {
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
    return data.w.map((word, i) => ({ word, freq: data.f[i]!, syl: data.s[i]!.split(' ') }));
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
    const { dict } = req('@node-rs/jieba/dict.js') as { dict: Uint8Array };
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

/** The process-wide jieba segmenter with its default dictionary. */
export function loadJieba(): Promise<JiebaInstance> {
  jiebaCached ??= (async () => {
    const req = createRequire(import.meta.url);
    const { Jieba } = req('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = req('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    return Jieba.withDict(dict);
  })();
  return jiebaCached;
}
