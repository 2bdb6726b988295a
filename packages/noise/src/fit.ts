/**
 * Fitting a profile to real (clean, noisy) pairs: start from the built-in profile of the channel whose noise is
 * closest to the real noise, then adjust its rates by simulation until the Han-only CER, the op mix and the
 * substitution-class mix match (a few multiplicative steps; deterministic for a given seed).
 */
import { NoiseConfigError } from '@readin/core';
import { analyzeNoise, type NoiseAnalysis, totalVariation } from './analysis/index.js';
import { createNoiser } from './noise.js';
import {
  type Channel,
  type KeyboardParams,
  type NoiseProfile,
  PROFILES,
  type SpeechParams,
} from './profiles.js';

export interface FitOptions {
  /** Channel of the real noise; default: guessed (speech when more than 35 % of edits are deletions). */
  readonly channel?: Channel;
  /** Name of the fitted profile; default `fitted`. */
  readonly name?: string;
  /** Seed for the simulations; default 0. */
  readonly seed?: number;
  /** Adjustment rounds; default 3. */
  readonly rounds?: number;
}

export interface FitResult {
  readonly profile: NoiseProfile;
  readonly real: NoiseAnalysis;
  readonly fitted: NoiseAnalysis;
}

interface Pair {
  readonly clean: string;
  readonly noisy: string;
}

function distance(a: NoiseAnalysis, b: NoiseAnalysis): number {
  return (
    (totalVariation(a.opMix, b.opMix) ?? 1) +
    (totalVariation(a.hanSubClassShares, b.hanSubClassShares) ?? 1) +
    (totalVariation(a.runLengthShares, b.runLengthShares) ?? 1) +
    Math.abs((a.hanCer ?? 0) - (b.hanCer ?? 0)) / Math.max(a.hanCer ?? 0, 1e-6)
  );
}

async function simulate(profile: NoiseProfile, pairs: readonly Pair[], seed: number): Promise<NoiseAnalysis> {
  const nz = await createNoiser({ profile, seed });
  return analyzeNoise(pairs.map((p, i) => ({ clean: p.clean, noisy: nz(p.clean, { id: i }).text })));
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const ratio = (target: number, got: number): number => clamp(got > 0 ? target / got : 2, 0.5, 2);

/** Estimates a profile from real clean/noisy pairs. */
export async function fitProfile(pairs: readonly Pair[], options: FitOptions = {}): Promise<FitResult> {
  if (pairs.length === 0) {
    throw new NoiseConfigError('no (clean, noisy) pairs to fit a profile on.', {
      hint: 'Check --clean/--noisy/--field.',
    });
  }
  const seed = options.seed ?? 0;
  const real = analyzeNoise(pairs);
  const channel: Channel = options.channel ?? ((real.opMix.del ?? 0) > 0.35 ? 'speech' : 'keyboard');
  const sample =
    pairs.length > 1500 ? pairs.filter((_, i) => i % Math.ceil(pairs.length / 1500) === 0) : pairs;
  // Closest built-in profile of the channel.
  let best: NoiseProfile | undefined;
  let bestStats: NoiseAnalysis | undefined;
  for (const p of Object.values(PROFILES)) {
    if (p.channel !== channel) continue;
    const s = await simulate(p, sample, seed);
    if (!bestStats || distance(real, s) < distance(real, bestStats)) {
      best = p;
      bestStats = s;
    }
  }
  let profile: NoiseProfile = {
    ...best!,
    name: options.name ?? 'fitted',
    description: `Fitted from ${pairs.length} pairs, starting from ${best!.name}.`,
  };
  let stats = bestStats!;
  for (let r = 0; r < (options.rounds ?? 3); r++) {
    profile = adjust(profile, real, stats);
    stats = await simulate(profile, sample, seed);
  }
  return { profile, real, fitted: stats };
}

function adjust(profile: NoiseProfile, real: NoiseAnalysis, sim: NoiseAnalysis): NoiseProfile {
  const v = (x: number | null | undefined): number => x ?? 0;
  const rc = real.hanSubClassShares;
  const sc = sim.hanSubClassShares;
  const cer = ratio(v(real.hanCer), v(sim.hanCer));
  const ins = ratio(v(real.opMix.ins), v(sim.opMix.ins));
  const del = ratio(v(real.opMix.del), v(sim.opMix.del));
  const sameInitial = ratio(v(rc.shared_initial_only), v(sc.shared_initial_only));
  const samePinyin = ratio(
    v(rc.same_pinyin_same_tone) + v(rc.same_pinyin_other_tone),
    v(sc.same_pinyin_same_tone) + v(sc.same_pinyin_other_tone),
  );
  const longRuns = ratio(v(real.runShare2Plus), v(sim.runShare2Plus));
  const r4 = (x: number): number => Math.round(x * 10000) / 10000;
  if (profile.keyboard) {
    const k: KeyboardParams = profile.keyboard;
    const m = k.mechanisms;
    return {
      ...profile,
      keyboard: {
        ...k,
        charError: r4(clamp(k.charError * cer, 0, 0.9)),
        insert: r4(clamp(k.insert * ins, 0, 0.5)),
        mechanisms: {
          ...m,
          homophone: r4(m.homophone * samePinyin * longRuns),
          partial: r4(m.partial * samePinyin),
          abbrev: r4(m.abbrev * sameInitial),
          delete: r4(m.delete * del),
          phrase: r4(m.phrase * longRuns),
        },
      },
    };
  }
  const s: SpeechParams = profile.speech!;
  const m = s.mechanisms;
  return {
    ...profile,
    speech: {
      ...s,
      charError: r4(clamp(s.charError * cer, 0, 0.9)),
      mechanisms: {
        ...m,
        homophone: r4(m.homophone * samePinyin),
        near: r4(m.near / samePinyin),
        run: r4(m.run * longRuns),
        drop: r4(m.drop * del),
      },
    },
  };
}
