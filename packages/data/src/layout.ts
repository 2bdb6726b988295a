import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  CLEAN_SPLIT,
  LayoutError,
  NotFoundError,
  noisySplitName,
  parseSplitName,
  readLines,
  type SplitName,
  STANDARD_SPLITS,
  sniffJsonKind,
  TASK_IDS,
  type TaskId,
  UsageError,
} from '@readin/core';
import { MANIFEST_NAME, type ReadinManifest, readFolderManifest } from './manifest.js';
import { parseTaskOption, taskFromFields, taskFromName } from './records.js';

/**
 * How a split's file is read: `json` (JSON Lines or one JSON document, sniffed when read — READIN's `.json`
 * files are JSON Lines), `jsonl`, `wide-tsv` (one version of the wide annotation TSV, picked by `column`),
 * `text-pair` (line-aligned `zh` / `en` plain-text files, WMT only).
 */
export type SplitFormat = 'json' | 'jsonl' | 'wide-tsv' | 'text-pair';

/** One split of one task: where it is and how to read it. */
export interface SplitSource {
  readonly task: TaskId;
  readonly split: SplitName;
  readonly format: SplitFormat;
  /** The data file (for `text-pair`: the Chinese side). */
  readonly file: string;
  /** `text-pair` only: the English side. */
  readonly en?: string;
  /** `wide-tsv` only: the column prefix of this version (`clean`, `noisy2`, `speaker1`, …). */
  readonly column?: string;
}

/** The layouts `resolveDataSource` recognises. */
export type DataLayout = 'flat' | 'nested' | 'release' | 'wide-tsv' | 'manifest' | 'file';

/** Labels of a dataset, from a `readin-manifest.json` in the task folder or its parent. */
export interface DataMeta {
  /** The noise was simulated, not real human input (reports must say so). */
  readonly synthetic_noise?: boolean;
  readonly name?: string;
  readonly note?: string;
  /** The manifest file these labels come from. */
  readonly manifest?: string;
}

/** One task's data: its splits, in READIN order, and the CSpider schema files when found. */
export interface DataSource {
  readonly task: TaskId;
  /** The task folder (or the file, for a single split file). */
  readonly root: string;
  readonly layout: DataLayout;
  readonly splits: readonly SplitSource[];
  /** Spider `tables.json` (CSpider), when found. */
  readonly tablesPath?: string;
  /** Spider `database/` folder (`<db_id>/<db_id>.sqlite`), when found. */
  readonly databaseDir?: string;
  readonly meta: DataMeta;
}

export interface ResolveDataOptions {
  /** Task id or alias (`cmrc`, `spider`, `wmt`); default: from the folder name, else from the first record. */
  readonly task?: string;
  /** Spider `tables.json`; default: `tables.json` in the task folder or its parent. */
  readonly tables?: string;
  /** Spider `database/` folder; default: `database/` in the task folder or its parent. */
  readonly database?: string;
}

const DATA_EXT = new Set(['.json', '.jsonl']);
const SPLIT_FILE = /^(test_clean|test_noisy_(?:keyboard|asr)_\d+)\.(?:jsonl?)$/;
const NOT_DATA = new Set([MANIFEST_NAME, 'tables.json', 'package.json']);
const RELEASE_FOLDERS: Readonly<Record<string, 'clean' | 'keyboard' | 'asr'>> = {
  clean: 'clean',
  keyboard: 'keyboard',
  speech: 'asr',
  asr: 'asr',
};
const EXPECTED = `Expected one of: split files (${STANDARD_SPLITS.slice(0, 2).join('.json, ')}.json, …), split folders (test_clean/test.json, …), the release's clean/ keyboard/ speech/ folders, a wide annotation .tsv, or a ${MANIFEST_NAME} mapping split names to files.`;

const bySplitOrder = (a: SplitSource, b: SplitSource) => splitRank(a.split) - splitRank(b.split);

