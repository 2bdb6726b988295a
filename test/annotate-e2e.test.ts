/**
 * End-to-end: drives the built CLI (`node packages/cli/bin/readin.js annotate …`) in a real terminal (tmux):
 * types Chinese, presses Backspace (refused and counted), Enter, kills the process with SIGKILL mid-item,
 * restarts (resumes at item six), quits with Ctrl+C and exports READIN-layout files. Needs tmux and a build
 * (`npx tsc -b`); skipped with a message otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'packages/cli/bin/readin.js');
const DATA = join(ROOT, 'data/sample/cspider');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const built = existsSync(join(ROOT, 'packages/cli/dist/commands/annotate.js'));
const skip = !hasTmux || !built;
if (skip)
  console.warn(
    `annotate e2e skipped: ${!hasTmux ? 'tmux is not installed' : 'the CLI is not built (run npx tsc -b)'}.`,
  );

const sessions: string[] = [];
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

function start(name: string, args: string[], width = 100): void {
  const cmd = ['exec', process.execPath, BIN, ...args]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(width),
    '-y',
    '30',
    `${cmd.replace("'exec'", 'exec')}; sleep 30`,
  );
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  sessions.push(name);
}

const screen = (name: string) => tmux('capture-pane', '-p', '-t', name);

async function waitFor(
  name: string,
  test: (s: string) => boolean,
  what: string,
  ms = 20_000,
): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = screen(name);
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}

const paneProcess = (name: string) => Number(tmux('list-panes', '-t', name, '-F', '#{pane_pid}').trim());

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

afterAll(() => {
  for (const s of sessions) spawnSync('tmux', ['kill-session', '-t', s]);
});

describe.skipIf(skip)('readin annotate in a terminal (tmux)', () => {
  it('survives kill -9, resumes at item six and exports READIN-layout files', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'readin-annotate-e2e-'));
    const session = join(tmp, 'session');
    const tag = `readin-e2e-${process.pid}`;
    const args = [
      'annotate',
      '--task',
      'cspider',
      '--data',
      DATA,
      '--mode',
      'keyboard',
      '--annotator',
      'e2e-01',
      '--session',
      session,
      '--ime',
      'tmux send-keys',
    ];
    const clean = await jsonLines(join(DATA, 'test_clean.json'));
    const n = clean.length;
    const typed = clean
      .slice(0, 5)
      .map((r, i) => (i === 2 ? String(r.question).replace('书', '树') : String(r.question)));

    start(`${tag}-a`, args);
    await waitFor(`${tag}-a`, (s) => s.includes(`1 / ${n}`), 'the first item');
    for (let i = 0; i < 5; i++) {
      tmux('send-keys', '-t', `${tag}-a`, '-l', typed[i]!);
      if (i === 0) tmux('send-keys', '-t', `${tag}-a`, 'BSpace');
      await waitFor(
        `${tag}-a`,
        (s) => s.includes(`› ${typed[i]!.slice(0, 4)}`),
        `typed text of item ${i + 1}`,
      );
      tmux('send-keys', '-t', `${tag}-a`, 'Enter');
      await waitFor(`${tag}-a`, (s) => s.includes(`${i + 2} / ${n}`), `item ${i + 2}`);
    }

    // A second process for the same annotator is refused while the first runs.
    start(`${tag}-b`, args);
    await waitFor(`${tag}-b`, (s) => s.includes('open in another readin process'), 'the lock message');

    // Half-typed item six, then SIGKILL.
    tmux('send-keys', '-t', `${tag}-a`, '-l', '半句');
    await waitFor(`${tag}-a`, (s) => s.includes('› 半句'), 'the half-typed line');
    process.kill(paneProcess(`${tag}-a`), 'SIGKILL');

    const journal = await jsonLines(join(session, 'journals', 'e2e-01.jsonl'));
    expect(journal.map((e) => e.text)).toEqual(typed);
    expect(journal.map((e) => e.id)).toEqual(['0', '1', '2', '3', '4']);
    expect(journal[0]!.refused_keys).toBe(1);
    expect(journal.slice(1).map((e) => e.refused_keys)).toEqual([0, 0, 0, 0]);

    // Restart: resumes at item six with its source; Ctrl+C quits cleanly and frees the lock.
    start(`${tag}-c`, args);
    const resumed = await waitFor(`${tag}-c`, (s) => s.includes(`6 / ${n}`), 'the resumed item six');
    expect(resumed).toContain(String(clean[5]!.question));
    expect(resumed).toMatch(/5 done/);
    tmux('send-keys', '-t', `${tag}-c`, 'C-c');
    await waitFor(`${tag}-c`, (s) => s.includes(`5 / ${n} items saved`), 'the exit message');
    expect(existsSync(join(session, 'journals', 'e2e-01.jsonl.lock'))).toBe(false);

    // Export: READIN layout, ids aligned with clean, original fields kept, per-item timing.
    const out = join(tmp, 'out');
    const exported = spawnSync(
      process.execPath,
      [BIN, 'annotate', 'export', '--session', session, '--out', out],
      {
        encoding: 'utf8',
      },
    );
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    const rows = await jsonLines(join(out, 'test_noisy_keyboard_1.json'));
    expect(rows).toEqual(clean.slice(0, 5).map((r, i) => ({ id: String(i), ...r, question: typed[i] })));
    const timing = await jsonLines(join(out, 'annotation-items.jsonl'));
    expect(timing).toHaveLength(5);
    for (const t of timing) expect(t.duration_ms).toBeGreaterThan(0);
    expect(timing[0]!.refused_keys).toBe(1);
    const meta = JSON.parse(await readFile(join(out, 'annotation-metadata.json'), 'utf8'));
    expect(meta.annotators['e2e-01'].ime).toBe('tmux send-keys');
    expect(meta.versions[0].missing).toBe(n - 5);
  }, 90_000);
});
