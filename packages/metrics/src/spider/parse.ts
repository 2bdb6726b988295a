/**
 * A port of Spider's `process_sql.get_sql`: tokens → the Spider SQL dict. Every place where the Python parser
 * raises (assert, IndexError, KeyError, ValueError, RecursionError) throws SpiderParseError here.
 */
import { PyCrash, pyFloat, pyInt } from './python.js';
import type { SpiderSchema } from './schema.js';
import { spiderTokenize } from './tokenize.js';

export type ColUnit = readonly [agg: number, col: string, distinct: boolean | null];
export type ValUnit = readonly [unitOp: number, col1: ColUnit, col2: ColUnit | null];
export type SqlValue = null | number | string | ColUnit | SpiderSql;
export type CondUnit = readonly [not: boolean, op: number, valUnit: ValUnit, val1: SqlValue, val2: SqlValue];
/** `[cond_unit, 'and'|'or', cond_unit, …]` — malformed input can leave cond units at odd positions too. */
export type Condition = readonly (CondUnit | string)[];
export type TableUnit = readonly ['sql', SpiderSql] | readonly ['table_unit', string];
export type SelectUnit = readonly [agg: number, valUnit: ValUnit];

export interface SpiderSql {
  readonly select: readonly [distinct: boolean | null, units: readonly SelectUnit[]];
  readonly from: { readonly table_units: readonly TableUnit[]; readonly conds: Condition };
  readonly where: Condition;
  readonly groupBy: readonly ColUnit[];
  readonly having: Condition;
  readonly orderBy: readonly [] | readonly [direction: string, units: readonly ValUnit[]];
  readonly limit: number | null;
  readonly intersect: SpiderSql | null;
  readonly except: SpiderSql | null;
  readonly union: SpiderSql | null;
}

export const CLAUSE_KEYWORDS: readonly string[] = [
  'select',
  'from',
  'where',
  'group',
  'order',
  'limit',
  'intersect',
  'union',
  'except',
];
export const JOIN_KEYWORDS: readonly string[] = ['join', 'on', 'as'];
export const WHERE_OPS: readonly string[] = [
  'not',
  'between',
  '=',
  '>',
  '<',
  '>=',
  '<=',
  '!=',
  'in',
  'like',
  'is',
  'exists',
];
export const UNIT_OPS: readonly string[] = ['none', '-', '+', '*', '/'];
export const AGG_OPS: readonly string[] = ['none', 'max', 'min', 'count', 'sum', 'avg'];
export const COND_OPS: readonly string[] = ['and', 'or'];
export const SQL_OPS = ['intersect', 'union', 'except'] as const;
export const ORDER_OPS: readonly string[] = ['desc', 'asc'];

/** The SQL dict `evaluate()` substitutes for a prediction that fails to parse. */
export function emptySql(): SpiderSql {
  return {
    except: null,
    from: { conds: [], table_units: [] },
    groupBy: [],
    having: [],
    intersect: null,
    limit: null,
    orderBy: [],
    select: [false, []],
    union: null,
    where: [],
  };
}

