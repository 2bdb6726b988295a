import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadinError } from '@readin/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { lnCorrectlyRounded, Segmenter, SegmenterDictError } from '../src/segment.js';

// @node-rs/jieba is the oracle: the segmenter must return exactly its `cut(text, false)`.
const req = createRequire(import.meta.url);
const { Jieba } = req('@node-rs/jieba') as typeof import('@node-rs/jieba');
const dict = readFileSync(req.resolve('@node-rs/jieba/dict.txt'));

let ours: Segmenter;
let oracle: InstanceType<typeof Jieba>;
beforeAll(() => {
  ours = new Segmenter(dict);
  oracle = Jieba.withDict(dict);
});

describe('Segmenter.cut equals @node-rs/jieba cut(text, false)', () => {
  test.each([
    ['abc网球拍卖会def', ['abc', '网球', '拍卖会', 'def']],
    ['我们中出了一个叛徒', ['我们', '中', '出', '了', '一个', '叛徒']],
    ['南京市长江大桥', ['南京市', '长江大桥']],
    ['', []],
    [' ', [' ']],
    ['\r\n', ['\r\n']],
    ['。', ['。']],
  ])('%j → %j', (text, words) => {
    expect(ours.cut(text, false)).toEqual(words);
    expect(oracle.cut(text, false)).toEqual(words);
  });

  test.each([
    // Blocks, separators and whitespace.
    '  a  b\t\tc\n\nd\r\ne\r\r\n\n\r',
    '我来到北京清华大学。他来到了网易杭研大厦，小明硕士毕业于中国科学院计算所！',
    // ASCII letters and digits: single-character steps are joined, dictionary words are not.
    'C++和C#都是AT&T的1号店4S店A股B超CALL机E化Xyz123abc',
    'a1b2c3中d4e5f6国7g8h9',
    '2019年10月1日，GDP增长6.5%，iPhone11售价5999元',
    '3.14 + 2.71 = 5.85; x_1 & y-2 # z%',
    // Full-width digits and Latin, CJK punctuation.
    '１２３ＡＢＣ，１月２日「你好」『世界』——……？！',
    // Astral Han (Extension B and later), astral non-Han, emoji with modifiers and ZWJ.
    '𠀀𠀁中国𪚥𫝀𬺰𰀀人民👨‍👩‍👧😀🇨🇳💩𝔘𝔫𝔦',
    // Compatibility ideographs, Extension A, the edges of each range.
    '\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\u{20000}\u{2a6df}\u{2a6e0}\u{2a700}\u{2ebef}\u{2ebf0}\u{2f800}\u{2fa1f}\u{2fa20}',
    // Unicode whitespace outside blocks.
    '中\u3000国\u00a0人\u2028民\u0085共\ufeff和',
    'ÀÉÎõü中文ñ中',
  ])('%j', (text) => {
    expect(ours.cut(text, false)).toEqual(oracle.cut(text, false));
  });

  const HAN_COMMON = [
    ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞',
  ];
  const HAN_RARE = [...'龘靐齉爩麤龗灪籱鱻麷纞厵癵驫饢鸞钃灩'];
  const HAN_ASTRAL = ['𠀀', '𠀁', '𪚥', '𫝀', '𬺰', '𠮷', '𡃁', '𨭎'];
  const PIECES = [
    ...HAN_COMMON,
    ...HAN_RARE,
    ...HAN_ASTRAL,
    ...'abcxyzABCXYZ0123456789',
    ...'+#&._%-',
    ' ',
    '\t',
    '\n',
    '\r\n',
    '\r',
    '\u3000',
    ...'，。、；：？！“”‘’（）《》【】…—·',
    ...',.;:?!()[]{}<>/\\\'"@$^*=|~`',
    ...'１２３ＡＢｃ',
    '😀',
    '👍🏽',
    '🇨🇳',
    'é',
    'ñ',
    'ß',
    '中国',
    '北京大学',
    '人民共和国',
    'iPhone',
    'C++',
    '2021年',
  ];
  test('random mixed strings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(ours.cut(text, false)).toEqual(oracle.cut(text, false));
      }),
      { numRuns: 4000 },
    );
  });

  test('random code points (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        expect(ours.cut(text, false)).toEqual(oracle.cut(text, false));
      }),
      { numRuns: 1000 },
    );
  });

  test('cutEnds gives the boundaries of cut', () => {
    const text = '2019年10月1日，GDP增长6.5%。𠀀中国 a b\r\n';
    const ends: number[] = [];
    ours.cutEnds(text, ends);
    const words = ours.cut(text);
    expect(ends.at(-1)).toBe(text.length);
    expect(ends.map((e, k) => text.slice(ends[k - 1] ?? 0, e))).toEqual(words);
  });

  test.each(['中\ud800国', 'a\udc00b', '\ud840', '中国\ud840', '\udc00\ud800'])(
    'lone surrogate %j: same boundaries, the text kept (@node-rs/jieba returns U+FFFD for it)',
    (text) => {
      const a = ours.cut(text);
      const b = oracle.cut(text, false);
      expect(a.join('')).toBe(text);
      expect(a.map((w) => w.length)).toEqual(b.map((w) => w.length));
      expect(a.map((w) => w.replace(/[\ud800-\udfff]/g, '\ufffd'))).toEqual(b);
    },
  );

  test('hmm = true is refused', () => {
    expect(() => ours.cut('中国', true)).toThrow(ReadinError);
  });
});

