import { UsageError } from '@readin/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  bleuFromStats,
  bleuSignature,
  bleuStats,
  chrfFromStats,
  chrfSignature,
  chrfStats,
  corpusBleu,
  corpusChrf,
  SACREBLEU_VERSION,
  sentenceBleu,
  sentenceChrf,
} from '../src/index.js';

const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9);

describe('BLEU statistics (hand-checked n-gram counts)', () => {
  test.each([
    // hyp the cat sat on the mat / ref the cat is on the mat:
    // 1-grams the×2 cat on mat = 5/6; 2-grams "the cat" "on the" "the mat" = 3/5; 3-grams "on the mat" = 1/4; 0/3.
    ['the cat sat on the mat', 'the cat is on the mat', [6, 6, 5, 3, 1, 0, 6, 5, 4, 3]],
    // clipping: "a" occurs once in the reference
    ['a a a a', 'a', [4, 1, 1, 0, 0, 0, 4, 3, 2, 1]],
    // 13a splits punctuation: hyp tokens Hello , world ! (4) / ref Hello world (2)
    ['Hello, world!', 'Hello world', [4, 2, 2, 0, 0, 0, 4, 3, 2, 1]],
    ['', 'the cat', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['the cat', '', [2, 0, 0, 0, 0, 0, 2, 1, 0, 0]],
    [42, 'the cat', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]],
  ])('%j vs %j', (hyp, ref, want) => {
    expect(bleuStats(hyp, ref)).toEqual(want);
  });

  test('exp smoothing and the brevity penalty follow sacreBLEU', () => {
    // precisions 500/6, 60, 25 and (no 4-gram match) 100 / (2 * 3); bp = 1 (equal lengths)
    const s = bleuFromStats([6, 6, 5, 3, 1, 0, 6, 5, 4, 3]);
    const logs = [Math.log(500 / 6), Math.log(60), Math.log(25), Math.log(100 / 6)];
    close(s.score, Math.exp((logs[0]! + logs[1]! + logs[2]! + logs[3]!) / 4));
    expect(s.precisions[3]).toBe(100 / 6);
    expect(s.bp).toBe(1);
    // short hypothesis: bp = exp(1 - 6/3)
    expect(bleuFromStats([3, 6, 3, 2, 1, 0, 3, 2, 1, 0]).bp).toBe(Math.exp(1 - 6 / 3));
    // no hypothesis tokens at all
    expect(bleuFromStats([0, 6, 0, 0, 0, 0, 0, 0, 0, 0])).toMatchObject({ score: 0, bp: 0 });
  });
});

// Expected values produced with sacreBLEU 2.6.0: BLEU() / BLEU(tokenize='zh') / CHRF() sentence_score.
const SENTENCES: Array<[string, string, number, number, number]> = [
  ['the cat sat on the mat', 'the cat is on the mat', 37.99178428257963, 37.99178428257963, 64.5779420625287],
  ['the cat', 'the cat sat on the mat', 0.0, 0.0, 27.25331540542631],
  ['', 'the cat', 0.0, 0.0, 0.0],
  ['the cat', '', 0.0, 0.0, 0.0],
  ['', '', 0.0, 0.0, 0.0],
  ['   ', 'x', 0.0, 0.0, 0.0],
  ['a b c d e f', 'a b c d e f', 100.00000000000004, 100.00000000000004, 100.0],
  ['a a a a', 'a', 15.97357760615681, 15.97357760615681, 62.5],
  ['x y z', 'a b c', 0.0, 0.0, 0.0],
  [
    'It is 1,000.5 km long-term; 3-4 days.',
    'It is 1,000.5 km long-term, 3-4 days!',
    58.77283725105324,
    58.77283725105324,
    83.79214027434271,
  ],
  ['他说：“我们走吧。”', '他说：“我们走吧！”', 0.0, 78.25422900366438, 73.47883597883599],
];

describe('sentence scores agree with sacreBLEU 2.6.0', () => {
  test.each(SENTENCES)('%j vs %j', (hyp, ref, bleu13a, bleuZh, chrf) => {
    close(sentenceBleu(hyp, ref).score, bleu13a);
    close(sentenceBleu(hyp, ref, { tokenize: 'zh' }).score, bleuZh);
    close(sentenceChrf(hyp, ref).score, chrf);
  });

  test('corpus scores of the same table', () => {
    const hyps = SENTENCES.map((s) => s[0]);
    const refs = SENTENCES.map((s) => s[1]);
    close(corpusBleu(hyps, [refs]).score, 49.893580810258);
    close(corpusBleu(hyps, refs).score, 49.893580810258);
    close(corpusChrf(hyps, [refs]).score, 64.76502424806021);
  });
});

