import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/width.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['bleu', 4],
    ['键盘', 4],
    ['键盘 keyboard', 13],
    ['（全角）', 8],
    ['ＡＢＣ', 6],
    ['、。「」', 8],
    ['한국어', 6],
    ['ひらがな', 8],
    ['e\u0301', 1],
    ['a\u200bb', 2],
    ['\u001b[1mbold\u001b[22m', 4],
    ['\u001b[1;30;43m 合成 \u001b[0m', 6],
    ['😀', 2],
    ['𠀋', 2],
    ['±0.5 → 1.2', 10],
    ['\t', 0],
  ])('%j is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('agrees with string-width on report-like text (ASCII, CJK, fullwidth punctuation, ANSI colour)', () => {
    const pieces = [
      'clean',
      'worst',
      '干净',
      '键盘',
      '语音',
      '最差',
      '，',
      '。',
      '（',
      '）',
      'Δ',
      '±',
      ' ',
      '12.34',
      '—',
      '…',
      '\u001b[31m',
      '\u001b[39m',
      'ＡＩ',
      'ü',
      'é',
      '→',
      '％',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(displayWidth(text)).toBe(stringWidth(text));
      }),
    );
  });
});
