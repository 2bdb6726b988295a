import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DataFormatError,
  type Example,
  LayoutError,
  ReadinError,
  UsageError,
  type WmtExample,
} from '@readin/core';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import {
  alignToClean,
  loadTask,
  readManifest,
  readSplit,
  resolveDataSource,
  resolveDataSources,
  taskStats,
  validateTask,
} from '../src/index.js';
import { lineOfJsonPath } from '../src/jsonpath.js';
import {
  AFQMC_CLEAN,
  AFQMC_NOISY,
  CMRC_CLEAN,
  CSPIDER_CLEAN,
  jsonl,
  TABLES,
  type Tree,
  WMT_ASR,
  WMT_CLEAN,
  WMT_KEYBOARD,
  writeTree,
} from './fixtures.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function caught(promise: Promise<unknown>): Promise<ReadinError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReadinError) return error;
    throw error;
  }
  throw new Error('expected a ReadinError');
}

describe('public API', () => {
  it('is pinned', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'MANIFEST_NAME',
      'alignToClean',
      'loadSplit',
      'loadTask',
      'noisedTexts',
      'normaliseRecord',
      'parseTaskOption',
      'readManifest',
      'readPredictions',
      'readSplit',
      'resolveDataSource',
      'resolveDataSources',
      'taskFromName',
      'taskStats',
      'validateTask',
    ]);
  });
});

const WMT_FLAT: Tree = {
  'wmt21/test_clean.json': WMT_CLEAN,
  'wmt21/test_noisy_keyboard_1.json': WMT_KEYBOARD,
  'wmt21/test_noisy_asr_1.json': WMT_ASR,
};

