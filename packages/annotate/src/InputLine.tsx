import { Box, Text } from 'ink';
import { displayWidth, graphemes } from './width.js';

export interface InputLineProps {
  readonly text: string;
  /** Cursor position in UTF-16 units of `text`. */
  readonly cursor: number;
  /** Columns available, prompt included. */
  readonly width: number;
  readonly prompt?: string;
  /** Show a block cursor (false when the input is read-only, e.g. a transcript). */
  readonly showCursor?: boolean;
  readonly color?: string;
}

export interface InputRow {
  readonly before: string;
  readonly at: string | undefined;
  readonly after: string;
}

/**
 * Lays the input out in rows of display width (CJK characters take two columns), marking the cursor; the
 * cursor's row and column are returned so the terminal cursor (and the IME's composition window) can sit there.
 */
export function layoutInput(
  text: string,
  cursor: number,
  width: number,
  prompt = '› ',
): { rows: InputRow[]; cursorRow: number; cursorCol: number } {
  const pw = displayWidth(prompt);
  const max = Math.max(4, width - pw - 1);
  const rows: InputRow[] = [];
  let cur = { before: '', at: undefined as string | undefined, after: '' };
  let used = 0;
  let pos = 0;
  let cursorRow = -1;
  let cursorCol = 0;
  const push = () => {
    rows.push(cur);
    cur = { before: '', at: undefined, after: '' };
    used = 0;
  };
  for (const g of graphemes(text)) {
    const w = displayWidth(g);
    if (used + w > max) push();
    if (pos === cursor) {
      cursorRow = rows.length;
      cursorCol = used;
      cur.at = g;
    } else if (cursorRow === rows.length && cur.at !== undefined) cur.after += g;
    else cur.before += g;
    used += w;
    pos += g.length;
  }
  if (cursorRow === -1) {
    if (used + 1 > max) push();
    cursorRow = rows.length;
    cursorCol = used;
  }
  rows.push(cur);
  return { rows, cursorRow, cursorCol: cursorCol + pw };
}

/** The line the annotator types into, wrapped by display width, with a block cursor. */
export function InputLine({ text, cursor, width, prompt = '› ', showCursor = true, color }: InputLineProps) {
  const { rows, cursorRow } = layoutInput(text, cursor, width, prompt);
  const pad = ' '.repeat(displayWidth(prompt));
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position
        <Text key={i} {...(color ? { color } : {})}>
          <Text color="cyan">{i === 0 ? prompt : pad}</Text>
          {row.before}
          {showCursor && i === cursorRow ? <Text inverse>{row.at ?? ' '}</Text> : (row.at ?? '')}
          {row.after}
        </Text>
      ))}
    </Box>
  );
}
