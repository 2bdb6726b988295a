import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoiseConfigError } from '@readin/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  analyzeNoise,
  createNoiser,
  getProfile,
  type Noiser,
  noise,
  noiseDataset,
  noiseLines,
  PROFILES,
  profileNames,
  protectedSpans,
  scaleProfile,
  validateProfile,
} from '../src/index.js';
import { chineseToDigits, digitsToChinese } from '../src/speech.js';

const SENTENCES = [
  '新华时评：把优秀返乡农民工打造成乡村振兴生力军-新华网',
  '乡村振兴，人才是关键。',
  '今年34岁的张雄家在四川眉山市果园村，2010年他辞掉北京月薪上万的工作返乡创业。',
  '经过几年打拼，如今他经营的葡萄种植家庭农场年收入超过百万元，成为小有名气的致富带头人。',
  '近年来，在国家脱贫攻坚、乡村振兴等一系列支农惠农政策激励感召下，越来越多的优秀农民工选择返乡创业。',
  '花呗支持高铁票支付吗',
  '我的蚂蚁花呗支付金额怎么会有限制',
  '英国交通大臣沙普斯（Grant Shapps）目前也在西班牙度假。',
];

const CHANNEL_PROFILES = profileNames();
const noisers = new Map<string, Noiser>();

beforeAll(async () => {
  for (const p of CHANNEL_PROFILES) noisers.set(p, await createNoiser({ profile: p, seed: 11 }));
}, 60_000);

test('public API', async () => {
  const keys = Object.keys(await import('../src/index.js'));
  const mine = [
    'createNoiser',
    'fitProfile',
    'getProfile',
    'noise',
    'noiseDataset',
    'noiseLine',
    'noiseLines',
    'noiseStream',
    'PROFILES',
    'profileNames',
    'protectedSpans',
    'resolveProfile',
    'scaleProfile',
    'splitLines',
    'validateProfile',
  ].sort();
  expect(keys.filter((k) => mine.includes(k)).sort()).toEqual(mine);
});

