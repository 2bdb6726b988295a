import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ModelServer, startModelServer } from '../../../test/helpers/model-servers.js';

const child = fileURLToPath(new URL('./helpers/resume-child.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const N = 60;

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
  server.latencyMs = 15;
});
afterAll(async () => {
  await server.close();
});

/** Runs the child; kills it with SIGKILL after `killAfter` finished requests (or lets it finish). */
function runChild(dir: string, killAfter?: number): Promise<{ lines: string[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--conditions=@readin/source', '--import', tsx, child, server.url, dir, String(N)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
      if (
        killAfter !== undefined &&
        !killed &&
        lines.filter((l) => l.startsWith('done')).length >= killAfter
      ) {
        killed = true;
        proc.kill('SIGKILL');
      }
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (!killed && code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve({ lines, killed });
    });
  });
}

it('a run killed with SIGKILL resumes: every request finished before the kill is reused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'readin-models-resume-'));
  const first = await runChild(dir, 15);
  expect(first.killed).toBe(true);
  const sentBeforeKill = server.received.length;
  expect(sentBeforeKill).toBeLessThan(N);

  const second = await runChild(dir);
  expect(second.lines.at(-1)).toBe('finished');
  const done = second.lines.filter((l) => l.startsWith('done'));
  expect(done).toHaveLength(N);
  // At least the 15 answers the first run reported were served from the cache.
  expect(done.filter((l) => l.endsWith('cached')).length).toBeGreaterThanOrEqual(15);

  const hashes = server.received.map((r) => r.hash);
  const distinct = new Set(hashes).size;
  expect(distinct).toBe(N);
  // Only requests in flight at the kill (concurrency 4) may have been sent twice.
  expect(hashes.length - distinct).toBeLessThanOrEqual(4);
}, 60_000);
