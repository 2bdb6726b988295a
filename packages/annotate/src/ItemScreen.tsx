import { Box, Text } from 'ink';
import { InputLine } from './InputLine.js';
import { ProgressBar } from './ProgressBar.js';
import { displayWidth, padEndByWidth, truncateByWidth, wrapByWidth } from './width.js';

export interface ItemScreenProps {
  readonly width: number;
  /** `readin annotate · AFQMC · keyboard · kb-01` */
  readonly title: string;
  /** 1-based position of the item and the number of items. */
  readonly k: number;
  readonly n: number;
  readonly done: number;
  readonly skipped: number;
  readonly elapsedMs: number;
  /** Live speed of this item and the typing-speed rule, in characters per minute. */
  readonly cpm: number;
  readonly speed: { readonly target: number; readonly min: number; readonly max: number };
  /** What to re-enter and where it is from (`sentence1 of id 17`). */
  readonly label: string;
  readonly source: string;
  readonly text: string;
  readonly cursor: number;
  /** Read-only input (a transcript) shows no cursor. */
  readonly readOnly?: boolean;
  /** Recording status line (speech record mode). */
  readonly status?: string;
  readonly flag?: string;
  readonly notice?: string;
  /** Key hints, longest first: the first that fits the width is shown. */
  readonly keysLine: string | readonly string[];
  /** Time on this item (without pauses). */
  readonly itemMs?: number;
}

export function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Number of rows above the input line (for placing the terminal cursor there). */
export function inputRowOffset(props: Pick<ItemScreenProps, 'width' | 'source'>): number {
  return 4 + wrapByWidth(props.source, Math.max(10, props.width - 4)).length + 1;
}

/** One item: header with k / N, progress bar, time and speed; the source text; the input line; the keys. */
export function ItemScreen(props: ItemScreenProps) {
  const w = Math.max(30, props.width);
  const position = `${props.k} / ${props.n}`;
  const titleWidth = w - displayWidth(position) - 2;
  const stats = `${props.done} done${props.skipped ? ` · ${props.skipped} skipped` : ''}`;
  const barWidth = Math.max(10, Math.min(50, w - displayWidth(stats) - 3));
  const outside =
    props.cpm > 0 &&
    !(props.itemMs !== undefined && props.itemMs < 3000) &&
    (props.cpm < props.speed.min || props.cpm > props.speed.max);
  // The live speed means little in the first seconds of an item.
  const early = props.itemMs !== undefined && props.itemMs < 3000;
  const speedText = `speed ${early || props.cpm === 0 ? '—' : Math.round(props.cpm)} 字/分 · target ${props.speed.target}`;
  const timeText = `⏱ ${formatClock(props.elapsedMs)}${props.itemMs === undefined ? '' : ` · item ${formatClock(props.itemMs)}`}`;
  const hints = typeof props.keysLine === 'string' ? [props.keysLine] : props.keysLine;
  const keysLine = hints.find((h) => displayWidth(h) <= w) ?? hints.at(-1) ?? '';
  const rule = '─'.repeat(w);
  const sourceLines = wrapByWidth(props.source, Math.max(10, w - 4));
  return (
    <Box flexDirection="column" width={w}>
      <Text>
        <Text bold>{padEndByWidth(props.title, titleWidth)}</Text>
        {'  '}
        <Text bold color="cyan">
          {position}
        </Text>
      </Text>
      <Text>
        <ProgressBar done={props.done} total={props.n} width={barWidth} /> {stats}
      </Text>
      <Text>
        {timeText}
        {'   '}
        <Text color={outside ? 'yellow' : 'green'}>
          {truncateByWidth(speedText, w - displayWidth(timeText) - 3)}
        </Text>
      </Text>
      <Text dimColor>{truncateByWidth(props.label, w)}</Text>
      {sourceLines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static rows
        <Text key={i} bold>
          {'  '}
          {line}
        </Text>
      ))}
      <Text dimColor>{rule}</Text>
      <InputLine text={props.text} cursor={props.cursor} width={w} showCursor={!props.readOnly} />
      <Text dimColor>{rule}</Text>
      {props.status ? <Text color="magenta">{truncateByWidth(props.status, w)}</Text> : null}
      {props.flag ? <Text color="yellow">{truncateByWidth(`⚑ flagged: ${props.flag}`, w)}</Text> : null}
      {props.notice ? <Text color="red">{truncateByWidth(props.notice, w)}</Text> : null}
      {wrapByWidth(keysLine, w).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static rows
        <Text key={`k${i}`} dimColor>
          {line}
        </Text>
      ))}
    </Box>
  );
}
