#!/usr/bin/env node
/**
 * Builds the SQLite databases of the sample CSpider suite from the SQL kept in the repo:
 *
 *   data/sample/cspider/sql/<db_id>.sql  →  data/sample/cspider/database/<db_id>/<db_id>.sqlite
 *
 * Each database is written to a temporary file in the target folder and renamed into place, so readers never
 * see a half-built file and two concurrent runs cannot corrupt each other. A database whose SQL has not changed
 * (SHA-256 prefix stored in `PRAGMA user_version`) is left alone, so the script is fast and idempotent; the root
 * `prepare` script may run it on every install.
 *
 * Usage: node scripts/build-sample-db.mjs [--out DIR] [--force] [--quiet]
 *   --out DIR   write `<DIR>/<db_id>/<db_id>.sqlite` instead of data/sample/cspider/database
 *   --force     rebuild even when up to date
 *   --quiet     print nothing on success
 *
 * The module also exports the helpers `build-sample.mjs` uses to generate the Spider `tables.json` from the
 * same SQL and to execute the gold queries.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The sample CSpider folder (holds `sql/`, `tables.json`, `test_*.json`). */
export const CSPIDER_DIR = join(ROOT, 'data', 'sample', 'cspider');

/** Natural-language names for identifiers that are not just `snake_case` words (Spider's `column_names`). */
const NATURAL_NAMES = {
  area_sqm: 'area square meters',
  appt_date: 'appointment date',
  seq: 'sequence',
  length_km: 'length kilometers',
  is_transfer: 'is transfer',
};

/** Lists `{ dbId, sqlPath }` for every `sql/<db_id>.sql`, sorted by db_id. */
export function listSqlFiles(cspiderDir = CSPIDER_DIR) {
  const sqlDir = join(cspiderDir, 'sql');
  return readdirSync(sqlDir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ dbId: basename(name, '.sql'), sqlPath: join(sqlDir, name) }));
}

/** Loads better-sqlite3 lazily (it is a native module; importing it costs tens of milliseconds). */
export async function loadSqlite() {
  const mod = await import('better-sqlite3');
  return mod.default;
}

/** A SHA-256-derived 31-bit stamp of the SQL text, stored as `PRAGMA user_version`. */
export function sqlStamp(sql) {
  return Number.parseInt(createHash('sha256').update(sql, 'utf8').digest('hex').slice(0, 7), 16);
}

/** Opens an in-memory database holding the schema and rows of `sql`. */
export function openMemoryDb(Database, sql, sqlPath = '<sql>') {
  const db = new Database(':memory:');
  try {
    db.exec(sql);
  } catch (error) {
    db.close();
    throw new Error(`${sqlPath}: the SQL does not execute: ${error.message}. Fix the statement and rerun.`);
  }
  return db;
}

function naturalName(identifier) {
  return NATURAL_NAMES[identifier] ?? identifier.replaceAll('_', ' ').toLowerCase();
}

function spiderType(declared) {
  const t = String(declared).toUpperCase();
  if (/BOOL/.test(t)) return 'boolean';
  if (/DATE|TIME|YEAR/.test(t)) return 'time';
  if (/INT|REAL|FLOA|DOUB|NUM|DEC/.test(t)) return 'number';
  if (/CHAR|TEXT|CLOB|STRING/.test(t)) return 'text';
  return 'others';
}

/**
 * The Spider `tables.json` entry of one database, read from SQLite's own view of the schema: tables in
 * creation order, columns in declaration order, `[-1, "*"]` first, primary and foreign keys as column indexes.
 */
