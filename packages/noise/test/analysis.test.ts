import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError, levenshtein, NotFoundError, UsageError } from '@readin/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  alignTexts,
  analyzeNoise,
  classifyHanSubstitution,
  compareNoiseAnalyses,
  detectNoisedFields,
  HAN_SUB_CLASSES,
  loadNoisePairs,
  mergeNoiseAnalyses,
  totalVariation,
} from '../src/index.js';

const opsOf = (clean: string, noisy: string) =>
  alignTexts(clean, noisy)
    .ops.filter((o) => o.op !== 'match')
    .map((o) => `${o.op}:${o.clean}>${o.noisy}`);

describe('classifyHanSubstitution', () => {
  test.each([
    ['花', '华', 'same_pinyin_same_tone'], // hua1 → hua2/hua4/hua1 (any reading)
    ['呗', '北', 'same_pinyin_other_tone'], // bei0 → bei3
    ['乡', '向', 'same_pinyin_other_tone'], // xiang1 → xiang4
    ['返', '方', 'fuzzy_pair'], // fan3 → fang1 (an/ang)
    ['是', '四', 'fuzzy_pair'], // shi4 → si4 (sh/s)
    ['牛', '刘', 'fuzzy_pair'], // niu2 → liu2 (n/l)
    ['福', '湖', 'fuzzy_pair'], // fu2 → hu2 (f/h)
    ['心', '星', 'fuzzy_pair'], // xin1 → xing1 (in/ing)
    ['人', '冷', 'fuzzy_pair'], // ren2 → leng3 (r/l + en/eng)
    ['安', '昂', 'fuzzy_pair'], // an1 → ang2 (no initial, an/ang)
    ['学', '写', 'shared_initial_only'], // xue2 → xie3
    ['提', '贴', 'shared_initial_only'], // ti2 → tie1
    ['好', '跑', 'shared_final_only'], // hao3 → pao3
    ['安', '三', 'shared_final_only'], // an1 → san1 (zero initial)
    ['一', '人', 'other'], // yi1 → ren2
    ['额', '贴', 'other'], // e2 → tie1
  ])('%s → %s is %s', (a, b, cls) => {
    expect(classifyHanSubstitution(a, b)).toBe(cls);
  });

  test('is symmetric for single-reading characters', () => {
    expect(classifyHanSubstitution('学', '写')).toBe(classifyHanSubstitution('写', '学'));
    expect(classifyHanSubstitution('心', '星')).toBe(classifyHanSubstitution('星', '心'));
  });
});

describe('alignTexts', () => {
  test.each([
    // 提→贴 (shared initial) is preferred over 额→贴 (unrelated) for the substitution; 额 is deleted.
    ['花呗提额', '华北贴', ['sub:花>华', 'sub:呗>北', 'sub:提>贴', 'del:额>']],
    ['返乡农民工', '方向农民', ['sub:返>方', 'sub:乡>向', 'del:工>']],
    ['恩才', '恩彩人才', ['ins:>彩', 'ins:>人']],
    ['乡村振兴，人才是关键。', '想着振兴，人才是关键', ['sub:乡>想', 'sub:村>着', 'del:。>']],
    ['“你好”', '"你好"', ['sub:“>"', 'sub:”>"']],
    ['', 'ab', ['ins:>a', 'ins:>b']],
    ['ab', '', ['del:a>', 'del:b>']],
    ['𠀀好', '好', ['del:𠀀>']], // code points, not UTF-16 units
  ])('%s → %s', (clean, noisy, expected) => {
    expect(opsOf(clean, noisy)).toEqual(expected);
    expect(alignTexts(clean, noisy).distance).toBe(expected.length);
  });

  test('reports code-point indices', () => {
    const ops = alignTexts('𠀀花呗', '𠀀华呗').ops;
    expect(ops[1]).toEqual({ op: 'sub', clean: '花', noisy: '华', cleanIndex: 1, noisyIndex: 1 });
  });

  test('cuts texts to maxChars', () => {
    expect(alignTexts('abcdef', 'abcxyz', { maxChars: 3 }).distance).toBe(0);
  });

  const text = fc
    .array(fc.constantFrom('花', '华', '呗', '北', '是', '四', '，', '。', 'a', '1', ' ', '𠀀'), {
      maxLength: 14,
    })
    .map((a) => a.join(''));

  test('a text aligned with itself has no edits', () => {
    fc.assert(
      fc.property(text, (s) => {
        const a = alignTexts(s, s);
        return (
          a.distance === 0 && a.ops.every((o) => o.op === 'match') && a.ops.length === Array.from(s).length
        );
      }),
    );
  });

  test('the distance is the Levenshtein distance and the ops rebuild both texts', () => {
    fc.assert(
      fc.property(text, text, (c, n) => {
        const a = alignTexts(c, n);
        const edits = a.ops.filter((o) => o.op !== 'match').length;
        const clean = a.ops.map((o) => o.clean).join('');
        const noisy = a.ops.map((o) => o.noisy).join('');
        return a.distance === levenshtein(c, n) && edits === a.distance && clean === c && noisy === n;
      }),
    );
  });
});

