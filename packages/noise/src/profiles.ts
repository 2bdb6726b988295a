/**
 * Noise profiles: named, documented parameter sets for the keyboard (Pinyin IME) and speech (ASR) channels.
 * Every probability is scaled by the `rate` knob (clamped to 1), so `rate` changes how much noise there is
 * without changing which kinds of noise there are.
 */
import { didYouMean, NoiseConfigError } from '@readin/core';

export type Channel = 'keyboard' | 'speech';

/** How a mistyped word went wrong (relative weights; they need not sum to 1). */
export interface KeyboardMechanisms {
  /** The IME offered a homophone word (same toneless pinyin) and the typist took it. */
  readonly homophone: number;
  /** Only one character of the word was taken from a same-pinyin single-character candidate. */
  readonly partial: number;
  /** Abbreviated pinyin (first letters only), decoded to the most frequent word with those initials. */
  readonly abbrev: number;
  /** A key slip (QWERTY neighbour, dropped or doubled key) changed the pinyin before decoding. */
  readonly slip: number;
  /** A wrong syllable split (`xian` read as `xi'an`, `fangan` as `fan'gan`). */
  readonly split: number;
  /** The IME's fuzzy-pinyin setting (z/zh, n/l, in/ing …) produced a near-homophone. */
  readonly fuzzy: number;
  /** 9-key (T9) input: another word with the same digit sequence. */
  readonly t9: number;
  /** Shuangpin input: a slip on one of a syllable's two keys. */
  readonly shuangpin: number;
  /** The word (or one of its characters) was skipped. */
  readonly delete: number;
  /** The pinyin letters were committed as they are (Enter instead of Space). */
  readonly raw: number;
  /** This word and the next one or two typed as one (partly abbreviated) key sequence, phrase candidate taken. */
  readonly phrase: number;
}

export interface PunctuationHabits {
  /** `、` typed as `，`. */
  readonly enumComma: number;
  /** The sentence-final `。`/`？`/`！` left off. */
  readonly dropFinal: number;
  /** A `。` added at the end of a sentence that has no final mark. */
  readonly addFinal: number;
  /** Quotes (`“”‘’`) left off. */
  readonly dropQuote: number;
  /** A quote typed with the wrong orientation (`“` ↔ `”`), as the IME alternates them. */
  readonly swapQuote: number;
  /** Half-width punctuation typed full-width by the IME (`,` → `，`, `(` → `（`). */
  readonly fullWidth: number;
  /** Full-width punctuation typed half-width (`：` → `:`, `，` → `,`). */
  readonly halfWidth: number;
  /** Spaces left out (Chinese typists rarely type them). */
  readonly dropSpace: number;
  /** Any other punctuation mark left off. */
  readonly dropOther: number;
  /** A stray `，` or `、` typed at a word boundary (per boundary). */
  readonly insert: number;
}

export interface KeyboardParams {
  /** Probability, per Han character, that the word containing it is mistyped. */
  readonly charError: number;
  readonly mechanisms: KeyboardMechanisms;
  /** The typist takes candidate k (0 = top of the remaining list) with probability ∝ rankDecay^k. */
  readonly rankDecay: number;
  /** Probability, per word boundary, of a stray candidate left from an unfinished selection. */
  readonly insert: number;
  /** Share of stray insertions that are raw pinyin letters instead of characters. */
  readonly latinLeak: number;
  /** Probability, per digit, of a slip (neighbour key, dropped or doubled digit). */
  readonly digitSlip: number;
  /** Probability, per Latin word, of a letter slip; a Latin word is also typed in lower case with this probability. */
  readonly latinSlip: number;
  readonly punctuation: PunctuationHabits;
}

/** How a misheard word went wrong (relative weights). */
export interface SpeechMechanisms {
  /** A homophone word (same toneless pinyin), the ASR's more frequent choice. */
  readonly homophone: number;
  /** A near-homophone through the speaker's dialect pairs (`fuzzy`) or one changed initial/final. */
  readonly near: number;
  /** A single character misheard as a same-sounding one. */
  readonly partial: number;
  /** Long-run mishearing: a phrase of 2–4 words re-decoded from slightly wrong syllables. */
  readonly run: number;
  /** The word was not recognised at all (deleted). */
  readonly drop: number;
}

