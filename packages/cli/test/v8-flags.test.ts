import { describe, expect, test } from 'vitest';
import { SPIDER_INTERRUPT_BUDGET, scoresSpider, v8FlagsFor } from '../bin/v8-flags.js';

describe('bin/v8-flags', () => {
  test.each([
    [['score', '--task', 'cspider', '--data', 'd', '--pred', 'p'], true],
    [['score', '-t', 'cspider', '--data', 'd', '--pred', 'p'], true],
    [['score', '--task=cspider', '--data', 'd'], true],
    [['score', '--data', 'dev.json', '--tables', 'tables.json', '--pred', 'p.sql'], true],
    [['score', '--tables=tables.json'], true],
    [['score', '--task', 'cmrc2018', '--data', 'd', '--pred', 'p'], false],
    [['score', '--task', 'wmt21', '--data', 'cspider', '--pred', 'p'], false],
    [['score', '--data', 'd', '--pred', 'p'], false],
    [['score', '--', '--tables', 't'], false],
    [['run', '--task', 'cspider'], false],
    [['data', 'check', '--tables', 't'], false],
    [['--version'], false],
    [[], false],
  ])('%j scores CSpider: %s', (argv, expected) => {
    expect(scoresSpider(argv)).toBe(expected);
    expect(v8FlagsFor(argv)).toBe(expected ? `--interrupt-budget=${SPIDER_INTERRUPT_BUDGET}` : '');
  });

  test('the budget is larger than V8’s default (66 KB), so it delays optimisation rather than forcing it', () => {
    expect(SPIDER_INTERRUPT_BUDGET).toBeGreaterThan(67_584);
  });
});
