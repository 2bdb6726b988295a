import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import * as metrics from '../src/index.js';
import {
  type CmrcStat,
  cmrcEm,
  cmrcEvaluate,
  cmrcF1,
  cmrcGold,
  createCmrcMetric,
  longestCommonRun,
  mixedSegmentation,
} from '../src/index.js';

/** Hand-computed with the official v6 formulas (F1 from the longest common contiguous token run). */
const TABLE: [string[], string, 0 | 1, number][] = [
  [['北京'], '北京', 1, 1],
  [['北京'], '北京市', 0, 0.8],
  [['北京'], '', 0, 0],
  [['北京'], '上海', 0, 0],
  [['，'], '', 1, 0], // quirk: both normalise to "" → EM 1, but no tokens → F1 0
  [['1990年'], '1990', 0, 2 / 3],
  [['Hello World'], 'hello world.', 0, 0.8],
  [['《红楼梦》'], '红楼梦', 1, 1],
  [['a-b'], 'ab', 1, 1],
  [['…'], '……', 0, 0],
  [['第一', '第二'], '第二', 1, 1],
  [['北京大学', '北京'], '北京', 1, 1],
  [['北京大学', '北京'], '北京的大学', 0, (2 * (2 / 5) * 1) / (2 / 5 + 1)], // max(0.444…, 0.571…)
  [[' ABC '], 'abc', 1, 1],
  [['‘x’'], 'x', 0, 2 / 3],
  [['x.'], 'x', 0, 2 / 3],
  [['a b'], 'ab', 0, 0],
  [['a b c d'], 'b c x a b c d', 0, (2 * (4 / 7) * 1) / (4 / 7 + 1)],
  [[], '北京', 0, 0], // the official script crashes on max([]); we score 0
];

describe('cmrcEm / cmrcF1', () => {
  test.each(TABLE)('answers %j, prediction %j → EM %d, F1 %d', (answers, prediction, em, f1) => {
    expect(cmrcEm(answers, prediction)).toBe(em);
    expect(cmrcF1(answers, prediction)).toBeCloseTo(f1, 12);
  });

  test.each([
    [['a', 'b', 'c'], ['x', 'b', 'c', 'y'], 2],
    [['a', 'b'], ['b', 'a'], 1],
    [['a'], [], 0],
    [['a', 'a', 'a'], ['a', 'a'], 2],
  ])('longestCommonRun(%j, %j) = %d', (a, b, n) => {
    expect(longestCommonRun(a, b)).toBe(n);
    expect(longestCommonRun(b, a)).toBe(n);
  });

  const text = fc
    .array(fc.constantFrom(...'北京大学的 ab.,，。-《》…“”\'"12 ｘ'.split(''), 'the', "n't"), {
      maxLength: 12,
    })
    .map((parts) => parts.join(''));

  it('F1 is in [0, 1], symmetric for one answer, and EM = 1 implies F1 = 1 unless nothing is left to compare', () => {
    fc.assert(
      fc.property(text, text, (a, p) => {
        const f1 = cmrcF1([a], p);
        expect(f1).toBeGreaterThanOrEqual(0);
        expect(f1).toBeLessThanOrEqual(1);
        expect(cmrcF1([p], a)).toBe(f1);
        expect(cmrcEm([p], a)).toBe(cmrcEm([a], p));
        if (cmrcEm([a], p) === 1) {
          expect(f1).toBe(mixedSegmentation(p, { removePunctuation: true }).length === 0 ? 0 : 1);
        }
        expect(cmrcEm([a], a)).toBe(1);
      }),
    );
  });

  it('takes the maximum over answers', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), text, (answers, p) => {
        const each = answers.map((a) => cmrcF1([a], p));
        expect(cmrcF1(answers, p)).toBe(Math.max(...each));
        expect(cmrcEm(answers, p)).toBe(Math.max(...answers.map((a) => cmrcEm([a], p))));
      }),
    );
  });
});