export class SpiderParseError extends Error {
  override readonly name = 'SpiderParseError';
  constructor(message: string) {
    // Parse failures are routine (every unparsable prediction): skip the costly stack capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** Python frames available to the parser: CPython's recursion limit (1000) minus the scorer's outer frames. */
const MAX_DEPTH = 994;

type Toks = readonly string[];

const CLAUSE = new Set(CLAUSE_KEYWORDS);
const JOIN = new Set(JOIN_KEYWORDS);
const AGG = new Map(AGG_OPS.map((op, i) => [op, i]));
const UNIT = new Map(UNIT_OPS.map((op, i) => [op, i]));
const WHERE = new Map(WHERE_OPS.map((op, i) => [op, i]));

/**
 * The parse functions of process_sql.py as methods. Python returns `(idx, value)` tuples; here each method
 * returns the value and leaves the index after what it consumed in `this.at` (no tuple per call, and no
 * array destructuring, which runs the iterator protocol until V8 optimises the caller: a scoring run is short
 * and mostly runs cold code).
 */
class Parser {
  private depth = 0;
  /** The index after what the last parse method consumed (Python's returned `idx`). */
  at = 0;
  constructor(
    private readonly schema: SpiderSchema,
    private readonly aliases: ReadonlyMap<string, string>,
  ) {}

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new SpiderParseError('maximum recursion depth exceeded');
  }

  private tok(toks: Toks, i: number): string {
    const t = toks[i];
    if (t === undefined) throw new SpiderParseError('list index out of range');
    return t;
  }

  private check(cond: boolean, what: string): void {
    if (!cond) throw new SpiderParseError(what);
  }

  private lookup(map: ReadonlyMap<string, string>, key: string): string {
    const v = map.get(key);
    if (v === undefined) throw new SpiderParseError(`KeyError: ${key}`);
    return v;
  }

  parseCol(toks: Toks, start: number, defaultTables: readonly string[] | null): string {
    this.enter();
    const tok = this.tok(toks, start);
    if (tok === '*') {
      this.depth--;
      this.at = start + 1;
      return this.lookup(this.schema.idMap, tok);
    }
    const dot = tok.indexOf('.');
    if (dot >= 0) {
      this.check(tok.indexOf('.', dot + 1) < 0, 'too many values to unpack');
      const key = `${this.lookup(this.aliases, tok.slice(0, dot))}.${tok.slice(dot + 1)}`;
      this.depth--;
      this.at = start + 1;
      return this.lookup(this.schema.idMap, key);
    }
    this.check(
      defaultTables !== null && defaultTables.length > 0,
      'Default tables should not be None or empty',
    );
    for (let i = 0; i < defaultTables!.length; i++) {
      const table = this.lookup(this.aliases, defaultTables![i]!);
      const cols = this.schema.tables.get(table);
      if (cols === undefined) throw new SpiderParseError(`KeyError: ${table}`);
      if (cols.includes(tok)) {
        this.depth--;
        this.at = start + 1;
        return this.lookup(this.schema.idMap, `${table}.${tok}`);
      }
    }
    throw new SpiderParseError(`Error col: ${tok}`);
  }

  parseColUnit(toks: Toks, start: number, defaultTables: readonly string[] | null): ColUnit {
    this.enter();
    let idx = start;
    const len = toks.length;
    let isBlock = false;
    let isDistinct = false;
    if (this.tok(toks, idx) === '(') {
      isBlock = true;
      idx++;
    }
    const first = this.tok(toks, idx);
    const agg = AGG.get(first);
    if (agg !== undefined) {
      idx++;
      this.check(idx < len && toks[idx] === '(', 'expected ( after aggregate');
      idx++;
      if (this.tok(toks, idx) === 'distinct') {
        idx++;
        isDistinct = true;
      }
      const col = this.parseCol(toks, idx, defaultTables);
      idx = this.at;
      this.check(idx < len && toks[idx] === ')', 'expected )');
      idx++;
      this.depth--;
      this.at = idx;
      return [agg, col, isDistinct];
    }
    if (first === 'distinct') {
      idx++;
      isDistinct = true;
    }
    const col = this.parseCol(toks, idx, defaultTables);
    idx = this.at;
    if (isBlock) {
      this.check(this.tok(toks, idx) === ')', 'expected )');
      idx++;
    }
    this.depth--;
    this.at = idx;
    return [0, col, isDistinct];
  }

  parseValUnit(toks: Toks, start: number, defaultTables: readonly string[] | null): ValUnit {
    this.enter();
    let idx = start;
    const len = toks.length;
    let isBlock = false;
    if (this.tok(toks, idx) === '(') {
      isBlock = true;
      idx++;
    }
    let unitOp = 0;
    let col2: ColUnit | null = null;
    const col1 = this.parseColUnit(toks, idx, defaultTables);
    idx = this.at;
    const op = idx < len ? UNIT.get(toks[idx]!) : undefined;
    if (op !== undefined) {
      unitOp = op;
      idx++;
      col2 = this.parseColUnit(toks, idx, defaultTables);
      idx = this.at;
    }
    if (isBlock) {
      this.check(this.tok(toks, idx) === ')', 'expected )');
      idx++;
    }
    this.depth--;
    this.at = idx;
    return [unitOp, col1, col2];
  }

  /** The table id (`__t__`); its name is left in `this.tableName`. */
  parseTableUnit(toks: Toks, start: number): string {
    this.enter();
    let idx = start;
    const key = this.lookup(this.aliases, this.tok(toks, idx));
    if (idx + 1 < toks.length && toks[idx + 1] === 'as') idx += 3;
    else idx += 1;
    this.depth--;
    const id = this.lookup(this.schema.idMap, key);
    this.at = idx;
    this.tableName = key;
    return id;
  }
  private tableName = '';

  parseValue(toks: Toks, start: number, defaultTables: readonly string[] | null): SqlValue {
    this.enter();
    let idx = start;
    const len = toks.length;
    let isBlock = false;
    if (this.tok(toks, idx) === '(') {
      isBlock = true;
      idx++;
    }
    let val: SqlValue;
    const tok = this.tok(toks, idx);
    if (tok === 'select') {
      val = this.parseSql(toks, idx);
      idx = this.at;
    } else if (tok.includes('"')) {
      val = tok;
      idx++;
    } else {
      const num = pyFloat(tok);
      if (num !== undefined) {
        val = num;
        idx++;
      } else {
        let end = idx;
        while (end < len) {
          const t = toks[end]!;
          if (t === ',' || t === ')' || t === 'and' || CLAUSE.has(t) || JOIN.has(t)) break;
          end++;
        }
        val = this.parseColUnit(toks.slice(start, end), 0, defaultTables);
        idx = end;
      }
    }
    if (isBlock) {
      this.check(this.tok(toks, idx) === ')', 'expected )');
      idx++;
    }
    this.depth--;
    this.at = idx;
    return val;
  }

  parseCondition(toks: Toks, start: number, defaultTables: readonly string[] | null): Condition {
    this.enter();
    let idx = start;
    const len = toks.length;
    const conds: (CondUnit | string)[] = [];
    while (idx < len) {
      const valUnit = this.parseValUnit(toks, idx, defaultTables);
      idx = this.at;
      let notOp = false;
      if (this.tok(toks, idx) === 'not') {
        notOp = true;
        idx++;
      }
      const opId = idx < len ? WHERE.get(toks[idx]!) : undefined;
      if (opId === undefined) throw new SpiderParseError('Error condition');
      idx++;
      let val2: SqlValue = null;
      const val1 = this.parseValue(toks, idx, defaultTables);
      idx = this.at;
      if (opId === 1) {
        this.check(this.tok(toks, idx) === 'and', 'expected and in between');
        idx++;
        val2 = this.parseValue(toks, idx, defaultTables);
        idx = this.at;
      }
      conds.push([notOp, opId, valUnit, val1, val2]);
      if (idx < len) {
        const t = toks[idx]!;
        if (CLAUSE.has(t) || t === ')' || t === ';' || JOIN.has(t)) break;
        if (t === 'and' || t === 'or') {
          conds.push(t);
          idx++;
        }
      }
    }
    this.depth--;
    this.at = idx;
    return conds;
  }

  parseSelect(toks: Toks, start: number, defaultTables: readonly string[]): SpiderSql['select'] {
    this.enter();
    let idx = start;
    const len = toks.length;
    this.check(this.tok(toks, idx) === 'select', "'select' not found");
    idx++;
    let isDistinct = false;
    if (idx < len && toks[idx] === 'distinct') {
      idx++;
      isDistinct = true;
    }
    const units: SelectUnit[] = [];
    while (idx < len && !CLAUSE.has(toks[idx]!)) {
      let agg = 0;
      const found = AGG.get(toks[idx]!);
      if (found !== undefined) {
        agg = found;
        idx++;
      }
      const valUnit = this.parseValUnit(toks, idx, defaultTables);
      idx = this.at;
      units.push([agg, valUnit]);
      if (idx < len && toks[idx] === ',') idx++;
    }
    this.depth--;
    this.at = idx;
    return [isDistinct, units];
  }

  /** FROM: the table units; its conditions and default tables are left in `fromConds` / `fromTables`. */
  parseFrom(toks: Toks, start: number): TableUnit[] {
    this.enter();
    const len = toks.length;
    const fromIdx = toks.indexOf('from', start);
    this.check(fromIdx >= 0, "'from' not found");
    let idx = fromIdx + 1;
    const defaultTables: string[] = [];
    const tableUnits: TableUnit[] = [];
    const conds: (CondUnit | string)[] = [];
    while (idx < len) {
      let isBlock = false;
      if (this.tok(toks, idx) === '(') {
        isBlock = true;
        idx++;
      }
      if (this.tok(toks, idx) === 'select') {
        const sql = this.parseSql(toks, idx);
        idx = this.at;
        tableUnits.push(['sql', sql]);
      } else {
        if (idx < len && toks[idx] === 'join') idx++;
        const unit = this.parseTableUnit(toks, idx);
        idx = this.at;
        tableUnits.push(['table_unit', unit]);
        defaultTables.push(this.tableName);
      }
      if (idx < len && toks[idx] === 'on') {
        idx++;
        const these = this.parseCondition(toks, idx, defaultTables);
        idx = this.at;
        if (conds.length > 0) conds.push('and');
        for (let i = 0; i < these.length; i++) conds.push(these[i]!);
      }
      if (isBlock) {
        this.check(this.tok(toks, idx) === ')', 'expected )');
        idx++;
      }
      if (idx < len && (CLAUSE.has(toks[idx]!) || toks[idx] === ')' || toks[idx] === ';')) break;
    }
    this.depth--;
    this.at = idx;
    this.fromConds = conds;
    this.fromTables = defaultTables;
    return tableUnits;
  }
  private fromConds: Condition = [];
  private fromTables: readonly string[] = [];

  private parseClauseCondition(
    toks: Toks,
    start: number,
    keyword: string,
    defaultTables: readonly string[],
  ): Condition {
    this.enter();
    if (start >= toks.length || toks[start] !== keyword) {
      this.depth--;
      this.at = start;
      return [];
    }
    const out = this.parseCondition(toks, start + 1, defaultTables);
    this.depth--;
    return out;
  }

  parseGroupBy(toks: Toks, start: number, defaultTables: readonly string[]): ColUnit[] {
    this.enter();
    let idx = start;
    const len = toks.length;
    const units: ColUnit[] = [];
    if (idx >= len || toks[idx] !== 'group') {
      this.depth--;
      this.at = idx;
      return units;
    }
    idx++;
    this.check(this.tok(toks, idx) === 'by', 'expected by');
    idx++;
    while (idx < len && !(CLAUSE.has(toks[idx]!) || toks[idx] === ')' || toks[idx] === ';')) {
      units.push(this.parseColUnit(toks, idx, defaultTables));
      idx = this.at;
      if (idx < len && toks[idx] === ',') idx++;
      else break;
    }
    this.depth--;
    this.at = idx;
    return units;
  }

  parseOrderBy(toks: Toks, start: number, defaultTables: readonly string[]): SpiderSql['orderBy'] {
    this.enter();
    let idx = start;
    const len = toks.length;
    const units: ValUnit[] = [];
    let orderType = 'asc';
    if (idx >= len || toks[idx] !== 'order') {
      this.depth--;
      this.at = idx;
      return [];
    }
    idx++;
    this.check(this.tok(toks, idx) === 'by', 'expected by');
    idx++;
    while (idx < len && !(CLAUSE.has(toks[idx]!) || toks[idx] === ')' || toks[idx] === ';')) {
      units.push(this.parseValUnit(toks, idx, defaultTables));
      idx = this.at;
      if (idx < len && (toks[idx] === 'desc' || toks[idx] === 'asc')) {
        orderType = toks[idx]!;
        idx++;
      }
      if (idx < len && toks[idx] === ',') idx++;
      else break;
    }
    this.depth--;
    this.at = idx;
    return [orderType, units];
  }

  parseLimit(toks: Toks, start: number): number | null {
    this.enter();
    if (start < toks.length && toks[start] === 'limit') {
      const n = pyInt(this.tok(toks, start + 1));
      if (n === undefined) throw new SpiderParseError('invalid literal for int()');
      this.depth--;
      this.at = start + 2;
      return n;
    }
    this.depth--;
    this.at = start;
    return null;
  }

  private skipSemicolon(toks: Toks, start: number): number {
    this.enter();
    let idx = start;
    while (idx < toks.length && toks[idx] === ';') idx++;
    this.depth--;
    return idx;
  }

  parseSql(toks: Toks, start: number): SpiderSql {
    this.enter();
    let isBlock = false;
    const len = toks.length;
    let idx = start;
    if (this.tok(toks, idx) === '(') {
      isBlock = true;
      idx++;
    }
    const tableUnits = this.parseFrom(toks, start);
    const fromEnd = this.at;
    const fromConds = this.fromConds;
    const defaultTables = this.fromTables;
    const select = this.parseSelect(toks, idx, defaultTables);
    const where = this.parseClauseCondition(toks, fromEnd, 'where', defaultTables);
    const groupBy = this.parseGroupBy(toks, this.at, defaultTables);
    const having = this.parseClauseCondition(toks, this.at, 'having', defaultTables);
    const orderBy = this.parseOrderBy(toks, this.at, defaultTables);
    const limit = this.parseLimit(toks, this.at);
    idx = this.skipSemicolon(toks, this.at);
    if (isBlock) {
      this.check(this.tok(toks, idx) === ')', 'expected )');
      idx++;
    }
    idx = this.skipSemicolon(toks, idx);
    let intersect: SpiderSql | null = null;
    let union: SpiderSql | null = null;
    let except: SpiderSql | null = null;
    const op = idx < len ? toks[idx] : undefined;
    if (op === 'intersect' || op === 'union' || op === 'except') {
      idx++;
      const sub = this.parseSql(toks, idx);
      idx = this.at;
      if (op === 'intersect') intersect = sub;
      else if (op === 'union') union = sub;
      else except = sub;
    }
    this.depth--;
    this.at = idx;
    return {
      from: { table_units: tableUnits, conds: fromConds },
      select,
      where,
      groupBy,
      having,
      orderBy,
      limit,
      intersect,
      except,
      union,
    };
  }
}

/** `scan_alias` + `get_tables_with_alias`. */
function tablesWithAlias(schema: SpiderSchema, toks: Toks): Map<string, string> {
  const aliases = new Map<string, string>();
  for (let i = 0; i < toks.length; i++) {
    if (toks[i] !== 'as') continue;
    const alias = toks[i + 1];
    if (alias === undefined) throw new SpiderParseError('list index out of range');
    const table = i === 0 ? toks[toks.length - 1]! : toks[i - 1]!;
    aliases.set(alias, table);
  }
  for (const key of schema.tables.keys()) {
    if (aliases.has(key)) throw new SpiderParseError(`Alias ${key} has the same name in table`);
    aliases.set(key, key);
  }
  return aliases;
}

/** `get_sql(schema, query)`; throws SpiderParseError (never anything else) when Spider's parser would raise. */
export function parseSpiderSql(schema: SpiderSchema, query: string): SpiderSql {
  try {
    const toks = spiderTokenize(query);
    const parser = new Parser(schema, tablesWithAlias(schema, toks));
    return parser.parseSql(toks, 0);
  } catch (err) {
    if (err instanceof SpiderParseError) throw err;
    if (err instanceof PyCrash || err instanceof RangeError) throw new SpiderParseError(err.message);
    throw err;
  }
}
