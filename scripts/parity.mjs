#!/usr/bin/env node
// Runs every parity check in scripts/parity/ (one per task) against the official scorers' outputs in
// ../shared/data/parity. Each check compares per example and exits non-zero on any difference.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const shared = join(here, '..', '..', 'shared', 'data', 'parity');
if (!existsSync(shared)) {
  console.log(`parity: ${shared} not found; nothing to compare (the vectors live outside the repo).`);
  process.exit(0);
}
const checks = readdirSync(join(here, 'parity'))
  .filter((f) => f.endsWith('.mjs'))
  .sort();
let failed = 0;
for (const check of checks) {
  console.log(`== parity: ${check}`);
  const r = spawnSync(process.execPath, [join(here, 'parity', check)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(
  failed === 0
    ? `parity: all ${checks.length} checks passed`
    : `parity: ${failed} of ${checks.length} checks FAILED`,
);
process.exit(failed === 0 ? 0 : 1);
