/**
 * Phonological classes of a Han→Han substitution, from pinyin-pro readings.
 *
 * Classes, from closest to farthest (the first that any pair of readings reaches wins, so polyphonic
 * characters count with their closest reading):
 * - `same_pinyin_same_tone`  — same syllable and tone (花 hua1 → 华 hua1/hua2/hua4);
 * - `same_pinyin_other_tone` — same toneless syllable (呗 bei0 → 北 bei3);
 * - `fuzzy_pair`             — initials equal or a fuzzy pair AND finals equal or a fuzzy pair (but not the same
 *                              syllable): initials z–zh, c–ch, s–sh, n–l, f–h, r–l; finals an–ang, en–eng,
 *                              in–ing, ian–iang, uan–uang;
 * - `shared_initial_only`    — same (non-empty) initial, different final;
 * - `shared_final_only`      — same final (including zero-initial syllables: an → san);
 * - `other`                  — nothing shared, or a character without a reading.
 *
 * Syllables are split phonologically: y/w are spelling, not initials (yan = ∅ + ian, wei = ∅ + uei,
 * yu = ∅ + ü), j/q/x + u is ü, and iu/ui/un are expanded to iou/uei/uen. This matches the independent
 * realism scorecard's definitions so numbers are comparable.
 */
import { createRequire } from 'node:module';

export const HAN_SUB_CLASSES = [
  'same_pinyin_same_tone',
  'same_pinyin_other_tone',
  'fuzzy_pair',
  'shared_initial_only',
  'shared_final_only',
  'other',
] as const;

export type HanSubClass = (typeof HAN_SUB_CLASSES)[number];

/** Initial pairs and final pairs that count as fuzzy (the usual IME fuzzy-pinyin / dialect set). */
export const FUZZY_INITIAL_PAIRS: readonly (readonly [string, string])[] = [
  ['z', 'zh'],
  ['c', 'ch'],
  ['s', 'sh'],
  ['n', 'l'],
  ['f', 'h'],
  ['r', 'l'],
];
export const FUZZY_FINAL_PAIRS: readonly (readonly [string, string])[] = [
  ['an', 'ang'],
  ['en', 'eng'],
  ['in', 'ing'],
  ['ian', 'iang'],
  ['uan', 'uang'],
];

/** Phonological initials, longest first. */
const INITIALS = [
  'zh',
  'ch',
  'sh',
  'b',
  'p',
  'm',
  'f',
  'd',
  't',
  'n',
  'l',
  'g',
  'k',
  'h',
  'j',
  'q',
  'x',
  'r',
  'z',
  'c',
  's',
];
const SYLLABIC = new Set(['m', 'n', 'ng', 'hm', 'hng']);

export interface Reading {
  /** Toneless syllable, ü written as `v`. */
  readonly syllable: string;
  /** 1–4, 0 (or 5) for the neutral tone. */
  readonly tone: number;
  /** Phonological initial ('' for none). */
  readonly initial: string;
  /** Phonological final (expanded: iou, uei, uen; ü as v). */
  readonly final: string;
}

/** Splits a toneless syllable (ü as `v`) into phonological initial and final. */
export function splitPinyin(syllable: string): { initial: string; final: string } {
  if (SYLLABIC.has(syllable)) return { initial: '', final: syllable };
  const head = syllable[0];
  if (head === 'y') {
    const rest = syllable.slice(1);
    if (rest.startsWith('u')) return { initial: '', final: `v${rest.slice(1)}` };
    return { initial: '', final: rest.startsWith('i') ? rest : `i${rest}` };
  }
  if (head === 'w') {
    const rest = syllable.slice(1);
    return { initial: '', final: rest === 'u' ? 'u' : `u${rest}` };
  }
  for (const ini of INITIALS) {
    if (syllable.length > ini.length && syllable.startsWith(ini)) {
      let fin = syllable.slice(ini.length);
      if ((ini === 'j' || ini === 'q' || ini === 'x') && fin.startsWith('u')) fin = `v${fin.slice(1)}`;
      if (fin === 'iu') fin = 'iou';
      else if (fin === 'ui') fin = 'uei';
      else if (fin === 'un') fin = 'uen';
      return { initial: ini, final: fin };
    }
  }
  return { initial: '', final: syllable };
}

type PolyphonicFn = typeof import('pinyin-pro').polyphonic;
let polyphonicFn: PolyphonicFn | undefined;
function polyphonic(): PolyphonicFn {
  if (!polyphonicFn) {
    // Loaded on first use so that importing @readin/noise stays cheap.
    const require = createRequire(import.meta.url);
    polyphonicFn = (require('pinyin-pro') as typeof import('pinyin-pro')).polyphonic;
  }
  return polyphonicFn;
}

