import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../src/main.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(argv: string[], cwd: string) {
  const out = sink();
  const err = sink();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream, cwd });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('readin noise analyze', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readin-noise-analyze-'));
    const lines = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
    await writeFile(
      join(dir, 'clean.json'),
      lines([
        { id: '0', zh: '花呗提额\n', en: 'a' },
        { id: '1', zh: '好的。\n', en: 'b' },
      ]),
    );
    await writeFile(
      join(dir, 'kb1.json'),
      lines([
        { id: '0', zh: '华北贴', en: 'a' },
        { id: '1', zh: '好的。', en: 'b' },
      ]),
    );
    await writeFile(join(dir, 'kb2.json'), lines([{ id: '1', zh: '好的', en: 'b' }]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('--json: per file and pooled', async () => {
    const r = await run(
      ['noise', 'analyze', '--clean', 'clean.json', '--noisy', 'kb1.json,kb2.json', '--json'],
      dir,
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.fields).toEqual(['zh']);
    expect(j.files.map((f: { pairs: number }) => f.pairs)).toEqual([2, 1]);
    expect(j.files[1].clean_not_in_noisy).toBe(1);
    expect(j.files[0].analysis.ops).toEqual({ sub: 3, ins: 0, del: 1 });
    expect(j.pooled.pairs).toBe(3);
    expect(j.pooled.edits).toBe(5);
    expect(j.pooled.cer).toBeCloseTo(5 / 10);
    expect(j.pooled.hanSubClasses.same_pinyin_other_tone).toBe(1);
  });

  test('table output', async () => {
    const r = await run(['noise', 'analyze', '--clean', 'clean.json', '--noisy', 'kb1.json,kb2.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CER \(raw\)\s+0\.5714\s+0\.3333\s+0\.5000/);
    expect(r.stdout).toMatch(/same pinyin other tone\s+33\.3 %/);
    expect(r.stdout).toContain('pooled');
  });

  test('usage and data errors', async () => {
    const a = await run(['noise', 'analyze', '--clean', 'clean.json'], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--noisy/);
    const b = await run(['noise', 'analyze', '--clean', 'clean.json', '--noisy', 'missing.json'], dir);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/missing\.json/);
    const c = await run(
      ['noise', 'analyze', '--clean', 'clean.json', '--noisy', 'kb1.json', '--max-chars', '0'],
      dir,
    );
    expect(c.code).toBe(2);
  });
});
