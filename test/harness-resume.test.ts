import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { afqmcTree, readJsonlFile, tempDir, writeTree } from '../packages/harness/test/helpers/fixtures.js';
import { type ModelServer, startModelServer } from './helpers/model-servers.js';

const MAIN = fileURLToPath(new URL('../packages/cli/src/main.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');
const N = 40;
const CONCURRENCY = 4;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function cli(argv: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The real CLI in a child process (from source, through tsx). */
function spawnCli(args: readonly string[]): {
  proc: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stderr: string }>;
} {
  const proc = spawn(
    process.execPath,
    [
      '--conditions=@readin/source',
      '--import',
      TSX,
      '--input-type=module',
      '-e',
      `import { main } from ${JSON.stringify(MAIN)}; process.exitCode = await main(process.argv.slice(1));`,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } },
  );
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  proc.stdout?.resume();
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>(
    (resolve, reject) => {
      proc.on('error', reject);
      proc.on('close', (code, signal) => resolve({ code, signal, stderr }));
    },
  );
  return { proc, done };
}

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server.close();
});

it('a run killed with SIGKILL resumes without resending finished requests; score equals eval', {
  timeout: 120_000,
}, async () => {
  const root = await tempDir('readin-harness-resume-');
  await writeTree(join(root, 'data'), afqmcTree(N, ['keyboard_1', 'keyboard_2']));
  const out = join(root, 'run');
  const args = [
    'run',
    '--task',
    'afqmc',
    '--data',
    join(root, 'data'),
    '--model',
    `openai:${server.url}/v1#fake-model`,
    '--out',
    out,
    '--concurrency',
    String(CONCURRENCY),
  ];
  server.latencyMs = 20;
  server.retryAfter = '0';
  // Sprinkled faults: rate limits, server errors, malformed bodies and resets, all retried.
  server.faultFor = (n) =>
    n % 13 === 0
      ? '429'
      : n % 17 === 0
        ? '500'
        : n % 19 === 0
          ? 'malformed'
          : n % 23 === 0
            ? 'reset'
            : undefined;

  const first = spawnCli(args);
  let pendingAtKill = -1;
  server.onAnswer = (answers) => {
    if (answers === 25 && pendingAtKill < 0) {
      pendingAtKill = server.pending.size;
      first.proc.kill('SIGKILL');
    }
  };
  const killed = await first.done;
  server.onAnswer = undefined;
  expect(killed.signal).toBe('SIGKILL');
  expect(pendingAtKill).toBeGreaterThanOrEqual(0);
  expect(pendingAtKill).toBeLessThanOrEqual(CONCURRENCY);
  const answeredAtKill = server.answerCount;

  const second = await spawnCli(args).done;
  expect(second.stderr).toContain('afqmc');
  expect(second.code, second.stderr).toBe(0);

  // Every prediction is present.
  for (const split of ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_keyboard_2']) {
    const lines = await readJsonlFile(join(out, 'predictions', 'afqmc', `${split}.jsonl`));
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: N }, (_, i) => String(i)));
  }
  // Each distinct request was answered at most once, beyond the few in flight at the kill.
  const counts = [...server.answered.values()];
  expect(Math.max(...counts)).toBeLessThanOrEqual(2);
  const resent = counts.filter((c) => c > 1).length;
  expect(resent).toBeLessThanOrEqual(CONCURRENCY);
  expect(server.answerCount).toBeLessThanOrEqual(server.answered.size + CONCURRENCY);
  expect(answeredAtKill).toBeGreaterThanOrEqual(25);

  // `readin eval` on the same folder sends nothing new; `readin score` on the folder equals what eval printed.
  const received = server.received.length;
  const evaluated = await cli(['eval', ...args.slice(1), '--json', '--bootstrap', '200', '--quiet']);
  expect(evaluated.code, evaluated.stderr).toBe(0);
  expect(server.received.length).toBe(received);
  const printed = JSON.parse(evaluated.stdout);
  const scored = await cli([
    'score',
    '--data',
    join(root, 'data', 'afqmc'),
    '--pred',
    out,
    '--json',
    '--bootstrap',
    '200',
  ]);
  expect(scored.code, scored.stderr).toBe(0);
  const fromScore = JSON.parse(scored.stdout);
  const { model: _model, ...fromEval } = printed.tasks[0];
  expect(fromScore).toEqual(fromEval);
});
