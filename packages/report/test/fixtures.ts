import type { EvalReport, MetricValues, NoiseSummary, ScoreReport, TaskId } from '@readin/core';

/** clean / average / worst triples of the READIN paper (Tables 3–5); drop intervals are made up (± a few pp). */
type Triple = readonly [clean: number, average: number, worst: number];

function noise(metrics: Readonly<Record<string, Triple>>, halfWidth: number): NoiseSummary {
  const average: Record<string, number> = {};
  const worst: Record<string, number> = {};
  const drop: Record<string, { estimate: number; low: number; high: number }> = {};
  for (const [m, [c, a, w]] of Object.entries(metrics)) {
    average[m] = a;
    worst[m] = w;
    const estimate = Math.round((c - a) * 100) / 100;
    drop[m] = {
      estimate,
      low: Math.round((estimate - halfWidth) * 100) / 100,
      high: Math.round((estimate + halfWidth) * 100) / 100,
    };
  }
  return { versions: 3, average, worst, drop };
}

function score(
  task: TaskId,
  model: string,
  keyboard: Readonly<Record<string, Triple>>,
  speech: Readonly<Record<string, Triple>>,
  extra: Partial<ScoreReport> = {},
): ScoreReport {
  const clean: MetricValues = Object.fromEntries(Object.entries(keyboard).map(([m, t]) => [m, t[0]]));
  return {
    task,
    model,
    signature: `task:${task}|model:${model}|data:fixture|version:0.1.0`,
    splits: {},
    summary: { clean, keyboard: noise(keyboard, 2.5), speech: noise(speech, 3) },
    ...extra,
  };
}

export const roberta: EvalReport = {
  model: 'hf:hfl/chinese-roberta-wwm-ext',
  label: 'RoBERTa-wwm',
  created: '2026-11-26T09:00:00Z',
  tasks: [
    score(
      'afqmc',
      'RoBERTa-wwm',
      { acc_pos: [78.92, 42.75, 15.17], acc_neg: [65.75, 81.87, 65.85] },
      { acc_pos: [78.92, 27.75, 5.68], acc_neg: [65.75, 87.8, 73.81] },
    ),
    score('cmrc2018', 'RoBERTa-wwm', { em: [69.78, 60.84, 46.69] }, { em: [69.78, 55.97, 40.73] }),
  ],
};

export const macbert: EvalReport = {
  model: 'hf:hfl/chinese-macbert-base',
  label: 'MacBERT',
  tasks: [
    score(
      'afqmc',
      'MacBERT',
      { acc_pos: [80.04, 48.33, 18.83], acc_neg: [62.09, 76.77, 58.29] },
      { acc_pos: [80.04, 26.68, 5.16], acc_neg: [62.09, 87.88, 73.77] },
    ),
    score(
      'cmrc2018',
      'MacBERT',
      { em: [67.69, 56.71, 41.29] },
      { em: [67.69, 51.81, 35.94] },
      {
        notes: ['12 ids missing from test_noisy_asr_2'],
      },
    ),
  ],
};

/** CSpider with hardness nested as `by_hardness` (the other spelling is flattened `exact_match_easy`…). */
export const dgsql: ScoreReport = score(
  'cspider',
  'DG-SQL',
  { exact_match: [44.87, 28.85, 11.99] },
  { exact_match: [44.87, 33.4, 24.18] },
  { notes: ['execution accuracy skipped: no --db'] },
);

export const dgsqlWithHardness = {
  ...dgsql,
  summary: {
    ...dgsql.summary,
    clean: { ...dgsql.summary.clean, by_hardness: { easy: 62.1, medium: 47.3, hard: 35.6, extra: 20.0 } },
  },
};

export const mbart: ScoreReport = score(
  'wmt21',
  'mBART50',
  { bleu: [23.19, 16.35, 9.37] },
  { bleu: [23.19, 16.74, 10.82] },
  {
    notes: ['40 ids missing from test_noisy_asr_1'],
    signature: 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0',
  },
);

/** A synthetic-noise run (the bundled sample) with a Chinese model label. */
export const syntheticCjk: ScoreReport = {
  ...score(
    'afqmc',
    '哈工大 RoBERTa 中文',
    { acc_pos: [70.5, 55.25, 30.1], acc_neg: [60, 66.5, 50.25] },
    {
      acc_pos: [70.5, 50, 25],
      acc_neg: [60, 70, 55],
    },
  ),
  synthetic_noise: true,
};

export const paperReports = [roberta, macbert, dgsql, mbart] as const;
