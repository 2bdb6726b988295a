#!/usr/bin/env node
// Bundles the CLI's start-up path (packages/cli/src with @readin/data, metrics, report and @readin/harness/score,
// and a few small pure-ESM dependencies) from the TypeScript sources into ESM chunks in packages/cli/dist/bundle/
// with esbuild: a handful of files instead of ~90 modules for the ESM loader to resolve, read and link on every
// `readin` start. Dynamic `import()`s stay lazy (code splitting: `readin score --task wmt21` loads the WMT metric
// only). External, loaded from dist/ and node_modules as before: @readin/core (one copy of the error classes for
// every package, so `instanceof ReadinError` holds), the packages that locate files relative to their own module
// (noise, annotate, models, the harness runner), and native or large dependencies.
//
// The entry's first line records a hash of the sources it was built from (and a stat fingerprint of them);
// packages/cli/bin/readin.js runs the bundle only when it matches the sources now, so a stale bundle never runs.
// Chunk names are content hashes and are never replaced under a running process: new chunks are added, the
// entry is renamed over the old one last, and chunks no entry needs are removed once they are an hour old.
//
//   node scripts/bundle-cli.mjs [--quiet]
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, bundleHeader, sourceHash, sourceStamp } from '../packages/cli/bin/bundle-check.js';

const root = join(BUNDLE.dir, '..', '..', '..', '..');
const quiet = process.argv.includes('--quiet');

/** Bare specifiers bundled in: our own start-up packages and small pure-ESM dependencies of theirs. */
const INLINE = new Set([
  '@readin/data',
  '@readin/metrics',
  '@readin/metrics/scoring',
  '@readin/report',
  '@readin/harness/score',
  ...BUNDLE.dependencies,
  'csv-parse/sync',
]);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  if (!quiet)
    console.error('bundle-cli: esbuild is not installed; the CLI runs from dist/ without a bundle.');
  process.exit(0);
}

// The stamp first: a file written during the build then fails it (and the content hash decides).
const stamp = sourceStamp();
const hash = sourceHash();
const tmp = join(BUNDLE.dir, '..', `bundle.tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
try {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: join(root, 'packages', 'cli', 'src', 'main.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@readin/source'],
    chunkNames: 'chunk-[hash]',
    logLevel: quiet ? 'error' : 'warning',
    legalComments: 'none',
    banner: { js: bundleHeader(hash, stamp) },
    plugins: [
      {
        name: 'readin-externals',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            INLINE.has(args.path) ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  mkdirSync(BUNDLE.dir, { recursive: true });
  const chunks = readdirSync(tmp).filter((f) => f !== 'main.js');
  for (const f of chunks) {
    if (!existsSync(join(BUNDLE.dir, f))) renameSync(join(tmp, f), join(BUNDLE.dir, f));
  }
  renameSync(join(tmp, 'main.js'), BUNDLE.entry);
  const keep = new Set(chunks);
  for (const f of readdirSync(BUNDLE.dir)) {
    const p = join(BUNDLE.dir, f);
    if (f !== 'main.js' && !keep.has(f) && Date.now() - statSync(p).mtimeMs > 3_600_000) unlinkSync(p);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (!quiet) {
  const size = readFileSync(BUNDLE.entry).length;
  console.log(
    `bundle-cli: ${BUNDLE.entry} (${(size / 1024).toFixed(0)} KiB entry), sources ${hash.slice(0, 12)}`,
  );
}
