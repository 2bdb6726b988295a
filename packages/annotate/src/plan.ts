import { readFile } from 'node:fs/promises';
import { DataFormatError, UsageError, writeFileAtomic } from '@readin/core';
import { checkAnnotatorId, sessionPaths } from './session.js';

/** Who re-enters which example: `annotators[i]` of an example makes version i+1 of it (READIN's `_k`). */
export interface Plan {
  readonly version: 1;
  readonly per_item: number;
  readonly annotators: readonly string[];
  readonly created_at: string;
  /** In clean order: example id and its annotators, one per version. */
  readonly assignments: readonly { readonly id: string; readonly annotators: readonly string[] }[];
}

export interface PlanOptions {
  /** Annotators per example (default 3, as READIN). */
  readonly perItem?: number;
  readonly now?: Date;
}

/**
 * Assigns every example to `perItem` different annotators, balanced: each annotator gets within one example
 * of the same load, and their position (the version number) rotates. With as many annotators as versions,
 * annotator k makes version k of every example, as in READIN. AFQMC pairs stay together (one example id).
 * @example planAssignments(['0', '1'], ['a', 'b', 'c'], { perItem: 2 }).assignments // [{id:'0',annotators:['a','b']},{id:'1',annotators:['c','a']}]
 */
export function planAssignments(
  ids: readonly string[],
  annotators: readonly string[],
  options: PlanOptions = {},
): Plan {
  const perItem = options.perItem ?? 3;
  const unique = [...new Set(annotators.map(checkAnnotatorId))];
  if (unique.length !== annotators.length)
    throw new UsageError('an annotator is listed twice.', {
      field: 'annotators',
      hint: 'List each id once.',
    });
  if (!Number.isInteger(perItem) || perItem < 1)
    throw new UsageError(`invalid --per-item ${perItem}.`, {
      field: 'per-item',
      hint: 'Give a whole number ≥ 1.',
    });
  if (unique.length < perItem)
    throw new UsageError(
      `${perItem} annotators per item need at least ${perItem} annotators; got ${unique.length}.`,
      {
        field: 'annotators',
        hint: 'Add annotators or lower --per-item.',
      },
    );
  const n = unique.length;
  const assignments = ids.map((id, i) => ({
    id,
    annotators: Array.from({ length: perItem }, (_, j) => unique[(i * perItem + j) % n]!),
  }));
  return {
    version: 1,
    per_item: perItem,
    annotators: unique,
    created_at: (options.now ?? new Date()).toISOString(),
    assignments,
  };
}

export async function writePlan(dir: string, plan: Plan): Promise<void> {
  await writeFileAtomic(sessionPaths(dir).plan, `${JSON.stringify(plan)}\n`);
}

/** Reads the session's plan; undefined when none was made (every annotator then does every item). */
export async function readPlan(dir: string): Promise<Plan | undefined> {
  const file = sessionPaths(dir).plan;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const plan = JSON.parse(text) as Plan;
    if (plan.version !== 1 || !Array.isArray(plan.assignments)) throw new Error('shape');
    return plan;
  } catch (error) {
    throw new DataFormatError('not a readin annotation plan.', {
      file,
      hint: 'Recreate it with readin annotate plan.',
      cause: error,
    });
  }
}

/** The example ids an annotator works on (all when there is no plan). */
export function assignedIds(plan: Plan | undefined, annotator: string): ReadonlySet<string> | undefined {
  if (!plan) return undefined;
  return new Set(plan.assignments.filter((a) => a.annotators.includes(annotator)).map((a) => a.id));
}
