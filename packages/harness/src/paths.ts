import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The name `--data sample` stands for: the sample suite bundled with readin (`data/sample`). */
export const SAMPLE_DATA = 'sample';

/**
 * The bundled sample suite (`data/sample` at the repository / package root), found relative to this module,
 * not to the working directory. Same answer from `src/` (tests) and `dist/` (the CLI).
 */
export function sampleDataDir(): string {
  return fileURLToPath(new URL('../../../data/sample', import.meta.url));
}

/**
 * Resolves a `--data` value: `sample` means the bundled sample suite, anything else a path relative to `cwd`
 * (default `process.cwd()`).
 */
export function resolveDataPath(input: string, options: { readonly cwd?: string } = {}): string {
  if (input === SAMPLE_DATA) return sampleDataDir();
  return isAbsolute(input) ? input : resolve(options.cwd ?? process.cwd(), input);
}
