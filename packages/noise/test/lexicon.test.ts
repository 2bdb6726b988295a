import { Rng } from '@readin/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { chooseCandidate, greedyDecode, greedyDecodeDigits, pickRank } from '../src/engine.js';
import { loadLexicon, SYL_BASE } from '../src/lexicon.js';

describe('decode digits', () => {
  test('parseLetterDigits gives the digits of parseLetters', async () => {
    const lex = await loadLexicon();
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z1ü ]{0,14}$/), (letters) => {
        const { syl, abbr } = lex.parseLetters(letters);
        const want: number[] = [];
        lex.decodeDigits(syl, abbr, want);
        const got: number[] = [];
        const n = lex.parseLetterDigits(letters, got);
        expect(got.slice(0, n)).toEqual(want);
      }),
    );
  });

  test.each([
    ['zhongguoren', 'zhong guo ren'],
    ['xianzai', 'xian zai'],
    ['zgr', 'z g r'],
  ])('digits of %s: syllable ids, abbreviated letters above SYL_BASE', async (letters, parts) => {
    const lex = await loadLexicon();
    const got: number[] = [];
    const n = lex.parseLetterDigits(letters, got);
    expect(n).toBe(parts.split(' ').length);
    for (const [i, p] of parts.split(' ').entries()) {
      if (p.length === 1) expect(got[i]).toBe(SYL_BASE + p.charCodeAt(0) - 96);
      else expect(got[i]!).toBeLessThan(SYL_BASE);
    }
  });

  test('greedyDecodeDigits decodes like the longest-prefix decoder over full() and mixed() (same draws)', async () => {
    const lex = await loadLexicon();
    const entries = lex.entries.slice(0, 3000);
    /** The decoder written with the string look-ups. */
    const reference = (rng: Rng, syl: string[], abbr: boolean[], decay: number, avoid: string): string => {
      let out = '';
      let i = 0;
      while (i < syl.length) {
        let took = false;
        for (let len = Math.min(4, syl.length - i); len >= 1; len--) {
          const s = syl.slice(i, i + len);
          const a = abbr.slice(i, i + len);
          const cands = a.some(Boolean) ? lex.mixed(s, a) : lex.full(s);
          if (cands.length === 0) continue;
          const first = cands[0]!;
          const pick =
            i === 0 && len === syl.length
              ? chooseCandidate(rng, cands, avoid, decay)
              : (cands[pickRank(rng, Math.min(cands.length, 6), decay * 0.5)] ?? first);
          out += (pick ?? first).word;
          i += len;
          took = true;
          break;
        }
        if (!took) i++;
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(entries.length - 1), fc.constant(-1)), { minLength: 1, maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
        fc.integer(),
        (picks, flags, seed) => {
          // -1: a syllable no entry has, or (abbreviated) a non-letter.
          const syl = picks.flatMap((k) => (k < 0 ? ['xq'] : entries[k]!.syl));
          const abbr = syl.map((s, i) => flags[i]! || s === 'xq');
          if (syl[0] === 'xq' && syl.length > 1) syl[0] = '1';
          const digits: number[] = [];
          lex.decodeDigits(syl, abbr, digits);
          const avoid = entries[Math.max(0, picks[0]!)]!.word;
          const want = reference(Rng.for(seed), syl, abbr, 0.5, avoid);
          expect(greedyDecodeDigits(lex, Rng.for(seed), digits, syl.length, 0.5, avoid)).toBe(want);
          expect(greedyDecode(lex, Rng.for(seed), syl, abbr, 0.5, avoid)).toBe(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});