export interface SpeechParams {
  /** Probability, per Han character, that the word containing it is misheard. */
  readonly charError: number;
  readonly mechanisms: SpeechMechanisms;
  /** Weight of each dialect pair (`n/l`, `z/zh`, `in/ing` …) for near-homophones; others use initial/final changes. */
  readonly fuzzy: Readonly<Record<string, number>>;
  /** Share of near-homophones that follow a dialect pair (the rest change one initial or final at random). */
  readonly fuzzyShare: number;
  readonly rankDecay: number;
  /** Probability that a function word (的, 了, 在 …) is dropped. */
  readonly functionDrop: number;
  /** Probability that the ASR rewrites a source punctuation mark or space by its own conventions (else kept as is). */
  readonly punctRewrite: number;
  /** Probability that a source comma-like mark (，、；：) survives as `，`. */
  readonly keepComma: number;
  /** Probability, per word boundary without punctuation, that the ASR inserts a pause comma. */
  readonly pauseComma: number;
  /** Probability that the ASR ends the sentence with `。` (or `？`) when the source has no final mark. */
  readonly addFinal: number;
  /** Probability that the sentence is cut off early (the speaker stopped, the ASR lost the rest). */
  readonly truncate: number;
  /** Probability that a number written in digits is rewritten in Chinese numerals (or the reverse). */
  readonly numbers: number;
  /** Probability that a Latin-script word is dropped or said as "英文" (otherwise kept as is). */
  readonly latinDrop: number;
  /** Probability, per misheard word, that the ASR writes an English word instead. */
  readonly latinOut: number;
}

export interface NoiseProfile {
  readonly name: string;
  readonly channel: Channel;
  readonly description: string;
  readonly keyboard?: KeyboardParams;
  readonly speech?: SpeechParams;
}

const BASE_PUNCT: PunctuationHabits = {
  enumComma: 0.16,
  dropFinal: 0.15,
  addFinal: 0.01,
  dropQuote: 0.18,
  swapQuote: 0.14,
  fullWidth: 0.85,
  halfWidth: 0.002,
  dropSpace: 0.45,
  dropOther: 0.06,
  insert: 0.002,
};