function splitRank(split: SplitName): number {
  const info = parseSplitName(split);
  if (!info) return 1e6;
  return info.noise === 'clean' ? 0 : (info.noise === 'keyboard' ? 1000 : 2000) + info.version;
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

async function isDir(path: string): Promise<boolean> {
  return (await statOrUndefined(path))?.isDirectory() === true;
}

async function isFile(path: string): Promise<boolean> {
  return (await statOrUndefined(path))?.isFile() === true;
}

async function list(dir: string): Promise<Dirent[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isDataFile(e: Dirent): boolean {
  return e.isFile() && DATA_EXT.has(extname(e.name).toLowerCase()) && !NOT_DATA.has(e.name);
}

function listing(entries: readonly Dirent[]): string {
  if (entries.length === 0) return 'nothing';
  const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
  return names.length > 12
    ? `${names.slice(0, 12).join(', ')}, … (${names.length} entries)`
    : names.join(', ');
}

/**
 * Finds every task under `path`: a root with one folder per task (all of them, or the one `options.task`
 * names), a task folder, or a single split file. See `resolveDataSource` for the layouts.
 */
export async function resolveDataSources(
  path: string,
  options: ResolveDataOptions = {},
): Promise<DataSource[]> {
  const task = options.task === undefined ? undefined : parseTaskOption(options.task);
  const abs = resolve(path);
  const info = await statOrUndefined(abs);
  if (!info)
    throw new NotFoundError('no such file or folder.', {
      file: abs,
      hint: 'Give a task folder, a root holding afqmc/ cmrc2018/ cspider/ wmt21/, or one split file.',
    });
  if (info.isFile()) return [await resolveFile(abs, task, options)];

  const manifest = await readFolderManifest(abs);
  if (manifest?.splits) return [await fromManifest(abs, manifest, task, options)];

  const entries = await list(abs);
  const taskDirs = new Map<TaskId, string>();
  for (const [t, folder] of Object.entries(manifest?.tasks ?? {}))
    taskDirs.set(t as TaskId, resolve(abs, folder));
  for (const e of entries) {
    const t = e.isDirectory() ? taskFromName(e.name) : undefined;
    if (t && !taskDirs.has(t)) taskDirs.set(t, join(abs, e.name));
  }
  const ownTask = taskFromName(basename(abs));
  const hasSplits = entries.some((e) => isDataFile(e) || parseSplitName(e.name) || RELEASE_FOLDERS[e.name]);
  if (taskDirs.size > 0 && !(ownTask && hasSplits)) {
    const picked = task ? [task] : TASK_IDS.filter((t) => taskDirs.has(t));
    const out: DataSource[] = [];
    for (const t of picked) {
      const dir = taskDirs.get(t);
      if (!dir)
        throw new NotFoundError(`no folder for task ${t} here.`, {
          file: abs,
          hint: `Found task folders: ${[...taskDirs.keys()].join(', ')}.`,
        });
      if (!(await isDir(dir)))
        throw new NotFoundError(`the folder for task ${t} does not exist.`, {
          file: dir,
          field: `tasks.${t}`,
        });
      out.push(await resolveTaskDir(dir, t, options, [abs]));
    }
    return out;
  }
  if (entries.some((e) => e.isDirectory() && RELEASE_FOLDERS[e.name]))
    return resolveRelease(abs, entries, task, options);
  return [await resolveTaskDir(abs, task, options, [])];
}

/**
 * Finds one task's data. `path` may be:
 * - a task folder in the flat layout (`test_clean.json`, `test_noisy_keyboard_1.json`, …), the nested layout
 *   (`test_clean/test.json`, …), the release layout (`clean/`, `keyboard/`, `speech/`), holding a wide
 *   annotation TSV, a `readin-manifest.json` with `splits`, or a single data file (taken as `test_clean`);
 * - a root holding one folder per task (`afqmc/`, `cmrc2018/`, …): `options.task` picks one, and is required
 *   when there are several;
 * - a single split file (`test_clean` unless its name, or its folder's name, is another split).
 * Unknown layouts are a LayoutError listing what was found and what was expected.
 */
export async function resolveDataSource(path: string, options: ResolveDataOptions = {}): Promise<DataSource> {
  const all = await resolveDataSources(path, options);
  if (all.length === 1) return all[0]!;
  throw new UsageError(`${resolve(path)} holds several tasks (${all.map((s) => s.task).join(', ')}).`, {
    field: 'task',
    hint: 'Pick one with --task.',
  });
}

async function sniffTask(file: string, format: SplitFormat): Promise<TaskId | undefined> {
  if (format === 'text-pair') return 'wmt21';
  if (format === 'wide-tsv') {
    for await (const { text } of readLines(file)) return taskFromFields(wideColumns(text.split('\t')).fields);
    return undefined;
  }
  const kind = await sniffJsonKind(file).catch(() => 'empty' as const);
  if (kind === 'jsonl') {
    for await (const { text } of readLines(file)) {
      if (text.trim() === '') continue;
      try {
        return taskFromFields(Object.keys(JSON.parse(text) as object));
      } catch {
        return undefined;
      }
    }
  }
  if (kind === 'document') {
    // Only the first few KB: enough to see the first record's keys without parsing a large document.
    for await (const { text, line } of readLines(file)) {
      const t = taskFromFields([...text.matchAll(/"([A-Za-z_0-9]+)"\s*:/g)].map((m) => m[1]!));
      if (t) return t;
      if (line > 200) break;
    }
  }
  return undefined;
}

async function decideTask(
  given: TaskId | undefined,
  names: readonly string[],
  splits: readonly SplitSource[],
  where: string,
): Promise<TaskId> {
  if (given) return given;
  for (const n of names) {
    const t = taskFromName(n);
    if (t) return t;
  }
  const first = splits.find((s) => s.split === CLEAN_SPLIT) ?? splits[0];
  if (first) {
    const t = await sniffTask(first.file, first.format);
    if (t) return t;
  }
  throw new UsageError('cannot tell which task this data is for.', {
    file: where,
    field: 'task',
    hint: `Name the folder after the task or pass --task (${TASK_IDS.join(', ')}).`,
  });
}

function withTask(splits: readonly SplitSource[], task: TaskId): SplitSource[] {
  return splits.map((s) => ({ ...s, task })).sort(bySplitOrder);
}

async function findMeta(dirs: readonly string[]): Promise<DataMeta> {
  for (const dir of dirs) {
    const m = await readFolderManifest(dir);
    if (m && (m.synthetic_noise !== undefined || m.note !== undefined || m.name !== undefined)) {
      return {
        ...(m.synthetic_noise === undefined ? {} : { synthetic_noise: m.synthetic_noise }),
        ...(m.name === undefined ? {} : { name: m.name }),
        ...(m.note === undefined ? {} : { note: m.note }),
        manifest: join(dir, MANIFEST_NAME),
      };
    }
  }
  return {};
}

async function schemaPaths(
  task: TaskId,
  dirs: readonly string[],
  options: ResolveDataOptions,
  manifest?: { dir: string; m: ReadinManifest },
): Promise<{ tablesPath?: string; databaseDir?: string }> {
  const out: { tablesPath?: string; databaseDir?: string } = {};
  const tables =
    options.tables ?? (manifest?.m.tables ? resolve(manifest.dir, manifest.m.tables) : undefined);
  if (tables !== undefined) {
    if (!(await isFile(tables)))
      throw new NotFoundError('tables file not found.', {
        file: resolve(tables),
        field: 'tables',
        hint: 'Give the Spider tables.json.',
      });
    out.tablesPath = resolve(tables);
  } else if (task === 'cspider') {
    for (const d of dirs)
      if (await isFile(join(d, 'tables.json'))) {
        out.tablesPath = join(d, 'tables.json');
        break;
      }
  }
  const database =
    options.database ?? (manifest?.m.database ? resolve(manifest.dir, manifest.m.database) : undefined);
  if (database !== undefined) {
    if (!(await isDir(database)))
      throw new NotFoundError('database folder not found.', {
        file: resolve(database),
        field: 'database',
        hint: 'Give the folder holding <db_id>/<db_id>.sqlite.',
      });
    out.databaseDir = resolve(database);
  } else if (task === 'cspider') {
    for (const d of dirs)
      if (await isDir(join(d, 'database'))) {
        out.databaseDir = join(d, 'database');
        break;
      }
  }
  return out;
}

function splitFromFileName(file: string): SplitName | undefined {
  const stem = basename(file, extname(file));
  if (parseSplitName(stem)) return stem;
  const parent = basename(dirname(file));
  return parseSplitName(parent) ? parent : undefined;
}

async function resolveFile(
  file: string,
  given: TaskId | undefined,
  options: ResolveDataOptions,
): Promise<DataSource> {
  if (basename(file) === MANIFEST_NAME) {
    const m = await readFolderManifest(dirname(file));
    if (m?.splits) return fromManifest(dirname(file), m, given, options);
    throw new LayoutError('this manifest has no "splits".', {
      file,
      field: 'splits',
      hint: 'Pass the folder instead, or add "splits" mapping split names to files.',
    });
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.tsv') {
    const splits = await wideTsvSplits(file);
    const task = await decideTask(given, [], splits, file);
    return finish(task, file, 'wide-tsv', splits, [dirname(file)], options);
  }
  const split = splitFromFileName(file) ?? CLEAN_SPLIT;
  const splits: SplitSource[] = [{ task: 'afqmc', split, format: 'json', file }];
  const dir = dirname(file);
  const parentIsSplit = parseSplitName(basename(dir)) !== undefined;
  const taskDir = parentIsSplit ? dirname(dir) : dir;
  const task = await decideTask(given, [basename(taskDir), basename(file, ext)], splits, file);
  return finish(task, file, 'file', splits, [taskDir, dirname(taskDir)], options);
}

async function finish(
  task: TaskId,
  root: string,
  layout: DataLayout,
  splits: readonly SplitSource[],
  dirs: readonly string[],
  options: ResolveDataOptions,
  manifest?: { dir: string; m: ReadinManifest },
): Promise<DataSource> {
  return {
    task,
    root,
    layout,
    splits: withTask(splits, task),
    ...(await schemaPaths(task, dirs, options, manifest)),
    meta: await findMeta(dirs),
  };
}

async function fromManifest(
  dir: string,
  m: ReadinManifest,
  given: TaskId | undefined,
  options: ResolveDataOptions,
): Promise<DataSource> {
  const file = join(dir, MANIFEST_NAME);
  const splits: SplitSource[] = [];
  for (const [split, value] of Object.entries(m.splits ?? {})) {
    const field = `splits.${split}`;
    let source: SplitSource;
    if (typeof value === 'string') {
      const f = resolve(dir, value);
      source = {
        task: 'afqmc',
        split,
        format: extname(f).toLowerCase() === '.tsv' ? 'wide-tsv' : 'json',
        file: f,
      };
      if (source.format === 'wide-tsv') source = { ...source, column: defaultColumn(split) };
    } else if ('zh' in value) {
      source = {
        task: 'wmt21',
        split,
        format: 'text-pair',
        file: resolve(dir, value.zh),
        en: resolve(dir, value.en),
      };
    } else {
      const f = resolve(dir, value.file);
      const tsv = extname(f).toLowerCase() === '.tsv';
      source = tsv
        ? { task: 'afqmc', split, format: 'wide-tsv', file: f, column: value.column ?? defaultColumn(split) }
        : { task: 'afqmc', split, format: 'json', file: f };
    }
    for (const p of [source.file, source.en]) {
      if (p !== undefined && !(await isFile(p)))
        throw new NotFoundError(`file for split ${split} not found: ${p}.`, {
          file,
          field,
          hint: 'Relative paths in the manifest are relative to the manifest file.',
        });
    }
    splits.push(source);
  }
  if (splits.length === 0)
    throw new LayoutError('the manifest lists no splits.', { file, field: 'splits', hint: EXPECTED });
  const task = await decideTask(given ?? m.task, [basename(dir)], splits, file);
  if (task !== 'wmt21' && splits.some((s) => s.format === 'text-pair'))
    throw new LayoutError(`{zh, en} text pairs are for wmt21, but this manifest is for ${task}.`, {
      file,
      field: 'splits',
    });
  return finish(task, dir, 'manifest', splits, [dir, dirname(dir)], options, { dir, m });
}

function defaultColumn(split: SplitName): string {
  const info = parseSplitName(split);
  if (!info || info.noise === 'clean') return 'clean';
  return info.noise === 'keyboard' ? `noisy${info.version}` : `speaker${info.version}`;
}

async function resolveTaskDir(
  dir: string,
  given: TaskId | undefined,
  options: ResolveDataOptions,
  parents: readonly string[],
): Promise<DataSource> {
  const manifest = await readFolderManifest(dir);
  if (manifest?.splits) return fromManifest(dir, manifest, given, options);
  const entries = await list(dir);
  const found = new Map<SplitName, SplitSource>();
  const add = (s: SplitSource, layout: string) => {
    const prev = found.get(s.split);
    if (prev)
      throw new LayoutError(`split ${s.split} is given twice (${prev.file} and ${s.file}, ${layout}).`, {
        file: dir,
        hint: `Remove one, or list the files in a ${MANIFEST_NAME}.`,
      });
    found.set(s.split, s);
  };
  let layout: DataLayout | undefined;
  for (const e of entries) {
    const m = e.isFile() ? SPLIT_FILE.exec(e.name) : null;
    if (m) {
      add({ task: 'afqmc', split: m[1]!, format: 'json', file: join(dir, e.name) }, 'flat');
      layout = 'flat';
    }
  }
  for (const e of entries) {
    if (!e.isDirectory() || !parseSplitName(e.name)) continue;
    const file = await soleDataFile(join(dir, e.name));
    add({ task: 'afqmc', split: e.name, format: 'json', file }, 'nested');
    layout ??= 'nested';
  }
  if (found.size === 0 && entries.some((e) => e.isDirectory() && RELEASE_FOLDERS[e.name])) {
    const sources = await resolveRelease(dir, entries, given, options, parents);
    if (sources.length === 1) return sources[0]!;
  }
  if (found.size === 0) {
    const tsvs = entries.filter((e) => e.isFile() && extname(e.name).toLowerCase() === '.tsv');
    for (const t of tsvs)
      for (const s of await wideTsvSplits(join(dir, t.name))) if (!found.has(s.split)) found.set(s.split, s);
    if (found.size > 0) layout = 'wide-tsv';
  }
  if (found.size === 0) {
    // A clean-only folder: its one data file, or the one dev file (READIN's test sets are the dev sets).
    const data = entries.filter(isDataFile);
    const devs = data.filter((e) => /(^|[_.-])dev$/i.test(basename(e.name, extname(e.name))));
    const sole = data.length === 1 ? data[0] : devs.length === 1 ? devs[0] : undefined;
    if (sole) {
      add({ task: 'afqmc', split: CLEAN_SPLIT, format: 'json', file: join(dir, sole.name) }, 'single file');
      layout = 'file';
    }
  }
  if (found.size === 0 || !layout)
    throw new LayoutError(`unrecognised data layout; found ${listing(entries)}.`, {
      file: dir,
      hint: EXPECTED,
    });
  if (!found.has(CLEAN_SPLIT))
    throw new LayoutError(`no clean split (test_clean) among ${[...found.keys()].join(', ')}.`, {
      file: dir,
      hint: 'Noisy sets are aligned to the clean set by id; add test_clean.json or map it in a manifest.',
    });
  const splits = [...found.values()];
  const task = await decideTask(given, [basename(dir)], splits, dir);
  return finish(task, dir, layout, splits, [dir, ...parents, dirname(dir)], options);
}

/** The one data file inside a split folder (`test.json` preferred). */
async function soleDataFile(dir: string): Promise<string> {
  const entries = await list(dir);
  const data = entries.filter(isDataFile);
  const preferred = data.find((e) => /^test\.jsonl?$/.test(e.name));
  if (preferred) return join(dir, preferred.name);
  if (data.length === 1) return join(dir, data[0]!.name);
  throw new LayoutError(`expected one data file in this split folder; found ${listing(entries)}.`, {
    file: dir,
    hint: `Keep one test.json per split folder, or list the files in a ${MANIFEST_NAME}.`,
  });
}

// ---- the release zip: clean/ keyboard/ speech/ ----

interface Candidate {
  readonly name: string;
  readonly file: string;
}

/** Data files of a release folder: files directly inside, or one data file per subfolder. */
async function candidates(dir: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const e of await list(dir)) {
    if (isDataFile(e)) out.push({ name: basename(e.name, extname(e.name)), file: join(dir, e.name) });
    else if (e.isDirectory()) {
      const inner = (await list(join(dir, e.name))).filter(isDataFile);
      const pick =
        inner.find((x) => /^test\.jsonl?$/.test(x.name)) ?? (inner.length === 1 ? inner[0] : undefined);
      if (pick) out.push({ name: e.name, file: join(dir, e.name, pick.name) });
    }
  }
  return out;
}

function releaseError(dir: string, found: string, expected: string): LayoutError {
  return new LayoutError(`cannot map this release folder to splits; found ${found}.`, {
    file: dir,
    hint: `Expected ${expected}. Or write a ${MANIFEST_NAME} mapping split names to files.`,
  });
}

async function releaseSplits(
  root: string,
  task: TaskId | undefined,
  sub: (folder: string) => string,
): Promise<SplitSource[]> {
  const splits: SplitSource[] = [];
  for (const e of await list(root)) {
    const noise = e.isDirectory() ? RELEASE_FOLDERS[e.name] : undefined;
    if (!noise) continue;
    const dir = sub(join(root, e.name));
    if (!(await isDir(dir))) continue;
    let cands = await candidates(dir);
    // Files named after tasks (`keyboard/afqmc_1.json`): keep this task's.
    if (task) {
      const mine = cands.filter((c) =>
        c.name
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .some((w) => taskFromName(w) === task),
      );
      if (mine.length > 0) cands = mine;
    }
    if (noise === 'clean') {
      const pick =
        cands.length === 1 ? cands[0] : cands.find((c) => /^(test_clean|test|clean|dev)$/i.test(c.name));
      if (!pick)
        throw releaseError(
          dir,
          cands.map((c) => c.name).join(', ') || 'no data file',
          'one data file (test.json or test_clean.json) in clean/',
        );
      splits.push({ task: task ?? 'afqmc', split: CLEAN_SPLIT, format: 'json', file: pick.file });
      continue;
    }
    const versions = new Map<number, Candidate>();
    for (const c of cands) {
      const nums = c.name.match(/\d+/g);
      const v = nums ? Number(nums[nums.length - 1]) : Number.NaN;
      if (!Number.isInteger(v) || v < 1 || v > 9 || versions.has(v))
        throw releaseError(
          dir,
          cands.map((x) => x.name).join(', '),
          `one file per ${noise === 'asr' ? 'speaker' : 'annotator'} numbered 1, 2, 3 in ${e.name}/ (e.g. 1.json or test_noisy_${noise}_1.json)`,
        );
      versions.set(v, c);
    }
    for (const [v, c] of versions)
      splits.push({ task: task ?? 'afqmc', split: noisySplitName(noise, v), format: 'json', file: c.file });
  }
  return splits;
}

async function resolveRelease(
  root: string,
  entries: readonly Dirent[],
  given: TaskId | undefined,
  options: ResolveDataOptions,
  parents: readonly string[] = [],
): Promise<DataSource[]> {
  // Per-task subfolders inside clean/ (clean/afqmc/, keyboard/afqmc/, …)?
  const cleanDir = join(root, 'clean');
  const perTask = new Map<TaskId, string>();
  if (await isDir(cleanDir))
    for (const e of await list(cleanDir)) {
      const t = e.isDirectory() ? taskFromName(e.name) : undefined;
      if (t) perTask.set(t, e.name);
    }
  if (perTask.size > 0) {
    const tasks = given ? [given] : TASK_IDS.filter((t) => perTask.has(t));
    const out: DataSource[] = [];
    for (const t of tasks) {
      const name = perTask.get(t);
      if (!name)
        throw releaseError(cleanDir, [...perTask.values()].join(', '), `a folder for ${t} in clean/`);
      const splits = await releaseSplits(root, t, (folder) => join(folder, name));
      out.push(await finish(t, root, 'release', splits, [join(cleanDir, name), root, ...parents], options));
    }
    return out;
  }
  if (!entries.some((e) => e.isDirectory() && e.name === 'clean'))
    throw releaseError(root, listing(entries), 'a clean/ folder next to keyboard/ and speech/');
  const splits = await releaseSplits(root, given, (folder) => folder);
  const task = await decideTask(given, [basename(root)], splits, root);
  return [await finish(task, root, 'release', splits, [root, ...parents, dirname(root)], options)];
}

// ---- the wide annotation TSV ----

const WIDE_PREFIX =
  /^(clean|noisy(\d+)|keyboard(\d+)|typist(\d+)|annotator(\d+)|speaker(\d+)|speech(\d+)|asr(\d+))_(.+)$/;

/** Splits the header of a wide TSV into per-version prefixes and the field names. */
export function wideColumns(header: readonly string[]): {
  prefixes: Map<string, SplitName>;
  fields: Set<string>;
} {
  const prefixes = new Map<string, SplitName>();
  const fields = new Set<string>();
  for (const raw of header) {
    const col = raw.trim().replace(/^\uFEFF/, '');
    const m = WIDE_PREFIX.exec(col);
    if (!m) {
      fields.add(col);
      continue;
    }
    fields.add(m[9]!);
    const prefix = m[1]!;
    const kb = m[2] ?? m[3] ?? m[4] ?? m[5];
    const asr = m[6] ?? m[7] ?? m[8];
    const split = kb
      ? noisySplitName('keyboard', Number(kb))
      : asr
        ? noisySplitName('asr', Number(asr))
        : CLEAN_SPLIT;
    prefixes.set(prefix, split);
  }
  return { prefixes, fields };
}

async function wideTsvSplits(file: string): Promise<SplitSource[]> {
  let header: string[] | undefined;
  for await (const { text } of readLines(file)) {
    header = text.split('\t');
    break;
  }
  if (!header)
    throw new LayoutError('the TSV file is empty.', {
      file,
      line: 1,
      hint: 'A wide annotation TSV starts with a header: id label clean_sentence1 clean_sentence2 noisy1_sentence1 …',
    });
  const { prefixes } = wideColumns(header);
  if (prefixes.size === 0)
    throw new LayoutError(`no version columns in the TSV header (${header.join(', ')}).`, {
      file,
      line: 1,
      hint: 'Expected columns like clean_sentence1, noisy1_sentence1, speaker1_sentence1.',
    });
  return [...prefixes].map(([column, split]) => ({
    task: 'afqmc' as TaskId,
    split,
    format: 'wide-tsv' as const,
    file,
    column,
  }));
}
