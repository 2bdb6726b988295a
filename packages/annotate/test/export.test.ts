import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exportSession,
  Journal,
  type JournalEntry,
  openSession,
  planAssignments,
  sessionPaths,
  sessionStatus,
  writePlan,
} from '../src/index.js';
import { AFQMC_ROWS, tempDir, WMT_ROWS, writeTask } from './fixtures.js';

function entry(
  annotator: string,
  key: string,
  text: string,
  extra: Partial<JournalEntry> = {},
): JournalEntry {
  const [id, field] = key.split(':') as [string, string];
  return {
    v: 1,
    key,
    id,
    field,
    annotator,
    mode: 'keyboard',
    source: 'keyboard',
    status: 'done',
    text,
    started_at: '2026-01-01T00:00:00.000Z',
    submitted_at: '2026-01-01T00:00:12.000Z',
    duration_ms: 12_000,
    active_ms: 12_000,
    keystrokes: 4,
    refused_keys: 1,
    edit_keys: 0,
    cpm: 40,
    ...extra,
  };
}

async function writeJournal(dir: string, annotator: string, entries: JournalEntry[]): Promise<void> {
  const j = await Journal.open(sessionPaths(dir).journal(annotator), { annotator });
  for (const e of entries) j.append(e);
  j.close();
}

async function readLinesOf(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('exportSession', () => {
  it('writes READIN layout: clean order, original fields, only the noised field replaced', async () => {
    const root = await tempDir();
    const data = await writeTask(root, 'wmt21', WMT_ROWS);
    const dir = join(root, 'session');
    await openSession(dir, { data, mode: 'keyboard' });
    await writeJournal(dir, 'kb-01', [
      entry('kb-01', '1:zh', '会议将于明天上午举行'),
      entry('kb-01', '0:zh', '今天北京天气晴朗'),
      entry('kb-01', '2:zh', '他在图书馆度书。'),
    ]);
    const out = join(root, 'out');
    const summary = await exportSession(dir, out);
    expect(summary.versions.map((v) => v.split)).toEqual(['test_noisy_keyboard_1']);
    const rows = await readLinesOf(join(out, 'test_noisy_keyboard_1.json'));
    expect(rows).toEqual([
      { id: '0', zh: '今天北京天气晴朗', en: 'It is sunny in Beijing today.\n' },
      { id: '1', zh: '会议将于明天上午举行', en: 'The meeting will be held tomorrow morning.\n' },
      { id: '2', zh: '他在图书馆度书。', en: 'He reads in the library.\n' },
    ]);
    const timing = await readLinesOf(summary.timing);
    expect(timing.map((t) => [t.id, t.duration_ms, t.refused_keys])).toEqual([
      ['0', 12_000, 1],
      ['1', 12_000, 1],
      ['2', 12_000, 1],
    ]);
    const meta = JSON.parse(await readFile(summary.metadata, 'utf8'));
    expect(meta.task).toBe('wmt21');
    expect(meta.versions[0].records).toBe(3);
  });

  it('keeps AFQMC pairs aligned: an unfinished pair is left out and ids are added', async () => {
    const root = await tempDir();
    const data = await writeTask(root, 'afqmc', AFQMC_ROWS);
    const dir = join(root, 'session');
    await openSession(dir, { data });
    await writeJournal(dir, 'a', [
      entry('a', '0:sentence1', '华北怎么提额'),
      entry('a', '0:sentence2', '花呗额度怎样提高'),
      entry('a', '1:sentence1', '借呗可以提前还吗'),
      entry('a', '1:sentence2', '', { status: 'skipped', reason: '看不清' }),
      entry('a', '2:sentence1', '余额宝转出要多久'),
      entry('a', '2:sentence2', '余额宝转出几天到账了'),
    ]);
    await writeJournal(
      dir,
      'b',
      AFQMC_ROWS.flatMap((r, i) => [
        entry('b', `${i}:sentence1`, r.sentence1.replace('呗', '被')),
        entry('b', `${i}:sentence2`, r.sentence2),
      ]),
    );
    const out = join(root, 'out');
    const summary = await exportSession(dir, out);
    expect(summary.versions.map((v) => [v.split, v.records, v.missing_ids])).toEqual([
      ['test_noisy_keyboard_1', 2, ['1']],
      ['test_noisy_keyboard_2', 3, []],
    ]);
    expect(await readLinesOf(join(out, 'test_noisy_keyboard_1.json'))).toEqual([
      { id: '0', sentence1: '华北怎么提额', sentence2: '花呗额度怎样提高', label: '1' },
      { id: '2', sentence1: '余额宝转出要多久', sentence2: '余额宝转出几天到账了', label: '1' },
    ]);
    // A complete version keeps READIN's id-less AFQMC lines exactly: line i is example i.
    const v2 = await readLinesOf(join(out, 'test_noisy_keyboard_2.json'));
    expect(v2.map((r) => Object.keys(r))).toEqual(AFQMC_ROWS.map(() => ['sentence1', 'sentence2', 'label']));
    expect(v2[0]!.sentence1).toBe('花被怎么提额');
    const qa = await readLinesOf(summary.qaFile);
    expect(qa.find((q) => q.kind === 'skipped')).toMatchObject({
      version: 1,
      id: '1',
      field: 'sentence2',
      detail: '看不清',
    });
    expect(qa.filter((q) => q.kind === 'identical').length).toBeGreaterThan(0);
  });

  it('follows the plan: version k of an example comes from its k-th annotator', async () => {
    const root = await tempDir();
    const data = await writeTask(root, 'wmt21', WMT_ROWS);
    const dir = join(root, 'session');
    await openSession(dir, { data });
    await writePlan(dir, planAssignments(['0', '1', '2'], ['a', 'b', 'c', 'd'], { perItem: 2 }));
    // plan: 0 → a,b; 1 → c,d; 2 → a,b
    for (const who of ['a', 'b', 'c', 'd'])
      await writeJournal(
        dir,
        who,
        ['0', '1', '2'].map((id) => entry(who, `${id}:zh`, `${who}${id}`)),
      );
    const out = join(root, 'out');
    const summary = await exportSession(dir, out);
    expect(summary.versions.map((v) => v.annotators)).toEqual([
      { a: 2, c: 1 },
      { b: 2, d: 1 },
    ]);
    expect((await readLinesOf(join(out, 'test_noisy_keyboard_1.json'))).map((r) => r.zh)).toEqual([
      'a0',
      'c1',
      'a2',
    ]);
    const status = await sessionStatus(dir);
    expect(status.annotators.map((s) => [s.annotator, s.assigned, s.done, s.remaining])).toEqual([
      ['a', 2, 2, 0],
      ['b', 2, 2, 0],
      ['c', 1, 1, 0],
      ['d', 1, 1, 0],
    ]);
  });

  it('refuses data that changed under the session', async () => {
    const root = await tempDir();
    const dir = join(root, 'session');
    await openSession(dir, { data: await writeTask(root, 'wmt21', WMT_ROWS) });
    const other = await writeTask(await tempDir(), 'wmt21', WMT_ROWS.slice(0, 2));
    await expect(exportSession(dir, join(root, 'out'), { data: other })).rejects.toThrow(/data changed/);
  });
});
