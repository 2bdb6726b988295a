import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import {
  charErrorRate,
  checkAnnotatorId,
  displayWidth,
  Journal,
  type JournalEntry,
  loadItems,
  markdownToText,
  parseJournal,
  planAssignments,
  qaFlags,
  readJournal,
  speedRule,
  truncateByWidth,
  wrapByWidth,
} from '../src/index.js';
import { AFQMC_ROWS, tempDir, WMT_ROWS, writeTask } from './fixtures.js';

function entry(key: string, text: string, extra: Partial<JournalEntry> = {}): JournalEntry {
  const [id, field] = key.split(':') as [string, string];
  return {
    v: 1,
    key,
    id,
    field,
    annotator: 'kb-01',
    mode: 'keyboard',
    source: 'keyboard',
    status: 'done',
    text,
    started_at: '2026-01-01T00:00:00.000Z',
    submitted_at: '2026-01-01T00:00:10.000Z',
    duration_ms: 10_000,
    active_ms: 10_000,
    keystrokes: 3,
    refused_keys: 0,
    edit_keys: 0,
    cpm: 40,
    ...extra,
  };
}

describe('public API', () => {
  it('is pinned', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AnnotateApp',
      'DEFAULT_ASR_URL',
      'Journal',
      'assignedIds',
      'audioFileName',
      'charErrorRate',
      'checkAnnotatorId',
      'displayWidth',
      'exportSession',
      'findRecorder',
      'guideDir',
      'itemKey',
      'loadGuide',
      'loadItems',
      'lockHolder',
      'markdownToText',
      'openSession',
      'parseJournal',
      'planAssignments',
      'qaFlags',
      'readAnnotatorMeta',
      'readJournal',
      'readPlan',
      'readSessionConfig',
      'recorderArgs',
      'recordingCapture',
      'requireRecorder',
      'requireSessionConfig',
      'runAnnotator',
      'sessionAnnotators',
      'sessionPaths',
      'sessionStatus',
      'speedRule',
      'startRecording',
      'transcribe',
      'transcriptionUrl',
      'truncateByWidth',
      'updateAnnotatorMeta',
      'wrapByWidth',
      'writePlan',
    ]);
  });
});

describe('display width', () => {
  test.each([
    ['你好', 4],
    ['abc', 3],
    ['花呗ok', 6],
    ['，。', 4],
  ])('%s is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  test.each([
    ['中文字符', 5, ['中文', '字符']],
    ['中文字符', 4, ['中文', '字符']],
    ['ab中文', 5, ['ab中', '文']],
    ['one two three', 8, ['one two', 'three']],
  ])('wrapByWidth(%s, %i)', (text, width, lines) => {
    expect(wrapByWidth(text, width)).toEqual(lines);
  });

  it('never exceeds the width and keeps every character of space-free text', () => {
    const cjk = fc.string({ unit: fc.constantFrom('中', '文', '。', 'a', 'b', '1', '，', '𠀀') });
    fc.assert(
      fc.property(cjk, fc.integer({ min: 2, max: 40 }), (text, width) => {
        const lines = wrapByWidth(text, width);
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('')).toBe(text);
      }),
    );
  });

  it('truncates by width with an ellipsis', () => {
    expect(truncateByWidth('中文字符串', 7)).toBe('中文字…');
    expect(truncateByWidth('中文', 4)).toBe('中文');
  });
});

