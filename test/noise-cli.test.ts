// `readin noise keyboard|asr|fit|dataset` end to end, in process. `--jobs 2` runs the built worker
// (packages/noise/dist/worker.js): run `npx tsc -b` first.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../packages/cli/src/main.js';

const WORKER = fileURLToPath(new URL('../packages/noise/dist/worker.js', import.meta.url));

async function run(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const stdout = new Writable({
    write(c, _e, cb) {
      out += String(c);
      cb();
    },
  });
  const stderr = new Writable({
    write(c, _e, cb) {
      err += String(c);
      cb();
    },
  });
  const code = await main(args, { stdout, stderr, stdin: Readable.from([Buffer.from(stdin)]), cwd: dir });
  return { code, out, err };
}

let dir = '';
const LINES = [
  '新华时评：把优秀返乡农民工打造成乡村振兴生力军-新华网',
  '',
  '乡村振兴，人才是关键。',
  '今年34岁的张雄家在四川眉山市果园村，2010年他辞掉北京月薪上万的工作返乡创业。',
  '经过几年打拼，如今他经营的葡萄种植家庭农场年收入超过百万元，成为小有名气的致富带头人。',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noise-cli-'));
  const many = Array.from({ length: 300 }, (_, i) => LINES[i % LINES.length]!);
  await writeFile(join(dir, 'in.txt'), `${many.join('\n')}\n`);
  await writeFile(
    join(dir, 'in.jsonl'),
    `${LINES.filter(Boolean)
      .map((zh, i) => JSON.stringify({ id: String(i), zh, en: 'x' }))
      .join('\n')}\n`,
  );
});

describe('readin noise keyboard|asr', () => {
  test.each(['keyboard', 'asr'])('%s: plain text, one line out per line in, same order', async (ch) => {
    const r = await run(['noise', ch, '--seed', '3'], `${LINES.join('\n')}\n`);
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(LINES.length);
    expect(out[1]).toBe('');
    expect(out.join('')).not.toBe(LINES.join(''));
  });

  test('JSONL with --field keeps the other fields', async () => {
    const r = await run(['noise', 'keyboard', '--field', 'zh', '--in', 'in.jsonl', '--profile', 'kb-sloppy']);
    expect(r.code).toBe(0);
    const recs = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recs.map((x) => x.id)).toEqual(['0', '1', '2', '3']);
    expect(recs.every((x) => x.en === 'x')).toBe(true);
  });

  test.skipIf(!existsSync(WORKER))('--jobs 2 gives the same output as --jobs 1', async () => {
    const a = await run(['noise', 'asr', '--in', 'in.txt', '--out', 'a.txt', '--seed', '5']);
    const b = await run(['noise', 'asr', '--in', 'in.txt', '--out', 'b.txt', '--seed', '5', '--jobs', '2']);
    expect([a.code, b.code]).toEqual([0, 0]);
    const [x, y] = await Promise.all([
      readFile(join(dir, 'a.txt'), 'utf8'),
      readFile(join(dir, 'b.txt'), 'utf8'),
    ]);
    expect(x.split('\n')).toHaveLength(301);
    expect(y).toBe(x);
  });

  test.skipIf(!existsSync(WORKER))(
    '--jobs 2 (byte blocks) to stdout and --out: BOM, CRLF, invalid UTF-8, no final newline',
    async () => {
      const bytes = Buffer.concat([
        Buffer.from(`\ufeff${LINES.join('\r\n')}\r\n\ufeff${LINES.join('\n')}\n`),
        Buffer.from([0xe4, 0xbd, 0x0a, 0xff, 0x0a]),
        Buffer.from(LINES[3]!.slice(0, 9)),
      ]);
      await writeFile(join(dir, 'odd.txt'), bytes);
      const a = await run(['noise', 'keyboard', '--in', 'odd.txt', '--out', 'odd-a.txt', '--seed', '2']);
      const b = await run([
        'noise',
        'keyboard',
        '--in',
        'odd.txt',
        '--out',
        'odd-b.txt',
        '--seed',
        '2',
        '--jobs',
        '2',
      ]);
      const c = await run(['noise', 'keyboard', '--in', 'odd.txt', '--seed', '2', '--jobs', '2']);
      expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
      const [x, y] = await Promise.all([
        readFile(join(dir, 'odd-a.txt'), 'utf8'),
        readFile(join(dir, 'odd-b.txt'), 'utf8'),
      ]);
      expect(x.split('\n')).toHaveLength(2 * LINES.length + 4);
      expect(x.startsWith('\ufeff')).toBe(false);
      expect(x).toContain('\ufeff');
      expect(y).toBe(x);
      expect(c.out).toBe(x);
    },
  );

  test.skipIf(!existsSync(WORKER))(
    '--jobs 2: a bad JSONL line is reported with its line number',
    async () => {
      await writeFile(join(dir, 'bad.jsonl'), `${'{"zh":"你好"}\n'.repeat(5)}not json\n`);
      const r = await run(['noise', 'keyboard', '--field', 'zh', '--in', 'bad.jsonl', '--jobs', '2']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/bad\.jsonl:6: invalid JSON/);
    },
  );

  test.each([
    [['noise', 'keyboard', '--jobs', '0'], 2, /--jobs/],
    [['noise', 'keyboard', '--rate', 'lots'], 2, /--rate/],
    [['noise', 'keyboard', '--profile', 'kb-homofone'], 1, /Did you mean "kb-homophone"/],
    [['noise', 'asr', '--profile', 'kb-abbrev'], 1, /keyboard profile/],
    [['noise', 'keyboard', '--in', 'missing.txt'], 1, /missing\.txt/],
    [['noise', 'keyboard', '--field', 'zh'], 1, /<stdin>:1: invalid JSON/],
  ])('%j exits %i', async (args, code, msg) => {
    const r = await run(args, 'not json\n');
    expect(r.code).toBe(code);
    expect(r.err).toMatch(msg);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('readin noise dataset|fit', () => {
  test('dataset writes the READIN layout; fit recovers a profile from it', async () => {
    const data = join(dir, 'wmt');
    await run(['noise', 'keyboard', '--help']);
    await import('node:fs/promises').then((fs) => fs.mkdir(data, { recursive: true }));
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: String(i),
      zh: `${LINES[i % 5] || LINES[0]}\n`,
      en: 'x',
    }));
    await writeFile(join(data, 'test_clean.json'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const r = await run([
      'noise',
      'dataset',
      '--task',
      'wmt21',
      '--data',
      'wmt',
      '--out',
      'wmt-noisy',
      '--seed',
      '1',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/test_noisy_asr_3/);
    const f = await run([
      'noise',
      'fit',
      '--clean',
      'wmt/test_clean.json',
      '--noisy',
      'wmt-noisy/test_noisy_keyboard_1.json,wmt-noisy/test_noisy_keyboard_2.json',
      '--channel',
      'keyboard',
      '--out',
      'fitted.json',
    ]);
    expect(f.code).toBe(0);
    const profile = JSON.parse(await readFile(join(dir, 'fitted.json'), 'utf8'));
    expect(profile.channel).toBe('keyboard');
    expect(profile.keyboard.charError).toBeGreaterThan(0);
    const again = await run(['noise', 'keyboard', '--profile', 'fitted.json'], `${LINES[0]}\n`);
    expect(again.code).toBe(0);
  }, 120_000);
});
