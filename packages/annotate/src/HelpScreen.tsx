import { Box, Text } from 'ink';
import { wrapByWidth } from './width.js';

export interface HelpScreenProps {
  /** Key lines, then the guide text. */
  readonly keys: readonly string[];
  readonly guide: string;
  readonly width: number;
  /** Rows available for the guide. */
  readonly height: number;
  /** First guide row shown. */
  readonly scroll: number;
}

/** Lines of the help screen body (keys and guide), wrapped by display width. */
export function helpLines(keys: readonly string[], guide: string, width: number): string[] {
  const w = Math.max(20, width - 2);
  // List items (`- …`) wrap with a hanging indent.
  const wrap = (line: string) =>
    /^\s*[-*] /.test(line)
      ? wrapByWidth(line, w - 2).map((l, i) => (i === 0 ? l : `  ${l}`))
      : wrapByWidth(line, w);
  return [...keys.flatMap(wrap), '', ...guide.split('\n').flatMap(wrap)];
}

/** The help screen: the keys of this session and the annotation guide, scrollable. */
export function HelpScreen({ keys, guide, width, height, scroll }: HelpScreenProps) {
  const lines = helpLines(keys, guide, width);
  const rows = Math.max(3, height);
  const start = Math.max(0, Math.min(scroll, Math.max(0, lines.length - rows)));
  const shown = lines.slice(start, start + rows);
  return (
    <Box flexDirection="column">
      <Text bold color="cyan">
        Help · 帮助 — annotation guide / 标注指南
      </Text>
      {shown.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static rows
        <Text key={i}>{line === '' ? ' ' : line}</Text>
      ))}
      <Text dimColor>
        {`↑/↓ PgUp/PgDn scroll (${start + 1}–${start + shown.length} / ${lines.length}) · Esc or Ctrl+G back`}
      </Text>
    </Box>
  );
}
