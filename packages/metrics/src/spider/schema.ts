/**
 * Spider schemas from `tables.json`: the `Schema` of `process_sql.py` (tables → lower-cased columns, and the
 * `idMap` of `__table.column__` ids), plus `build_foreign_key_map` of `evaluation.py`.
 */
import { DataFormatError } from '@readin/core';

/** One database entry of Spider's `tables.json` (only the fields the scorer reads). */
export interface SpiderTableEntry {
  readonly db_id: string;
  readonly table_names_original: readonly string[];
  readonly column_names_original: readonly (readonly [number, string])[];
  readonly foreign_keys: readonly (readonly [number, number])[];
}

export interface SpiderSchema {
  readonly dbId: string;
  /** Lower-cased table name → lower-cased column names, in `tables.json` order. */
  readonly tables: ReadonlyMap<string, readonly string[]>;
  /** `Schema.idMap`: `*`, `table.column` and `table` → `__all__`, `__table.column__`, `__table__`. */
  readonly idMap: ReadonlyMap<string, string>;
  /** Foreign-key unification map (`build_foreign_key_map`). */
  readonly fkMap: ReadonlyMap<string, string>;
  /** For `build_valid_col_units`: `__table` prefix → the column ids of that table. */
  readonly columnsByPrefix: ReadonlyMap<string, readonly string[]>;
}

function fail(file: string | undefined, field: string, message: string, hint?: string): never {
  throw new DataFormatError(message, {
    file,
    field,
    hint: hint ?? 'use Spider/CSpider tables.json as distributed',
  });
}

export function buildSchema(entry: SpiderTableEntry): SpiderSchema {
  const byTable: string[][] = entry.table_names_original.map(() => []);
  const columns = entry.column_names_original;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    byTable[column[0]]?.push(column[1].toLowerCase());
  }
  const tables = new Map<string, string[]>();
  entry.table_names_original.forEach((name, i) => {
    // The reference schema comes from SQLite files built from tables.json, where `sqlite_*` names (Spider lists
    // `sqlite_sequence` for some databases) are reserved and cannot be created: such tables are not in it.
    if (/^sqlite_/i.test(name)) return;
    tables.set(name.toLowerCase(), byTable[i]!);
  });
  const idMap = new Map<string, string>([['*', '__all__']]);
  for (const [table, cols] of tables)
    for (const col of cols) idMap.set(`${table}.${col}`, `__${table}.${col}__`);
  for (const table of tables.keys()) idMap.set(table, `__${table}__`);

  const columnsByPrefix = new Map<string, string[]>();
  for (const value of idMap.values()) {
    const dot = value.indexOf('.');
    if (dot < 0) continue;
    const prefix = value.slice(0, dot);
    const list = columnsByPrefix.get(prefix);
    if (list) list.push(value);
    else columnsByPrefix.set(prefix, [value]);
  }

  // build_foreign_key_map: column index → `__table.col__`; key sets are grown greedily, never merged.
  const cols = entry.column_names_original.map(([ti, col]) => {
    if (ti >= 0) return `__${String(entry.table_names_original[ti]).toLowerCase()}.${col.toLowerCase()}__`;
    return '__all__';
  });
  const keySets: Set<number>[] = [];
  for (const [k1, k2] of entry.foreign_keys) {
    let set = keySets.find((s) => s.has(k1) || s.has(k2));
    if (!set) {
      set = new Set();
      keySets.push(set);
    }
    set.add(k1);
    set.add(k2);
  }
  const fkMap = new Map<string, string>();
  for (const set of keySets) {
    const sorted = [...set].sort((a, b) => a - b);
    const target = cols[sorted[0]!];
    for (const idx of sorted) {
      const from = cols[idx];
      // Python: cols[idx] with a bad index raises; tables.json is validated before we get here.
      if (from !== undefined && target !== undefined) fkMap.set(from, target);
    }
  }
  return { dbId: entry.db_id, tables, idMap, fkMap, columnsByPrefix };
}

function isIntPair(value: unknown): value is readonly [number, number] {
  return (
    Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && Number.isInteger(value[1])
  );
}

/** Validate parsed `tables.json` content and build every database's schema, keyed by `db_id`. */
export function buildSchemas(json: unknown, file?: string): Map<string, SpiderSchema> {
  const out = new Map<string, SpiderSchema>();
  for (const [dbId, entry] of validateTables(json, file)) out.set(dbId, buildSchema(entry));
  return out;
}

/** Validate parsed `tables.json` content; the entries keyed by `db_id` (later duplicates win, like a dict). */
export function validateTables(json: unknown, file?: string): Map<string, SpiderTableEntry> {
  if (!Array.isArray(json)) fail(file, '(root)', 'tables.json must be a JSON array of database entries');
  const out = new Map<string, SpiderTableEntry>();
  json.forEach((raw: unknown, i: number) => {
    const where = `[${i}]`;
    if (typeof raw !== 'object' || raw === null)
      fail(file, where, `entry ${i} of tables.json is not an object`);
    const e = raw as Record<string, unknown>;
    if (typeof e.db_id !== 'string')
      fail(file, `${where}.db_id`, `entry ${i} of tables.json has no string db_id`);
    const tables = e.table_names_original;
    if (!Array.isArray(tables) || !tables.every((t) => typeof t === 'string')) {
      fail(
        file,
        `${e.db_id}.table_names_original`,
        `database ${e.db_id}: table_names_original must be strings`,
      );
    }
    const columns = e.column_names_original;
    let columnsOk = Array.isArray(columns);
    for (let c = 0; columnsOk && c < (columns as unknown[]).length; c++) {
      const col = (columns as unknown[])[c];
      columnsOk =
        Array.isArray(col) &&
        col.length === 2 &&
        Number.isInteger(col[0]) &&
        col[0] < tables.length &&
        typeof col[1] === 'string';
    }
    if (!columnsOk || !Array.isArray(columns)) {
      fail(
        file,
        `${e.db_id}.column_names_original`,
        `database ${e.db_id}: column_names_original must be [table_index, name] pairs`,
      );
    }
    const fks = e.foreign_keys ?? [];
    if (
      !Array.isArray(fks) ||
      !fks.every((f) => isIntPair(f) && f.every((k) => k >= 0 && k < columns.length))
    ) {
      fail(
        file,
        `${e.db_id}.foreign_keys`,
        `database ${e.db_id}: foreign_keys must be [column, column] index pairs`,
      );
    }
    out.set(e.db_id, {
      db_id: e.db_id,
      table_names_original: tables as string[],
      column_names_original: columns as [number, string][],
      foreign_keys: fks as [number, number][],
    });
  });
  return out;
}
