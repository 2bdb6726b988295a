/**
 * Execution accuracy. Queries run in a child process (better-sqlite3 v12, read-only connections) that a helper
 * worker thread kills when a query exceeds its time limit; the caller waits synchronously (Atomics.wait), so
 * `exampleStats` stays synchronous and a runaway query can never hang the scorer or stop the process from
 * exiting (a thread stuck inside SQLite could not be terminated, a process can).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

export type SqlCell = null | number | bigint | string | Uint8Array;
export type ExecOutcome =
  | { readonly ok: true; readonly rows: readonly (readonly SqlCell[])[] }
  | { readonly ok: false; readonly error: string };

export interface SqlExecutorOptions {
  /** Resolved path of the better-sqlite3 package entry (loaded only by the child process). */
  readonly driverPath: string;
  /** Per-query wall-clock limit in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** A query returning more rows than this fails (default 100 000). */
  readonly maxRows?: number;
}

const CHILD_CODE = `
const Database = require(process.env.READIN_SQLITE_DRIVER);
const dbs = new Map();
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
process.on('message', (req) => {
  let res;
  try {
    let db = dbs.get(req.db);
    if (!db) { db = new Database(req.db, { readonly: true, fileMustExist: true }); dbs.set(req.db, db); }
    const stmt = db.prepare(req.sql);
    if (!stmt.reader) throw new Error('statement returns no rows');
    const rows = [];
    for (const row of stmt.raw(true).iterate()) {
      if (rows.length >= req.maxRows) throw new Error('more than ' + req.maxRows + ' rows');
      rows.push(row);
    }
    res = { id: req.id, ok: true, rows };
  } catch (e) {
    res = { id: req.id, ok: false, error: String(e && e.message || e) };
  }
  process.send(res);
});
`;

