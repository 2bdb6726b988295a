#!/usr/bin/env node
// Bundles the annotation UI (dist/run.js with ink, react and their dependencies) into one file,
// dist/ui.bundle.mjs, so `readin annotate` starts fast: Ink pulls in hundreds of small modules
// (es-toolkit/compat alone ~300) whose loading costs ~0.6 s of CPU; one minified production-mode file loads
// in a fraction of that. @readin/* and @huggingface/inference stay external (one copy of the error classes).
// Run after `tsc -b` (npm run build:annotate). The CLI uses the bundle only while it is newer than every
// dist/*.js file, and falls back to the plain modules otherwise — a stale bundle is never run.
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(pkg, 'dist', 'run.js');
const out = join(pkg, 'dist', 'ui.bundle.mjs');
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error(
    'bundle-ui: esbuild is not installed; readin annotate will load the plain modules (slower start).',
  );
  process.exit(0);
}
const tmp = await mkdtemp(join(dirname(out), '.bundle-'));
const stub = join(tmp, 'devtools-stub.mjs');
await writeFile(stub, 'export default {};\n');
try {
  await esbuild.build({
    entryPoints: [entry],
    outfile: join(tmp, 'ui.bundle.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: process.env.READIN_BUNDLE_MINIFY !== '0',
    legalComments: 'eof',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Ink imports react-devtools-core only when DEV=true; never in readin.
    alias: { 'react-devtools-core': stub },
    external: ['@readin/*', '@huggingface/inference'],
    // `fetch` is shadowed inside the bundle: yoga's WASM loader would otherwise fetch its inline data: URL and
    // pull in undici (~30 ms); without it, it decodes the data synchronously. readin's own code calls
    // globalThis.fetch explicitly.
    banner: {
      js: "import{createRequire as __readinRequire}from'node:module';const require=__readinRequire(import.meta.url);const fetch=void 0;",
    },
    logLevel: 'warning',
  });
  await rename(join(tmp, 'ui.bundle.mjs'), out);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
console.log(`bundle-ui: wrote ${out}`);
