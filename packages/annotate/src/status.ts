import { sessionAnnotators } from './export.js';
import { lockHolder, readJournal } from './journal.js';
import { assignedIds, readPlan } from './plan.js';
import { requireSessionConfig, sessionPaths } from './session.js';
import { openSession } from './setup.js';

/** Progress of one annotator. */
export interface AnnotatorStatus {
  readonly annotator: string;
  /** Items assigned (every item of the session when there is no plan). */
  readonly assigned: number;
  readonly done: number;
  readonly skipped: number;
  readonly flagged: number;
  readonly remaining: number;
  /** Mean characters per minute over done items (active time). */
  readonly cpm: number;
  readonly refused_keys: number;
  /** Time of the last submit, ISO. */
  readonly last?: string;
  /** A readin process holds this annotator's journal right now. */
  readonly active: boolean;
  /** A torn last line (crash while writing) or unreadable lines were found. */
  readonly torn: boolean;
  readonly bad_lines: number;
}

export interface SessionStatus {
  readonly dir: string;
  readonly task: string;
  readonly mode: string;
  readonly items: number;
  readonly planned: boolean;
  readonly annotators: readonly AnnotatorStatus[];
}

/** Progress per annotator of a session (from the plan and the journals; reads without locking). */
export async function sessionStatus(
  dir: string,
  options: { readonly data?: string } = {},
): Promise<SessionStatus> {
  await requireSessionConfig(dir); // never create a session here
  const session = await openSession(dir, options.data === undefined ? {} : { data: options.data });
  const plan = await readPlan(session.dir);
  const names = [...new Set([...(plan?.annotators ?? []), ...(await sessionAnnotators(session.dir))])].sort();
  const paths = sessionPaths(session.dir);
  const annotators: AnnotatorStatus[] = [];
  for (const annotator of names) {
    const ids = assignedIds(plan, annotator);
    const keys = new Set(session.items.items.filter((i) => !ids || ids.has(i.id)).map((i) => i.key));
    const journal = await readJournal(paths.journal(annotator));
    const entries = [...journal.byKey.values()].filter((e) => keys.has(e.key));
    const done = entries.filter((e) => e.status === 'done');
    const active = done.reduce((s, e) => s + e.active_ms, 0);
    const chars = done.reduce((s, e) => s + Array.from(e.text).length, 0);
    const last = entries
      .map((e) => e.submitted_at)
      .sort()
      .at(-1);
    annotators.push({
      annotator,
      assigned: keys.size,
      done: done.length,
      skipped: entries.length - done.length,
      flagged: entries.filter((e) => e.flag !== undefined).length,
      remaining: keys.size - entries.length,
      cpm: active > 0 ? (chars * 60_000) / active : 0,
      refused_keys: entries.reduce((s, e) => s + e.refused_keys, 0),
      ...(last === undefined ? {} : { last }),
      active: lockHolder(`${paths.journal(annotator)}.lock`) !== undefined,
      torn: journal.tornTail,
      bad_lines: journal.badLines.length,
    });
  }
  return {
    dir: session.dir,
    task: session.config.task,
    mode: session.config.mode,
    items: session.items.items.length,
    planned: plan !== undefined,
    annotators,
  };
}
