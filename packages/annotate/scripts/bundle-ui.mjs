#!/usr/bin/env node
// Bundles the annotation UI (src/run.tsx with ink, react and their dependencies) into one minified file,
// dist/ui.bundle.mjs, so `readin annotate` starts fast: Ink pulls in hundreds of small modules
// (es-toolkit/compat alone ~300) that cost ~0.6 s of CPU to load; one production-mode file loads in a fraction
// of that. @readin/* and @huggingface/inference stay external (one copy of the error classes).
// The first line records a hash of src/; the CLI (src/ui-loader.ts) runs the bundle only while that hash
// matches the sources, and otherwise loads the plain modules and runs this script in the background.
// Usage: node packages/annotate/scripts/bundle-ui.mjs [--quiet] [--print-hash]   (npm run build:annotate)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(pkg, 'src');
const out = join(pkg, 'dist', 'ui.bundle.mjs');
const quiet = process.argv.includes('--quiet');

/** Same as uiSourceHash in src/ui-loader.ts (a test checks they agree). */
function sourceHash() {
  const hash = createHash('sha256');
  for (const name of readdirSync(src)
    .filter((f) => /\.tsx?$/.test(f))
    .sort()) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(src, name)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

if (process.argv.includes('--print-hash')) {
  console.log(sourceHash());
  process.exit(0);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  if (!quiet)
    console.error(
      'bundle-ui: esbuild is not installed; readin annotate loads the plain modules (slower start).',
    );
  process.exit(0);
}
const hash = sourceHash();
const tmp = await mkdtemp(join(dirname(out), '.bundle-'));
const stub = join(tmp, 'devtools-stub.mjs');
await writeFile(stub, 'export default {};\n');
try {
  await esbuild.build({
    entryPoints: [join(src, 'run.tsx')],
    outfile: join(tmp, 'ui.bundle.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    minify: process.env.READIN_BUNDLE_MINIFY !== '0',
    legalComments: 'eof',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Ink imports react-devtools-core only when DEV=true; never in readin.
    alias: { 'react-devtools-core': stub },
    external: ['@readin/*', '@huggingface/inference'],
    // Line 1: the source hash. `fetch` is shadowed inside the bundle: yoga's WASM loader would otherwise fetch
    // its inline data: URL and pull in undici (~30 ms); without it, it decodes the data synchronously.
    // readin's own code calls globalThis.fetch explicitly.
    banner: {
      js: `// readin-ui-bundle src-sha256=${hash}\nimport{createRequire as __readinRequire}from'node:module';const require=__readinRequire(import.meta.url);const fetch=void 0;`,
    },
    logLevel: quiet ? 'silent' : 'warning',
  });
  await rename(join(tmp, 'ui.bundle.mjs'), out);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
if (!quiet) console.log(`bundle-ui: wrote ${out}`);
