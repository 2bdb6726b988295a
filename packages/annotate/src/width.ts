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

interface Token {
  text: string;
  width: number;
  /** `space`: a run of spaces; `word`: a run of narrow graphemes; `wide`: one wide (CJK) grapheme. */
  kind: 'space' | 'word' | 'wide';
}

/** Tokens for wrapping: runs of narrow non-space graphemes (words), runs of spaces, or one wide grapheme. */
function tokens(paragraph: string): Token[] {
  const out: Token[] = [];
  for (const g of graphemes(paragraph)) {
    const width = stringWidth(g);
    const kind = g === ' ' ? 'space' : width > 1 ? 'wide' : 'word';
    const last = out.at(-1);
    if (last && kind !== 'wide' && last.kind === kind) {
      last.text += g;
      last.width += width;
    } else out.push({ text: g, width, kind });
  }
  return out;
}

/**
 * Breaks text into lines of at most `width` display columns: Chinese may break between any two characters,
 * Latin words break at spaces (a word longer than the line is cut by grapheme). Widths come from string-width
 * (a CJK character takes two columns; a line never ends in half a character). Line breaks in the text are kept.
 * @example wrapByWidth('中文字符', 5) // ['中文', '字符']
 */
export function wrapByWidth(text: string, width: number): string[] {
  const max = Math.max(2, Math.floor(width));
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    const flush = () => {
      out.push(line.trimEnd());
      line = '';
      used = 0;
    };
    for (const t of tokens(paragraph)) {
      if (used + t.width <= max) {
        line += t.text;
        used += t.width;
        continue;
      }
      if (t.kind === 'space') {
        flush();
        continue;
      }
      if (used > 0 && t.width <= max) flush();
      for (const g of t.width <= max ? [t.text] : graphemes(t.text)) {
        const w = stringWidth(g);
        if (used + w > max && used > 0) flush();
        line += g;
        used += w;
      }
    }
    out.push(line.trimEnd());
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
