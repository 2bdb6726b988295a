import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { runAnnotator } from './run.js';

/**
 * Fast start for `readin annotate`. Ink loads hundreds of small modules (es-toolkit/compat alone ~300), about
 * 0.6 s of CPU; `scripts/bundle-ui.mjs` bundles the UI from `src/` into one minified file,
 * `dist/ui.bundle.mjs`, whose first line records a hash of the sources it was built from. `loadUi` runs the
 * bundle only when that hash matches the sources now (a stale bundle is never run); otherwise it loads the
 * plain modules and, unless READIN_NO_BUNDLE is set, rebuilds the bundle in the background (low priority,
 * detached) for the next start. Not part of the package's main entry: `@readin/annotate/ui-loader`.
 */
export interface UiModule {
  readonly runAnnotator: typeof runAnnotator;
}

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundle, its sources and its build script are. */
export const UI_BUNDLE = {
  src: join(pkgDir, 'src'),
  bundle: join(pkgDir, 'dist', 'ui.bundle.mjs'),
  script: join(pkgDir, 'scripts', 'bundle-ui.mjs'),
};

/** sha256 over the names and contents of the package's `src/*.ts(x)` files, sorted by name. */
export function uiSourceHash(srcDir: string = UI_BUNDLE.src): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(srcDir)
    .filter((f) => /\.tsx?$/.test(f))
    .sort()) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(srcDir, name)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The first line of a bundle built from sources with this hash. */
export function uiBundleHeader(hash: string): string {
  return `// readin-ui-bundle src-sha256=${hash}`;
}

function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(128);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
  } finally {
    closeSync(fd);
  }
}

/** True when the bundle exists and was built from the current sources. */
export function uiBundleFresh(paths = UI_BUNDLE): boolean {
  try {
    return firstLine(paths.bundle) === uiBundleHeader(uiSourceHash(paths.src));
  } catch {
    return false;
  }
}

function rebuildInBackground(env: NodeJS.ProcessEnv): void {
  if (env.READIN_NO_BUNDLE) return;
  const timer = setTimeout(() => {
    try {
      const child = spawn(process.execPath, [UI_BUNDLE.script, '--quiet'], {
        detached: true,
        stdio: 'ignore',
      });
      child.on('error', () => undefined);
      child.unref();
    } catch {
      // no bundle then; the plain modules work
    }
  }, 3000);
  timer.unref();
}

/** The annotation UI: the fresh bundle when there is one, else the plain modules. */
export async function loadUi(env: NodeJS.ProcessEnv = process.env): Promise<UiModule> {
  if (uiBundleFresh()) {
    try {
      return (await import(pathToFileURL(UI_BUNDLE.bundle).href)) as UiModule;
    } catch {
      // fall through to the modules
    }
  }
  rebuildInBackground(env);
  return import('./run.js');
}
