/**
 * The CSpider task metric: Spider exact set match (overall and by hardness) and, with a database folder,
 * execution accuracy.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  type CspiderExample,
  DataFormatError,
  type MetricValues,
  NotFoundError,
  readJsonDocument,
  UsageError,
} from '@readin/core';
import type { TaskMetric } from '../types.js';
import { HARDNESS_LEVELS, type Hardness, type PartialType } from './evaluate.js';
import { type ExecOutcome, SqlExecutor, sameResults } from './exec.js';
import {
  type MatchResult,
  matchPrediction,
  normalizePredictionLine,
  ParseMemo,
  type PreparedGold,
  prepareGold,
} from './match.js';
import { SpiderParseError } from './parse.js';
import { PyCrash } from './python.js';
import { buildSchema, type SpiderSchema, validateTables } from './schema.js';

/** Spider gold: the gold SQL and its database. */
export interface SpiderGold {
  readonly query: string;
  readonly db_id: string;
}

/** Per-example statistics. */
export interface SpiderStat {
  /** Exact set match (evaluation.py's `exact`). */
  readonly match: 0 | 1;
  /** Hardness of the gold query. */
  readonly hardness: Hardness;
  /** False when the prediction did not parse (scored as the empty SQL). */
  readonly parsed: boolean;
  /** F1 (0/1) of every partial component, as evaluation.py's `partial_scores[...]['f1']`. */
  readonly partial?: Readonly<Record<PartialType, number>>;
  /** Set when evaluation.py would have aborted on this pair; the example counts as not matching. */
  readonly crashed?: true;
  /** Execution match, present when the metric was given a database folder. */
  readonly exec?: 0 | 1;
  /** Why execution did not match, when one of the queries failed (error, time-out, too many rows). */
  readonly execError?: string;
}

export interface SpiderMetricOptions {
  /** `tables.json`: a path, or its parsed content. */
  readonly tables: string | unknown;
  /** Spider database folder (`<dir>/<db_id>/<db_id>.sqlite`); enables execution accuracy (`exec`). */
  readonly databaseDir?: string;
  /** Per-query time limit for execution, in milliseconds (default 10 000). */
  readonly execTimeoutMs?: number;
  /** Per-query row limit for execution (default 100 000). */
  readonly execMaxRows?: number;
}

export interface SpiderMetric extends TaskMetric<SpiderGold, SpiderStat> {
  /** Database ids known from tables.json. */
  readonly dbIds: readonly string[];
  /** Whether execution accuracy is computed. */
  readonly exec: boolean;
  /** Stops the execution helper (optional: it never keeps the process alive). */
  close(): void;
}

export const SPIDER_METRIC_NAMES: readonly string[] = [
  'exact_match',
  'exact_match_easy',
  'exact_match_medium',
  'exact_match_hard',
  'exact_match_extra',
];

/** The gold side of a CSpider example. */
export function spiderGold(example: Pick<CspiderExample, 'query' | 'db_id'>): SpiderGold {
  return { query: example.query, db_id: example.db_id };
}

const pct = (num: number, den: number): number => (den === 0 ? 0 : (100 * num) / den);

function spiderCorpus(stats: readonly SpiderStat[], withExec: boolean): MetricValues {
  let match = 0;
  let exec = 0;
  const count = { easy: 0, medium: 0, hard: 0, extra: 0 };
  const hit = { easy: 0, medium: 0, hard: 0, extra: 0 };
  for (const s of stats) {
    match += s.match;
    count[s.hardness]++;
    hit[s.hardness] += s.match;
    if (s.exec === 1) exec++;
  }
  const out: Record<string, number> = { exact_match: pct(match, stats.length) };
  for (const level of HARDNESS_LEVELS) out[`exact_match_${level}`] = pct(hit[level], count[level]);
  if (withExec) out.exec = pct(exec, stats.length);
  return out;
}

/** Whether a parsed gold SQL asks for an order (top-level ORDER BY). */
function goldIsOrdered(gold: PreparedGold): boolean {
  return gold.sql.orderBy.length > 0;
}

