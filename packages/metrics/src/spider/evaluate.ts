/**
 * A port of Spider's `evaluation.py` for the 'match' etype: value/DISTINCT removal and foreign-key unification
 * (`rebuild_sql_val`, `rebuild_sql_col`, `build_valid_col_units`), the partial components, `eval_exact_match`
 * and `eval_hardness`. Where Python would raise (and the official script would abort), PyCrash is thrown.
 */
import type { ColUnit, Condition, CondUnit, SpiderSql, SqlValue, TableUnit, ValUnit } from './parse.js';
import { WHERE_OPS } from './parse.js';
import { isDict, PyCrash, pyEq, pyIn, pyIndex, pyNeInt, pyRemove, pyStride, pyTruthy } from './python.js';
import type { SpiderSchema } from './schema.js';

export type Hardness = 'easy' | 'medium' | 'hard' | 'extra';
export const HARDNESS_LEVELS: readonly Hardness[] = ['easy', 'medium', 'hard', 'extra'];

export const PARTIAL_TYPES = [
  'select',
  'select(no AGG)',
  'where',
  'where(no OP)',
  'group(no Having)',
  'group',
  'order',
  'and/or',
  'IUEN',
  'keywords',
] as const;
export type PartialType = (typeof PARTIAL_TYPES)[number];

export interface PartialScore {
  readonly acc: number;
  readonly rec: number;
  readonly f1: number;
  readonly label_total: number;
  readonly pred_total: number;
}
export type PartialScores = Readonly<Record<PartialType, PartialScore>>;

const LIKE = WHERE_OPS.indexOf('like');
const IN = WHERE_OPS.indexOf('in');

// ---------------------------------------------------------------------------------------------------------
// Rebuild (DISABLE_VALUE = True, DISABLE_DISTINCT = True)

function asCondUnit(item: unknown): CondUnit {
  // `not_op, op_id, val_unit, val1, val2 = cond_unit` — a str ('and'/'or') or anything not of length 5 raises.
  if (!Array.isArray(item) || item.length !== 5) throw new PyCrash('cannot unpack condition unit');
  return item as unknown as CondUnit;
}

function rebuildConditionVal(condition: Condition): Condition {
  return condition.map((item, i) => {
    if (i % 2 !== 0) return item;
    const unit = asCondUnit(item);
    const val1 = unit[3];
    const val2 = unit[4];
    return [
      unit[0],
      unit[1],
      unit[2],
      isDict(val1) ? rebuildSqlVal(val1 as SpiderSql) : null,
      isDict(val2) ? rebuildSqlVal(val2 as SpiderSql) : null,
    ] as CondUnit;
  });
}

/** `rebuild_sql_val`: values in conditions become None (sub-queries are kept and rebuilt). */
export function rebuildSqlVal(sql: SpiderSql | null): SpiderSql | null {
  if (sql === null) return null;
  return {
    ...sql,
    from: { table_units: sql.from.table_units, conds: rebuildConditionVal(sql.from.conds) },
    having: rebuildConditionVal(sql.having),
    where: rebuildConditionVal(sql.where),
    intersect: rebuildSqlVal(sql.intersect),
    except: rebuildSqlVal(sql.except),
    union: rebuildSqlVal(sql.union),
  };
}

/**
 * `build_valid_col_units`, as a membership test: a column id is valid when its `__table` prefix is one of the
 * FROM tables' (column ids always come from the schema's idMap, so that is the same set).
 */
export function buildValidColUnits(tableUnits: readonly TableUnit[], schema: SpiderSchema): ValidCols {
  const prefixes = new Set<string>();
  for (const unit of tableUnits) {
    if (unit[0] === 'table_unit' && schema.columnsByPrefix.has(unit[1].slice(0, -2)))
      prefixes.add(unit[1].slice(0, -2));
  }
  return {
    has(col: string): boolean {
      const dot = col.indexOf('.');
      return (
        dot >= 0 &&
        prefixes.has(col.slice(0, dot)) &&
        schema.columnsByPrefix.get(col.slice(0, dot))!.includes(col)
      );
    },
  };
}