/** Built-in profiles, calibrated on the real READIN annotators (see the package README for the numbers). */
export const PROFILES: Readonly<Record<string, NoiseProfile>> = {
  'kb-homophone': {
    name: 'kb-homophone',
    channel: 'keyboard',
    description:
      'Careful full-pinyin typist: mostly homophone candidates (whole words or single characters), stray ' +
      'candidates from unfinished selections, few deletions.',
    keyboard: {
      charError: 0.13,
      mechanisms: {
        homophone: 0.5,
        partial: 0.14,
        abbrev: 0.06,
        slip: 0.07,
        split: 0.03,
        fuzzy: 0.03,
        t9: 0.02,
        shuangpin: 0.02,
        delete: 0.05,
        raw: 0.006,
        phrase: 0.08,
      },
      rankDecay: 0.45,
      insert: 0.03,
      latinLeak: 0.03,
      digitSlip: 0.025,
      latinSlip: 0.12,
      punctuation: { ...BASE_PUNCT, dropFinal: 0.35 },
    },
  },
  'kb-abbrev': {
    name: 'kb-abbrev',
    channel: 'keyboard',
    description:
      'Fast typist using abbreviated pinyin (initials only): many same-initial substitutions and skipped ' +
      'words, few stray insertions.',
    keyboard: {
      charError: 0.145,
      mechanisms: {
        homophone: 0.3,
        partial: 0.1,
        abbrev: 0.25,
        slip: 0.07,
        split: 0.03,
        fuzzy: 0.03,
        t9: 0.02,
        shuangpin: 0.02,
        delete: 0.26,
        raw: 0.006,
        phrase: 0.08,
      },
      rankDecay: 0.5,
      insert: 0.02,
      latinLeak: 0.02,
      digitSlip: 0.025,
      latinSlip: 0.12,
      punctuation: { ...BASE_PUNCT, dropFinal: 0.08 },
    },
  },
  'kb-sloppy': {
    name: 'kb-sloppy',
    channel: 'keyboard',
    description:
      'Hasty typist mixing full pinyin, 9-key and shuangpin: homophones plus key slips, wrong syllable ' +
      'splits and many stray insertions.',
    keyboard: {
      charError: 0.135,
      mechanisms: {
        homophone: 0.45,
        partial: 0.14,
        abbrev: 0.06,
        slip: 0.1,
        split: 0.04,
        fuzzy: 0.03,
        t9: 0.05,
        shuangpin: 0.04,
        delete: 0.04,
        raw: 0.006,
        phrase: 0.08,
      },
      rankDecay: 0.45,
      insert: 0.04,
      latinLeak: 0.05,
      digitSlip: 0.03,
      latinSlip: 0.15,
      punctuation: { ...BASE_PUNCT, dropFinal: 0.1 },
    },
  },
  'asr-clear': {
    name: 'asr-clear',
    channel: 'speech',
    description:
      'Standard-Mandarin speaker, clean recording: few misheard words, the ASR rewrites the punctuation ' +
      '(drops quotes and enumeration commas, adds pause commas).',
    speech: {
      charError: 0.08,
      mechanisms: { homophone: 0.48, near: 0.14, partial: 0.03, run: 0.2, drop: 0.15 },
      fuzzy: { 'z/zh': 1, 'c/ch': 1, 's/sh': 1, 'in/ing': 1, 'en/eng': 1 },
      fuzzyShare: 0.7,
      rankDecay: 0.35,
      functionDrop: 0.01,
      punctRewrite: 0.97,
      keepComma: 0.68,
      pauseComma: 0.035,
      addFinal: 0.9,
      truncate: 0.035,
      numbers: 0.7,
      latinDrop: 0.85,
      latinOut: 0.006,
    },
  },
  'asr-southern': {
    name: 'asr-southern',
    channel: 'speech',
    description:
      'Southern-accented speaker (z/zh, c/ch, s/sh, n/l, f/h, in/ing, en/eng merged): many near-homophones.',
    speech: {
      charError: 0.15,
      mechanisms: { homophone: 0.38, near: 0.24, partial: 0.03, run: 0.2, drop: 0.15 },
      fuzzy: {
        'z/zh': 3,
        'c/ch': 3,
        's/sh': 3,
        'n/l': 2,
        'f/h': 1.5,
        'r/l': 1,
        'in/ing': 2,
        'en/eng': 2,
        'an/ang': 1,
        'ian/iang': 0.5,
        'uan/uang': 0.5,
      },
      fuzzyShare: 0.8,
      rankDecay: 0.4,
      functionDrop: 0.01,
      punctRewrite: 0.97,
      keepComma: 0.68,
      pauseComma: 0.035,
      addFinal: 0.9,
      truncate: 0.035,
      numbers: 0.7,
      latinDrop: 0.85,
      latinOut: 0.006,
    },
  },
  'asr-fast': {
    name: 'asr-fast',
    channel: 'speech',
    description:
      'Fast, casual speaker: long misheard runs (names and phrases re-decoded), dropped function words and ' +
      'phrases, some sentences cut short.',
    speech: {
      charError: 0.195,
      mechanisms: { homophone: 0.33, near: 0.14, partial: 0.03, run: 0.3, drop: 0.2 },
      fuzzy: { 'z/zh': 1, 'c/ch': 1, 's/sh': 1, 'n/l': 1, 'in/ing': 1, 'en/eng': 1 },
      fuzzyShare: 0.7,
      rankDecay: 0.4,
      functionDrop: 0.01,
      punctRewrite: 0.97,
      keepComma: 0.68,
      pauseComma: 0.035,
      addFinal: 0.95,
      truncate: 0.035,
      numbers: 0.7,
      latinDrop: 0.85,
      latinOut: 0.006,
    },
  },
};

/** Names of the built-in profiles of a channel, in a fixed order. */
export function profileNames(channel?: Channel): string[] {
  return Object.values(PROFILES)
    .filter((p) => channel === undefined || p.channel === channel)
    .map((p) => p.name);
}