/**
 * Creates the CSpider metric. Metrics (percent): `exact_match` (headline), `exact_match_easy|medium|hard|extra`
 * (the score JSON nests these as `by_hardness`; a level without examples scores 0, as in evaluation.py), and
 * `exec` when `databaseDir` is given.
 *
 * - A prediction that is not a string, or does not parse, is scored as evaluation.py's empty SQL (never a match).
 * - A gold query that does not parse, or an unknown `db_id`, is a data error (DataFormatError), as it aborts
 *   the official script.
 * - Worst: an example counts only if it matches under every version (exec likewise).
 */
export async function createSpiderMetric(options: SpiderMetricOptions): Promise<SpiderMetric> {
  if (options === null || typeof options !== 'object' || options.tables === undefined) {
    throw new UsageError(
      'createSpiderMetric needs { tables }: the path of tables.json or its parsed content.',
      {
        hint: 'CSpider ships tables.json next to dev.json',
      },
    );
  }
  const file = typeof options.tables === 'string' ? options.tables : undefined;
  const json = file !== undefined ? await readJsonDocument(file) : options.tables;
  const entries = validateTables(json, file);
  const schemas = new Map<string, SpiderSchema>(); // built on first use: a split touches few databases
  const withExec = options.databaseDir !== undefined;
  let executor: SqlExecutor | undefined;
  if (withExec) {
    if (!existsSync(options.databaseDir!)) {
      throw new NotFoundError('database folder not found.', {
        file: options.databaseDir,
        hint: 'pass the Spider database folder holding <db_id>/<db_id>.sqlite',
      });
    }
    // Resolve (and check) the driver now; the child process loads it, keeping @readin/metrics fast to import.
    let driverPath: string;
    try {
      await import('better-sqlite3');
      driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    } catch (cause) {
      throw new UsageError(
        'execution accuracy needs the better-sqlite3 package, which could not be loaded.',
        {
          hint: 'npm install better-sqlite3@12 -w packages/metrics (v13 crashes on Node 20), or leave out the database folder',
          cause,
        },
      );
    }
    executor = new SqlExecutor({
      driverPath,
      timeoutMs: options.execTimeoutMs,
      maxRows: options.execMaxRows,
    });
  }

  const parses = new ParseMemo();
  const golds = new Map<string, PreparedGold>();
  /** Match results per (database, gold, prediction): pairs repeat across questions and noisy versions. */
  const matches = new Map<string, MatchResult>();
  const match = (schema: SpiderSchema, gold: SpiderGold, goldP: PreparedGold, prediction: unknown) => {
    if (typeof prediction !== 'string') return matchPrediction(schema, goldP, prediction, parses);
    const key = `${gold.db_id}\u0000${gold.query}\u0000${prediction}`;
    let r = matches.get(key);
    if (r === undefined) {
      r = matchPrediction(schema, goldP, prediction, parses);
      if (matches.size >= 50_000) matches.clear();
      matches.set(key, r);
    }
    return r;
  };
  const goldResults = new Map<string, ExecOutcome>();
  const schemaOf = (gold: SpiderGold): SpiderSchema => {
    if (
      gold === null ||
      typeof gold !== 'object' ||
      typeof gold.query !== 'string' ||
      typeof gold.db_id !== 'string'
    ) {
      throw new DataFormatError('CSpider gold must be { query: string, db_id: string }.', { field: 'query' });
    }
    let schema = schemas.get(gold.db_id);
    if (schema) return schema;
    const entry = entries.get(gold.db_id);
    if (entry) {
      schema = buildSchema(entry);
      schemas.set(gold.db_id, schema);
    } else {
      throw new DataFormatError(`unknown db_id ${JSON.stringify(gold.db_id)}: it is not in tables.json.`, {
        file,
        field: 'db_id',
        hint: 'use the tables.json that belongs to this CSpider split',
      });
    }
    return schema;
  };
  const prepared = (schema: SpiderSchema, gold: SpiderGold): PreparedGold => {
    const key = `${gold.db_id}\u0000${gold.query}`;
    let p = golds.get(key);
    if (!p) {
      try {
        p = prepareGold(schema, gold.query, parses);
      } catch (err) {
        if (!(err instanceof SpiderParseError || err instanceof PyCrash)) throw err;
        throw new DataFormatError(
          `gold SQL does not parse with Spider's parser (${err.message}): ${gold.query}`,
          {
            field: 'query',
            hint: `check the gold query of database ${gold.db_id} against tables.json`,
          },
        );
      }
      golds.set(key, p);
    }
    return p;
  };
  const dbPath = (dbId: string): string => {
    const path = join(options.databaseDir!, dbId, `${dbId}.sqlite`);
    if (!existsSync(path)) {
      throw new NotFoundError(`database ${dbId} not found.`, {
        file: path,
        hint: 'the database folder must hold <db_id>/<db_id>.sqlite for every db_id of the split',
      });
    }
    return path;
  };
  const execStat = (
    gold: SpiderGold,
    goldP: PreparedGold,
    prediction: unknown,
  ): Pick<SpiderStat, 'exec' | 'execError'> => {
    if (typeof prediction !== 'string') return { exec: 0, execError: 'prediction is not a string' };
    const path = dbPath(gold.db_id);
    const predSql = normalizePredictionLine(prediction);
    if (predSql.trim() === '') return { exec: 0, execError: 'empty prediction' };
    const p: ExecOutcome = executor!.run(path, predSql);
    if (!p.ok) return { exec: 0, execError: `prediction: ${p.error}` };
    const goldKey = `${gold.db_id}\u0000${gold.query}`;
    let g = goldResults.get(goldKey);
    if (g === undefined) {
      g = executor!.run(path, gold.query);
      if (goldResults.size >= 4096) goldResults.clear();
      goldResults.set(goldKey, g);
    }
    if (!g.ok) return { exec: 0, execError: `gold: ${g.error}` };
    return { exec: sameResults(g.rows, p.rows, goldIsOrdered(goldP)) ? 1 : 0 };
  };

  return {
    task: 'cspider',
    metricNames: withExec ? [...SPIDER_METRIC_NAMES, 'exec'] : SPIDER_METRIC_NAMES,
    signature: `etype:${withExec ? 'all' : 'match'}|values:ignored|distinct:ignored|fk:unified|tok:nltk|spider:evaluation.py`,
    dbIds: [...entries.keys()],
    exec: withExec,
    exampleStats(gold: SpiderGold, prediction: unknown): SpiderStat {
      const schema = schemaOf(gold);
      const goldP = prepared(schema, gold);
      const r = match(schema, gold, goldP, prediction);
      const p = r.partial;
      const partial: Record<PartialType, number> | undefined = p && {
        select: p.select.f1,
        'select(no AGG)': p['select(no AGG)'].f1,
        where: p.where.f1,
        'where(no OP)': p['where(no OP)'].f1,
        'group(no Having)': p['group(no Having)'].f1,
        group: p.group.f1,
        order: p.order.f1,
        'and/or': p['and/or'].f1,
        IUEN: p.IUEN.f1,
        keywords: p.keywords.f1,
      };
      const stat: SpiderStat = {
        match: r.match,
        hardness: goldP.hardness,
        parsed: r.parsed,
        ...(partial ? { partial } : {}),
        ...(r.crashed ? { crashed: true as const } : {}),
        ...(withExec ? execStat(gold, goldP, prediction) : {}),
      };
      return stat;
    },
    corpus: (stats) => spiderCorpus(stats, withExec),
    exampleMetrics(stat: SpiderStat): MetricValues {
      const out: Record<string, number> = { exact_match: 100 * stat.match };
      if (withExec) out.exec = stat.exec === 1 ? 100 : 0;
      return out;
    },
    worst(versions: readonly (readonly SpiderStat[])[]): MetricValues {
      const combined: SpiderStat[] = [];
      for (const stats of versions) {
        const first = stats[0];
        if (first === undefined) continue;
        combined.push({
          match: stats.every((s) => s.match === 1) ? 1 : 0,
          hardness: first.hardness,
          parsed: stats.every((s) => s.parsed),
          ...(withExec ? { exec: stats.every((s) => s.exec === 1) ? 1 : 0 } : {}),
        });
      }
      return spiderCorpus(combined, withExec);
    },
    close(): void {
      executor?.close();
    },
  };
}
