import { type Example, type ExampleByTask, type TaskId, UsageError } from '@readin/core';
import type { TaskMetric } from './types.js';

export interface TaskScorerOptions {
  /** CSpider: Spider `tables.json` (required for cspider). */
  readonly tables?: string;
  /** CSpider: a `database/` folder (`<db_id>/<db_id>.sqlite`) to add execution accuracy. */
  readonly databaseDir?: string;
  /** WMT21: sacreBLEU tokenizer for BLEU (default `13a`). */
  readonly tokenize?: string;
}

/** A task's metric together with the function that takes the gold side out of an example. */
export interface TaskScorer<T extends TaskId = TaskId> {
  readonly task: T;
  // biome-ignore lint/suspicious/noExplicitAny: the stat type is private to each metric
  readonly metric: TaskMetric<any, any>;
  gold(example: ExampleByTask[T]): unknown;
}

/**
 * The metric of each READIN task, as the official scorers define it (METRICS.md). Only the task's own metric
 * module is loaded (a `readin score` process does not pay for the other three).
 */
export async function createTaskScorer(task: TaskId, options: TaskScorerOptions = {}): Promise<TaskScorer> {
  switch (task) {
    case 'afqmc': {
      const { afqmcGold, createAfqmcMetric } = await import('./afqmc.js');
      return {
        task,
        metric: createAfqmcMetric(),
        gold: (e: Example) => afqmcGold(e as ExampleByTask['afqmc']),
      };
    }
    case 'cmrc2018': {
      const { cmrcGold, createCmrcMetric } = await import('./cmrc/index.js');
      return {
        task,
        metric: createCmrcMetric(),
        gold: (e: Example) => cmrcGold(e as ExampleByTask['cmrc2018']),
      };
    }
    case 'wmt21': {
      const { createWmtMetric } = await import('./wmt/index.js');
      return {
        task,
        metric: createWmtMetric(options.tokenize === undefined ? {} : { tokenize: options.tokenize }),
        gold: (e: Example) => (e as ExampleByTask['wmt21']).en,
      };
    }
    case 'cspider': {
      if (!options.tables) {
        throw new UsageError('CSpider needs the Spider schema file tables.json.', {
          field: 'tables',
          hint: 'Put tables.json in the task folder (or its parent) or pass --tables <file>.',
        });
      }
      const { createSpiderMetric } = await import('./spider/index.js');
      const metric = await createSpiderMetric({
        tables: options.tables,
        ...(options.databaseDir ? { databaseDir: options.databaseDir } : {}),
      });
      return {
        task,
        metric,
        gold: (e: Example) => {
          const ex = e as ExampleByTask['cspider'];
          return { query: ex.query, db_id: ex.db_id };
        },
      };
    }
  }
}
