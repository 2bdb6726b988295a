import { TASK_IDS, UsageError } from '@readin/core';
import { describe, expect, it, test } from 'vitest';
import { BASELINES, createModel, parseModelSpec, type SpiderSchema } from '../src/index.js';

const singer: SpiderSchema = {
  db_id: 'concert_singer',
  table_names: ['stadium', 'singer'],
  table_names_original: ['stadium', 'singer'],
  column_names: [
    [-1, '*'],
    [0, 'stadium id'],
    [0, 'location'],
    [0, 'capacity'],
    [1, 'singer id'],
    [1, 'name'],
    [1, 'country'],
    [1, 'age'],
  ],
  column_names_original: [
    [-1, '*'],
    [0, 'Stadium_ID'],
    [0, 'Location'],
    [0, 'Capacity'],
    [1, 'Singer_ID'],
    [1, 'Name'],
    [1, 'Country'],
    [1, 'Age'],
  ],
  column_types: ['text', 'number', 'text', 'number', 'number', 'text', 'text', 'number'],
};

describe('model specs', () => {
  test.each([
    ['hf:Qwen/Qwen2.5-7B-Instruct', { backend: 'hf', model: 'Qwen/Qwen2.5-7B-Instruct' }],
    [
      'openai:http://127.0.0.1:8000/v1#qwen',
      { backend: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen' },
    ],
    ['baseline:gloss', { backend: 'baseline', name: 'gloss' }],
  ])('%s', (spec, expected) => {
    expect(parseModelSpec(spec)).toEqual(expected);
  });

  test.each([
    ['hff:org/m', /unknown model backend "hff".*Did you mean "hf"/],
    ['opnai:http://x#m', /Did you mean "openai"/],
    ['baseline:char-overlp', /unknown baseline "char-overlp".*Did you mean "char-overlap"/],
    ['gloss', /Did you mean "baseline:gloss"/],
    ['openai:http://127.0.0.1:8000', /names no model after "#"/],
    ['hf:', /names no model/],
  ])('%s is a usage error', (spec, message) => {
    expect(() => parseModelSpec(spec)).toThrow(UsageError);
    expect(() => parseModelSpec(spec)).toThrow(message);
  });
});

describe('baseline conformance', () => {
  test.each([...BASELINES.values()].map((b) => [b.name, b] as const))(
    '%s is documented and versioned',
    (_n, b) => {
      expect(b.description.length).toBeGreaterThan(20);
      expect(b.version).toBeGreaterThanOrEqual(1);
      expect(b.tasks.length).toBeGreaterThan(0);
    },
  );

  const fixtures = {
    afqmc: { id: '0', sentence1: '花呗怎么还款', sentence2: '花呗如何还款', label: '1' },
    cmrc2018: { id: 'q', context: '北京是中国的首都。', question: '中国的首都是哪里？', answers: [] },
    cspider: { id: '0', db_id: 'concert_singer', question: '有多少歌手？', query: '' },
    wmt21: { id: '0', zh: '中国经济发展。\n', en: '' },
  } as const;

  test.each([...BASELINES.values()].flatMap((b) => b.tasks.map((task) => [b.name, task] as const)))(
    '%s answers %s deterministically with a one-line string',
    async (name, task) => {
      const model = await createModel(`baseline:${name}`);
      const request = { task, example: fixtures[task], context: { schema: singer } } as never;
      const first = await model.predict(request);
      expect(typeof first.prediction).toBe('string');
      expect(first.prediction).not.toMatch(/\n/);
      expect(first.prediction.length).toBeGreaterThan(0);
      expect((await model.predict(request)).prediction).toBe(first.prediction);
      expect(model.describe().tasks[task]).toMatch(/^baseline:[a-z-]+@\d+$/);
    },
  );

  it('baseline:default answers every task', async () => {
    const model = await createModel('baseline:default');
    expect(model.tasks).toEqual(TASK_IDS);
    expect(model.describe().tasks).toEqual({
      afqmc: 'baseline:pinyin-overlap@1',
      cmrc2018: 'baseline:best-window@1',
      cspider: 'baseline:template-sql@1',
      wmt21: 'baseline:gloss@1',
    });
  });

  it('a single-task baseline refuses other tasks', async () => {
    const model = await createModel('baseline:copy');
    await expect(
      model.predict({ task: 'afqmc', example: { id: '0', sentence1: 'a', sentence2: 'b', label: '0' } }),
    ).rejects.toThrow(/answers wmt21 only/);
  });
});

describe('AFQMC overlap', () => {
  test.each([
    ['char-overlap', '花呗怎么还款', '花呗怎么还款呢', '1'],
    ['char-overlap', '花呗怎么还款', '借呗利率是多少', '0'],
    ['pinyin-overlap', '花呗怎么还款', '花呗怎么还款呢', '1'],
    ['pinyin-overlap', '花呗怎么还款', '借呗利率是多少', '0'],
  ])('%s: %s / %s → %s', async (name, sentence1, sentence2, expected) => {
    const model = await createModel(`baseline:${name}`);
    const { prediction } = await model.predict({
      task: 'afqmc',
      example: { id: '0', sentence1, sentence2, label: '0' },
    });
    expect(prediction).toBe(expected);
  });

  it('pinyin overlap survives homophone typos that break character overlap', async () => {
    // 我→沃, 信→新, 卡→咖, 额→饿, 提→题, 升→生: same syllables, different characters.
    const example = {
      id: '0',
      sentence1: '我的信用卡额度怎么提升',
      sentence2: '沃的新用咖饿度怎么题生',
      label: '1' as const,
    };
    const chars = await (await createModel('baseline:char-overlap')).predict({ task: 'afqmc', example });
    const pinyin = await (await createModel('baseline:pinyin-overlap')).predict({ task: 'afqmc', example });
    expect(chars.prediction).toBe('0');
    expect(pinyin.prediction).toBe('1');
  });
});

describe('CMRC2018 best-window', () => {
  test.each([
    ['北京是中国的首都。上海是中国最大的城市。', '中国最大的城市是哪里？', '上海'],
    ['鲁迅原名周树人，浙江绍兴人。他的代表作有《狂人日记》。', '鲁迅原名是什么？', '周树人'],
  ])('%s / %s → %s', async (context, question, expected) => {
    const model = await createModel('baseline:best-window');
    const { prediction } = await model.predict({
      task: 'cmrc2018',
      example: { id: 'q', context, question, answers: [] },
    });
    expect(prediction).toBe(expected);
  });

  it('answers with a substring of the context', async () => {
    const model = await createModel('baseline:best-window');
    const context = '1998年，该公司在深圳成立，创始人是张三。公司主要生产手机。';
    const { prediction } = await model.predict({
      task: 'cmrc2018',
      example: { id: 'q', context, question: '公司的创始人是谁？', answers: [] },
    });
    expect(prediction.length).toBeGreaterThan(0);
    expect(context).toContain(prediction);
  });
});

describe('CSpider template-sql', () => {
  test.each([
    ['我们有多少歌手？', 'SELECT count(*) FROM singer'],
    ['歌手的平均年龄是多少？', 'SELECT avg(Age) FROM singer'],
    ['歌手的平均年龄和最大年龄是多少？', 'SELECT avg(Age) , max(Age) FROM singer'],
    ['有多少个不同的国家？', 'SELECT count(DISTINCT Country) FROM singer'],
    ['所有歌手的平均年龄是什么？', 'SELECT avg(Age) FROM singer'],
    ['显示所有歌手的名字和国家。', 'SELECT Name , Country FROM singer'],
    [
      '按年龄降序，每个歌手的名字、国家、年龄是什么？',
      'SELECT Age , Name , Country FROM singer ORDER BY Age DESC',
    ],
    ['最年轻的歌手的名字是什么？', 'SELECT Name FROM singer ORDER BY Age LIMIT 1'],
    ['每个国家有多少歌手？', 'SELECT Country , count(*) FROM singer GROUP BY Country'],
    ['体育场的最大容量是多少？', 'SELECT max(Capacity) FROM stadium'],
    ['体育场的最大容量是什么？', 'SELECT max(Capacity) FROM stadium'],
  ])('%s → %s', async (question, expected) => {
    const model = await createModel('baseline:template-sql');
    const { prediction } = await model.predict({
      task: 'cspider',
      example: { id: '0', db_id: 'concert_singer', question, query: '' },
      context: { schema: singer },
    });
    expect(prediction).toBe(expected);
  });

  it('needs the schema', async () => {
    const model = await createModel('baseline:template-sql');
    await expect(
      model.predict({ task: 'cspider', example: { id: '0', db_id: 'x', question: '多少？', query: '' } }),
    ).rejects.toThrow(/no schema/);
  });
});

describe('WMT copy and gloss', () => {
  test.each([
    ['copy', '中国经济发展。\n', '中国经济发展。'],
    ['gloss', '中国经济发展。', 'China economy development.'],
    ['gloss', '美国总统说，疫苗很重要。', 'The United States president said, vaccine very important.'],
    ['gloss', '2021年GDP增长8.1%', '2021 year GDP growth 8.1%'],
  ])('%s: %s → %s', async (name, zh, expected) => {
    const model = await createModel(`baseline:${name}`);
    const { prediction } = await model.predict({ task: 'wmt21', example: { id: '0', zh, en: '' } });
    expect(prediction).toBe(expected);
  });
});