describe('analyzeNoise', () => {
  test('花呗提额 → 华北贴', () => {
    const a = analyzeNoise([{ clean: '花呗提额', noisy: '华北贴' }]);
    expect(a.cer).toBe(1); // 4 edits over 4 clean characters
    expect(a.ops).toEqual({ sub: 3, ins: 0, del: 1 });
    expect(a.hanSubClasses).toEqual({
      same_pinyin_same_tone: 1,
      same_pinyin_other_tone: 1,
      fuzzy_pair: 0,
      shared_initial_only: 1,
      shared_final_only: 0,
      other: 0,
    });
    expect(a.runLengths).toEqual({ '1': 0, '2': 0, '3': 1, '4+': 0 });
    expect(a.runShare2Plus).toBe(1);
    expect(a.unchanged).toBe(0);
  });

  test('runs, punctuation, unchanged texts and Han-only CER', () => {
    const a = analyzeNoise([
      { clean: '今天天气很好', noisy: '金田田七恨号' }, // one run of 6
      { clean: '我，你', noisy: '哦、你' }, // 我→哦 run of 1, then a punctuation substitution
      { clean: '好的。', noisy: '好的。' },
      { clean: '好的。', noisy: '好的' },
    ]);
    expect(a.pairs).toBe(4);
    expect(a.unchanged).toBe(1);
    expect(a.unchangedShare).toBe(0.25);
    expect(a.runLengths).toEqual({ '1': 1, '2': 0, '3': 0, '4+': 1 });
    expect(a.runShare2Plus).toBe(0.5);
    expect(a.ops).toEqual({ sub: 8, ins: 0, del: 1 });
    expect(a.punctEdits).toBe(2);
    expect(a.punctShare).toBeCloseTo(2 / 9);
    expect(a.cleanChars).toBe(15);
    expect(a.cer).toBeCloseTo(9 / 15);
    expect(a.hanChars).toBe(12); // punctuation removed on both sides
    expect(a.hanCer).toBeCloseTo(7 / 12);
  });

  test('a non-Han substitution ends a run', () => {
    const a = analyzeNoise([{ clean: '花a呗', noisy: '华b北' }]);
    expect(a.runLengths['1']).toBe(2);
    expect(a.hanSubstitutions).toBe(2);
    expect(a.ops.sub).toBe(3);
  });

  test('empty input gives null shares', () => {
    const a = analyzeNoise([]);
    expect(a.pairs).toBe(0);
    expect(a.cer).toBeNull();
    expect(a.opMix).toEqual({ sub: null, ins: null, del: null });
    expect(Object.values(a.hanSubClassShares).every((v) => v === null)).toBe(true);
  });

  const pair = fc.record({
    clean: fc
      .array(fc.constantFrom('花', '呗', '提', '额', '，', 'x'), { minLength: 1, maxLength: 10 })
      .map((a) => a.join('')),
    noisy: fc
      .array(fc.constantFrom('华', '北', '贴', '额', '、', 'x'), { maxLength: 10 })
      .map((a) => a.join('')),
  });

  test('op mix sums to 1, CER is Levenshtein over length, merging equals pooling', () => {
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), (pairs) => {
        const a = analyzeNoise(pairs);
        const lev = pairs.reduce((s, p) => s + levenshtein(p.clean, p.noisy), 0);
        const len = pairs.reduce((s, p) => s + Array.from(p.clean).length, 0);
        expect(a.edits).toBe(lev);
        expect(a.cer).toBeCloseTo(lev / len, 12);
        if (a.edits > 0) expect(a.opMix.sub! + a.opMix.ins! + a.opMix.del!).toBeCloseTo(1, 12);
        const classes = Object.values(a.hanSubClassShares);
        if (a.hanSubstitutions > 0) expect(classes.reduce((s, v) => s! + v!, 0)).toBeCloseTo(1, 12);
        expect(mergeNoiseAnalyses(pairs.map((p) => analyzeNoise([p])))).toEqual(a);
      }),
      { numRuns: 60 },
    );
  });
});

