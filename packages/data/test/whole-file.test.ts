import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLines } from '@readin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTask } from '../src/index.js';
import { writeTree } from './fixtures.js';

// Small files are read whole (one read and decode) rather than streamed; the lines must be exactly those of
// core's streaming readLines: BOM, CRLF, a missing final newline, blank lines, invalid UTF-8.
const piece = fc.constantFrom('a', '今天', ' ', '\r', '\n', '\r\n', '\uFEFF', 'é', '😀', '');

async function viaStream(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const { text } of readLines(file)) out.push(text);
  return out;
}

describe('text-pair splits read whole', () => {
  it('give the same examples as the streaming reader', async () => {
    const root = await writeTree({
      'wmt21/readin-manifest.json': '{"splits": {"test_clean": {"zh": "a.zh", "en": "a.en"}}}',
    });
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), async (pieces) => {
        const bom = pieces[0] === '\uFEFF' ? '' : '\uFEFF';
        const text = `${bom}${pieces.join('')}`;
        const lines = text.replace(/^\uFEFF/, '').split('\n').length;
        await writeFile(join(root, 'wmt21', 'a.zh'), text);
        await writeFile(join(root, 'wmt21', 'a.en'), text);
        const want = await viaStream(join(root, 'wmt21', 'a.zh'));
        if (want.length === 0) return; // an empty split is an error either way
        const loaded = await loadTask(join(root, 'wmt21'));
        const got = loaded.clean!.examples.map((e) => (e as { zh: string }).zh);
        expect(got).toStrictEqual(want);
        expect(got.length).toBeLessThanOrEqual(lines);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['en shorter', '一\n二\n三\n', 'one\n', /ends before line 2/, 2],
    ['en longer', '一\n', 'one\ntwo\nthree\n', /more lines than the Chinese file \(1\)/, 2],
  ])('%s: the error names the line', async (_name, zh, en, message, line) => {
    const root = await writeTree({
      'wmt21/readin-manifest.json': '{"splits": {"test_clean": {"zh": "a.zh", "en": "a.en"}}}',
      'wmt21/a.zh': zh,
      'wmt21/a.en': en,
    });
    await expect(loadTask(join(root, 'wmt21'))).rejects.toMatchObject({ message, line, field: 'en' });
  });

  it('invalid UTF-8 still reports its line (through the streaming reader)', async () => {
    const root = await writeTree({
      'wmt21/readin-manifest.json': '{"splits": {"test_clean": {"zh": "a.zh", "en": "a.en"}}}',
      'wmt21/a.zh': new Uint8Array([0xe4, 0xb8, 0x80, 0x0a, 0xff, 0xfe, 0x0a]),
      'wmt21/a.en': 'one\ntwo\n',
    });
    await expect(loadTask(join(root, 'wmt21'))).rejects.toMatchObject({ line: 2 });
  });
});
