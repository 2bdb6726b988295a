/**
 * The per-example flow of Spider's `evaluate()` for the 'match' etype: parse gold and prediction against the
 * database's schema, hardness from the gold, the empty SQL for an unparsable prediction, rebuild both, compare.
 */

import {
  evalExactMatch,
  evalHardness,
  type Hardness,
  type PartialScores,
  rebuildForMatch,
} from './evaluate.js';
import { emptySql, parseSpiderSql, type SpiderSql } from './parse.js';
import { pyStrip } from './python.js';
import type { SpiderSchema } from './schema.js';

export interface PreparedGold {
  readonly sql: SpiderSql;
  readonly rebuilt: SpiderSql;
  readonly hardness: Hardness;
}

export interface MatchResult {
  readonly match: 0 | 1;
  /** False when the prediction did not parse (it was scored as the empty SQL, like evaluate() does). */
  readonly parsed: boolean;
  /** Set when the official script would have aborted on this pair (Python exception outside its try). */
  readonly crashed?: true;
  readonly partial?: PartialScores;
  readonly predSql?: SpiderSql;
}

/**
 * The prediction text as evaluate() would see it: `strip()`ped. (evaluate() reads a file, one prediction per
 * line, and keeps the part before the first tab; whoever reads such a file does that split — a prediction
 * given as a string here may contain tabs and newlines, which are plain whitespace to the tokenizer.)
 */
export function normalizePredictionLine(text: string): string {
  return pyStrip(text);
}

/** A query parsed against a schema and rebuilt for matching (or why either step failed). */
interface Parsed {
  readonly sql?: SpiderSql;
  readonly parseError?: unknown;
  readonly rebuilt?: SpiderSql;
  readonly rebuildError?: unknown;
}

const MEMO_LIMIT = 50_000;

/**
 * Parses per schema and (stripped) text. Spider's parser and the rebuild are pure functions of both, and queries
 * repeat: dev gold SQL is shared by several questions, a good model's prediction is often the gold text, and a
 * model often answers a noisy question as it answered the clean one.
 */
export class ParseMemo {
  private readonly bySchema = new WeakMap<SpiderSchema, Map<string, Parsed>>();

  get(schema: SpiderSchema, text: string): Parsed {
    let memo = this.bySchema.get(schema);
    if (memo === undefined) {
      memo = new Map();
      this.bySchema.set(schema, memo);
    }
    let parsed = memo.get(text);
    if (parsed === undefined) {
      parsed = parseAndRebuild(schema, text);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(text, parsed);
    }
    return parsed;
  }
}

function parseAndRebuild(schema: SpiderSchema, text: string): Parsed {
  let sql: SpiderSql;
  try {
    sql = parseSpiderSql(schema, text);
  } catch (parseError) {
    return { parseError };
  }
  try {
    return { sql, rebuilt: rebuildForMatch(sql, schema) };
  } catch (rebuildError) {
    return { sql, rebuildError };
  }
}

/** Parse and rebuild a gold query; throws SpiderParseError/PyCrash like the official script would. */
export function prepareGold(schema: SpiderSchema, query: string, memo = new ParseMemo()): PreparedGold {
  const parsed = memo.get(schema, pyStrip(query));
  if (parsed.sql === undefined) throw parsed.parseError;
  const hardness = evalHardness(parsed.sql);
  if (parsed.rebuilt === undefined) throw parsed.rebuildError;
  return { sql: parsed.sql, rebuilt: parsed.rebuilt, hardness };
}

/** Score one prediction (any value; non-strings count as unparsable) against a prepared gold. */
export function matchPrediction(
  schema: SpiderSchema,
  gold: PreparedGold,
  prediction: unknown,
  memo = new ParseMemo(),
): MatchResult {
  // SpiderParseError is the expected failure; anything else is treated the same way, so that no prediction,
  // however odd, can make scoring throw: an unparsable prediction is scored as the empty SQL.
  const parsed =
    typeof prediction === 'string' ? memo.get(schema, normalizePredictionLine(prediction)) : undefined;
  const parsedOk = parsed?.sql !== undefined;
  const predSql = parsed?.sql ?? emptySql();
  try {
    // PyCrash (where evaluation.py itself would raise) or a too-deep structure: never a match.
    if (parsed?.sql !== undefined && parsed.rebuilt === undefined) throw parsed.rebuildError;
    const rebuilt = parsed?.rebuilt ?? rebuildForMatch(predSql, schema);
    const { match, partial } = evalExactMatch(rebuilt, gold.rebuilt);
    return { match, parsed: parsedOk, partial, predSql };
  } catch {
    return { match: 0, parsed: parsedOk, crashed: true, predSql };
  }
}