const WORKER_CODE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { port, sab, childCode, driver } = workerData;
const flag = new Int32Array(sab);
let child = null;
let ready = false;
let pending = null;
let timer = null;
function finish(res) {
  if (timer) clearTimeout(timer);
  timer = null;
  pending = null;
  port.postMessage(res);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function start() {
  const c = spawn(process.execPath, ['-e', childCode], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'advanced',
    env: { ...process.env, READIN_SQLITE_DRIVER: driver },
  });
  c.on('message', (res) => {
    if (c !== child) return;
    if (res.ready) { ready = true; if (pending) send(pending); return; }
    if (pending && res.id === pending.id) finish(res);
  });
  c.on('exit', () => {
    if (c !== child) return;
    child = null;
    if (pending) finish({ id: pending.id, ok: false, error: 'executor process exited' });
  });
  c.on('error', () => {});
  child = c;
  ready = false;
}
// The time limit starts when the query is handed to a ready child (start-up is not charged to it).
function send(req) {
  timer = setTimeout(() => {
    const c = child;
    child = null;
    if (c) c.kill('SIGKILL');
    finish({ id: req.id, ok: false, error: 'timeout after ' + req.timeoutMs + ' ms' });
  }, req.timeoutMs);
  child.send(req);
}
port.on('message', (req) => {
  pending = req;
  if (!child) start();
  else if (ready) send(req);
});
`;

/** Runs read-only SQL against SQLite files, synchronously from the caller's point of view. */
export class SqlExecutor {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly maxRows: number;

  constructor(private readonly options: SqlExecutorOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRows = options.maxRows ?? 100_000;
  }

  private ensure(): MessagePort {
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: {
        port: port2,
        sab: this.flag.buffer,
        childCode: CHILD_CODE,
        driver: this.options.driverPath,
      },
      transferList: [port2],
    });
    this.worker.unref();
    this.port = port1;
    return port1;
  }

  /** Execute one statement; never throws for SQL problems (they come back as `{ ok: false }`). */
  run(dbPath: string, sql: string): ExecOutcome {
    const port = this.ensure();
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    port.postMessage({ id, db: dbPath, sql, maxRows: this.maxRows, timeoutMs: this.timeoutMs });
    // Generous outer bound: the worker enforces the real limit (plus start-up of the child process).
    const deadline = Date.now() + this.timeoutMs + 30_000;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.close();
        return { ok: false, error: 'executor did not answer' };
      }
      Atomics.wait(this.flag, 0, 0, Math.min(left, 50));
      let msg = receiveMessageOnPort(port);
      while (msg !== undefined) {
        const res = msg.message as { id: number; ok: boolean; rows?: SqlCell[][]; error?: string };
        if (res.id === id) {
          return res.ok ? { ok: true, rows: res.rows ?? [] } : { ok: false, error: res.error ?? 'error' };
        }
        msg = receiveMessageOnPort(port);
      }
    }
  }

  close(): void {
    this.port?.close();
    void this.worker?.terminate();
    this.port = undefined;
    this.worker = undefined;
  }
}

function cellEq(a: SqlCell, b: SqlCell): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    // biome-ignore lint/suspicious/noDoubleEquals: int/float/bigint compare by value, like Python
    return a == b;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return false;
}

function cellKey(c: SqlCell): string {
  if (c === null) return 'n';
  if (typeof c === 'number' || typeof c === 'bigint') return `d${String(c)}`;
  if (typeof c === 'string') return `s${c}`;
  return `b${Array.from(c).join(',')}`;
}

function rowKey(row: readonly SqlCell[], perm: readonly number[]): string {
  return JSON.stringify(perm.map((j) => cellKey(row[j]!)));
}

function matchesWith(
  gold: readonly (readonly SqlCell[])[],
  pred: readonly (readonly SqlCell[])[],
  perm: readonly number[],
  ordered: boolean,
): boolean {
  if (ordered) {
    return gold.every((g, i) => g.every((cell, j) => cellEq(cell, pred[i]![perm[j]!]!)));
  }
  const counts = new Map<string, number>();
  const identity = gold[0]?.map((_, j) => j) ?? [];
  for (const g of gold) {
    const k = rowKey(g, identity);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const p of pred) {
    const k = rowKey(p, perm);
    const n = counts.get(k);
    if (!n) return false;
    counts.set(k, n - 1);
  }
  return true;
}

/**
 * Whether two result sets are the same: same number of rows and columns, rows compared as a multiset (as a
 * list when `ordered`, i.e. the gold query has ORDER BY), columns matched up to a permutation (Spider keys
 * result columns by their select expression, so the column order of the prediction does not matter).
 */
export function sameResults(
  gold: readonly (readonly SqlCell[])[],
  pred: readonly (readonly SqlCell[])[],
  ordered: boolean,
): boolean {
  if (gold.length !== pred.length) return false;
  if (gold.length === 0) return true;
  const width = gold[0]!.length;
  if (gold.some((r) => r.length !== width) || pred.some((r) => r.length !== width)) return false;
  // Candidate pred columns for each gold column: same multiset of values (same list when ordered).
  const colKey = (rows: readonly (readonly SqlCell[])[], j: number): string => {
    const keys = rows.map((r) => cellKey(r[j]!));
    if (!ordered) keys.sort();
    return JSON.stringify(keys);
  };
  const goldKeys = Array.from({ length: width }, (_, j) => colKey(gold, j));
  const predKeys = Array.from({ length: width }, (_, j) => colKey(pred, j));
  const candidates = goldKeys.map((k) => predKeys.flatMap((pk, j) => (pk === k ? [j] : [])));
  if (candidates.some((c) => c.length === 0)) return false;
  const used = new Array<boolean>(width).fill(false);
  const perm: number[] = [];
  let tries = 0;
  const search = (j: number): boolean => {
    if (j === width) return ++tries <= 10_000 && matchesWith(gold, pred, perm, ordered);
    for (const c of candidates[j]!) {
      if (used[c]) continue;
      used[c] = true;
      perm.push(c);
      if (search(j + 1)) return true;
      perm.pop();
      used[c] = false;
      if (tries > 10_000) return false;
    }
    return false;
  };
  return search(0);
}