describe('createCmrcMetric', () => {
  const metric = createCmrcMetric();

  it('agrees with cmrcEm / cmrcF1 on the table', () => {
    for (const [answers, prediction, em, f1] of TABLE) {
      const s = metric.exampleStats(answers, prediction);
      expect(s.em).toBe(em);
      expect(s.f1).toBeCloseTo(f1, 12);
      expect(s.answered).toBe(true);
      expect(metric.exampleMetrics(s)).toEqual({ em: 100 * s.em, f1: 100 * s.f1 });
    }
  });

  it('has em first and a signature naming the scorer and tokenizer', () => {
    expect(metric.task).toBe('cmrc2018');
    expect(metric.metricNames).toEqual(['em', 'f1']);
    expect(metric.signature).toContain('cmrc2018-v6');
    expect(metric.signature).toContain('nltk-3.9');
  });

  test.each([
    [['None'], null, 1],
    [['1990'], 1990, 1],
    [['True'], true, 1],
    [['1.5'], 1.5, 1],
    [["['a']"], ['a'], 1],
    [['a'], { a: 1 }, 0],
    [['a'], Symbol('x'), 0],
  ])('turns non-string predictions into text like Python str(): %j vs %s', (answers, prediction, em) => {
    expect(metric.exampleStats(answers, prediction).em).toBe(em);
  });

  it('counts unanswered questions (undefined) as 0 in the denominator', () => {
    const stats = [metric.exampleStats(['北京'], '北京'), metric.exampleStats(['北京'], undefined)];
    expect(stats[1]).toEqual({ em: 0, f1: 0, answered: false });
    expect(metric.corpus(stats)).toEqual({ em: 50, f1: 50 });
  });

  it('never throws on garbage and handles huge strings', () => {
    const gold = ['北京'];
    for (const p of [
      '',
      '北'.repeat(200_000),
      'ab. cd, "ef" '.repeat(50_000),
      '\u0000\uffff\ud800',
      [[[[]]]],
      () => 1,
      123n,
    ]) {
      const s = metric.exampleStats(gold, p);
      expect(s.f1).toBeGreaterThanOrEqual(0);
      expect(s.f1).toBeLessThanOrEqual(1);
    }
    expect(metric.exampleStats(gold, `${'北京'.repeat(100_000)}`).f1).toBeCloseTo(2 / 100_001, 12);
    expect(metric.exampleStats('not an array' as unknown as string[], '北京')).toEqual({
      em: 0,
      f1: 0,
      answered: true,
    });
  });

  it('prepares each distinct answer list once without mixing up lists', () => {
    const m = createCmrcMetric();
    expect(m.exampleStats(['a', 'b'], 'a').em).toBe(1);
    expect(m.exampleStats(['a\u0000b'], 'a').em).toBe(0);
    expect(m.exampleStats(['北京'], '北京').em).toBe(1);
    expect(m.exampleStats(['上海'], '北京').em).toBe(0);
    expect(m.exampleStats(['北京'], '北京').f1).toBe(1);
  });

  it('corpus is the mean in percent, empty input is 0, and the input is not mutated', () => {
    const stats: CmrcStat[] = [
      { em: 1, f1: 1, answered: true },
      { em: 0, f1: 0.5, answered: true },
      { em: 0, f1: 0, answered: false },
      { em: 0, f1: 0.25, answered: true },
    ];
    const copy = structuredClone(stats);
    expect(metric.corpus(stats)).toEqual({ em: 25, f1: 43.75 });
    expect(stats).toEqual(copy);
    expect(metric.corpus([])).toEqual({ em: 0, f1: 0 });
  });

  it('worst: EM only when exact under every version, F1 = mean of per-question minimum', () => {
    const s = (em: number, f1: number): CmrcStat => ({ em, f1, answered: true });
    const versions = [
      [s(1, 1), s(1, 1), s(1, 1)],
      [s(1, 1), s(0, 0.5), s(1, 1)],
      [s(0, 0.2), s(0, 0.8), s(0, 0.4)],
      [s(1, 1), s(1, 1), { em: 0, f1: 0, answered: false }],
    ];
    const w = metric.worst(versions);
    expect(w.em).toBeCloseTo(25, 12);
    expect(w.f1).toBeCloseTo((100 * (1 + 0.5 + 0.2 + 0)) / 4, 12);
    expect(metric.worst([])).toEqual({ em: 0, f1: 0 });
  });

  it('extracts gold answers from a CmrcExample', () => {
    expect(
      cmrcGold({
        answers: [
          { text: '北京', answer_start: 0 },
          { text: '北京市', answer_start: 3 },
        ],
      }),
    ).toEqual(['北京', '北京市']);
  });
});

