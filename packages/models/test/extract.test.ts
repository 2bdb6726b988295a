import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import {
  EXTRACTION_RULES,
  extractAfqmcLabel,
  extractCmrcSpan,
  extractSql,
  extractTranslation,
} from '../src/index.js';

describe('AFQMC label', () => {
  test.each([
    ['是', '1'],
    ['否', '0'],
    ['是的，两句话意思相同。', '1'],
    ['不是。', '0'],
    ['答案：是', '1'],
    ['答案：否', '0'],
    ['两个句子意思相同', '1'],
    ['两个句子的意思不相同', '0'],
    ['意思不同', '0'],
    ['不一致', '0'],
    ['一致', '1'],
    ['相似', '1'],
    ['不相似', '0'],
    ['1', '1'],
    ['0', '0'],
    ['Label: 1', '1'],
    ['Yes.', '1'],
    ['no', '0'],
    ['NO, they differ', '0'],
    ['The sentences are the same', '1'],
    ['是否相同？答：否', '0'],
    ['<think>想一想是不是一样</think>否', '0'],
    ['**答案**：是', '1'],
  ])('%j → %s', (text, expected) => {
    expect(extractAfqmcLabel(text)).toEqual({ value: expected, parsed: true });
  });

  test.each([[''], ['无法判断'], ['1.5'], ['nothing here']])(
    '%j is unparsed and falls back to "0"',
    (text) => {
      expect(extractAfqmcLabel(text)).toEqual({ value: '0', parsed: false });
    },
  );

  it('always returns "0" or "1" and never throws', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(['0', '1']).toContain(extractAfqmcLabel(text).value);
      }),
    );
  });
});

describe('CMRC2018 span', () => {
  test.each([
    ['北京', '北京'],
    ['答案：北京。', '北京'],
    ['答案: 北京', '北京'],
    ['“北京”', '北京'],
    ['「北京」。', '北京'],
    ['"1998年"', '1998年'],
    ['北京\n因为文中说北京是首都。', '北京'],
    ['\n\n  北京！ ', '北京'],
    ['Answer: 张三', '张三'],
    ['《红楼梦》', '《红楼梦》'],
    ['**北京**', '北京'],
  ])('%j → %j', (text, expected) => {
    expect(extractCmrcSpan(text).value).toBe(expected);
  });

  it('marks an empty reply unparsed', () => {
    expect(extractCmrcSpan('  \n')).toEqual({ value: '', parsed: false });
  });
});

describe('SQL', () => {
  test.each([
    ['```sql\nSELECT count(*) FROM singer;\n```', 'SELECT count(*) FROM singer'],
    [
      'Here it is:\n```sql\nSELECT name\nFROM singer\nORDER BY age DESC\n```\nExplanation…',
      'SELECT name FROM singer ORDER BY age DESC',
    ],
    ['```\nselect * from t\n```', 'select * from t'],
    ['SQL：SELECT avg(age) FROM singer; -- average', 'SELECT avg(age) FROM singer'],
    ['The query is SELECT name FROM singer\n\nThis lists names.', 'SELECT name FROM singer'],
    ['```sqlite\nSELECT 1\n```', 'SELECT 1'],
  ])('%j → %j', (text, expected) => {
    expect(extractSql(text)).toEqual({ value: expected, parsed: true });
  });

  it('marks a reply without SQL unparsed', () => {
    expect(extractSql('抱歉，我无法回答。').parsed).toBe(false);
  });
});

describe('translation', () => {
  test.each([
    ['Hello, world.', 'Hello, world.'],
    ['Translation: Hello, world.', 'Hello, world.'],
    ['"Hello, world."', 'Hello, world.'],
    ['Here is the translation:\nHello, world.\n(Note: literal)', 'Hello, world.'],
    ['英文：Hello, world.', 'Hello, world.'],
    ['  \nThe economy grew 5%.\nSecond line', 'The economy grew 5%.'],
    ['“He said: yes.”', 'He said: yes.'],
  ])('%j → %j', (text, expected) => {
    expect(extractTranslation(text).value).toBe(expected);
  });

  it('returns one line for any input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(extractTranslation(text).value).not.toMatch(/\n/);
      }),
    );
  });
});

it('declares one versioned rule per task', () => {
  for (const [task, rule] of Object.entries(EXTRACTION_RULES)) {
    expect(rule.task).toBe(task);
    expect(rule.version).toBeGreaterThanOrEqual(1);
    expect(rule.description.length).toBeGreaterThan(10);
  }
});
