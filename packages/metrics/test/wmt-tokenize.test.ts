import { UsageError } from '@readin/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isPyWhitespace, isZhTokenizerChar, pySplit, TOKENIZER_NAMES, tokenize } from '../src/index.js';

// Expected outputs produced with sacreBLEU 2.6.0 (`_get_tokenizer(name)()(line.rstrip())`, whitespace-normalised).
describe('13a tokenizer', () => {
  test.each([
    ['Hello, world!', 'Hello , world !'],
    ['1,000.5 people.', '1,000.5 people .'],
    ['U.S. and e.g., x', 'U . S . and e . g . , x'],
    ['3-4 years, well-known', '3 - 4 years , well-known'],
    ['&quot;quoted&quot; &amp; &lt;tag&gt; &amp;lt;', '" quoted " & < tag > <'],
    ['a<skipped>b', 'ab'],
    ['line-\nbreak\nnext', 'linebreak next'],
    ['ends with dash-\n', 'ends with dash-'],
    ['.5 and 5. and a.b,c', '. 5 and 5 . and a . b , c'],
    [
      "don't (stop) [now] {ok} ~x~ `q` $5 #1 @me 50% a/b a\\b a|b a^b a_b a+b a=b a*b a:b;c?d",
      "don't ( stop ) [ now ] { ok } ~ x ~ ` q ` $ 5 # 1 @ me 50 % a / b a \\ b a | b a ^ b a _ b a + b a = b a * b a : b ; c ? d",
    ],
    ['a...b,,c..', 'a . . . b , , c . .'],
    ['1.-2 -3 a-', '1 . -2 -3 a-'],
    // Python's whitespace set: U+001C–U+001F, U+0085, U+00A0, U+3000, U+2028 split; U+FEFF and U+200B do not.
    ['x\x1cy\x1dz\x1e\x1f w', 'x y z w'],
    ['x\x85y\u00a0z', 'x y z'],
    ['x\ufeffy', 'x\ufeffy'],
    ['x\u200by\u3000z\u2028w', 'x\u200by z w'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (line, want) => {
    expect(tokenize(line)).toBe(want);
    expect(tokenize(line, { tokenize: '13a' })).toBe(want);
  });
});

/** 13a as its definition: the language-independent rewrites, then the four regex substitutions, on ` line `. */
function definition13a(input: string): string {
  let b = input.length;
  while (b > 0 && isPyWhitespace(input.charCodeAt(b - 1))) b--;
  let line = input.slice(0, b).replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (line.includes('&')) {
    line = line
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  }
  line = ` ${line} `;
  line = line.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  line = line.replace(/([^0-9])([.,])/g, '$1 $2 ');
  line = line.replace(/([.,])([^0-9])/g, ' $1 $2');
  line = line.replace(/([0-9])(-)/g, '$1 $2 ');
  return pySplit(line).join(' ');
}

describe('13a tokenizer against its regex definition', () => {
  test('any mix of digits, dots, commas, dashes, entities and breaks', () => {
    const unit = fc.constantFrom(
      ...['a', 'Z', '.', ',', '-', '0', '7', ' ', '"', '(', '&', '&amp;', '&quot;', '<skipped>', '\n', '-\n'],
      ...['中', '。', '\t', '\u3000', '’', '…', '\x1c', '1.5', ',000', '$', '..', 'e.g.'],
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 16 }), (parts) => {
        const line = parts.join('');
        expect(tokenize(line)).toBe(definition13a(line));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('zh tokenizer (with the upstream range quirk)', () => {
  test.each([
    ['中文，测试。Hello, world.', '中 文 ， 测 试 。 Hello , world .'],
    // U+2001–U+2A6D: curly quotes, ellipsis and dashes are spaced out like CJK characters.
    ['“quoted”…—‘x’', '“ quoted ” … — ‘ x ’'],
    // CJK Extension B (U+20000) is never matched: the upstream range literal is really U+2000 + '0'.
    ['a𠀀b 丽', 'a𠀀b 丽'],
    // No " line " padding, unlike 13a.
    ['.5 和 5.', '.5 和 5.'],
    ['x\u2001y\u2000z', 'x y z'],
    ['\u2a6d\u2a6e\u2f80\u2f81\u2fa1\u2fa2', '\u2a6d \u2a6e \u2f80 \u2f81 \u2fa1 \u2fa2'],
    ['㐀\u4db5\u4db6\u9fbb\u9fbc', '㐀 \u4db5 \u4db6 \u9fbb \u9fbc'],
    ['ｈｅｌｌｏ！\u3000end', 'ｈ ｅ ｌ ｌ ｏ ！ end'],
  ])('%j → %j', (line, want) => {
    expect(tokenize(line, { tokenize: 'zh' })).toBe(want);
  });

  test.each([
    [0x2000, false],
    [0x2001, true],
    [0x201c, true],
    [0x2026, true],
    [0x2a6d, true],
    [0x2a6e, false],
    [0x2f80, true], // Kangxi radicals U+2F00–U+2FDF
    [0x2fe0, false],
    [0x3400, true],
    [0x4db5, true],
    [0x4db6, false],
    [0x9fbb, true],
    [0x9fbc, false],
    [0xff01, true],
    [0xfff0, false],
    [0x20000, false],
    [0x2a6d6, false],
    [0x41, false],
  ])('isZhTokenizerChar(U+%s) = %s', (cp, want) => {
    expect(isZhTokenizerChar(cp)).toBe(want);
  });
});

describe('none / char tokenizers', () => {
  test.each([
    ['none', 'a  b\x1fc\ufeffd', 'a b c\ufeffd'],
    ['none', '  padded  ', 'padded'],
    ['none', 'Hello, world!', 'Hello, world!'],
    ['char', 'ab c\u00a0d😀', 'a b c d 😀'],
  ])('%s: %j → %j', (name, line, want) => {
    expect(tokenize(line, { tokenize: name })).toBe(want);
  });
});

describe('Python whitespace', () => {
  test.each([
    [0x09, true],
    [0x0d, true],
    [0x1c, true],
    [0x1f, true],
    [0x20, true],
    [0x85, true],
    [0xa0, true],
    [0x1680, true],
    [0x180e, false],
    [0x2000, true],
    [0x200a, true],
    [0x200b, false],
    [0x2028, true],
    [0x2029, true],
    [0x202f, true],
    [0x205f, true],
    [0x3000, true],
    [0xfeff, false],
    [0x08, false],
    [0x21, false],
  ])('isPyWhitespace(U+%s) = %s', (cp, want) => {
    expect(isPyWhitespace(cp)).toBe(want);
  });

  test('pySplit splits like str.split()', () => {
    expect(pySplit('\x1c a\x85b\ufeff c\u3000')).toEqual(['a', 'b\ufeff', 'c']);
    expect(pySplit('')).toEqual([]);
    expect(pySplit('one')).toEqual(['one']);
  });
});

describe('tokenizer registry', () => {
  test('lists the supported names', () => {
    expect([...TOKENIZER_NAMES]).toEqual(['13a', 'zh', 'none', 'char', 'intl']);
  });

  test('unknown names are a UsageError with a suggestion', () => {
    expect(() => tokenize('x', { tokenize: '13b' })).toThrow(UsageError);
    expect(() => tokenize('x', { tokenize: '13b' })).toThrow(/Did you mean "13a"/);
    expect(() => tokenize('x', { tokenize: 'toString' })).toThrow(UsageError);
  });
});
