import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** Display width of a string in terminal columns (CJK and full-width characters count 2). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Splits a string into grapheme clusters (what the eye sees as one character). */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * Breaks text into lines of at most `width` display columns, by grapheme and by display width (a CJK
 * character takes two columns; a line never ends in half a character). Line breaks in the text are kept.
 * @example wrapByWidth('中文字符', 5) // ['中文', '字符']
 */
export function wrapByWidth(text: string, width: number): string[] {
  const max = Math.max(2, Math.floor(width));
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const g of graphemes(paragraph)) {
      const w = stringWidth(g);
      if (used + w > max && line !== '') {
        out.push(line);
        line = '';
        used = 0;
      }
      line += g;
      used += w;
    }
    out.push(line);
  }
  return out;
}

/** Cuts text to at most `width` columns, ending with `…` when cut. */
export function truncateByWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = stringWidth(g);
    if (used + w > width - 1) break;
    out += g;
    used += w;
  }
  return `${out}…`;
}

/** Pads text with spaces on the right to exactly `width` columns (cutting it first when longer). */
export function padEndByWidth(text: string, width: number): string {
  const cut = truncateByWidth(text, width);
  return cut + ' '.repeat(Math.max(0, width - stringWidth(cut)));
}