describe('layouts', () => {
  test.each<[string, Tree, string, string, string[]]>([
    ['flat', WMT_FLAT, 'wmt21', 'flat', ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_asr_1']],
    [
      'nested',
      {
        'wmt/test_clean/test.json': WMT_CLEAN,
        'wmt/test_noisy_keyboard_2/test.json': WMT_KEYBOARD,
        'wmt/test_noisy_asr_1/test.json': WMT_ASR,
      },
      'wmt',
      'nested',
      ['test_clean', 'test_noisy_keyboard_2', 'test_noisy_asr_1'],
    ],
    [
      'release, numbered files',
      {
        'wmt21/clean/test.json': WMT_CLEAN,
        'wmt21/keyboard/1.json': WMT_KEYBOARD,
        'wmt21/keyboard/2.json': WMT_KEYBOARD,
        'wmt21/speech/3.json': WMT_ASR,
      },
      'wmt21',
      'release',
      ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_keyboard_2', 'test_noisy_asr_3'],
    ],
    [
      'release, split-named files',
      {
        'x/clean/test_clean.json': WMT_CLEAN,
        'x/keyboard/test_noisy_keyboard_1.json': WMT_KEYBOARD,
        'x/speech/test_noisy_asr_2.json': WMT_ASR,
      },
      'x',
      'release',
      ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_asr_2'],
    ],
    [
      'release, numbered subfolders',
      {
        'r/clean/test.json': WMT_CLEAN,
        'r/keyboard/annotator1/test.json': WMT_KEYBOARD,
        'r/speech/speaker1/test.json': WMT_ASR,
      },
      'r',
      'release',
      ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_asr_1'],
    ],
    [
      'release, per-task subfolders',
      {
        'rel/clean/wmt21/test.json': WMT_CLEAN,
        'rel/keyboard/wmt21/1.json': WMT_KEYBOARD,
        'rel/speech/wmt21/1.json': WMT_ASR,
        'rel/clean/afqmc/test.json': AFQMC_CLEAN,
        'rel/keyboard/afqmc/1.json': AFQMC_NOISY,
      },
      'rel',
      'release',
      ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_asr_1'],
    ],
    [
      'manifest with a zh/en text pair',
      {
        'm/readin-manifest.json': JSON.stringify({
          task: 'wmt21',
          splits: {
            test_clean: { zh: 'src.zh', en: 'ref.en' },
            test_noisy_keyboard_1: 'typist.jsonl',
          },
        }),
        'm/src.zh': '今天天气很好。\n他在北京工作。\n我们明天见。\n',
        'm/ref.en': 'The weather is nice today.\nHe works in Beijing.\nSee you tomorrow.\n',
        'm/typist.jsonl': WMT_KEYBOARD,
      },
      'm',
      'manifest',
      ['test_clean', 'test_noisy_keyboard_1'],
    ],
  ])('%s', async (_name, tree, dir, layout, splits) => {
    const root = await writeTree(tree);
    const source = await resolveDataSource(join(root, dir), { task: 'wmt21' });
    expect(source.task).toBe('wmt21');
    expect(source.layout).toBe(layout);
    expect(source.splits.map((s) => s.split)).toEqual(splits);
    const loaded = await loadTask(source);
    const clean = loaded.clean!.examples as WmtExample[];
    expect(clean.map((e) => e.id)).toEqual(['0', '1', '2']);
    expect(clean[0]).toEqual({ id: '0', zh: '今天天气很好。', en: 'The weather is nice today.' });
  });

  it('detects the task from the folder name, then from the first record', async () => {
    const root = await writeTree({
      ...WMT_FLAT,
      'unnamed/test_clean.json': AFQMC_CLEAN,
      'spider/dev.json': JSON.stringify(CSPIDER_CLEAN),
    });
    expect((await resolveDataSource(join(root, 'wmt21'))).task).toBe('wmt21');
    expect((await resolveDataSource(join(root, 'unnamed'))).task).toBe('afqmc');
    const spider = await resolveDataSource(join(root, 'spider'));
    expect([spider.task, spider.layout, spider.splits[0]?.split]).toEqual(['cspider', 'file', 'test_clean']);
  });

  it('a root with several task folders yields all, or the one --task picks', async () => {
    const root = await writeTree({
      ...WMT_FLAT,
      'afqmc/test_clean.json': AFQMC_CLEAN,
      'readin-manifest.json': '{"name": "s", "synthetic_noise": true}',
    });
    const all = await resolveDataSources(root);
    expect(all.map((s) => s.task)).toEqual(['afqmc', 'wmt21']);
    expect(all.every((s) => s.meta.synthetic_noise === true)).toBe(true);
    expect((await resolveDataSources(root, { task: 'afqmc' })).map((s) => s.task)).toEqual(['afqmc']);
    const err = await caught(resolveDataSource(root));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('afqmc, wmt21');
    const bad = await caught(resolveDataSource(root, { task: 'afqnc' }));
    expect(bad).toBeInstanceOf(UsageError);
    expect(bad.message).toContain('Did you mean "afqmc"');
  });

  test.each([
    ['test_clean.json', 'test_clean'],
    ['test_noisy_asr_2.json', 'test_noisy_asr_2'],
    ['whatever.jsonl', 'test_clean'],
    ['test_noisy_keyboard_3/test.json', 'test_noisy_keyboard_3'],
  ])('a single file %s is split %s', async (rel, split) => {
    const root = await writeTree({ [`wmt21/${rel}`]: WMT_CLEAN });
    const source = await resolveDataSource(join(root, 'wmt21', rel));
    expect([source.task, source.layout, source.splits.map((s) => s.split)]).toEqual([
      'wmt21',
      'file',
      [split],
    ]);
  });

  it('a root manifest maps tasks to folders; release files may be named after tasks', async () => {
    const root = await writeTree({
      'readin-manifest.json': JSON.stringify({ tasks: { wmt21: 'zh-en', afqmc: 'missing' } }),
      'zh-en/test_clean.json': WMT_CLEAN,
      'rel/clean/afqmc.json': AFQMC_CLEAN,
      'rel/clean/wmt21.json': WMT_CLEAN,
      'rel/keyboard/afqmc_1.json': AFQMC_NOISY,
      'rel/keyboard/wmt21_1.json': WMT_KEYBOARD,
      'rel/keyboard/wmt21_2.json': WMT_KEYBOARD,
    });
    const wmt = await resolveDataSource(root, { task: 'wmt21' });
    expect([wmt.root, wmt.layout]).toEqual([join(root, 'zh-en'), 'flat']);
    expect(await caught(resolveDataSources(root))).toMatchObject({
      code: 'READIN_NOT_FOUND',
      field: 'tasks.afqmc',
    });
    const rel = await resolveDataSource(join(root, 'rel'), { task: 'wmt21' });
    expect(rel.splits.map((s) => s.file.slice(root.length))).toEqual([
      '/rel/clean/wmt21.json',
      '/rel/keyboard/wmt21_1.json',
      '/rel/keyboard/wmt21_2.json',
    ]);
  });

  it('finds tables.json and database/ for cspider and checks db_ids', async () => {
    const root = await writeTree({
      'cspider/test_clean.json': CSPIDER_CLEAN,
      'cspider/test_noisy_keyboard_1.json': [{ ...CSPIDER_CLEAN[0], db_id: 'shopp' }, CSPIDER_CLEAN[1]!],
      'cspider/tables.json': TABLES,
      'cspider/database/shop/shop.sqlite': '',
    });
    const source = await resolveDataSource(join(root, 'cspider'));
    expect(source.tablesPath).toBe(join(root, 'cspider', 'tables.json'));
    expect(source.databaseDir).toBe(join(root, 'cspider', 'database'));
    const report = await validateTask(await loadTask(source));
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain('test_noisy_keyboard_1: db_id(s) not in');
    expect(report.problems[0]).toContain('shopp');
  });

  it('exposes synthetic_noise from a manifest in the task folder or its parent', async () => {
    const root = await writeTree({
      ...WMT_FLAT,
      'readin-manifest.json': JSON.stringify({ name: 'sample', synthetic_noise: true, note: 'made up' }),
    });
    const source = await resolveDataSource(join(root, 'wmt21'));
    expect(source.meta).toMatchObject({ synthetic_noise: true, note: 'made up' });
    expect((await validateTask(await loadTask(source))).synthetic_noise).toBe(true);
    expect(await readManifest(join(root, 'nope.json'))).toBeUndefined();
  });
});

describe('formats', () => {
  it('flattens SQuAD-format CMRC documents', async () => {
    const squad = {
      version: 'v1.0',
      data: [
        {
          paragraphs: [
            {
              id: 'P0',
              context: CMRC_CLEAN[0]!.context,
              qas: CMRC_CLEAN.map(({ context: _c, ...qa }) => qa),
            },
          ],
        },
      ],
    };
    const root = await writeTree({
      'cmrc2018/cmrc2018_dev.json': JSON.stringify(squad, null, 2),
      'cmrc2018/cmrc2018_trial.json': '[]',
    });
    const source = await resolveDataSource(join(root, 'cmrc2018'));
    expect(source.splits[0]?.file).toBe(join(root, 'cmrc2018', 'cmrc2018_dev.json'));
    const examples = await collect(readSplit(source.splits[0]!));
    expect(examples).toEqual(CMRC_CLEAN);
  });

  it('reads whole-document JSON arrays and assigns 0-based index ids', async () => {
    const root = await writeTree({ 'cspider/dev.json': JSON.stringify(CSPIDER_CLEAN, null, 1) });
    const source = await resolveDataSource(join(root, 'cspider', 'dev.json'));
    const examples = await collect(readSplit(source.splits[0]!));
    expect(examples.map((e) => e.id)).toEqual(['0', '1']);
    expect(examples[1]).toEqual({ id: '1', ...CSPIDER_CLEAN[1] });
  });

  it('reads the wide annotation TSV (keyboard and speaker versions)', async () => {
    const tsv = [
      'id\tlabel\tclean_sentence1\tclean_sentence2\tnoisy1_sentence1\tnoisy1_sentence2\tspeaker2_sentence1\tspeaker2_sentence2',
      '0\t1\t花呗怎么还款\t花呗如何还钱\t华北怎么还款\t花呗如何还钱\t花被怎么还款\t\t',
      '1\t0\t借呗能提额吗\t花呗怎么关闭\t借呗能体额吗\t花呗怎么关闭\t借呗能提额吗\t花呗怎么关闭',
    ].join('\r\n');
    const root = await writeTree({ 'raw/annotation.tsv': tsv.replace('\t\t', '\t') });
    const source = await resolveDataSource(join(root, 'raw'));
    expect([source.task, source.layout, source.splits.map((s) => s.split)]).toEqual([
      'afqmc',
      'wide-tsv',
      ['test_clean', 'test_noisy_keyboard_1', 'test_noisy_asr_2'],
    ]);
    const loaded = await loadTask(source);
    expect(loaded.splits.get('test_noisy_keyboard_1')?.examples[0]).toEqual({
      id: '0',
      label: '1',
      sentence1: '华北怎么还款',
      sentence2: '花呗如何还钱',
    });
    expect(loaded.splits.get('test_noisy_asr_2')?.emptyIds).toEqual(['0']);
  });

  test.each<[string, object, Partial<Example>]>([
    ['numeric label', { sentence1: 'a', sentence2: 'b', label: 1 }, { id: '0', label: '1' }],
    ['numeric id', { id: 7, sentence1: 'a', sentence2: 'b', label: '0' }, { id: '7', label: '0' }],
    [
      'extra fields dropped',
      { sentence1: 'a', sentence2: 'b', label: '0', extra: 1 },
      { id: '0', sentence1: 'a' },
    ],
  ])('normalises %s', async (_n, record, expected) => {
    const root = await writeTree({ 'afqmc/test_clean.json': [record] });
    const [ex] = await collect(readSplit((await resolveDataSource(join(root, 'afqmc'))).splits[0]!));
    expect(ex).toMatchObject(expected);
    expect(ex).not.toHaveProperty('extra');
  });

  it('accepts a leading BOM and CRLF line ends', async () => {
    const text = '\uFEFF' + jsonl(AFQMC_CLEAN).replace(/\n/g, '\r\n');
    const root = await writeTree({ 'afqmc/test_clean.json': text });
    const examples = await collect(readSplit((await resolveDataSource(join(root, 'afqmc'))).splits[0]!));
    expect(examples).toEqual(AFQMC_CLEAN.map((e, i) => ({ id: String(i), ...e })));
  });

  it('round-trips any WMT records through JSON Lines (property)', async () => {
    const root = await writeTree({});
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ zh: fc.string({ unit: 'grapheme' }), en: fc.string() }), {
          minLength: 1,
          maxLength: 20,
        }),
        async (records) => {
          const file = join(root, `wmt21-${n++}.jsonl`);
          await writeFile(file, jsonl(records.map((r, i) => ({ id: String(i), zh: `${r.zh}\n`, en: r.en }))));
          const source = { task: 'wmt21' as const, split: 'test_clean', format: 'json' as const, file };
          const out = (await collect(readSplit(source))) as WmtExample[];
          expect(out.map((e) => e.zh)).toEqual(records.map((r) => r.zh));
          expect(out.map((e) => e.en)).toEqual(records.map((r) => r.en.replace(/\r?\n$/, '')));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('alignment, validation and stats', () => {
  it('aligns by id, never by line: missing ids and empty inputs', async () => {
    const root = await writeTree(WMT_FLAT);
    const loaded = await loadTask(join(root, 'wmt21'));
    expect(loaded.alignment.get('test_noisy_asr_1')).toEqual({ missingIds: ['1'], extraIds: [] });
    const report = await taskStats(loaded);
    expect(report.problems).toEqual([]);
    expect(report.splits.test_noisy_asr_1).toMatchObject({
      n: 2,
      missing: 1,
      missing_ids: ['1'],
      empty: 1,
      empty_ids: ['2'],
    });
    // keyboard: 今天天气很号。 vs 今天天气很好。 (1 edit), 他在北京工作 (1 deletion), unchanged → 2 / 20 chars.
    expect(report.splits.test_noisy_keyboard_1?.cer).toBeCloseTo(2 / 20, 6);
    expect(report.splits.test_noisy_keyboard_1?.changed).toBeCloseTo(2 / 3, 6);
    // asr over ids 0 and 2: 今天天气很好 (1 deletion) + '' vs 我们明天见。 (6) → 7 / 13.
    expect(report.splits.test_noisy_asr_1?.cer).toBeCloseTo(7 / 13, 6);
    expect(report.splits.test_clean?.cer).toBe(0);
  });

  it('reports duplicate ids and ids unknown to clean as problems', async () => {
    const root = await writeTree({
      'wmt21/test_clean.json': WMT_CLEAN,
      'wmt21/test_noisy_keyboard_1.json': [...WMT_KEYBOARD, WMT_KEYBOARD[0]!, { id: '9', zh: 'x', en: 'y' }],
    });
    const report = await validateTask(await loadTask(join(root, 'wmt21')));
    expect(report.splits.test_noisy_keyboard_1).toMatchObject({
      duplicates: 1,
      duplicate_ids: ['0'],
      extra_ids: ['9'],
    });
    expect(report.problems).toHaveLength(2);
  });

  it('alignToClean partitions the clean ids (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(50).map(String)),
        fc.uniqueArray(fc.nat(60).map(String)),
        (clean, split) => {
          const { missingIds, extraIds } = alignToClean(clean, split);
          const s = new Set(split);
          expect(missingIds.every((id) => !s.has(id))).toBe(true);
          expect(missingIds.length + clean.filter((id) => s.has(id)).length).toBe(clean.length);
          expect(extraIds.every((id) => !clean.includes(id) && s.has(id))).toBe(true);
        },
      ),
    );
  });

  it('loadTask can restrict splits and rejects unknown ones', async () => {
    const root = await writeTree(WMT_FLAT);
    const loaded = await loadTask(join(root, 'wmt21'), { splits: ['test_noisy_asr_1'] });
    expect([...loaded.splits.keys()]).toEqual(['test_clean', 'test_noisy_asr_1']);
    expect(await caught(loadTask(join(root, 'wmt21'), { splits: ['test_noisy_asr_3'] }))).toBeInstanceOf(
      UsageError,
    );
  });
});