// sacreBLEU 2.6.0 with non-default options: BLEU(effective_order=True), BLEU(smooth_method='floor'),
// BLEU(smooth_method='add-k'), BLEU(smooth_method='none', lowercase=True), CHRF(word_order=2),
// CHRF(lowercase=True, whitespace=True), CHRF(eps_smoothing=True), BLEU(tokenize='intl').
describe('non-default options agree with sacreBLEU 2.6.0', () => {
  test.each([
    [
      'the cat',
      'the cat sat on the mat',
      [
        13.533528323661276, 0.0, 13.533528323661276, 0.0, 28.258862358726333, 26.603617187290375,
        27.028125593873742, 0,
      ],
    ],
    [
      'The Cat sat on a mat today.',
      'the cat sat on the mat.',
      [
        13.134549472120788, 6.985342056580096, 23.356898886409994, 38.260294162784454, 36.8937095009724,
        67.8750627731209, 37.24076872556066, 13.134549472120788,
      ],
    ],
  ])('%j vs %j', (hyp, ref, want) => {
    const got = [
      sentenceBleu(hyp, ref, { effectiveOrder: true }).score,
      sentenceBleu(hyp, ref, { smoothMethod: 'floor' }).score,
      sentenceBleu(hyp, ref, { smoothMethod: 'add-k' }).score,
      sentenceBleu(hyp, ref, { smoothMethod: 'none', lowercase: true }).score,
      sentenceChrf(hyp, ref, { wordOrder: 2 }).score,
      sentenceChrf(hyp, ref, { lowercase: true, whitespace: true }).score,
      sentenceChrf(hyp, ref, { epsSmoothing: true }).score,
      sentenceBleu(hyp, ref, { tokenize: 'intl' }).score,
    ];
    got.forEach((g, i) => {
      close(g, want[i]!);
    });
  });
});

