export type { NoiseEdit, ProtectSpec } from './engine.js';
export {
  createNoiser,
  type NoiseOptions,
  type NoiseResult,
  type Noiser,
  type NoiserCallOptions,
  noise,
  resolveProfile,
} from './noise.js';
export {
  type Channel,
  getProfile,
  type KeyboardMechanisms,
  type KeyboardParams,
  type NoiseProfile,
  PROFILES,
  type PunctuationHabits,
  profileNames,
  type SpeechMechanisms,
  type SpeechParams,
  scaleProfile,
  validateProfile,
} from './profiles.js';
