import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { nltkWordTokenizeSlow } from '../src/cmrc/nltk.js';
import { pyStr, pyStrip } from '../src/cmrc/python.js';
import {
  CMRC_PUNCTUATION,
  DEFAULT_NLTK_REVISION,
  mixedSegmentation,
  nltkWordTokenize,
  removePunctuation,
} from '../src/index.js';

describe('nltkWordTokenize (NLTKWordTokenizer().tokenize, NLTK 3.9 rules)', () => {
  test.each([
    // NLTK's own doctest.
    [
      'Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks.',
      [
        'Good',
        'muffins',
        'cost',
        '$',
        '3.88',
        '(',
        'roughly',
        '3,36',
        'euros',
        ')',
        'in',
        'New',
        'York.',
        'Please',
        'buy',
        'me',
        'two',
        'of',
        'them.',
        'Thanks',
        '.',
      ],
    ],
    ["They'll save and invest more.", ['They', "'ll", 'save', 'and', 'invest', 'more', '.']],
    ["hi, my name can't hello,", ['hi', ',', 'my', 'name', 'ca', "n't", 'hello', ',']],
    ["don't", ['do', "n't"]],
    ["DON'T", ['DO', "N'T"]],
    ["The fox's den.", ['The', 'fox', "'s", 'den', '.']],
    ["i'm sure i'd", ['i', "'m", 'sure', 'i', "'d"]],
    ['I cannot', ['I', 'can', 'not']],
    ['gonna', ['gon', 'na']],
    ['wanna go', ['wan', 'na', 'go']],
    ["d'ye", ['d', "'ye"]],
    ["'tis", ["'t", 'is']],
    // Final period only; abbreviations inside keep theirs.
    ['Hello world.', ['Hello', 'world', '.']],
    ['mr. smith', ['mr.', 'smith']],
    ['end.\n', ['end', '.']],
    ['(he said.)', ['(', 'he', 'said', '.', ')']],
    // Quotes: " → `` at the start / after space or bracket, '' elsewhere.
    ['"Hello," he said.', ['``', 'Hello', ',', "''", 'he', 'said', '.']],
    ['"', ['``']],
    ['a "b"', ['a', '``', 'b', "''"]],
    ["''quoted''", ["''", 'quoted', "''"]],
    ['``x', ['``', 'x']],
    ['“Hi”', ['“', 'Hi', '”']],
    ['«x»', ['«', 'x', '»']],
    ["'a b", ["'", 'a', 'b']],
    ["'Hard' to tell", ["'Hard", "'", 'to', 'tell']],
    // Brackets, numbers, URLs, ellipsis, dashes.
    ['(a) [b] {c} <d>', ['(', 'a', ')', '[', 'b', ']', '{', 'c', '}', '<', 'd', '>']],
    ['1,000.5', ['1,000.5']],
    ['x: 1:2, 3,4', ['x', ':', '1:2', ',', '3,4']],
    ['a,', ['a', ',']],
    ['http://example.com/a?b=1', ['http', ':', '//example.com/a', '?', 'b=1']],
    ['wait...', ['wait', '...']],
    ['a..b', ['a', '..', 'b']],
    ['a--b', ['a', '--', 'b']],
    ['a—b', ['a—b']],
    ['ok?!', ['ok', '?', '!']],
    ['a * b', ['a', '*', 'b']],
    ['x;y@z#1$2%3&4', ['x', ';', 'y', '@', 'z', '#', '1', '$', '2', '%', '3', '&', '4']],
    // Python whitespace: U+3000 and U+001F split, U+FEFF does not.
    ['A  b\u3000c\u001fd\ufeffe', ['A', 'b', 'c', 'd\ufeffe']],
    ['ω-force', ['ω-force']],
    ['', []],
    ['   ', []],
  ])('%j', (input, expected) => {
    expect(nltkWordTokenize(input)).toEqual(expected);
  });

  test.each([
    ['a—b', 'dashes', ['a', '—', 'b']],
    ['a―b', 'latest', ['a', '―', 'b']],
    ["'Hard' to tell", 'latest', ["'", 'Hard', "'", 'to', 'tell']],
    ["it's more'n enough.", 'latest', ['it', "'s", 'more', "'n", 'enough', '.']],
  ] as const)('%j with revision %s', (input, revision, expected) => {
    expect(nltkWordTokenize(input, { revision })).toEqual(expected);
  });

  it('defaults to the revision that reproduces the official parity vectors', () => {
    expect(DEFAULT_NLTK_REVISION).toBe('3.9');
  });

  it('only inserts spaces: without double quotes, the tokens concatenate back to the input minus whitespace', () => {
    const chars = fc.constantFrom(
      ..."ab Z09.,:;'`()[]{}<>!?*-—…$%&@#«»“”‘’\n\t\u3000\u00a0xyz".split(''),
      'ca',
      "n't",
      'not',
      "'s",
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        // Two apostrophes are a double quote to Treebank rules (an opening '' becomes ``): excluded like ".
        fc.pre(!text.includes("''"));
        const tokens = nltkWordTokenize(text);
        for (const t of tokens) expect(t).not.toMatch(/^$|[\s\u001c-\u001f\u0085]/);
        expect(tokens.join('')).toBe(text.replace(/[\s\u001c-\u001f\u0085]/g, ''));
      }),
    );
  });
});