describe('chrF statistics', () => {
  test('hand-checked counts: hyp "a b" vs ref "abc" (whitespace removed)', () => {
    // order 1: 2 hyp, 3 ref, 2 match; order 2: "ab" vs "ab","bc"; order 3: ref "abc" only; orders 4-6 empty.
    expect(chrfStats('a b', 'abc')).toEqual([2, 3, 2, 1, 2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // prec (1 + 1) / 2, rec (2/3 + 1/2) / 2, F2 = 5PR / (4P + R)
    const p = 1;
    const r = (2 / 3 + 1 / 2) / 2;
    close(sentenceChrf('a b', 'abc').score, (100 * (5 * p * r)) / (4 * p + r));
  });

  test("sacreBLEU's quirk: hypothesis n-grams are not counted when the reference has none of that order", () => {
    expect(chrfStats('abcd', 'ab').slice(0, 9)).toEqual([4, 2, 2, 3, 1, 1, 0, 0, 0]);
  });

  test('code points, not UTF-16 units', () => {
    expect(chrfStats('😀😀', '😀').slice(0, 6)).toEqual([2, 1, 1, 0, 0, 0]);
  });
});

describe('signatures', () => {
  test('defaults are sacreBLEU 2.6.0 signatures', () => {
    expect(SACREBLEU_VERSION).toBe('2.6.0');
    expect(bleuSignature()).toBe('nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
    expect(corpusBleu(['a'], ['a']).signature).toBe(bleuSignature());
    expect(chrfSignature()).toBe('nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0');
    expect(corpusChrf(['a'], ['a']).signature).toBe(chrfSignature());
  });

  test.each([
    [{ tokenize: 'zh' }, 'nrefs:1|case:mixed|eff:no|tok:zh|smooth:exp|version:2.6.0'],
    [{ lowercase: true, effectiveOrder: true }, 'nrefs:1|case:lc|eff:yes|tok:13a|smooth:exp|version:2.6.0'],
    [
      { smoothMethod: 'floor' as const },
      'nrefs:1|case:mixed|eff:no|tok:13a|smooth:floor[0.10]|version:2.6.0',
    ],
    [
      { smoothMethod: 'add-k' as const },
      'nrefs:1|case:mixed|eff:no|tok:13a|smooth:add-k[1.00]|version:2.6.0',
    ],
    [{ smoothMethod: 'none' as const }, 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:none|version:2.6.0'],
  ])('BLEU %j', (options, want) => {
    expect(bleuSignature(options)).toBe(want);
  });

  test('chrF++ / options', () => {
    expect(chrfSignature({ wordOrder: 2, lowercase: true, whitespace: true, epsSmoothing: true })).toBe(
      'nrefs:1|case:lc|eff:no|nc:6|nw:2|space:yes|version:2.6.0',
    );
  });
});

describe('input checks', () => {
  test('streams of different lengths', () => {
    expect(() => corpusBleu(['a', 'b'], ['a'])).toThrow(/2 hypotheses but 1 references/);
    expect(() => corpusChrf(['a'], [['a', 'b']])).toThrow(/1 hypotheses but 2 references/);
  });
  test('more than one reference stream is refused', () => {
    expect(() => corpusBleu(['a'], [['a'], ['b']])).toThrow(UsageError);
  });
  test('bad options', () => {
    // @ts-expect-error deliberately wrong
    expect(() => sentenceBleu('a', 'a', { smoothMethod: 'nope' })).toThrow(UsageError);
    expect(() => sentenceBleu('a', 'a', { maxNgramOrder: 0 })).toThrow(UsageError);
    expect(() => sentenceChrf('a', 'a', { charOrder: 0, wordOrder: 0 })).toThrow(UsageError);
  });
  test('garbage hypotheses score 0 and never throw', () => {
    // @ts-expect-error deliberately wrong
    expect(corpusBleu([null, 3, {}], ['a b c d', 'x', 'y']).score).toBe(0);
    // @ts-expect-error deliberately wrong
    expect(corpusChrf([undefined], ['abc']).score).toBe(0);
  });
  test('a huge hypothesis is scored without crashing', () => {
    const huge = 'lorem ipsum. '.repeat(50_000);
    const s = sentenceBleu(huge, 'lorem ipsum dolor sit amet.');
    expect(s.sysLen).toBe(150_000);
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThan(0.01);
    expect(sentenceChrf(huge, 'lorem ipsum').score).toBeLessThan(1);
  });
});

const word = fc.constantFrom(
  'the',
  'cat',
  'sat',
  'on',
  'mat',
  'a',
  'dog',
  '1,000',
  'U.S.',
  '3-4',
  '“x”',
  'é',
  '中',
);
const sentence = fc.array(word, { minLength: 0, maxLength: 12 }).map((w) => w.join(' '));

describe('properties', () => {
  test('BLEU of a hypothesis equal to its reference (≥ 4 tokens) is 100; chrF is 100', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 4, maxLength: 20 }), (words) => {
        const s = words.join(' ');
        expect(Math.abs(sentenceBleu(s, s).score - 100)).toBeLessThan(1e-9);
        expect(Math.abs(sentenceChrf(s, s).score - 100)).toBeLessThan(1e-9);
      }),
    );
  });

  test('scores stay within [0, 100]', () => {
    fc.assert(
      fc.property(sentence, sentence, fc.string(), (h, r, junk) => {
        for (const hyp of [h, junk, h + junk]) {
          for (const v of [
            sentenceBleu(hyp, r).score,
            sentenceBleu(hyp, r, { tokenize: 'zh' }).score,
            sentenceChrf(hyp, r).score,
          ]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100 + 1e-9);
          }
        }
      }),
    );
  });

  test('corpus statistics are the sum of segment statistics', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(sentence, sentence), { minLength: 1, maxLength: 8 }), (pairs) => {
        const hyps = pairs.map((p) => p[0]);
        const refs = pairs.map((p) => p[1]);
        const sum = (rows: readonly (readonly number[])[]) =>
          rows.reduce(
            (acc, row) => acc.map((v, i) => v + row[i]!),
            rows[0]!.map(() => 0),
          );
        const b = sum(pairs.map(([h, r]) => bleuStats(h, r)));
        expect(bleuFromStats(b).score).toBe(corpusBleu(hyps, refs).score);
        const c = sum(pairs.map(([h, r]) => chrfStats(h, r)));
        expect(chrfFromStats(c).score).toBe(corpusChrf(hyps, refs).score);
      }),
    );
  });
});