export interface ValidCols {
  has(col: string): boolean;
}

interface ColContext {
  readonly valid: ValidCols;
  readonly kmap: ReadonlyMap<string, string>;
}

function rebuildColUnit(ctx: ColContext, unit: ColUnit | null): ColUnit | null {
  if (unit === null) return null;
  if (!Array.isArray(unit) || unit.length !== 3) throw new PyCrash('cannot unpack col unit');
  const col = unit[1];
  const mapped = ctx.kmap.get(col);
  return [unit[0], mapped !== undefined && ctx.valid.has(col) ? mapped : col, null];
}

function rebuildValUnit(ctx: ColContext, unit: ValUnit | null): ValUnit | null {
  if (unit === null) return null;
  if (!Array.isArray(unit) || unit.length !== 3) throw new PyCrash('cannot unpack val unit');
  return [unit[0], rebuildColUnit(ctx, unit[1]) as ColUnit, rebuildColUnit(ctx, unit[2])];
}

function rebuildConditionCol(ctx: ColContext, condition: Condition): Condition {
  return condition.map((item, i) => {
    if (i % 2 !== 0) return item;
    const unit = asCondUnit(item);
    return [unit[0], unit[1], rebuildValUnit(ctx, unit[2]) as ValUnit, unit[3], unit[4]] as CondUnit;
  });
}

function rebuildSqlColWith(ctx: ColContext, sql: SpiderSql | null): SpiderSql | null {
  if (sql === null) return null;
  const orderBy: SpiderSql['orderBy'] =
    sql.orderBy.length === 0
      ? sql.orderBy
      : [sql.orderBy[0]!, sql.orderBy[1]!.map((u) => rebuildValUnit(ctx, u) as ValUnit)];
  return {
    select: [null, sql.select[1].map((u) => [u[0], rebuildValUnit(ctx, u[1]) as ValUnit] as const)],
    // Table units hold a table id (str) or a sub-query (dict), never a tuple: they are left as they are.
    from: { table_units: sql.from.table_units, conds: rebuildConditionCol(ctx, sql.from.conds) },
    where: rebuildConditionCol(ctx, sql.where),
    groupBy: sql.groupBy.map((u) => rebuildColUnit(ctx, u) as ColUnit),
    orderBy,
    having: rebuildConditionCol(ctx, sql.having),
    limit: sql.limit,
    intersect: rebuildSqlColWith(ctx, sql.intersect),
    except: rebuildSqlColWith(ctx, sql.except),
    union: rebuildSqlColWith(ctx, sql.union),
  };
}

/** `rebuild_sql_col`: DISTINCT flags become None and foreign-key columns are unified (outer query and IUE). */
export function rebuildSqlCol(
  valid: ValidCols,
  sql: SpiderSql | null,
  kmap: ReadonlyMap<string, string>,
): SpiderSql | null {
  return rebuildSqlColWith({ valid, kmap }, sql);
}

/** The evaluate() rebuild sequence for one parsed SQL. */
export function rebuildForMatch(sql: SpiderSql, schema: SpiderSchema): SpiderSql {
  const valid = buildValidColUnits(sql.from.table_units, schema);
  return rebuildSqlCol(valid, rebuildSqlVal(sql), schema.fkMap)!;
}

// ---------------------------------------------------------------------------------------------------------
// Partial matching

function getScores(count: number, predTotal: number, labelTotal: number): [number, number, number] {
  if (predTotal !== labelTotal) return [0, 0, 0];
  if (count === predTotal) return [1, 1, 1];
  return [0, 0, 0];
}

function evalSel(pred: SpiderSql, label: SpiderSql): [number, number, number, number] {
  const predSel = pred.select[1];
  const labelSel: unknown[] = [...label.select[1]];
  const labelWoAgg: unknown[] = label.select[1].map((u) => u[1]);
  let cnt = 0;
  let cntWoAgg = 0;
  for (const unit of predSel) {
    if (pyIn(unit, labelSel)) {
      cnt++;
      pyRemove(labelSel, unit);
    }
    if (pyIn(unit[1], labelWoAgg)) {
      cntWoAgg++;
      pyRemove(labelWoAgg, unit[1]);
    }
  }
  return [label.select[1].length, predSel.length, cnt, cntWoAgg];
}

