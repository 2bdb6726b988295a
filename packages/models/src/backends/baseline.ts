import type { TaskId } from '@readin/core';
import type { Baseline } from '../baselines/index.js';
import { BASELINES } from '../baselines/index.js';
import type { Model, ModelDescription, ModelResponse, TaskRequest } from '../types.js';

/** A built-in offline baseline as a Model. */
export class BaselineModel implements Model {
  readonly spec: string;
  readonly backend = 'baseline' as const;
  readonly id: string;
  readonly tasks: readonly TaskId[];
  private readonly baseline: Baseline;

  constructor(baseline: Baseline) {
    this.baseline = baseline;
    this.id = baseline.name;
    this.spec = `baseline:${baseline.name}`;
    this.tasks = baseline.tasks;
  }

  async predict<T extends TaskId>(request: TaskRequest<T>): Promise<ModelResponse> {
    const prediction = await this.baseline.predict(request.task, request.example, request.context);
    return { prediction, raw: prediction, parsed: true, cached: false };
  }

  describe(): ModelDescription {
    const tasks: Partial<Record<TaskId, string>> = {};
    for (const task of this.tasks) {
      const own =
        this.baseline.name === 'default'
          ? [...BASELINES.values()].find(
              (b) => b.name !== 'default' && b.tasks.includes(task) && isDefaultFor(b, task),
            )
          : this.baseline;
      tasks[task] = `baseline:${own?.name ?? this.baseline.name}@${own?.version ?? this.baseline.version}`;
    }
    return {
      spec: this.spec,
      backend: 'baseline',
      model: this.id,
      settings: { version: this.baseline.version },
      tasks,
      signature: `backend:baseline|model:${this.id}|version:${this.baseline.version}`,
    };
  }
}

const DEFAULT_PER_TASK: Readonly<Record<TaskId, string>> = {
  afqmc: 'pinyin-overlap',
  cmrc2018: 'best-window',
  cspider: 'template-sql',
  wmt21: 'gloss',
};

function isDefaultFor(baseline: Baseline, task: TaskId): boolean {
  return DEFAULT_PER_TASK[task] === baseline.name;
}
