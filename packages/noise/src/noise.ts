/**
 * The library API: `noise(text, options)` for one text and `createNoiser(options)` for many (it loads the IME
 * lexicon and the segmenter once and then works synchronously).
 */
import { NoiseConfigError, Rng } from '@readin/core';
import {
  applyEdits,
  EditList,
  type NoiseEdit,
  type ProtectSpec,
  protectedRanges,
  tokenize,
} from './engine.js';
import { keyboardChannel } from './keyboard.js';
import { loadJieba, loadLexicon } from './lexicon.js';
import { type Channel, getProfile, type NoiseProfile, scaleProfile, validateProfile } from './profiles.js';
import { speechChannel } from './speech.js';

export interface NoiseOptions {
  /** `keyboard` or `speech`; default: the profile's channel, or `keyboard`. */
  readonly channel?: Channel;
  /** A built-in profile name or a profile object; default `kb-homophone` (keyboard) / `asr-clear` (speech). */
  readonly profile?: string | NoiseProfile;
  /** Seed; default 0. */
  readonly seed?: number | string;
  /** Example id (or several id parts, e.g. `[task, split, id, field]`) mixed with the seed; default none. */
  readonly id?: string | number | ReadonlyArray<string | number>;
  /** Scales the noise without changing its shape; default 1. */
  readonly rate?: number;
  /** Spans never corrupted: literal strings (all occurrences) or UTF-16 offsets. Default none. */
  readonly protect?: readonly ProtectSpec[];
}

export interface NoiseResult {
  readonly text: string;
  /** The changes, in input order; offsets are UTF-16 indices into the input text. */
  readonly edits: readonly NoiseEdit[];
}

/** Per-call options of a noiser (the profile and seed are fixed at creation). */
export interface NoiserCallOptions {
  readonly id?: NoiseOptions['id'];
  readonly protect?: readonly ProtectSpec[];
}

export type Noiser = ((text: string, options?: NoiserCallOptions) => NoiseResult) & {
  readonly profile: NoiseProfile;
  /** Noises many texts with one segmenter call; same results as one call per text. */
  readonly batch: (texts: readonly string[], calls?: readonly NoiserCallOptions[]) => NoiseResult[];
};

/** Resolves the options' profile (name or object), channel check and rate scaling. */
export function resolveProfile(
  options: Pick<NoiseOptions, 'channel' | 'profile' | 'rate'> = {},
): NoiseProfile {
  let profile: NoiseProfile;
  const p = options.profile;
  if (p === undefined) profile = getProfile(options.channel === 'speech' ? 'asr-clear' : 'kb-homophone');
  else if (typeof p === 'string') profile = getProfile(p);
  else profile = validateProfile(p);
  if (options.channel !== undefined && options.channel !== profile.channel) {
    throw new NoiseConfigError(
      `profile "${profile.name}" is a ${profile.channel} profile, not a ${options.channel} one.`,
      { field: 'profile', hint: `Pick a ${options.channel} profile.` },
    );
  }
  return scaleProfile(profile, options.rate ?? 1);
}

/** Loads the lexicon and segmenter once and returns a synchronous, deterministic noiser. */
export async function createNoiser(options: Omit<NoiseOptions, 'id' | 'protect'> = {}): Promise<Noiser> {
  const profile = resolveProfile(options);
  const seed = options.seed ?? 0;
  const [lex, jieba] = await Promise.all([loadLexicon(), loadJieba()]);
  // Dictionary-only segmentation (no HMM for unknown words): an IME user types unknown words piecewise anyway,
  // and it is twice as fast.
  const cut = (s: string): string[] => jieba.cut(s, false);
  const run = (text: string, call: NoiserCallOptions, pieces: string[] | undefined): NoiseResult => {
    if (typeof text !== 'string') {
      throw new NoiseConfigError(`noise() needs a string, got ${typeof text}.`, { field: 'text' });
    }
    if (!text) return { text, edits: [] };
    const id = call.id;
    const parts = id === undefined ? [] : Array.isArray(id) ? id : [id as string | number];
    const rng = Rng.for(seed, profile.name, ...parts);
    const ranges = protectedRanges(text, call.protect);
    const tokens = tokenize(text, pieces && ranges.length === 0 ? () => pieces : cut, ranges);
    const edits = new EditList(text);
    if (profile.channel === 'keyboard') keyboardChannel(tokens, profile.keyboard!, lex, rng, edits);
    else speechChannel(tokens, profile.speech!, lex, rng, edits, text.length);
    return { text: applyEdits(text, edits.edits), edits: edits.edits };
  };
  const fn = (text: string, call: NoiserCallOptions = {}): NoiseResult => run(text, call, undefined);
  /**
   * Many texts at once: one segmenter call for the whole batch (about twice as fast for short texts); results
   * are identical to calling the noiser on each text.
   */
  const batch = (texts: readonly string[], calls: readonly NoiserCallOptions[] = []): NoiseResult[] => {
    const ok = texts.every((t) => typeof t === 'string' && !t.includes('\n'));
    let split: string[][] | undefined;
    if (ok && texts.length > 1) {
      split = [[]];
      for (const w of cut(texts.join('\n'))) {
        if (w === '\n') split.push([]);
        else split[split.length - 1]!.push(w);
      }
      // Any doubt about the boundaries: segment text by text. (The segmenter keeps every character, so when
      // each text's words add up to its length they are exactly its words.)
      if (split.length !== texts.length || split.some((ws, i) => wordsLength(ws) !== texts[i]!.length))
        split = undefined;
    }
    return texts.map((t, i) => run(t, calls[i] ?? {}, split?.[i]));
  };
  return Object.assign(fn, { profile, batch });
}

function wordsLength(words: readonly string[]): number {
  let n = 0;
  for (const w of words) n += w.length;
  return n;
}

/**
 * Adds keyboard or speech noise to one text. Same text + profile + seed + id → same output on every machine.
 *
 * @example
 * const { text, edits } = await noise('乡村振兴，人才是关键。', { channel: 'keyboard', seed: 1, id: 'ex1' });
 */
export async function noise(text: string, options: NoiseOptions = {}): Promise<NoiseResult> {
  const noiser = await createNoiser(options);
  return noiser(text, {
    ...(options.id === undefined ? {} : { id: options.id }),
    protect: options.protect ?? [],
  });
}