describe('cmrcEvaluate (the official evaluate())', () => {
  const squad = {
    data: [
      {
        paragraphs: [
          {
            context: '…',
            qas: [
              { id: 'Q0', question: '?', answers: [{ text: '北京', answer_start: 0 }] },
              { id: 'Q1', question: '?', answers: [{ text: '1990年', answer_start: 0 }] },
              { id: 'constructor', question: '?', answers: [{ text: 'x', answer_start: 0 }] },
            ],
          },
        ],
      },
    ],
  };

  it('scores SQuAD-style data, skips unanswered ids (even prototype names) but counts them', () => {
    const r = cmrcEvaluate(squad, { Q0: '北京', Q1: '1990', extra: 'ignored' });
    expect(r.TOTAL).toBe(3);
    expect(r.SKIP).toBe(1);
    expect(r.EM).toBeCloseTo(100 / 3, 12);
    expect(r.F1).toBeCloseTo((100 * (1 + 2 / 3)) / 3, 12);
    expect(r.AVERAGE).toBeCloseTo((r.EM + r.F1) / 2, 12);
    expect([...r.perQuestion.keys()]).toEqual(['Q0', 'Q1']);
  });

  it('accepts the original CMRC format (list of documents, query_id, plain-string answers)', () => {
    const original = [
      { context_text: '…', qas: [{ query_id: 'A', query_text: '?', answers: ['北京', '北京市'] }] },
    ];
    const r = cmrcEvaluate(original, { A: '北京市' });
    expect(r).toMatchObject({ EM: 100, F1: 100, TOTAL: 1, SKIP: 0 });
  });

  test.each([
    [{ data: 'x' }, { Q0: 'a' }, 'READIN_DATA_FORMAT'],
    [{ data: [{ paragraphs: [{ qas: 'x' }] }] }, { Q0: 'a' }, 'READIN_DATA_FORMAT'],
    [squad, ['a'], 'READIN_PREDICTION_FORMAT'],
    [squad, null, 'READIN_PREDICTION_FORMAT'],
  ])('rejects malformed input with a ReadinError (%#)', (dataset, predictions, code) => {
    expect(() => cmrcEvaluate(dataset, predictions, { datasetFile: 'dev.json' })).toThrow(
      expect.objectContaining({ code }),
    );
  });
});

describe('public API (CMRC2018 and AFQMC part)', () => {
  it('exports exactly these CMRC/AFQMC names', () => {
    const mine = [
      'CMRC_PUNCTUATION',
      'DEFAULT_NLTK_REVISION',
      'afqmcGold',
      'cmrcEm',
      'cmrcEvaluate',
      'cmrcF1',
      'cmrcGold',
      'createAfqmcMetric',
      'createCmrcMetric',
      'longestCommonRun',
      'mixedSegmentation',
      'nltkWordTokenize',
      'parseAfqmcLabel',
      'removePunctuation',
    ];
    const keys = Object.keys(metrics).sort();
    expect(keys).toEqual(expect.arrayContaining(mine));
    expect(keys.filter((k) => /cmrc|afqmc|nltk|segmentation|punctuation|longestCommon/i.test(k))).toEqual(
      mine,
    );
  });
});
