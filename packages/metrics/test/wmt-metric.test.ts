import { UsageError } from '@readin/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  bleuSignature,
  chrfSignature,
  corpusBleu,
  corpusChrf,
  createWmtMetric,
  sentenceBleu,
  sentenceChrf,
  type WmtStat,
  wmtGold,
} from '../src/index.js';

const refs = [
  'The cat is on the mat.',
  'Talent is the key to rural revitalization.',
  'Where can we find talent?',
  'He said: "Let\'s go!"',
];
const hyps = [
  'The cat sat on the mat.',
  'Talent is key to revitalising rural areas.',
  'Where to find talent?',
  '',
];

describe('createWmtMetric', () => {
  const metric = createWmtMetric();
  const stats = refs.map((r, i) => metric.exampleStats(r, hyps[i]));

  test('describes itself', () => {
    expect(metric.task).toBe('wmt21');
    expect(metric.metricNames).toEqual(['bleu', 'chrf']);
    expect(metric.signature).toBe(bleuSignature());
    expect(metric.signatures).toEqual({ bleu: bleuSignature(), chrf: chrfSignature() });
    expect(wmtGold({ id: '0', zh: '你好', en: 'Hello' })).toBe('Hello');
    expect(metric.gold({ id: '0', zh: '你好', en: 'Hello' })).toBe('Hello');
  });

  test('corpus() equals corpus BLEU / chrF and does not mutate its input', () => {
    const before = JSON.stringify(stats);
    const values = metric.corpus(stats);
    expect(values.bleu).toBe(corpusBleu(hyps, refs).score);
    expect(values.chrf).toBe(corpusChrf(hyps, refs).score);
    expect(JSON.stringify(stats)).toBe(before);
    expect(metric.corpus([])).toEqual({ bleu: 0, chrf: 0 });
  });

  test('exampleMetrics() are sentence BLEU (effective order off) and sentence chrF', () => {
    stats.forEach((s, i) => {
      expect(metric.exampleMetrics(s)).toEqual({
        bleu: sentenceBleu(hyps[i]!, refs[i]!).score,
        chrf: sentenceChrf(hyps[i]!, refs[i]!).score,
      });
    });
  });

  test('garbage predictions score 0 and never throw', () => {
    for (const junk of [undefined, null, 42, { text: 'x' }, ['The cat'], Symbol('x'), '']) {
      const s = metric.exampleStats(refs[0]!, junk);
      expect(metric.exampleMetrics(s)).toEqual({ bleu: 0, chrf: 0 });
    }
  });

  test('worst() is the mean over examples of the minimum sentence score', () => {
    const versions: WmtStat[][] = refs.map((r, i) => [
      metric.exampleStats(r, hyps[i]),
      metric.exampleStats(r, r),
      metric.exampleStats(r, `${hyps[i]} extra words here`),
    ]);
    const min = (i: number, key: 'bleu' | 'chrf') =>
      Math.min(...versions[i]!.map((s) => metric.exampleMetrics(s)[key]!));
    const mean = (key: 'bleu' | 'chrf') => refs.reduce((acc, _, i) => acc + min(i, key), 0) / refs.length;
    const worst = metric.worst(versions);
    expect(worst.bleu).toBeCloseTo(mean('bleu'), 12);
    expect(worst.chrf).toBeCloseTo(mean('chrf'), 12);
    // the clean reference is never the worst, so worst < corpus-of-best
    expect(worst.bleu).toBeLessThan(100);
    expect(metric.worst([])).toEqual({ bleu: 0, chrf: 0 });
  });

  test('worst() ignores examples without versions', () => {
    const s = metric.exampleStats(refs[0]!, refs[0]);
    expect(metric.worst([[s], []]).chrf).toBe(100);
  });

  test('the tokenizer option is honoured and checked', () => {
    const zh = createWmtMetric({ tokenize: 'zh' });
    expect(zh.signature).toBe('nrefs:1|case:mixed|eff:no|tok:zh|smooth:exp|version:2.6.0');
    const s = zh.exampleStats('他说：“我们走吧！”', '他说：“我们走吧。”');
    expect(zh.exampleMetrics(s).bleu).toBe(
      sentenceBleu('他说：“我们走吧。”', '他说：“我们走吧！”', { tokenize: 'zh' }).score,
    );
    expect(() => createWmtMetric({ tokenize: 'zhh' })).toThrow(UsageError);
  });

  test('bootstrap-style resampling: corpus() of any multiset equals corpus scores of the same sentences', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(refs.length - 1), { minLength: 1, maxLength: 12 }), (idx) => {
        const v = metric.corpus(idx.map((i) => stats[i]!));
        expect(v.bleu).toBe(
          corpusBleu(
            idx.map((i) => hyps[i]!),
            idx.map((i) => refs[i]!),
          ).score,
        );
        expect(v.chrf).toBe(
          corpusChrf(
            idx.map((i) => hyps[i]!),
            idx.map((i) => refs[i]!),
          ).score,
        );
      }),
    );
  });
});

describe('public API', () => {
  test('the WMT exports are pinned and re-exported by the package entry', async () => {
    const wmt = Object.keys(await import('../src/wmt/index.js')).sort();
    expect(wmt).toEqual([
      'SACREBLEU_VERSION',
      'TOKENIZER_NAMES',
      'bleuFromStats',
      'bleuSignature',
      'bleuStats',
      'chrfFromStats',
      'chrfSignature',
      'chrfStats',
      'corpusBleu',
      'corpusChrf',
      'createWmtMetric',
      'isPyWhitespace',
      'isZhTokenizerChar',
      'pySplit',
      'sentenceBleu',
      'sentenceChrf',
      'tokenize',
      'wmtGold',
    ]);
    const entry = Object.keys(await import('../src/index.js'));
    for (const key of wmt) expect(entry).toContain(key);
  });
});
