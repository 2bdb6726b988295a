import { describe, expect, test } from 'vitest';
import { greedyDecode } from '../src/engine.js';
import { type LexEntry, Lexicon, loadLexicon } from '../src/lexicon.js';
import { createNoiser } from '../src/noise.js';
import { noiseLines } from '../src/stream.js';

/** A fresh lexicon (empty caches) over the process-wide one's entries. */
async function freshLexicon(): Promise<Lexicon> {
  const base = await loadLexicon();
  const { pinyin, polyphonic } = await import('pinyin-pro');
  return new Lexicon(pinyin, polyphonic, '', base.entries);
}

describe('results do not depend on cache state', () => {
  test.each([
    [['an'], [true], ['a'], [false]],
    [['a'], [false], ['an'], [true]],
    [
      ['e', 'zhong'],
      [false, true],
      ['en', 'zhong'],
      [true, true],
    ],
  ])('mixed(%j, %j) then mixed(%j, %j)', async (s1, a1, s2, a2) => {
    const warm = await freshLexicon();
    warm.mixed(s1, a1);
    const got = warm.mixed(s2, a2).map((e) => e.word);
    const cold = (await freshLexicon()).mixed(s2, a2).map((e) => e.word);
    expect(got).toEqual(cold);
  });

  test('greedyDecode keys: full and abbreviated prefixes decode like the lookups they stand for', async () => {
    const lex = await freshLexicon();
    const { Rng } = await import('@readin/core');
    // All full syllables: the longest prefix with candidates is 中国 (zhong guo), then 人 (ren).
    const out = greedyDecode(lex, Rng.for(1), ['zhong', 'guo', 'ren'], [false, false, false], 0);
    expect(out).toBe(
      lex.full(['zhong', 'guo', 'ren'])[0]?.word ??
        `${lex.full(['zhong', 'guo'])[0]!.word}${lex.full(['ren'])[0]!.word}`,
    );
    const keys: number[] = [];
    const nKeys = lex.prefixKeys(['xx', 'zhong', 'guo', 'ren', 'qqq'], 1, 4, keys);
    const pre: Array<readonly LexEntry[]> = [0, 1, 2, 3].map((k) =>
      k < nKeys ? lex.fullByKey(keys[k]!) : [],
    );
    expect(pre).toEqual([
      lex.full(['zhong']),
      lex.full(['zhong', 'guo']),
      lex.full(['zhong', 'guo', 'ren']),
      [],
    ]);
    expect(pre[1]).toBe(lex.full(['zhong', 'guo']));
  });

  test('stream output is the same for 1, 2 and 3 workers and in process', async () => {
    const lines = Array.from({ length: 700 }, (_, i) =>
      i % 3 === 0 ? '我们按时完成了这项艰巨的任务。' : i % 3 === 1 ? '饿了吗' : `额度${i}，恩爱安然`,
    );
    const run = async (jobs: number, worker: boolean): Promise<string[]> => {
      const out: string[] = [];
      for await (const l of noiseLines(lines, { profile: 'kb-abbrev', seed: 3, jobs, worker, batchSize: 64 }))
        out.push(l);
      return out;
    };
    const inProcess = await run(1, false);
    expect(inProcess).toHaveLength(lines.length);
    expect(inProcess).not.toEqual(lines);
    for (const jobs of [1, 2, 3]) expect(await run(jobs, true)).toEqual(inProcess);
  }, 60_000);

  test('a noiser gives the same result whatever it noised before', async () => {
    const texts = ['恩爱的额度', '安然无恙的案件', '饿了吗外卖', '我们按时完成了这项艰巨的任务'];
    const a = await createNoiser({ profile: 'kb-abbrev', seed: 5 });
    const forward = texts.map((t, i) => a(t, { id: i }).text);
    const backward = texts
      .map((t, i) => [t, i] as const)
      .reverse()
      .map(([t, i]) => a(t, { id: i }).text)
      .reverse();
    expect(backward).toEqual(forward);
  });
});
