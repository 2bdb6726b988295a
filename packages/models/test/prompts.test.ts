import type { AfqmcExample, CspiderExample, WmtExample } from '@readin/core';
import { UsageError } from '@readin/core';
import { describe, expect, it, test } from 'vitest';
import {
  PROMPT_TEMPLATES,
  promptSignature,
  renderPrompt,
  type SpiderSchema,
  schemaText,
  selectShots,
} from '../src/index.js';

const pair: AfqmcExample = { id: '0', sentence1: '花呗怎么还', sentence2: '花呗如何还款', label: '1' };
const schema: SpiderSchema = {
  db_id: 'concert_singer',
  table_names: ['singer', 'concert'],
  table_names_original: ['singer', 'concert'],
  column_names: [
    [-1, '*'],
    [0, 'singer id'],
    [0, 'name'],
    [1, 'concert name'],
  ],
  column_names_original: [
    [-1, '*'],
    [0, 'Singer_ID'],
    [0, 'Name'],
    [1, 'concert_Name'],
  ],
};

describe('templates', () => {
  test.each(Object.values(PROMPT_TEMPLATES))(
    '$id is versioned data with placeholders it can fill',
    (template) => {
      expect(template.version).toBeGreaterThanOrEqual(1);
      for (const name of template.input.match(/\{(\w+)\}/g) ?? [])
        expect(template.fields).toContain(name.slice(1, -1));
    },
  );

  it('renders a zero-shot AFQMC prompt in both shapes', () => {
    const prompt = renderPrompt('afqmc', pair);
    expect(prompt.messages).toHaveLength(2);
    expect(prompt.messages[0]!.role).toBe('system');
    expect(prompt.messages[1]!.content).toContain('句子一：花呗怎么还\n句子二：花呗如何还款');
    expect(prompt.text.endsWith('答案：')).toBe(true);
    expect(prompt.text).not.toMatch(/\{\w+\}/);
  });

  it('renders k-shot demonstrations as user/assistant turns', () => {
    const shots: AfqmcExample[] = [
      { id: 's1', sentence1: 'a', sentence2: 'a', label: '1' },
      { id: 's2', sentence1: 'a', sentence2: 'b', label: '0' },
    ];
    const prompt = renderPrompt('afqmc', pair, { shots });
    expect(prompt.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    expect(prompt.messages[2]!.content).toBe('是');
    expect(prompt.messages[4]!.content).toBe('否');
    expect(prompt.text).toContain('答案：是');
  });

  it('puts the CSpider schema into the prompt and requires it', () => {
    const q: CspiderExample = { id: '0', db_id: 'concert_singer', question: '有多少歌手？', query: '' };
    expect(schemaText(schema)).toBe('表 singer(Singer_ID, Name)\n表 concert(concert_Name)');
    expect(renderPrompt('cspider', q, { schema }).text).toContain('表 singer(Singer_ID, Name)');
    expect(() => renderPrompt('cspider', q)).toThrow(UsageError);
  });

  it('strips the trailing newline of WMT clean sources', () => {
    const e: WmtExample = { id: '0', zh: '你好。\n', en: 'Hello.\n' };
    expect(renderPrompt('wmt21', e).messages.at(-1)!.content).toMatch(/中文：你好。$/);
  });
});

describe('promptSignature', () => {
  it('names template, extraction rule and shots, and changes with the template text', () => {
    const sig = promptSignature('afqmc');
    expect(sig).toMatch(/^prompt:afqmc-zh@1\|extract:afqmc-label@1\|shots:0\|sha:[0-9a-f]{12}$/);
    expect(promptSignature('afqmc')).toBe(sig);
    expect(promptSignature('afqmc', { shots: 4 })).not.toBe(sig);
    const edited = { ...PROMPT_TEMPLATES.afqmc, instruction: `${PROMPT_TEMPLATES.afqmc.instruction}。` };
    expect(promptSignature('afqmc', { template: edited })).not.toBe(sig);
  });
});

describe('selectShots', () => {
  const pool: AfqmcExample[] = Array.from({ length: 20 }, (_, i) => ({
    id: String(i),
    sentence1: `s${i}`,
    sentence2: `t${i}`,
    label: i < 5 ? '1' : '0',
  }));

  it('is reproducible for a seed and differs across seeds', () => {
    const a = selectShots('afqmc', pool, 4, { seed: 1 });
    expect(selectShots('afqmc', pool, 4, { seed: 1 })).toEqual(a);
    expect(selectShots('afqmc', pool, 4, { seed: 2 }).map((e) => e.id)).not.toEqual(a.map((e) => e.id));
  });

  it('alternates AFQMC labels', () => {
    expect(selectShots('afqmc', pool, 4).map((e) => e.label)).toEqual(['1', '0', '1', '0']);
  });

  it('rejects more shots than the pool holds', () => {
    expect(() => selectShots('afqmc', pool.slice(0, 2), 3)).toThrow(UsageError);
    expect(selectShots('afqmc', pool, 0)).toEqual([]);
  });
});