describe('compareNoiseAnalyses / totalVariation', () => {
  test('distance of an analysis to itself is zero', () => {
    const a = analyzeNoise([{ clean: '花呗提额', noisy: '华北贴' }]);
    const d = compareNoiseAnalyses(a, a);
    expect(d).toEqual({
      cerRelError: 0,
      hanCerRelError: 0,
      tvdOps: 0,
      tvdHanSubClasses: 0,
      tvdRuns: 0,
      tvdRuns4: 0,
      punctShareDiff: 0,
      unchangedShareDiff: 0,
    });
  });

  test('total variation', () => {
    expect(totalVariation({ a: 1, b: 0 }, { a: 0, b: 1 })).toBe(1);
    expect(totalVariation({ a: 0.5, b: 0.5 }, { a: 0.25, b: 0.75 })).toBe(0.25);
    expect(totalVariation({ a: null }, { a: 1 })).toBeNull();
  });

  test('real vs sim', () => {
    const real = analyzeNoise([{ clean: '花呗提额', noisy: '华北贴' }]); // sub 3 del 1
    const sim = analyzeNoise([{ clean: '花呗提额', noisy: '花呗提额了' }]); // ins 1
    const d = compareNoiseAnalyses(real, sim);
    expect(d.tvdOps).toBe(1);
    expect(d.cerRelError).toBeCloseTo(0.75); // |0.25 − 1| / 1
    expect(d.tvdHanSubClasses).toBeNull();
  });
});