describe('loadItems', () => {
  it('gives AFQMC sentence1 and sentence2 in turn, with line-index ids', async () => {
    const dir = await writeTask(await tempDir(), 'afqmc', AFQMC_ROWS);
    const set = await loadItems(dir);
    expect(set.task).toBe('afqmc');
    expect(set.items.map((i) => i.key)).toEqual([
      '0:sentence1',
      '0:sentence2',
      '1:sentence1',
      '1:sentence2',
      '2:sentence1',
      '2:sentence2',
    ]);
    expect(set.items[1]!.text).toBe('花呗额度怎样提高');
  });

  it('gives the WMT Chinese source without its trailing newline', async () => {
    const dir = await writeTask(await tempDir(), 'wmt21', WMT_ROWS);
    const set = await loadItems(dir);
    expect(set.items.map((i) => [i.key, i.text])).toEqual([
      ['0:zh', '今天北京天气晴朗。'],
      ['1:zh', '会议将于明天上午举行。'],
      ['2:zh', '他在图书馆读书。'],
    ]);
  });

  it('changes its fingerprint when a text changes', async () => {
    const root = await tempDir();
    const a = await loadItems(await writeTask(root, 'wmt21', WMT_ROWS));
    const b = await loadItems(
      await writeTask(await tempDir(), 'wmt21', [...WMT_ROWS.slice(0, 2), { id: '2', zh: '改了', en: 'x' }]),
    );
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});

describe('journal', () => {
  it('appends entries that survive reopening, and resumes from them', async () => {
    const path = join(await tempDir(), 'journals', 'kb-01.jsonl');
    const j = await Journal.open(path, { annotator: 'kb-01' });
    j.append(entry('0:zh', '今天北京天气晴朗'));
    j.append(entry('1:zh', '会议将于明天上午举行'));
    j.close();
    const again = await Journal.open(path, { annotator: 'kb-01' });
    expect([...again.entries.keys()]).toEqual(['0:zh', '1:zh']);
    again.close();
  });

  it('ignores and cuts a torn last line (kill -9 while writing)', async () => {
    const path = join(await tempDir(), 'kb-01.jsonl');
    const good = `${JSON.stringify(entry('0:zh', '甲'))}\n`;
    await writeFile(path, `${good}{"v":1,"key":"1:zh","text":"乙`);
    const read = await readJournal(path);
    expect(read.tornTail).toBe(true);
    expect([...read.byKey.keys()]).toEqual(['0:zh']);
    const j = await Journal.open(path, { annotator: 'kb-01' });
    j.append(entry('1:zh', '乙'));
    j.close();
    const text = await readFile(path, 'utf8');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).key),
    ).toEqual(['0:zh', '1:zh']);
  });

  it('cuts a torn tail that ends inside a UTF-8 character', async () => {
    const path = join(await tempDir(), 'kb-01.jsonl');
    const good = Buffer.from(`${JSON.stringify(entry('0:zh', '甲'))}\n`);
    const torn = Buffer.from('{"v":1,"key":"1:zh","text":"乙');
    await writeFile(path, Buffer.concat([good, torn.subarray(0, torn.length - 1)]));
    const j = await Journal.open(path, { annotator: 'kb-01' });
    expect([...j.entries.keys()]).toEqual(['0:zh']);
    j.close();
    expect(await readFile(path)).toEqual(good);
  });

  it('skips a corrupt complete line without crashing', () => {
    const parsed = parseJournal(`not json\n${JSON.stringify(entry('0:zh', '甲'))}\n`);
    expect(parsed.badLines).toEqual([1]);
    expect(parsed.entries).toHaveLength(1);
  });

  it('refuses a second writer while the first holds the lock', async () => {
    const path = join(await tempDir(), 'kb-01.jsonl');
    const first = await Journal.open(path, { annotator: 'kb-01' });
    await expect(Journal.open(path, { annotator: 'kb-01' })).rejects.toThrow(
      /open in another readin process/,
    );
    first.close();
    const second = await Journal.open(path, { annotator: 'kb-01' });
    second.close();
  });

  it('takes over the lock of a process that died (kill -9)', async () => {
    const path = join(await tempDir(), 'kb-01.jsonl');
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    const { hostname } = await import('node:os');
    await writeFile(
      `${path}.lock`,
      JSON.stringify({ pid, host: hostname(), annotator: 'kb-01', started_at: 'x' }),
    );
    const j = await Journal.open(path, { annotator: 'kb-01' });
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    j.close();
  });

  it("refuses another annotator's journal", async () => {
    const path = join(await tempDir(), 'kb-02.jsonl');
    await writeFile(path, `${JSON.stringify(entry('0:zh', '甲'))}\n`);
    await expect(Journal.open(path, { annotator: 'kb-02' })).rejects.toThrow(/annotator "kb-01"/);
  });

  test.each(['kb-01', 'A.b_c'])('accepts the annotator id %s', (id) => {
    expect(checkAnnotatorId(id)).toBe(id);
  });
  test.each(['', '../x', 'a b', '-x', 'x/y'])('rejects the annotator id "%s"', (id) => {
    expect(() => checkAnnotatorId(id)).toThrow(/invalid annotator id/);
  });
});