describe('custom dictionaries', () => {
  test.each([
    ['duplicate words keep the last frequency', '中国 5\n中 100\n国 100\n中国 50000\n'],
    ['missing frequency is 0, trailing spaces', '中国\n中 3 \n国\t4\tn\n人民 \n'],
    ['plus sign, CRLF lines, blank lines', '中国 +7\r\n\r\n中 2\r\n国 2\r\n'],
    ['Unicode whitespace separates fields', '中国\u30009\n中\u00a02\n国\u20032\n'],
    ['astral and Latin words', '𠀀𠀁 9\nAB 3\nab12 4\nA 1\n中𠀀 8\n'],
    ['equal routes: the longer first word wins', 'ab 2\nc 2\na 2\nbc 2\n'],
  ])('%s', (_, text) => {
    const o = Jieba.withDict(Buffer.from(text));
    const s = new Segmenter(text);
    const bytes = new Segmenter(Buffer.from(text));
    for (const t of ['中国人民', '中国中国国中', '𠀀𠀁中𠀀AB', 'abc', 'abcabc', 'ab12AB', '中 国']) {
      expect(s.cut(t)).toEqual(o.cut(t, false));
      expect(bytes.cut(t)).toEqual(o.cut(t, false));
    }
  });

  // 2·33 = 3·22: the two routes tie in exact arithmetic; glibc's logs (and so jieba-rs) pick 甲|乙丙, V8's
  // Math.log would pick 甲乙|丙.
  test.each([
    ['甲乙 2\n丙 33\n甲 3\n乙丙 22\n', ['甲', '乙丙']],
    ['甲乙 2\n丙 60\n甲 3\n乙丙 40\n', ['甲', '乙丙']],
  ])('near-tie decided by the last bit of ln: %j', (text, words) => {
    expect(Jieba.withDict(Buffer.from(text)).cut('甲乙丙', false)).toEqual(words);
    expect(new Segmenter(text).cut('甲乙丙')).toEqual(words);
  });

  test('random small dictionaries and texts (property)', () => {
    const unit = fc.constantFrom('甲', '乙', '丙', '丁', 'a', 'b', '1', '𠀀');
    const word = fc.array(unit, { minLength: 1, maxLength: 4 }).map((u) => u.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, fc.integer({ min: 0, max: 120 })), { minLength: 1, maxLength: 14 }),
        fc.array(
          fc.array(unit, { maxLength: 12 }).map((u) => u.join('')),
          { minLength: 1, maxLength: 4 },
        ),
        (entries, texts) => {
          const text = entries.map(([w, f]) => `${w} ${f}\n`).join('');
          const o = Jieba.withDict(Buffer.from(text));
          const s = new Segmenter(text);
          for (const t of texts) expect(s.cut(t)).toEqual(o.cut(t, false));
        },
      ),
      { numRuns: 1500 },
    );
  });

  test.each([
    ['中国 x\n', 1],
    ['中 1\n国 1x\n', 2],
    ['中 -1\n', 1],
    ['中 +\n', 1],
  ])('bad frequency %j throws at line %i', (text, line) => {
    let err: unknown;
    try {
      new Segmenter(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SegmenterDictError);
    expect((err as SegmenterDictError).line).toBe(line);
    expect(() => Jieba.withDict(Buffer.from(text))).toThrow();
  });

  test('invalid UTF-8 throws', () => {
    expect(() => new Segmenter(new Uint8Array([0xe4, 0xb8, 0x20, 0x31, 0x0a]))).toThrow(SegmenterDictError);
  });
});

describe('lnCorrectlyRounded', () => {
  // glibc's log (what jieba-rs calls) for these; V8's Math.log differs by one unit in the last place on the
  // first four, so a segmenter using Math.log could break near-ties differently.
  test.each([
    [3, 1.0986122886681098],
    [48, 3.871201010907891],
    [74, 4.30406509320417],
    [185, 5.220355825078324],
    [60101964, 17.911553077840047],
    [1, 0],
    [2, Math.LN2],
    [10, Math.LN10],
    // glibc is not correctly rounded here: its value is kept.
    [9170, 9.123692565250511],
  ])('ln(%i) = %d', (n, v) => {
    expect(lnCorrectlyRounded(n)).toBe(v);
  });

  test('within one unit in the last place of Math.log (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const a = lnCorrectlyRounded(n);
        const b = Math.log(n);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(2 ** (Math.floor(Math.log2(Math.max(b, 1e-300))) - 52));
      }),
      { numRuns: 2000 },
    );
  });

  test('ln(0) = -Infinity; non-integers are refused', () => {
    expect(lnCorrectlyRounded(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => lnCorrectlyRounded(1.5)).toThrow(ReadinError);
  });
});