describe('loadNoisePairs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readin-analysis-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const put = async (name: string, lines: readonly unknown[]) => {
    const p = join(dir, name);
    await writeFile(p, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
    return p;
  };

  test('matches WMT-like records by id, strips line breaks, counts absent ids', async () => {
    const clean = await put('wmt_clean.json', [
      { id: '0', zh: '乡村振兴，人才是关键。\n', en: 'x' },
      { id: '1', zh: '花呗提额\n', en: 'y' },
      { id: '2', zh: '好的\n', en: 'z' },
    ]);
    const noisy = await put('wmt_asr.json', [
      { id: '1', zh: '华北贴', en: 'y' },
      { id: '0', zh: '乡村振兴人才是关键。', en: 'x' },
      { id: '9', zh: '多余', en: 'q' },
    ]);
    const r = await loadNoisePairs(clean, [noisy]);
    expect(r.fields).toEqual(['zh']);
    const f = r.files[0]!;
    expect(f.matchedBy).toBe('id');
    expect(f.pairs).toEqual([
      { key: '1:zh', clean: '花呗提额', noisy: '华北贴' },
      { key: '0:zh', clean: '乡村振兴，人才是关键。', noisy: '乡村振兴人才是关键。' },
    ]);
    expect(f.missingInClean).toBe(1);
    expect(f.cleanNotInNoisy).toBe(1);
  });

  test('AFQMC-like records without ids: by line, both sentences', async () => {
    const clean = await put('afqmc_clean.json', [
      { sentence1: '花呗提额', sentence2: '哪里', label: '0' },
      { sentence1: '好的', sentence2: '是的', label: '1' },
    ]);
    const noisy = await put('afqmc_kb.json', [
      { sentence1: '华北贴', sentence2: '那里\n', label: '0' },
      { sentence1: '好的', label: '1' },
    ]);
    const r = await loadNoisePairs(clean, noisy);
    expect(r.fields).toEqual(['sentence1', 'sentence2']);
    expect(r.files[0]!.matchedBy).toBe('line');
    expect(r.files[0]!.pairs.map((p) => [p.key, p.noisy])).toEqual([
      ['#1:sentence1', '华北贴'],
      ['#1:sentence2', '那里'],
      ['#2:sentence1', '好的'],
    ]);
    expect(r.files[0]!.missingField).toBe(1);
    const only = await loadNoisePairs(clean, noisy, { fields: ['sentence2'] });
    expect(only.files[0]!.pairs).toHaveLength(1);
  });

  test('plain text files are aligned line by line', async () => {
    const clean = await put('clean.txt', ['花呗提额', '', '好的']);
    const noisy = await put('noisy.txt', ['华北贴', '', '好']);
    const r = await loadNoisePairs(clean, noisy);
    expect(r.fields).toEqual([]);
    expect(r.files[0]!.format).toBe('text');
    expect(r.files[0]!.pairs.map((p) => p.noisy)).toEqual(['华北贴', '', '好']);
    expect(analyzeNoise(r.files[0]!.pairs).edits).toBe(5);
  });

  test('errors name the file and say what to do', async () => {
    const clean = await put('odd.json', [{ id: 1, title: 'x' }]);
    const err = await loadNoisePairs(clean, clean).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(/field/);
    expect((err as UsageError).file).toBe(clean);
    const bad = await put('bad.json', ['{"id": 1, "zh": "a"}', '{"id": 2, "zh": ']);
    const e2 = await loadNoisePairs(clean, bad, { fields: ['zh'] }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(DataFormatError);
    expect((e2 as DataFormatError).line).toBe(2);
    const e3 = await loadNoisePairs(join(dir, 'nope.json'), clean).catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(NotFoundError);
    const text = await put('plain.txt', ['a']);
    await expect(loadNoisePairs(clean, text, { fields: ['title'] })).rejects.toBeInstanceOf(DataFormatError);
  });

  test('detectNoisedFields', () => {
    expect(detectNoisedFields({ sentence1: 'a', sentence2: 'b', label: '0' })).toEqual([
      'sentence1',
      'sentence2',
    ]);
    expect(detectNoisedFields({ id: '1', zh: 'a', en: 'b' })).toEqual(['zh']);
    expect(detectNoisedFields({ id: '1', question: 'a', query: 'b' })).toEqual(['question']);
    expect(detectNoisedFields({ text: 'a' })).toEqual(['text']);
    expect(detectNoisedFields({ title: 'a' })).toBeUndefined();
  });
});

test('HAN_SUB_CLASSES order (closest first)', () => {
  expect(HAN_SUB_CLASSES).toEqual([
    'same_pinyin_same_tone',
    'same_pinyin_other_tone',
    'fuzzy_pair',
    'shared_initial_only',
    'shared_final_only',
    'other',
  ]);
});

test('public API: the analysis names exported from the package entry', async () => {
  const keys = Object.keys(await import('../src/index.js'));
  const analysis = Object.keys(await import('../src/analysis/index.js')).sort();
  expect(analysis).toEqual([
    'FUZZY_FINAL_PAIRS',
    'FUZZY_INITIAL_PAIRS',
    'HAN_SUB_CLASSES',
    'RUN_LENGTH_BUCKETS',
    'alignTexts',
    'analyzeNoise',
    'classifyHanSubstitution',
    'compareNoiseAnalyses',
    'detectNoisedFields',
    'loadNoisePairs',
    'mergeNoiseAnalyses',
    'totalVariation',
  ]);
  for (const k of analysis) expect(keys).toContain(k);
});
