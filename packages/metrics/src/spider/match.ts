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

/** Parse and rebuild a gold query; throws SpiderParseError/PyCrash like the official script would. */
export function prepareGold(schema: SpiderSchema, query: string): PreparedGold {
  const sql = parseSpiderSql(schema, pyStrip(query));
  const hardness = evalHardness(sql);
  const rebuilt = rebuildForMatch(sql, schema);
  return { sql, rebuilt, hardness };
}

/** Score one prediction (any value; non-strings count as unparsable) against a prepared gold. */
export function matchPrediction(schema: SpiderSchema, gold: PreparedGold, prediction: unknown): MatchResult {
  let predSql: SpiderSql;
  let parsed = true;
  if (typeof prediction === 'string') {
    try {
      predSql = parseSpiderSql(schema, normalizePredictionLine(prediction));
    } catch {
      // SpiderParseError is the expected case; anything else is treated the same way, so that no prediction,
      // however odd, can make scoring throw.
      predSql = emptySql();
      parsed = false;
    }
  } else {
    predSql = emptySql();
    parsed = false;
  }
  try {
    const rebuilt = rebuildForMatch(predSql, schema);
    const { match, partial } = evalExactMatch(rebuilt, gold.rebuilt);
    return { match, parsed, partial, predSql };
  } catch {
    // PyCrash (where evaluation.py itself would raise) or a too-deep structure: never a match.
    return { match: 0, parsed, crashed: true, predSql };
  }
}