function evalWhere(pred: SpiderSql, label: SpiderSql): [number, number, number, number] {
  const predConds = pyStride(pred.where, 0);
  const labelConds: unknown[] = pyStride(label.where, 0);
  const labelWoAgg: unknown[] = labelConds.map((u) => pyIndex(u, 2));
  const labelTotal = labelConds.length;
  let cnt = 0;
  let cntWoAgg = 0;
  for (const unit of predConds) {
    if (pyIn(unit, labelConds)) {
      cnt++;
      pyRemove(labelConds, unit);
    }
    const u2 = pyIndex(unit, 2);
    if (pyIn(u2, labelWoAgg)) {
      cntWoAgg++;
      pyRemove(labelWoAgg, u2);
    }
  }
  return [labelTotal, predConds.length, cnt, cntWoAgg];
}

function groupColName(col: string): string {
  return col.includes('.') ? col.split('.')[1]! : col;
}

function evalGroup(pred: SpiderSql, label: SpiderSql): [number, number, number] {
  const predCols = pred.groupBy.map((u) => groupColName(u[1]));
  const labelCols = label.groupBy.map((u) => groupColName(u[1]));
  let cnt = 0;
  for (const col of predCols) {
    const i = labelCols.indexOf(col);
    if (i >= 0) {
      cnt++;
      labelCols.splice(i, 1);
    }
  }
  return [label.groupBy.length, pred.groupBy.length, cnt];
}

function evalHaving(pred: SpiderSql, label: SpiderSql): [number, number, number] {
  const predTotal = pred.groupBy.length > 0 ? 1 : 0;
  const labelTotal = label.groupBy.length > 0 ? 1 : 0;
  let cnt = 0;
  if (
    predTotal === 1 &&
    labelTotal === 1 &&
    pyEq(
      pred.groupBy.map((u) => u[1]),
      label.groupBy.map((u) => u[1]),
    ) &&
    pyEq(pred.having, label.having)
  ) {
    cnt = 1;
  }
  return [labelTotal, predTotal, cnt];
}

function evalOrder(pred: SpiderSql, label: SpiderSql): [number, number, number] {
  const predTotal = pred.orderBy.length > 0 ? 1 : 0;
  const labelTotal = label.orderBy.length > 0 ? 1 : 0;
  let cnt = 0;
  if (
    label.orderBy.length > 0 &&
    pyEq(pred.orderBy, label.orderBy) &&
    ((pred.limit === null && label.limit === null) || (pred.limit !== null && label.limit !== null))
  ) {
    cnt = 1;
  }
  return [labelTotal, predTotal, cnt];
}

