/** The four READIN tasks. */
export const TASK_IDS = ['afqmc', 'cmrc2018', 'cspider', 'wmt21'] as const;
export type TaskId = (typeof TASK_IDS)[number];

/** Kinds of test split: the clean original and the two noise types of READIN. */
export type NoiseType = 'keyboard' | 'asr';
export const NOISE_TYPES: readonly NoiseType[] = ['keyboard', 'asr'];

/** A split name as READIN spells it: `test_clean`, `test_noisy_keyboard_1` … `test_noisy_asr_3`. */
export type SplitName = string;

export const CLEAN_SPLIT = 'test_clean';

/** The seven standard READIN test splits, in report order. */
export const STANDARD_SPLITS: readonly SplitName[] = [
  'test_clean',
  'test_noisy_keyboard_1',
  'test_noisy_keyboard_2',
  'test_noisy_keyboard_3',
  'test_noisy_asr_1',
  'test_noisy_asr_2',
  'test_noisy_asr_3',
];

export interface SplitInfo {
  readonly name: SplitName;
  readonly noise: 'clean' | NoiseType;
  /** 1-based annotator / speaker index; 0 for clean. */
  readonly version: number;
}

const NOISY_SPLIT = /^test_noisy_(keyboard|asr)_(\d+)$/;

/** Parses a split name; returns undefined for names that are not READIN test splits. */
export function parseSplitName(name: string): SplitInfo | undefined {
  if (name === CLEAN_SPLIT) return { name, noise: 'clean', version: 0 };
  const m = NOISY_SPLIT.exec(name);
  if (!m) return undefined;
  return { name, noise: m[1] as NoiseType, version: Number(m[2]) };
}

export function noisySplitName(noise: NoiseType, version: number): SplitName {
  return `test_noisy_${noise}_${version}`;
}

export function isTaskId(value: string): value is TaskId {
  return (TASK_IDS as readonly string[]).includes(value);
}

/** Human labels used in tables: READIN calls the `asr` splits "speech". */
export const NOISE_LABELS: Readonly<Record<'clean' | NoiseType, string>> = {
  clean: 'clean',
  keyboard: 'keyboard',
  asr: 'speech',
};

/** The fields READIN noises per task, and the field that holds the gold output. */
export const TASK_FIELDS: Readonly<
  Record<TaskId, { readonly noised: readonly string[]; readonly gold: string }>
> = {
  afqmc: { noised: ['sentence1', 'sentence2'], gold: 'label' },
  cmrc2018: { noised: ['question'], gold: 'answers' },
  cspider: { noised: ['question'], gold: 'query' },
  wmt21: { noised: ['zh'], gold: 'en' },
};