/** A built-in profile by name; throws NoiseConfigError with a suggestion for unknown names. */
export function getProfile(name: string): NoiseProfile {
  const p = PROFILES[name];
  if (!p) {
    throw new NoiseConfigError(`unknown noise profile "${name}".${didYouMean(name, Object.keys(PROFILES))}`, {
      hint: `Known profiles: ${Object.keys(PROFILES).join(', ')}; or pass a profile JSON file.`,
    });
  }
  return p;
}

/**
 * Checks a profile object (e.g. parsed from JSON, possibly partial) and fills missing parameters from the
 * built-in profile of its channel. Throws NoiseConfigError naming the bad field.
 */
export function validateProfile(input: unknown, options: { file?: string } = {}): NoiseProfile {
  const file = options.file;
  const fail = (field: string, msg: string): never => {
    throw new NoiseConfigError(msg, {
      ...(file === undefined ? {} : { file }),
      field,
      hint: 'Fix the profile.',
    });
  };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail('(root)', 'a noise profile must be a JSON object with "name" and "channel".');
  }
  const o = input as Record<string, unknown>;
  const channel = o.channel;
  if (channel !== 'keyboard' && channel !== 'speech') {
    return fail('channel', `channel must be "keyboard" or "speech", got ${JSON.stringify(channel)}.`);
  }
  const base = channel === 'keyboard' ? PROFILES['kb-homophone']! : PROFILES['asr-clear']!;
  const name = typeof o.name === 'string' && o.name ? o.name : 'custom';
  const description = typeof o.description === 'string' ? o.description : 'Custom profile.';
  const key = channel === 'keyboard' ? 'keyboard' : 'speech';
  const params = merge(base[key] as unknown as Record<string, unknown>, o[key], key, fail);
  return { name, channel, description, [key]: params } as NoiseProfile;
}

function merge(
  base: Record<string, unknown>,
  over: unknown,
  path: string,
  fail: (field: string, msg: string) => never,
): Record<string, unknown> {
  if (over === undefined) return base;
  if (over === null || typeof over !== 'object' || Array.isArray(over))
    return fail(path, `${path} must be an object.`);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    const b = base[k];
    const field = `${path}.${k}`;
    if (b === undefined && path !== 'speech.fuzzy') {
      fail(field, `unknown parameter "${k}".${didYouMean(k, Object.keys(base))}`);
    }
    if (typeof b === 'object' && b !== null) out[k] = merge(b as Record<string, unknown>, v, field, fail);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail(field, `${field} must be a number ≥ 0.`);
    else if (k !== 'rankDecay' && path.endsWith('mechanisms') === false && path !== 'speech.fuzzy' && v > 1) {
      fail(field, `${field} is a probability and must be ≤ 1.`);
    } else out[k] = v;
  }
  return out;
}

/** Scales every probability of a profile by `rate` (clamped to [0, 1]); mechanism weights are unchanged. */
export function scaleProfile(profile: NoiseProfile, rate: number): NoiseProfile {
  if (!(rate >= 0) || !Number.isFinite(rate)) {
    throw new NoiseConfigError(`rate must be a finite number ≥ 0, got ${rate}.`, { field: 'rate' });
  }
  if (rate === 1) return profile;
  const c = (x: number): number => Math.min(1, x * rate);
  if (profile.keyboard) {
    const k = profile.keyboard;
    const p = k.punctuation;
    return {
      ...profile,
      keyboard: {
        ...k,
        charError: c(k.charError),
        insert: c(k.insert),
        digitSlip: c(k.digitSlip),
        latinSlip: c(k.latinSlip),
        punctuation: Object.fromEntries(
          Object.entries(p).map(([key, v]) => [key, c(v)]),
        ) as unknown as PunctuationHabits,
      },
    };
  }
  const s = profile.speech!;
  return {
    ...profile,
    speech: {
      ...s,
      charError: c(s.charError),
      functionDrop: c(s.functionDrop),
      punctRewrite: c(s.punctRewrite),
      keepComma: 1 - c(1 - s.keepComma),
      pauseComma: c(s.pauseComma),
      addFinal: c(s.addFinal),
      truncate: c(s.truncate),
      numbers: c(s.numbers),
      latinDrop: c(s.latinDrop),
      latinOut: c(s.latinOut),
    },
  };
}
