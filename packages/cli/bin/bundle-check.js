// Is packages/cli/dist/bundle/ (built by scripts/bundle-cli.mjs) current? Plain JavaScript so that the bin can
// use it before anything is built. The bundle's first line names a sha256 over the sources it was built from;
// it is run only when that matches the sources now, so a stale bundle never runs. The line also holds a cheap
// fingerprint of the files' (path, size, inode, ctime) at build time: while it matches, no file was written since
// (ctime changes on every write and cannot be set back), and the content hash is not recomputed.

import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packages = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(packages, 'cli', 'dist', 'bundle');

/** Where the bundle is, and what it is built from. */
export const BUNDLE = {
  dir,
  entry: join(dir, 'main.js'),
  /** The build script (absent in an installed package: then there is no bundle). */
  script: join(packages, '..', 'scripts', 'bundle-cli.mjs'),
  /** Source folders (all `.ts`/`.tsx` below them) and single files that go into the bundle. */
  sources: [
    join(packages, 'cli', 'src'),
    join(packages, 'data', 'src'),
    join(packages, 'metrics', 'src'),
    join(packages, 'report', 'src'),
    join(packages, 'harness', 'src', 'score.ts'),
    join(packages, 'cli', 'package.json'),
    join(packages, 'data', 'package.json'),
    join(packages, 'metrics', 'package.json'),
    join(packages, 'report', 'package.json'),
    join(packages, 'harness', 'package.json'),
  ],
  /** Dependencies inlined into the bundle: their package.json (version) is part of the hash. */
  dependencies: ['csv-parse'],
};

/** The files that go into the bundle, in a fixed order (a missing dependency is listed as missing). */
function sourceFiles() {
  const files = [];
  const walk = (path) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (error) {
      if (error?.code !== 'ENOTDIR') throw error;
      files.push(path);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(path, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|json)$/.test(e.name)) files.push(p);
    }
  };
  for (const s of BUNDLE.sources) walk(s);
  const modules = join(packages, '..', 'node_modules');
  for (const d of BUNDLE.dependencies) files.push(join(modules, d, 'package.json'));
  return files;
}

/** sha256 over the bundled sources (names and contents) and the inlined dependencies' package.json. */
export function sourceHash() {
  // node:crypto only when the stamp did not match (loading it costs a start-up ~10 ms).
  const { createHash } = createRequire(import.meta.url)('node:crypto');
  const hash = createHash('sha256');
  for (const f of sourceFiles()) {
    hash.update(`${f}\0`);
    try {
      hash.update(readFileSync(f));
    } catch {
      hash.update('\u0001absent');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** A cheap fingerprint of the sources' metadata: FNV-1a over path, size, inode and ctime of each file. */
export function sourceStamp() {
  let h = 0x811c9dc5;
  let g = 0x01000193;
  const add = (text) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h = Math.imul(h ^ c, 0x01000193);
      g = Math.imul(g ^ c, 0x85ebca6b) ^ (g >>> 13);
    }
  };
  for (const f of sourceFiles()) {
    const st = statSync(f, { bigint: true, throwIfNoEntry: false });
    add(st ? `${f}\0${st.size}\0${st.ino}\0${st.ctimeNs}\n` : `${f}\0absent\n`);
  }
  return `${(h >>> 0).toString(16).padStart(8, '0')}${(g >>> 0).toString(16).padStart(8, '0')}`;
}

/** The first line of a bundle built from sources with this content hash and metadata stamp. */
export function bundleHeader(hash, stamp) {
  return `// readin-cli-bundle src-sha256=${hash} stat=${stamp}`;
}

/** True when the bundle exists and was built from the current sources (never throws). */
export function bundleFresh() {
  let fd;
  try {
    fd = openSync(BUNDLE.entry, 'r');
    const buf = Buffer.alloc(160);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('latin1').split('\n')[0] ?? '';
    const m = /^\/\/ readin-cli-bundle src-sha256=([0-9a-f]{64}) stat=([0-9a-f]{16})$/.exec(first);
    if (!m) return false;
    return m[2] === sourceStamp() || m[1] === sourceHash();
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