export function spiderSchema(db, dbId) {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )
    .all()
    .map((row) => row.name);
  const columnNames = [[-1, '*']];
  const columnNamesOriginal = [[-1, '*']];
  const columnTypes = ['text'];
  const index = new Map();
  const primaryKeys = [];
  tables.forEach((table, t) => {
    const info = db.prepare(`PRAGMA table_info("${table}")`).all();
    const pk = [];
    for (const col of info) {
      index.set(`${table}.${col.name}`.toLowerCase(), columnNames.length);
      if (col.pk > 0) pk.push([col.pk, columnNames.length]);
      columnNames.push([t, naturalName(col.name)]);
      columnNamesOriginal.push([t, col.name]);
      columnTypes.push(spiderType(col.type));
    }
    pk.sort((a, b) => a[0] - b[0]);
    for (const [, i] of pk) primaryKeys.push(i);
  });
  const foreignKeys = [];
  for (const table of tables) {
    // SQLite lists a table's foreign keys in reverse declaration order; sort them by column below.
    const fks = db.prepare(`PRAGMA foreign_key_list("${table}")`).all();
    const own = [];
    for (const fk of fks) {
      const from = index.get(`${table}.${fk.from}`.toLowerCase());
      const to = index.get(`${fk.table}.${fk.to}`.toLowerCase());
      if (from === undefined || to === undefined)
        throw new Error(`${dbId}: foreign key ${table}.${fk.from} → ${fk.table}.${fk.to} names no column.`);
      own.push([from, to]);
    }
    own.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    foreignKeys.push(...own);
  }
  return {
    column_names: columnNames,
    column_names_original: columnNamesOriginal,
    column_types: columnTypes,
    db_id: dbId,
    foreign_keys: foreignKeys,
    primary_keys: primaryKeys,
    table_names: tables.map(naturalName),
    table_names_original: tables,
  };
}

/** The Spider `tables.json` text for every database under `cspiderDir/sql`. */
export async function buildTablesJson(cspiderDir = CSPIDER_DIR) {
  const Database = await loadSqlite();
  const entries = listSqlFiles(cspiderDir).map(({ dbId, sqlPath }) => {
    const db = openMemoryDb(Database, readFileSync(sqlPath, 'utf8'), sqlPath);
    try {
      return spiderSchema(db, dbId);
    } finally {
      db.close();
    }
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** True when the file at `path` is a database built from SQL with this stamp. */
function upToDate(Database, path, stamp) {
  if (!existsSync(path)) return false;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.pragma('user_version', { simple: true }) === stamp;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Builds `<outDir>/<db_id>/<db_id>.sqlite` for every SQL file. Returns `{ dbId, path, built }` per database
 * (`built` is false when the existing file was already up to date).
 */
export async function buildDatabases(options = {}) {
  const cspiderDir = options.cspiderDir ?? CSPIDER_DIR;
  const outDir = options.outDir ?? join(cspiderDir, 'database');
  const Database = await loadSqlite();
  const results = [];
  for (const { dbId, sqlPath } of listSqlFiles(cspiderDir)) {
    const sql = readFileSync(sqlPath, 'utf8');
    const stamp = sqlStamp(sql);
    const target = join(outDir, dbId, `${dbId}.sqlite`);
    if (!options.force && upToDate(Database, target, stamp)) {
      results.push({ dbId, path: target, built: false });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const temp = join(
      dirname(target),
      `.${dbId}.sqlite.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      const db = new Database(temp);
      try {
        db.exec('BEGIN');
        db.exec(sql);
        db.pragma(`user_version = ${stamp}`);
        db.exec('COMMIT');
      } finally {
        db.close();
      }
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new Error(`${sqlPath}: could not build ${target}: ${error.message}`);
    }
    results.push({ dbId, path: target, built: true });
  }
  return results;
}

function parseArgs(argv) {
  const options = { quiet: false, force: false, outDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quiet') options.quiet = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--out' && argv[i + 1]) options.outDir = resolve(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/build-sample-db.mjs [--out DIR] [--force] [--quiet]');
      process.exit(0);
    } else {
      console.error(`build-sample-db: unknown argument ${arg} (try --help)`);
      process.exit(2);
    }
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const results = await buildDatabases(options);
  if (!options.quiet) {
    const built = results.filter((r) => r.built).length;
    console.log(
      `build-sample-db: ${results.length} databases (${built} built, ${results.length - built} up to date) in ${dirname(dirname(results[0]?.path ?? '.'))}`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`build-sample-db: ${error.message}`);
    process.exit(1);
  });
}