describe('profiles', () => {
  test('at least three keyboard and three speech profiles, each documented', () => {
    expect(profileNames('keyboard').length).toBeGreaterThanOrEqual(3);
    expect(profileNames('speech').length).toBeGreaterThanOrEqual(3);
    for (const p of Object.values(PROFILES)) {
      expect(p.description.length).toBeGreaterThan(30);
      expect(p.channel === 'keyboard' ? p.keyboard : p.speech).toBeDefined();
    }
  });

  test('unknown names fail with a suggestion', () => {
    expect(() => getProfile('kb-homofone')).toThrow(NoiseConfigError);
    expect(() => getProfile('kb-homofone')).toThrow(/Did you mean "kb-homophone"/);
  });

  test.each([
    [{ channel: 'typing' }, 'channel'],
    [{ channel: 'keyboard', keyboard: { charErr: 0.1 } }, 'keyboard.charErr'],
    [{ channel: 'keyboard', keyboard: { charError: 2 } }, 'keyboard.charError'],
    [{ channel: 'speech', speech: { keepComma: 'x' } }, 'speech.keepComma'],
  ])('validateProfile rejects %j naming field %s', (input, field) => {
    try {
      validateProfile(input, { file: 'p.json' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NoiseConfigError);
      expect((e as NoiseConfigError).field).toBe(field);
      expect((e as NoiseConfigError).file).toBe('p.json');
    }
  });

  test('a partial profile is completed from the built-in one', () => {
    const p = validateProfile({ name: 'x', channel: 'speech', speech: { charError: 0.2 } });
    expect(p.speech?.charError).toBe(0.2);
    expect(p.speech?.keepComma).toBe(PROFILES['asr-clear']!.speech!.keepComma);
  });

  test('rate scales probabilities, keeps mechanism weights', () => {
    const p = getProfile('kb-abbrev');
    const half = scaleProfile(p, 0.5);
    expect(half.keyboard!.charError).toBeCloseTo(p.keyboard!.charError / 2);
    expect(half.keyboard!.mechanisms).toEqual(p.keyboard!.mechanisms);
    expect(() => scaleProfile(p, -1)).toThrow(NoiseConfigError);
  });
});

describe('noise()', () => {
  test.each(CHANNEL_PROFILES)('%s: deterministic per (seed, id) and edits rebuild the output', (profile) => {
    const nz = noisers.get(profile)!;
    let changed = 0;
    for (const [i, s] of SENTENCES.entries()) {
      const a = nz(s, { id: i });
      const b = nz(s, { id: i });
      expect(b).toEqual(a);
      let out = '';
      let pos = 0;
      for (const e of a.edits) {
        expect(e.start).toBeGreaterThanOrEqual(pos);
        expect(s.slice(e.start, e.end)).toBe(e.original);
        expect(e.mechanism).toMatch(/^(keyboard|speech)\.[a-z-]+$/);
        out += s.slice(pos, e.start) + e.replacement;
        pos = e.end;
      }
      expect(out + s.slice(pos)).toBe(a.text);
      if (a.text !== s) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  });

  test('the one-shot API equals a noiser with the same seed and id', async () => {
    const nz = noisers.get('kb-homophone')!;
    const r = await noise(SENTENCES[2]!, { profile: 'kb-homophone', seed: 11, id: 2 });
    expect(r).toEqual(nz(SENTENCES[2]!, { id: 2 }));
  });

  test('different ids give different noise somewhere', () => {
    const nz = noisers.get('asr-fast')!;
    const outs = new Set(Array.from({ length: 8 }, (_, i) => nz(SENTENCES[4]!, { id: i }).text));
    expect(outs.size).toBeGreaterThan(1);
  });

  test.each(CHANNEL_PROFILES)('%s: rate 0 changes nothing', async (profile) => {
    const nz = await createNoiser({ profile, rate: 0, seed: 3 });
    for (const [i, s] of SENTENCES.entries()) expect(nz(s, { id: i }).text).toBe(s);
  });

  test('a higher rate gives more noise', async () => {
    const low = await createNoiser({ profile: 'kb-sloppy', rate: 0.3, seed: 5 });
    const high = await createNoiser({ profile: 'kb-sloppy', rate: 2, seed: 5 });
    const cer = (nz: Noiser) =>
      analyzeNoise(
        Array.from({ length: 20 }, (_, k) => SENTENCES[k % SENTENCES.length]!).map((s, i) => ({
          clean: s,
          noisy: nz(s, { id: i }).text,
        })),
      ).cer!;
    expect(cer(high)).toBeGreaterThan(cer(low));
  });

  test('protected spans survive, whatever the seed', () => {
    const nz = noisers.get('asr-fast')!;
    const kb = noisers.get('kb-sloppy')!;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: SENTENCES.length - 1 }),
        (id, k) => {
          const s = SENTENCES[k]!;
          const words = ['返乡', '花呗', '乡村振兴', '2010', '四川'].filter((w) => s.includes(w));
          for (const n of [nz, kb]) {
            const r = n(s, { id, protect: words });
            for (const w of words) expect(r.text).toContain(w);
            for (const e of r.edits) for (const w of words) expect(e.original.includes(w)).toBe(false);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('offset spans are protected too', () => {
    const s = SENTENCES[3]!;
    const nz = noisers.get('kb-abbrev')!;
    for (let id = 0; id < 30; id++) {
      const r = nz(s, { id, protect: [{ start: 0, end: 10 }] });
      expect(r.text.startsWith(s.slice(0, 10))).toBe(true);
    }
  });

  test('non-string input is a NoiseConfigError', () => {
    const nz = noisers.get('kb-homophone')!;
    expect(() => nz(42 as unknown as string)).toThrow(NoiseConfigError);
  });
});

describe('numbers', () => {
  test.each([
    ['2019', true, '二零一九'],
    ['8000', false, '八千'],
    ['34', false, '三十四'],
    ['10', false, '十'],
    ['105', false, '一百零五'],
  ])('digitsToChinese(%s, %s) = %s', (d, byDigit, out) => {
    expect(digitsToChinese(d, byDigit)).toBe(out);
  });
  test.each([
    ['三年', '3年'],
    ['二十', '20'],
    ['十五', '15'],
    ['二零一九年', '2019年'],
    ['三千', '3000'],
  ])('chineseToDigits(%s) = %s', (w, out) => {
    expect(chineseToDigits(w)).toBe(out);
  });
});

describe('streaming', () => {
  test('one output line per input line, in order, blank lines kept', async () => {
    const input = ['乡村振兴，人才是关键。', '', '人才哪里找？', '   ', SENTENCES[0]!];
    const out: string[] = [];
    for await (const l of noiseLines(input, { profile: 'asr-clear', seed: 2 })) out.push(l);
    expect(out).toHaveLength(input.length);
    expect(out[1]).toBe('');
    expect(out[3]).toBe('   ');
  });

  test('JSONL mode noises only the named fields and is independent of batching', async () => {
    const recs = SENTENCES.map((s, i) => JSON.stringify({ id: `x${i}`, zh: `${s}\n`, en: 'keep me', n: i }));
    const run = async () => {
      const out: string[] = [];
      for await (const l of noiseLines(recs, { profile: 'kb-sloppy', seed: 9, fields: ['zh'] })) out.push(l);
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    const objs = a.map((l) => JSON.parse(l));
    objs.forEach((o, i) => {
      expect(o.en).toBe('keep me');
      expect(o.n).toBe(i);
      expect(o.zh.endsWith('\n')).toBe(true);
    });
    // The same record alone (another position) gets the same noise: the id, not the line, seeds it.
    const single: string[] = [];
    for await (const l of noiseLines([recs[3]!], { profile: 'kb-sloppy', seed: 9, fields: ['zh'] }))
      single.push(l);
    expect(single[0]).toBe(a[3]);
  });

  test('bad JSON names the line', async () => {
    const it = noiseLines(['{"zh":"好"}', '{oops'], { fields: ['zh'], file: 'in.jsonl' });
    await expect(async () => {
      for await (const _ of it) void _;
    }).rejects.toThrow(/invalid JSON/);
  });
});

describe('dataset', () => {
  test.each([
    [
      'cmrc2018',
      {
        question: '青禾镇位于哪个湖的东岸？',
        answers: [{ text: '澄湖', answer_start: 3 }, { text: '青禾镇' }],
      },
      ['青禾镇'],
    ],
    [
      'cspider',
      {
        question: '列出所有位于杭州的书店，价格大于20',
        query: "SELECT name FROM store WHERE city = '杭州' AND p > 20",
      },
      ['杭州', '20'],
    ],
    [
      'cspider',
      {
        question: "名为 O'Brien 的作者写了几本书？",
        query: "SELECT count(*) FROM book WHERE author = 'O''Brien'",
      },
      ["O'Brien"],
    ],
    ['afqmc', { sentence1: 'a', sentence2: 'b' }, []],
  ] as const)('protectedSpans(%s)', (task, ex, want) => {
    expect(protectedSpans(task, ex)).toEqual(want);
  });

  test('writes 3 keyboard + 3 speech versions, noising only READIN fields, protecting SQL literals', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noise-ds-'));
    const rows = Array.from({ length: 12 }, (_, i) => ({
      db_id: 'shop',
      question: `列出所有位于杭州的第${i}家书店的名称和地址`,
      query: "SELECT name FROM store WHERE city = '杭州'",
    }));
    await writeFile(join(dir, 'test_clean.json'), rows.map((r) => JSON.stringify(r)).join('\n'));
    await writeFile(join(dir, 'tables.json'), '[]');
    const out = join(dir, 'out');
    const res = await noiseDataset({ task: 'cspider', data: dir, out, seed: 1 });
    expect(res.files.map((f) => f.split)).toEqual([
      'test_noisy_keyboard_1',
      'test_noisy_keyboard_2',
      'test_noisy_keyboard_3',
      'test_noisy_asr_1',
      'test_noisy_asr_2',
      'test_noisy_asr_3',
    ]);
    expect(new Set(res.files.map((f) => f.profile)).size).toBe(6);
    expect(await readFile(join(out, 'tables.json'), 'utf8')).toBe('[]');
    let changed = 0;
    for (const f of res.files) {
      const got = (await readFile(f.path, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(got).toHaveLength(rows.length);
      got.forEach((g, i) => {
        expect(g.query).toBe(rows[i]!.query);
        expect(g.db_id).toBe('shop');
        expect(g.question).toContain('杭州');
        if (g.question !== rows[i]!.question) changed++;
      });
    }
    expect(changed).toBeGreaterThan(10);
    // Same seed → same files.
    const again = join(dir, 'again');
    await noiseDataset({ task: 'cspider', data: dir, out: again, seed: 1 });
    expect(await readFile(join(again, 'test_noisy_asr_2.json'), 'utf8')).toBe(
      await readFile(join(out, 'test_noisy_asr_2.json'), 'utf8'),
    );
  });
});