const RE_NUMBERED = /^([a-zü]+)([0-5])$/;
const readingCache = new Map<string, readonly Reading[]>();

/** Every reading of one character (pinyin-pro's polyphonic table); empty when it has none. */
export function charReadings(c: string): readonly Reading[] {
  const hit = readingCache.get(c);
  if (hit) return hit;
  const out: Reading[] = [];
  const seen = new Set<string>();
  let list: string[] = [];
  try {
    list = (polyphonic()(c, { type: 'array', toneType: 'num' }) as string[][])[0] ?? [];
  } catch {
    list = [];
  }
  for (const s of list) {
    const m = RE_NUMBERED.exec(s);
    if (!m || seen.has(s)) continue;
    seen.add(s);
    const syllable = m[1]!.replace(/ü/g, 'v');
    out.push({ syllable, tone: Number(m[2]), ...splitPinyin(syllable) });
  }
  readingCache.set(c, out);
  return out;
}

// Readings packed as integers per character id: [syllable, tone, initial, final] × readings, with interned
// strings, so that classifying a pair is a few integer comparisons (the aligner classifies every clean×noisy
// character pair of a sentence, mostly distinct pairs, so a cache would not help).
const interned = new Map<string, number>();
const intern = (s: string): number => {
  let id = interned.get(s);
  if (id === undefined) {
    id = interned.size;
    interned.set(s, id);
  }
  return id;
};
const pairId = (a: number, b: number): number => (a < b ? a * 65536 + b : b * 65536 + a);
const FUZZY_INITIAL_IDS = new Set(FUZZY_INITIAL_PAIRS.map(([a, b]) => pairId(intern(a), intern(b))));
const FUZZY_FINAL_IDS = new Set(FUZZY_FINAL_PAIRS.map(([a, b]) => pairId(intern(a), intern(b))));
const EMPTY = intern('');

const charIds = new Map<string, number>();
const packed: Int32Array[] = [];

/** A stable small integer for a character (process-wide); its readings are packed on first sight. */
export function charId(c: string): number {
  let id = charIds.get(c);
  if (id === undefined) {
    id = packed.length;
    const rs = charReadings(c);
    const p = new Int32Array(rs.length * 4);
    rs.forEach((r, k) => {
      p[4 * k] = intern(r.syllable);
      p[4 * k + 1] = r.tone;
      p[4 * k + 2] = intern(r.initial);
      p[4 * k + 3] = intern(r.final);
    });
    packed.push(p);
    charIds.set(c, id);
  }
  return id;
}

/** hanSubClassIndex for two character ids (see charId). */
export function hanSubClassIndexById(a: number, b: number): number {
  const pa = packed[a]!;
  const pb = packed[b]!;
  let best = 5;
  for (let x = 0; x < pa.length; x += 4) {
    const sa = pa[x]!;
    const ia = pa[x + 2]!;
    const fa = pa[x + 3]!;
    for (let y = 0; y < pb.length; y += 4) {
      let c: number;
      if (sa === pb[y]) c = pa[x + 1] === pb[y + 1] ? 0 : 1;
      else {
        const ib = pb[y + 2]!;
        const fb = pb[y + 3]!;
        const initialOk = ia === ib || FUZZY_INITIAL_IDS.has(pairId(ia, ib));
        const finalOk = fa === fb || FUZZY_FINAL_IDS.has(pairId(fa, fb));
        if (initialOk && finalOk) c = 2;
        else if (ia !== EMPTY && ia === ib) c = 3;
        else if (fa === fb) c = 4;
        else c = 5;
      }
      if (c < best) {
        best = c;
        if (best === 0) return 0;
      }
    }
  }
  return best;
}

/** Class index (0 = same pinyin same tone … 5 = other) of a Han→Han substitution; see HAN_SUB_CLASSES. */
export function hanSubClassIndex(a: string, b: string): number {
  return hanSubClassIndexById(charId(a), charId(b));
}

/**
 * The phonological class of writing Han character `noisy` for `clean`, using the closest pair of readings.
 *
 * @example classifyHanSubstitution('呗', '北') // 'same_pinyin_other_tone' (bei0 → bei3)
 */
export function classifyHanSubstitution(clean: string, noisy: string): HanSubClass {
  return HAN_SUB_CLASSES[hanSubClassIndex(clean, noisy)]!;
}