describe('malformed data', () => {
  const clean = (text: string): Tree => ({ 'afqmc/test_clean.json': text });
  const good = jsonl(AFQMC_CLEAN);
  test.each<[string, Tree, string, typeof ReadinError, { line?: number; field?: string; message: RegExp }]>([
    [
      'truncated JSON line',
      clean(`${good}{"sentence1": "花呗", "sentence2": "怎么还`),
      'afqmc',
      DataFormatError,
      { line: 3, field: 'sentence2', message: /truncated/ },
    ],
    [
      'wrong field type',
      clean(`${good}{"sentence1": "a", "sentence2": ["b"], "label": "0"}\n`),
      'afqmc',
      DataFormatError,
      { line: 3, field: 'sentence2', message: /expected a string, found an array/ },
    ],
    [
      'missing field',
      clean(`{"sentence1": "a", "label": "0"}\n`),
      'afqmc',
      DataFormatError,
      { line: 1, field: 'sentence2', message: /missing field/ },
    ],
    [
      'bad label',
      clean(`{"sentence1": "a", "sentence2": "b", "label": "yes"}\n`),
      'afqmc',
      DataFormatError,
      { line: 1, field: 'label', message: /"0" or "1"/ },
    ],
    [
      'UTF-16 file with its byte-order mark',
      { 'afqmc/test_clean.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]) },
      'afqmc',
      DataFormatError,
      { line: 1, message: /not valid UTF-8/ },
    ],
    [
      'bare CR line ends',
      clean(good.replace(/\n/g, '\r')),
      'afqmc',
      DataFormatError,
      { line: 1, message: /invalid JSON/ },
    ],
    ['empty file', clean(''), 'afqmc', DataFormatError, { line: 1, message: /empty file/ }],
    ['blank lines only', clean('\n\n'), 'afqmc', DataFormatError, { line: 1, message: /empty file/ }],
    [
      'not an object',
      clean('[1, 2]\n'),
      'afqmc',
      DataFormatError,
      { message: /expected JSON Lines, a JSON array|expected a JSON object/ },
    ],
    [
      'unknown layout',
      { 'afqmc/notes.txt': 'hi', 'afqmc/a.json': good, 'afqmc/b.json': good },
      'afqmc',
      LayoutError,
      { message: /unrecognised data layout; found a\.json, b\.json, notes\.txt/ },
    ],
    [
      'no clean split',
      { 'afqmc/test_noisy_keyboard_1.json': good },
      'afqmc',
      LayoutError,
      { message: /no clean split/ },
    ],
    [
      'ambiguous release folder',
      { 'afqmc/clean/test.json': good, 'afqmc/keyboard/a.json': good, 'afqmc/keyboard/b.json': good },
      'afqmc',
      LayoutError,
      { message: /cannot map this release folder.*found a, b/ },
    ],
    [
      'text pair of unequal length',
      {
        'wmt21/readin-manifest.json': '{"splits": {"test_clean": {"zh": "a.zh", "en": "a.en"}}}',
        'wmt21/a.zh': '一\n二\n',
        'wmt21/a.en': 'one\n',
      },
      'wmt21',
      DataFormatError,
      { line: 2, field: 'en', message: /ends before line 2/ },
    ],
    [
      'manifest with an unknown split',
      { 'wmt21/readin-manifest.json': '{"splits": {"test_noisy_keybord_1": "x.json"}}' },
      'wmt21',
      DataFormatError,
      { field: 'splits.test_noisy_keybord_1', message: /Did you mean "test_noisy_keyboard_1"/ },
    ],
  ])('%s', async (_name, tree, dir, type, expected) => {
    const root = await writeTree(tree);
    const error = await caught(loadTask(join(root, dir)));
    expect(error).toBeInstanceOf(type);
    expect(error.file).toContain(join(root, dir));
    if (expected.line !== undefined) expect(error.line).toBe(expected.line);
    if (expected.field !== undefined) expect(error.field).toBe(expected.field);
    expect(error.message).toMatch(expected.message);
    expect(error.format()).toContain(error.file!);
  });

  it('names the record path inside whole JSON documents', async () => {
    const root = await writeTree({
      'cspider/dev.json': JSON.stringify([CSPIDER_CLEAN[0], { db_id: 'shop', question: 3, query: 'x' }]),
    });
    const error = await caught(loadTask(join(root, 'cspider', 'dev.json')));
    expect([error.field, error.message]).toEqual(['[1].question', 'expected a string, found the number 3.']);
    expect(error.line).toBe(1);
    const pretty = await writeTree({
      'cspider/dev.json': JSON.stringify(
        [CSPIDER_CLEAN[0], { db_id: 'shop', question: 3, query: 'x' }],
        null,
        2,
      ),
    });
    const located = await caught(loadTask(join(pretty, 'cspider', 'dev.json')));
    expect([located.line, located.field]).toEqual([9, '[1].question']);
  });

  // loadTask reads whole JSON documents in one synchronous pass; readSplit streams them: same examples, same errors.
  test.each([
    ['a JSON array', 'cspider', 'dev.json', JSON.stringify(CSPIDER_CLEAN, null, 1)],
    ['an empty JSON array', 'cspider', 'dev.json', '[]'],
    ['a bad record', 'cspider', 'dev.json', JSON.stringify([CSPIDER_CLEAN[0], { db_id: 1 }], null, 2)],
    ['a SQuAD document for another task', 'cspider', 'dev.json', '{"data": []}'],
    ['an empty SQuAD document', 'cmrc2018', 'cmrc2018_dev.json', '{"data": []}'],
    ['SQuAD without paragraphs', 'cmrc2018', 'cmrc2018_dev.json', '{"data": [{"title": "x"}]}'],
    ['neither', 'cspider', 'dev.json', '{"rows": []}'],
    ['invalid JSON', 'cspider', 'dev.json', '[{"db_id": "x",\n'],
  ])('loadTask and readSplit agree on %s', async (_name, task, name, text) => {
    const root = await writeTree({ [`${task}/${name}`]: text });
    const source = await resolveDataSource(join(root, task, name));
    const streamed = await collect(readSplit(source.splits[0]!)).catch((error: unknown) => error);
    const loaded = await loadTask(source).then(
      (t) => t.clean?.examples,
      (error: unknown) => error,
    );
    if (streamed instanceof Error) {
      expect(loaded).toBeInstanceOf(streamed.constructor);
      const e = loaded as ReadinError;
      const s = streamed as ReadinError;
      expect([e.message, e.file, e.line, e.field]).toEqual([s.message, s.file, s.line, s.field]);
    } else {
      expect(loaded).toEqual(streamed);
    }
  });

  test.each([
    ['[1].question', 4],
    ['[1]', 3],
    ['[1].nothere', 3],
    ['data[0].paragraphs[0].qas[1].question', 12],
  ])('lineOfJsonPath %s → line %i', (path, line) => {
    const array = '[\n {"question": "a"},\n {\n  "question": "b, [x]{y}\\"",\n  "id": 2}\n]';
    const squad = JSON.stringify(
      { data: [{ paragraphs: [{ context: 'c', qas: [{ question: 'q0' }, { question: 'q1' }] }] }] },
      null,
      1,
    );
    expect(lineOfJsonPath(path.startsWith('data') ? squad : array, path)).toBe(line);
  });
});
