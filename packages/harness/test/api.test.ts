import { expect, it } from 'vitest';

it('pins the public API of @readin/harness', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
    'DEFAULT_MODEL',
    'SAMPLE_DATA',
    'createProgressDisplay',
    'defaultRunDir',
    'evaluate',
    'formatSplitProgress',
    'formatTaskSummary',
    'limitTask',
    'redactCommand',
    'resolveDataPath',
    'runModel',
    'sampleDataDir',
    'scoreLoaded',
    'scorePredictions',
    'scoreReportJson',
  ]);
});
