/**
 * Phonetic helpers: character classes, toneless syllables split into initial + final, fuzzy (dialect) pairs,
 * keyboard geometry (QWERTY neighbours, T9 keys) and a shuangpin (Xiaohe) scheme.
 *
 * Syllables are toneless pinyin with ü written as `v` (pinyin-pro's `v: true`).
 */

const RE_HAN = /^\p{Script=Han}$/u;
const RE_HAN_WORD = /^\p{Script=Han}+$/u;
const RE_PUNCT = /^[\p{P}\p{S}\s]$/u;

/** `Array.from(s).length` without the array. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function isHanChar(c: string): boolean {
  return RE_HAN.test(c);
}

export function isHanWord(w: string): boolean {
  return RE_HAN_WORD.test(w);
}

export function isPunctChar(c: string): boolean {
  return RE_PUNCT.test(c);
}

/** Spelling initials, longest first (zh/ch/sh before z/c/s). */
export const INITIALS = [
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
  'y',
  'w',
] as const;

export interface SplitSyllable {
  readonly initial: string;
  readonly final: string;
}

/** Splits a toneless syllable at its spelling initial (`zhong` → `zh` + `ong`, `an` → `` + `an`). */
export function splitSyllable(syllable: string): SplitSyllable {
  for (const ini of INITIALS) {
    if (syllable.length > ini.length && syllable.startsWith(ini)) {
      return { initial: ini, final: syllable.slice(ini.length) };
    }
  }
  return { initial: '', final: syllable };
}

/** The key an IME accepts as the abbreviation of a syllable: its first letter. */
export function abbreviation(syllable: string): string {
  return syllable.slice(0, 1);
}

/** Fuzzy (dialect) pairs of initials and finals, as used by IME fuzzy-pinyin settings and dialect profiles. */
export const FUZZY_INITIAL_PAIRS = [
  ['z', 'zh'],
  ['c', 'ch'],
  ['s', 'sh'],
  ['n', 'l'],
  ['f', 'h'],
  ['r', 'l'],
] as const;

export const FUZZY_FINAL_PAIRS = [
  ['an', 'ang'],
  ['en', 'eng'],
  ['in', 'ing'],
  ['ian', 'iang'],
  ['uan', 'uang'],
] as const;

/** Names of the fuzzy pairs, e.g. `z/zh`, `in/ing`; profiles weight them by these names. */
export const FUZZY_PAIR_NAMES: readonly string[] = [
  ...FUZZY_INITIAL_PAIRS.map(([a, b]) => `${a}/${b}`),
  ...FUZZY_FINAL_PAIRS.map(([a, b]) => `${a}/${b}`),
];

/**
 * The syllable a speaker with the named fuzzy pair may produce instead of `syllable`, or undefined when the pair
 * does not apply (or yields no valid syllable according to `valid`).
 */
export function applyFuzzy(
  syllable: string,
  pair: string,
  valid: (s: string) => boolean,
): string | undefined {
  const [a, b] = pair.split('/') as [string, string];
  const { initial, final } = splitSyllable(syllable);
  let out: string | undefined;
  if (FUZZY_INITIAL_PAIRS.some(([x, y]) => x === a && y === b)) {
    if (initial === a) out = b + final;
    else if (initial === b) out = a + final;
  } else if (final === a) out = initial + b;
  else if (final === b) out = initial + a;
  return out !== undefined && valid(out) ? out : undefined;
}

const QWERTY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const QWERTY_NEIGHBOURS = new Map<string, string>();
for (let r = 0; r < QWERTY_ROWS.length; r++) {
  const row = QWERTY_ROWS[r]!;
  for (let i = 0; i < row.length; i++) {
    let n = '';
    if (i > 0) n += row[i - 1];
    if (i + 1 < row.length) n += row[i + 1];
    // Staggered rows: the keys above/below at offsets i and i-1 (upper row) or i and i+1 (lower row).
    const up = QWERTY_ROWS[r - 1];
    if (up) n += (up[i] ?? '') + (up[i + 1] ?? '');
    const down = QWERTY_ROWS[r + 1];
    if (down) n += (down[i - 1] ?? '') + (down[i] ?? '');
    QWERTY_NEIGHBOURS.set(row[i]!, n);
  }
}

/** Letters next to `key` on a QWERTY keyboard (same row and the staggered rows above/below). */
export function qwertyNeighbours(key: string): string {
  return QWERTY_NEIGHBOURS.get(key) ?? '';
}

const T9_KEYS = ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'];
const T9_DIGIT = new Map<string, string>();
T9_KEYS.forEach((letters, i) => {
  for (const l of letters) T9_DIGIT.set(l, String(i + 2));
});

/** The 9-key (T9) digit sequence of a pinyin string (`ni` → `64`). */
export function t9Digits(letters: string): string {
  let out = '';
  for (const l of letters) out += T9_DIGIT.get(l) ?? '1';
  return out;
}

/** T9 keys next to a digit key on the 3×3 pad (2–9). */
export function t9Neighbours(digit: string): string {
  const pad = ['123', '456', '789'];
  const d = Number(digit);
  const r = Math.floor((d - 1) / 3);
  const c = (d - 1) % 3;
  let out = '';
  for (const [dr, dc] of [
    [-1, 0],
    [1, 0],
    [0, -1],
    [0, 1],
  ] as const) {
    const k = pad[r + dr]?.[c + dc];
    if (k !== undefined && k !== '1') out += k;
  }
  return out;
}

/** Xiaohe shuangpin: the key of each multi-letter initial and of each final. */
const SHUANGPIN_INITIAL: Readonly<Record<string, string>> = { zh: 'v', ch: 'i', sh: 'u' };
const SHUANGPIN_FINAL: Readonly<Record<string, string>> = {
  iu: 'q',
  ei: 'w',
  e: 'e',
  uan: 'r',
  ue: 't',
  ve: 't',
  un: 'y',
  u: 'u',
  i: 'i',
  uo: 'o',
  o: 'o',
  ie: 'p',
  a: 'a',
  iong: 's',
  ong: 's',
  ai: 'd',
  en: 'f',
  eng: 'g',
  ang: 'h',
  an: 'j',
  uai: 'k',
  ing: 'k',
  uang: 'l',
  iang: 'l',
  ou: 'z',
  ua: 'x',
  ia: 'x',
  ao: 'c',
  ui: 'v',
  v: 'v',
  in: 'b',
  iao: 'n',
  ian: 'm',
};

/** The two Xiaohe shuangpin keys of a syllable, or undefined for syllables the scheme spells otherwise. */
export function shuangpinKeys(syllable: string): string | undefined {
  const { initial, final } = splitSyllable(syllable);
  const fk = SHUANGPIN_FINAL[final];
  if (fk === undefined) return undefined;
  if (initial === '') return final.length <= 2 ? final.padEnd(2, final) : undefined;
  const ik = SHUANGPIN_INITIAL[initial] ?? initial;
  return ik + fk;
}

/** Every syllable whose shuangpin keys are `keys` (a key slip can make several). */
export function syllablesForShuangpin(keys: string, valid: readonly string[]): string[] {
  return valid.filter((s) => shuangpinKeys(s) === keys);
}