/** A key equal for values Python's `hash`/`==` treat as the same set element; dicts are unhashable. */
function hashKey(value: unknown): string {
  if (value === null || value === undefined) return 'N';
  if (typeof value === 'boolean') return `n${value ? 1 : 0}`;
  if (typeof value === 'number') return `n${value === 0 ? 0 : value}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `(${value.map(hashKey).join(',')})`;
  throw new PyCrash("unhashable type: 'dict'");
}

/** Python `set(items)` as a map from hash key to one representative. */
function pySet(items: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const item of items) {
    const key = hashKey(item);
    if (!out.has(key)) out.set(key, item);
  }
  return out;
}

function evalAndOr(pred: SpiderSql, label: SpiderSql): [number, number, number] {
  const predAo = pySet(pyStride(pred.where, 1));
  const labelAo = pySet(pyStride(label.where, 1));
  const equal = predAo.size === labelAo.size && [...predAo.keys()].every((k) => labelAo.has(k));
  if (equal) return [1, 1, 1];
  return [predAo.size, labelAo.size, 0];
}

/** `eval_nested` for intersect, except and union, in that order: `[label_total, pred_total, cnt]` summed. */
function evalIUEN(pred: SpiderSql, label: SpiderSql): [number, number, number] {
  let labelTotal = 0;
  let predTotal = 0;
  let cnt = 0;
  const nested = (p: SpiderSql | null, l: SpiderSql | null): void => {
    if (l !== null) labelTotal++;
    if (p !== null) predTotal++;
    if (p !== null && l !== null) cnt += evalExactMatch(p, l).match;
  };
  nested(pred.intersect, label.intersect);
  nested(pred.except, label.except);
  nested(pred.union, label.union);
  return [labelTotal, predTotal, cnt];
}

function condUnits(sql: SpiderSql): unknown[] {
  return [...pyStride(sql.from.conds, 0), ...pyStride(sql.where, 0), ...pyStride(sql.having, 0)];
}

function andOrs(sql: SpiderSql): unknown[] {
  return [...pyStride(sql.from.conds, 1), ...pyStride(sql.where, 1), ...pyStride(sql.having, 1)];
}

function getKeywords(sql: SpiderSql): Set<string> {
  const res = new Set<string>();
  if (sql.where.length > 0) res.add('where');
  if (sql.groupBy.length > 0) res.add('group');
  if (sql.having.length > 0) res.add('having');
  if (sql.orderBy.length > 0) {
    res.add(sql.orderBy[0]!);
    res.add('order');
  }
  if (sql.limit !== null) res.add('limit');
  if (sql.except !== null) res.add('except');
  if (sql.union !== null) res.add('union');
  if (sql.intersect !== null) res.add('intersect');
  if (andOrs(sql).some((t) => t === 'or')) res.add('or');
  const units = condUnits(sql);
  if (units.some((u) => pyTruthy(pyIndex(u, 0)))) res.add('not');
  if (units.some((u) => pyEq(pyIndex(u, 1), IN))) res.add('in');
  if (units.some((u) => pyEq(pyIndex(u, 1), LIKE))) res.add('like');
  return res;
}

function evalKeywords(pred: SpiderSql, label: SpiderSql): [number, number, number] {
  const predKw = getKeywords(pred);
  const labelKw = getKeywords(label);
  let cnt = 0;
  for (const k of predKw) if (labelKw.has(k)) cnt++;
  return [labelKw.size, predKw.size, cnt];
}

function score(count: number, predTotal: number, labelTotal: number): PartialScore {
  const s = getScores(count, predTotal, labelTotal);
  return { acc: s[0], rec: s[1], f1: s[2], label_total: labelTotal, pred_total: predTotal };
}

/** `Evaluator.eval_partial_match` (on rebuilt SQL). The eval_* results are `[label_total, pred_total, cnt, …]`. */
export function evalPartialMatch(pred: SpiderSql, label: SpiderSql): PartialScores {
  // Indexing, not destructuring: array destructuring runs the iterator protocol in cold (unoptimised) code.
  const sel = evalSel(pred, label);
  const where = evalWhere(pred, label);
  const group = evalGroup(pred, label);
  const having = evalHaving(pred, label);
  const order = evalOrder(pred, label);
  const andOr = evalAndOr(pred, label);
  const iuen = evalIUEN(pred, label);
  const keywords = evalKeywords(pred, label);
  return {
    select: score(sel[2], sel[1], sel[0]),
    'select(no AGG)': score(sel[3], sel[1], sel[0]),
    where: score(where[2], where[1], where[0]),
    'where(no OP)': score(where[3], where[1], where[0]),
    'group(no Having)': score(group[2], group[1], group[0]),
    group: score(having[2], having[1], having[0]),
    order: score(order[2], order[1], order[0]),
    'and/or': score(andOr[2], andOr[1], andOr[0]),
    IUEN: score(iuen[2], iuen[1], iuen[0]),
    keywords: score(keywords[2], keywords[1], keywords[0]),
  };
}

/** `sorted(table_units)`: raises when two different sub-queries (dicts) would have to be ordered. */
function checkSortable(units: readonly TableUnit[]): void {
  const subqueries: unknown[] = [];
  for (const u of units) {
    if (u[0] !== 'sql') continue;
    if (!pyIn(u[1], subqueries)) subqueries.push(u[1]);
    if (subqueries.length > 1) throw new PyCrash("'<' not supported between instances of 'dict' and 'dict'");
  }
}

function sameMultiset(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const rest = [...b];
  for (const x of a) {
    const i = rest.findIndex((y) => pyEq(x, y));
    if (i < 0) return false;
    rest.splice(i, 1);
  }
  return true;
}

export interface ExactMatch {
  readonly match: 0 | 1;
  readonly partial: PartialScores;
}

/** `Evaluator.eval_exact_match(pred, label)` on rebuilt SQL. */
export function evalExactMatch(pred: SpiderSql, label: SpiderSql): ExactMatch {
  const partial = evalPartialMatch(pred, label);
  for (const type of PARTIAL_TYPES) if (partial[type].f1 !== 1) return { match: 0, partial };
  if (label.from.table_units.length > 0) {
    checkSortable(label.from.table_units);
    checkSortable(pred.from.table_units);
    return { match: sameMultiset(label.from.table_units, pred.from.table_units) ? 1 : 0, partial };
  }
  return { match: 1, partial };
}

// ---------------------------------------------------------------------------------------------------------
// Hardness

function hasAgg(unit: unknown): boolean {
  return pyNeInt(pyIndex(unit, 0), 0);
}

function countAgg(units: readonly unknown[]): number {
  let n = 0;
  for (const u of units) if (hasAgg(u)) n++;
  return n;
}

function nestedSql(sql: SpiderSql): SqlValue[] {
  const nested: SqlValue[] = [];
  for (const unit of condUnits(sql)) {
    const v1 = pyIndex(unit, 3);
    const v2 = pyIndex(unit, 4);
    if (isDict(v1)) nested.push(v1 as unknown as SpiderSql);
    if (isDict(v2)) nested.push(v2 as unknown as SpiderSql);
  }
  if (sql.intersect !== null) nested.push(sql.intersect);
  if (sql.except !== null) nested.push(sql.except);
  if (sql.union !== null) nested.push(sql.union);
  return nested;
}

export function countComponent1(sql: SpiderSql): number {
  let count = 0;
  if (sql.where.length > 0) count++;
  if (sql.groupBy.length > 0) count++;
  if (sql.orderBy.length > 0) count++;
  if (sql.limit !== null) count++;
  if (sql.from.table_units.length > 0) count += sql.from.table_units.length - 1;
  count += andOrs(sql).filter((t) => t === 'or').length;
  count += condUnits(sql).filter((u) => pyEq(pyIndex(u, 1), LIKE)).length;
  return count;
}

export function countComponent2(sql: SpiderSql): number {
  return nestedSql(sql).length;
}

export function countOthers(sql: SpiderSql): number {
  let count = 0;
  let agg = countAgg(sql.select[1]);
  agg += countAgg(pyStride(sql.where, 0));
  agg += countAgg(sql.groupBy);
  if (sql.orderBy.length > 0) {
    const units = sql.orderBy[1]!;
    agg += countAgg([
      ...units.filter((u) => pyTruthy(u[1])).map((u) => u[1]),
      ...units.filter((u) => pyTruthy(u[2])).map((u) => u[2]),
    ]);
  }
  agg += countAgg(sql.having);
  if (agg > 1) count++;
  if (sql.select[1].length > 1) count++;
  if (sql.where.length > 1) count++;
  if (sql.groupBy.length > 1) count++;
  return count;
}

/** `Evaluator.eval_hardness` (on the gold SQL as parsed, before rebuilding). */
export function evalHardness(sql: SpiderSql): Hardness {
  const c1 = countComponent1(sql);
  const c2 = countComponent2(sql);
  const others = countOthers(sql);
  if (c1 <= 1 && others === 0 && c2 === 0) return 'easy';
  if ((others <= 2 && c1 <= 1 && c2 === 0) || (c1 <= 2 && others < 2 && c2 === 0)) return 'medium';
  if (
    (others > 2 && c1 <= 2 && c2 === 0) ||
    (c1 > 2 && c1 <= 3 && others <= 2 && c2 === 0) ||
    (c1 <= 1 && others === 0 && c2 <= 1)
  ) {
    return 'hard';
  }
  return 'extra';
}
