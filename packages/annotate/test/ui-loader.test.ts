import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UI_BUNDLE, uiBundleFresh, uiBundleHeader, uiSourceHash } from '../src/ui-loader.js';
import { tempDir } from './fixtures.js';

describe('ui-loader', () => {
  it('hashes the sources exactly as the bundle script does', () => {
    const fromScript = execFileSync(process.execPath, [UI_BUNDLE.script, '--print-hash'], {
      encoding: 'utf8',
    });
    expect(fromScript.trim()).toBe(uiSourceHash());
  });

  it('runs a bundle only when its header matches the current sources', async () => {
    const dir = await tempDir();
    const src = join(dir, 'src');
    await mkdir(src);
    await writeFile(join(src, 'a.ts'), 'export const a = 1;\n');
    const bundle = join(dir, 'ui.bundle.mjs');
    const paths = { src, bundle, script: UI_BUNDLE.script };
    expect(uiBundleFresh(paths)).toBe(false); // no bundle
    await writeFile(bundle, `${uiBundleHeader(uiSourceHash(src))}\nexport {};\n`);
    expect(uiBundleFresh(paths)).toBe(true);
    await writeFile(join(src, 'a.ts'), 'export const a = 2;\n'); // sources changed: stale
    expect(uiBundleFresh(paths)).toBe(false);
  });
});
