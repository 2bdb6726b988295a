import type { ExampleByTask, TaskId } from '@readin/core';
import { UsageError } from '@readin/core';
import type { TaskContext } from '../types.js';
import { AFQMC_THRESHOLDS, charOverlapScore, pinyinOverlapScore } from './afqmc.js';
import { bestWindowAnswer } from './cmrc.js';
import { templateSql } from './cspider.js';
import { copyTranslation, glossTranslation } from './wmt.js';

/** An offline, deterministic baseline for one or more tasks. */
export interface Baseline {
  readonly name: string;
  /** Bumped whenever its output can change; part of the run signature. */
  readonly version: number;
  readonly tasks: readonly TaskId[];
  readonly description: string;
  predict<T extends TaskId>(task: T, example: ExampleByTask[T], context?: TaskContext<T>): Promise<string>;
}

function single<K extends TaskId>(
  name: string,
  task: K,
  description: string,
  run: (example: ExampleByTask[K], context: TaskContext<K>) => string | Promise<string>,
): Baseline {
  return {
    name,
    version: 1,
    tasks: [task],
    description,
    async predict(t, example, context) {
      if ((t as TaskId) !== task)
        throw new UsageError(`baseline:${name} answers ${task} only, not ${t}.`, {
          hint: 'Use baseline:default for every task.',
        });
      return run(example as unknown as ExampleByTask[K], (context ?? {}) as unknown as TaskContext<K>);
    },
  };
}

const charOverlap = single(
  'char-overlap',
  'afqmc',
  `Dice overlap of character 1-2-grams of the two sentences; "1" when ≥ ${AFQMC_THRESHOLDS.char}.`,
  (e) => (charOverlapScore(e) >= AFQMC_THRESHOLDS.char ? '1' : '0'),
);
const pinyinOverlap = single(
  'pinyin-overlap',
  'afqmc',
  `Dice overlap of toneless-pinyin 1-2-grams (pinyin-pro); "1" when ≥ ${AFQMC_THRESHOLDS.pinyin}. Homophone typos keep the pinyin.`,
  async (e) => ((await pinyinOverlapScore(e)) >= AFQMC_THRESHOLDS.pinyin ? '1' : '0'),
);
const bestWindow = single(
  'best-window',
  'cmrc2018',
  'The context sentence sharing most character bigrams with the question, trimmed to the uncovered fragment next to the overlap.',
  (e) => bestWindowAnswer(e),
);
const templateSqlBaseline = single(
  'template-sql',
  'cspider',
  'Links question words (small zh→en gloss list) to schema names; fills count/agg/group/order/select templates.',
  (e, context) => {
    if (!context.schema)
      throw new UsageError(`cspider example ${e.id} has no schema for database "${e.db_id}".`, {
        field: 'db_id',
        hint: 'Pass the tables.json entry as context.schema (readin run does this from the data folder).',
      });
    return templateSql(e, context.schema);
  },
);
const copy = single('copy', 'wmt21', 'Returns the Chinese source unchanged (a floor).', (e) =>
  copyTranslation(e),
);
const gloss = single(
  'gloss',
  'wmt21',
  'Word-by-word English gloss from a small built-in word list, greedy longest-match segmentation.',
  (e) => glossTranslation(e),
);

const PER_TASK: Readonly<Record<TaskId, Baseline>> = {
  afqmc: pinyinOverlap,
  cmrc2018: bestWindow,
  cspider: templateSqlBaseline,
  wmt21: gloss,
};

const defaultBaseline: Baseline = {
  name: 'default',
  version: 1,
  tasks: ['afqmc', 'cmrc2018', 'cspider', 'wmt21'],
  description: 'pinyin-overlap (AFQMC), best-window (CMRC2018), template-sql (CSpider), gloss (WMT).',
  predict: (task, example, context) => PER_TASK[task].predict(task, example, context),
};

/** The built-in offline baselines, by name (`baseline:<name>`). */
export const BASELINES: ReadonlyMap<string, Baseline> = new Map(
  [defaultBaseline, charOverlap, pinyinOverlap, bestWindow, templateSqlBaseline, copy, gloss].map((b) => [
    b.name,
    b,
  ]),
);