describe('planAssignments', () => {
  it('gives each example three different annotators, balanced within one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 3, max: 9 }), (n, a) => {
        const ids = Array.from({ length: n }, (_, i) => String(i));
        const names = Array.from({ length: a }, (_, i) => `an${i}`);
        const plan = planAssignments(ids, names);
        const load = new Map<string, number>(names.map((x) => [x, 0]));
        for (const x of plan.assignments) {
          expect(new Set(x.annotators).size).toBe(3);
          for (const who of x.annotators) load.set(who, load.get(who)! + 1);
        }
        const loads = [...load.values()];
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
        expect(loads.reduce((s, x) => s + x, 0)).toBe(3 * n);
      }),
    );
  });

  it('with three annotators, annotator k makes version k of every example (as READIN)', () => {
    const plan = planAssignments(['0', '1', '2', '3'], ['a', 'b', 'c']);
    for (const x of plan.assignments) expect(x.annotators).toEqual(['a', 'b', 'c']);
  });

  test.each([
    [['a', 'b'], 3, /at least 3 annotators/],
    [['a', 'a', 'b'], 2, /listed twice/],
    [['a', 'b'], 0, /per-item/],
  ])('rejects %j with %i per item', (names, perItem, message) => {
    expect(() => planAssignments(['0'], names, { perItem })).toThrow(message);
  });
});

describe('QA flags', () => {
  const config = { mode: 'keyboard' as const, speed: speedRule(40) };
  test.each([
    ['花呗怎么提额', '华北怎么提额', 40, []],
    ['花呗怎么提额', '', 40, ['empty']],
    ['花呗怎么提额', '花呗怎么提额', 40, ['identical']],
    ['花呗怎么提额', '完全不同的话', 40, ['high_cer']],
    ['花呗怎么提额', '华北怎么提额', 200, ['too_fast']],
    ['花呗怎么提额', '华北怎么提额', 5, ['too_slow']],
  ])('%s → %s at %i cpm: %j', (source, text, cpm, kinds) => {
    expect(qaFlags(entry('0:sentence1', text, { cpm }), source, config).map((f) => f.kind)).toEqual(kinds);
  });

  it('lists skipped items with their reason and counts refused keys', () => {
    expect(qaFlags(entry('0:zh', '', { status: 'skipped', reason: '看不清' }), '原文', config)).toEqual([
      { kind: 'skipped', detail: '看不清' },
    ]);
    expect(qaFlags(entry('0:zh', '华北', { refused_keys: 2 }), '花呗', config).map((f) => f.kind)).toContain(
      'refused_keys',
    );
  });

  it('computes CER in code points', () => {
    expect(charErrorRate('花呗提额', '华北提额')).toBe(0.5);
    expect(charErrorRate('', '')).toBe(0);
  });
});

describe('guide', () => {
  it('joins soft line breaks and flattens tables', () => {
    expect(markdownToText('# T\n\nline one\ncontinued\n\n| a | b |\n|---|---|\n| 1 | 2 |\n')).toBe(
      'T\n\nline one continued\n\na  │  b\n1  │  2',
    );
    expect(markdownToText('中文第一行，\n第二行。')).toBe('中文第一行，第二行。');
  });
});