describe('tokenizer shortcuts', () => {
  it('the trigger scan and fast paths never change the result of the full rule lists', () => {
    const piece = fc.constantFrom(
      ...'aZ9 .,:;\'"`()[]{}<>!?*-—–…$%&@#«»“”‘’„\n\t\u3000\u00a0ωİ_'.split(''),
      'cannot',
      'gonna',
      'wanna ',
      "d'ye",
      "more'n",
      " 'tis",
      " 'twas",
      "n't",
      "'s",
      "'ll",
      '...',
      '--',
      "''",
      '``',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 24 }),
        fc.constantFrom('3.9', 'dashes', 'latest'),
        (parts, rev) => {
          const text = parts.join('');
          const revision = rev as '3.9' | 'dashes' | 'latest';
          expect(nltkWordTokenize(text, { revision })).toEqual(nltkWordTokenizeSlow(text, { revision }));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the atomic rewrite of the first final-period rule', () => {
  // NLTK's pattern translated literally (backtracking), against the linear-time form the tokenizer uses.
  const S = '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
  const literal = new RegExp(`([^.])(\\.)([\\])}>"'»”’ ]*)${S}*(?=\\n?$)`, 'gu');
  const atomic = new RegExp(`([^.])(\\.)(?=([\\])}>"'»”’ ]*))\\3${S}*(?=\\n?$)`, 'gu');

  it('rewrites exactly like the literal pattern', () => {
    const text = fc
      .array(fc.constantFrom('.', ' ', ')', '"', "'", '»', 'a', '\n', '\t', '\u3000'), { maxLength: 16 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(t.replace(atomic, '$1 $2 $3 ')).toBe(t.replace(literal, '$1 $2 $3 '));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles a long run of spaces after a period (quadratic with the literal pattern)', () => {
    expect(nltkWordTokenize(`a.${' '.repeat(200_000)}b`)).toEqual(['a.', 'b']);
    expect(nltkWordTokenize(`a.${' '.repeat(200_000)}`)).toEqual(['a', '.']);
  });
});

describe('Python string semantics', () => {
  test.each([
    ['  a b  ', 'a b'],
    ['\u3000a\u00a0', 'a'],
    ['\u001fa\u0085', 'a'],
    ['\ufeffa\ufeff', '\ufeffa\ufeff'],
    ['\u200ba', '\u200ba'],
  ])('strip(%j) = %j', (input, expected) => {
    expect(pyStrip(input)).toBe(expected);
  });

  test.each([
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [1990, '1990'],
    [-3, '-3'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [929973250000000000000, '929973250000000000000'],
    [2857032500000000000, '2857032500000000000'],
    [1e16 + 0.5, '10000000000000000'],
    [1.5e300, '1.5e+300'],
    [0.0001, '0.0001'],
    [1e-7, '1e-07'],
    [2.5e-5, '2.5e-05'],
    [Number.NaN, 'nan'],
    [[1, 'a', null], "[1, 'a', None]"],
    [["it's"], '["it\'s"]'],
    [['a\nb'], "['a\\nb']"],
    [{ a: [true] }, "{'a': [True]}"],
    [[], '[]'],
    ['字', '字'],
  ])('str(%j) = %j', (input, expected) => {
    expect(pyStr(input)).toBe(expected);
  });

  it('prints a cycle like Python instead of overflowing', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(pyStr(a)).toBe('[1, [...]]');
  });
});

describe('mixedSegmentation', () => {
  test.each([
    ['北京', false, ['北', '京']],
    ['2018年', false, ['2018', '年']],
    ['光荣和ω-force', false, ['光', '荣', '和', 'ω', '-', 'force']],
    ['光荣和ω-force', true, ['光', '荣', '和', 'ωforce']],
    ['Hello World.', false, ['hello', 'world', '.']],
    ['《红楼梦》', false, ['《', '红', '楼', '梦', '》']],
    ['《红楼梦》', true, ['红', '楼', '梦']],
    ['张三……', true, ['张', '三', '……']],
    ['‘x’', true, ['‘', 'x']],
    ['“x”', true, ['x']],
    ['a（b）c', true, ['abc']],
    ['a(b)c', true, ['a', '(', 'b', ')', 'c']],
    ['  ABC  ', false, ['abc']],
    ['İ', false, ['i\u0307']],
    ['㐀', false, ['㐀']],
    ['龥龦', false, ['龥', '龦']],
    ['', false, []],
  ])('%j (rm_punc %s)', (input, rm, expected) => {
    expect(mixedSegmentation(input, { removePunctuation: rm })).toEqual(expected);
  });
});

describe('removePunctuation and the punctuation list quirks', () => {
  test.each([
    ['《红楼梦》', '红楼梦'],
    ['a-b:c_d*e^f/g\\h~i`j+k=l', 'abcdefghijkl'],
    ['，。：？！“”；’、·「」（）－～『』', ''],
    ['……', '……'],
    ['…', '…'],
    ['‘', '‘'],
    ['.,?!"\'()', '.,?!"\'()'],
    [' Hello, World ', 'hello, world'],
    ['a b', 'a b'],
  ])('%j → %j', (input, expected) => {
    expect(removePunctuation(input)).toBe(expected);
  });

  it('keeps the official list verbatim, including the two-character "……" entry', () => {
    expect(CMRC_PUNCTUATION).toHaveLength(33);
    expect(CMRC_PUNCTUATION).toContain('……');
    expect(CMRC_PUNCTUATION).not.toContain('…');
    expect(CMRC_PUNCTUATION).not.toContain('‘');
    expect(CMRC_PUNCTUATION).toContain('’');
  });
});
