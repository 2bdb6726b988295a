import { Box, Text, useApp, useCursor, useInput, useStdout } from 'ink';
import { useEffect, useLayoutEffect, useState } from 'react';
import { charsPerMinute } from './entry.js';
import { HelpScreen } from './HelpScreen.js';
import { layoutInput } from './InputLine.js';
import { formatClock, ItemScreen, inputRowOffset } from './ItemScreen.js';
import type { AnnotationItem } from './items.js';
import type { SessionConfig } from './session.js';
import type { SpeechCapture } from './speech.js';
import { type JournalSink, useAnnotator } from './use-annotator.js';
import { useClock } from './use-clock.js';
import { truncateByWidth } from './width.js';

export interface AnnotateAppProps {
  readonly config: SessionConfig;
  readonly annotator: string;
  /** The annotator's items, in order (all items, or those the plan assigns). */
  readonly items: readonly AnnotationItem[];
  readonly journal: JournalSink;
  /** The guide text shown on the help screen. */
  readonly guide: string;
  /** Recording + recogniser, for `speech_source: record`. */
  readonly capture?: SpeechCapture;
  /** Terminal width override (default: the terminal's columns). */
  readonly width?: number;
  readonly height?: number;
  /** Clock (default Date.now); tests pass a fake. */
  readonly now?: () => number;
  /** Tick interval of the clock display in ms (default 1000; 0 turns ticking off). */
  readonly tickMs?: number;
  /** Called when the annotator quits (Ctrl+C) or finishes. */
  readonly onExit?: (reason: 'quit' | 'finished' | 'error') => void;
}

const TASK_LABEL: Readonly<Record<string, string>> = {
  afqmc: 'AFQMC',
  cmrc2018: 'CMRC2018',
  cspider: 'CSpider',
  wmt21: 'WMT21 zh-en',
};

function keyHelp(config: SessionConfig): { line: string[]; lines: string[] } {
  const record = config.mode === 'speech' && config.speech_source === 'record';
  const lines = [
    record
      ? 'Space: start / stop recording (again: retry)   Enter: submit the transcript (it cannot be edited)'
      : 'Enter: submit and go to the next item   (type with your own IME)',
    'Ctrl+N: skip this item (asks for a reason)   Ctrl+F: flag it for review (asks for a reason)',
    'Ctrl+P: pause / resume   Ctrl+G: this help and the guide   Ctrl+C: quit (everything submitted is saved)',
    config.post_editing === 'refuse'
      ? 'No post-editing: Backspace, Delete and arrow keys are refused and counted.'
      : 'Post-editing allowed: Backspace, Delete and arrow keys work and are logged.',
    `Typing-speed target: ${config.speed.target} chars/min (entries outside ${config.speed.min}–${config.speed.max} are flagged for review).`,
  ];
  const line = record
    ? [
        'Space record · Enter submit · Ctrl+N skip · Ctrl+F flag · Ctrl+P pause · Ctrl+G help · Ctrl+C quit',
        'Space record · Enter submit · ^N skip · ^F flag · ^P pause · ^G help · ^C quit',
        'Spc rec ⏎ submit ^N skip ^F flag ^P pause ^G help ^C quit',
      ]
    : [
        'Enter submit · Ctrl+N skip · Ctrl+F flag · Ctrl+P pause · Ctrl+G help & guide · Ctrl+C quit',
        'Enter submit · ^N skip · ^F flag · ^P pause · ^G help/guide · ^C quit',
        '⏎ submit ^N skip ^F flag ^P pause ^G help ^C quit',
      ];
  return { line, lines };
}

/**
 * The annotation UI: one item at a time with its position (k / N), a progress bar, elapsed time and live
 * typing speed; the annotator types with their own IME and Enter submits. Each submit is appended to the
 * journal (written and fsynced) before the next item shows.
 */
export function AnnotateApp(props: AnnotateAppProps) {
  const { config, items, journal } = props;
  const now = props.now ?? Date.now;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [size, setSize] = useState({ w: stdout?.columns ?? 80, h: stdout?.rows ?? 24 });
  useEffect(() => {
    if (!stdout || props.width !== undefined) return;
    const onResize = () => setSize({ w: stdout.columns ?? 80, h: stdout.rows ?? 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, props.width]);
  const width = Math.max(30, props.width ?? size.w);
  const height = Math.max(10, props.height ?? size.h);
  const record = config.mode === 'speech' && config.speech_source === 'record';
  const a = useAnnotator({
    items,
    journal,
    now,
    postEditing: config.post_editing,
    entry: {
      annotator: props.annotator,
      mode: config.mode,
      ...(config.speech_source ? { speechSource: config.speech_source } : {}),
      logKeys: config.log_keys,
    },
  });
  const m = a.model;
  useClock(m.screen === 'item' ? (props.tickMs ?? 1000) : 0);
  const keys = keyHelp(config);

  const quit = (reason: 'quit' | 'finished' | 'error') => {
    void m.capture?.cancel();
    props.onExit?.(reason);
    exit();
  };

  const toggleRecording = () => {
    const d = m.draft;
    if (!d || !props.capture) {
      m.notice = 'recording is not available in this session.';
      a.rerender();
      return;
    }
    if (m.rec === 'transcribing') return;
    if (m.rec === 'recording' && m.capture) {
      const capture = m.capture;
      m.rec = 'transcribing';
      a.rerender();
      capture.stop().then(
        (result) => {
          if (a.ref.current?.draft !== d) return;
          d.text = result.transcript.text;
          d.cursor = d.text.length;
          d.audio = result.audio;
          d.asr = {
            backend: result.transcript.backend,
            model: result.transcript.model,
            raw: result.transcript.raw,
          };
          m.rec = 'ready';
          m.capture = undefined;
          a.rerender();
        },
        (error: unknown) => {
          m.rec = 'error';
          m.recError = (error as { format?: () => string }).format?.() ?? String((error as Error).message);
          m.capture = undefined;
          a.rerender();
        },
      );
      return;
    }
    d.keystrokes++;
    d.firstKeyAt ??= now();
    props.capture.start(d.item).then(
      (capture) => {
        m.capture = capture;
        m.rec = 'recording';
        m.recError = undefined;
        a.rerender();
      },
      (error: unknown) => {
        m.rec = 'error';
        m.recError = (error as { format?: () => string }).format?.() ?? String((error as Error).message);
        a.rerender();
      },
    );
  };

  useInput((input, key) => {
    if (m.fatal) {
      quit('error');
      return;
    }
    if (key.ctrl && input === 'c') {
      quit('quit');
      return;
    }
    switch (m.screen) {
      case 'finished':
        if (key.return || input === 'q') quit('finished');
        return;
      case 'help': {
        if (key.escape || (key.ctrl && input === 'g') || input === 'q') a.openScreen('item');
        else if (key.upArrow) m.helpScroll = Math.max(0, m.helpScroll - 1);
        else if (key.downArrow) m.helpScroll++;
        else if (key.pageUp) m.helpScroll = Math.max(0, m.helpScroll - (height - 4));
        else if (key.pageDown || input === ' ') m.helpScroll += height - 4;
        a.rerender();
        return;
      }
      case 'paused':
        if ((key.ctrl && input === 'p') || key.return || key.escape) a.openScreen('item');
        return;
      case 'skip':
      case 'flag': {
        if (key.escape) a.openScreen('item');
        else if (key.return) {
          const reason = m.reason.trim();
          if (reason === '') {
            m.notice = 'please give a reason (or Esc to go back)';
            a.rerender();
          } else if (m.screen === 'skip') {
            void m.capture?.cancel();
            a.finish(reason);
          } else {
            a.setFlag(reason);
            a.openScreen('item');
          }
        } else if (key.backspace || key.delete) {
          m.reason = Array.from(m.reason).slice(0, -1).join('');
          a.rerender();
        } else if (!key.ctrl && !key.meta && input) {
          m.reason += input.replace(/[\u0000-\u001f\u007f]/g, '');
          m.notice = undefined;
          a.rerender();
        }
        return;
      }
      case 'item':
        break;
    }
    if (key.ctrl) {
      if (input === 'g') a.openScreen('help');
      else if (input === 'p') a.openScreen('paused');
      else if (input === 'n') a.openScreen('skip');
      else if (input === 'f') a.openScreen('flag');
      else if (input === 'r' && record) toggleRecording();
      return;
    }
    if (key.return) {
      if (record && m.rec !== 'ready') {
        m.notice =
          m.rec === 'recording' ? 'press Space to stop recording first' : 'record the item first (Space)';
        a.rerender();
        return;
      }
      a.finish();
      return;
    }
    if (record) {
      if (input === ' ') toggleRecording();
      else if (key.backspace || key.delete || key.leftArrow || key.rightArrow) {
        m.notice = 'the transcript cannot be edited; Space records again';
        a.rerender();
      }
      return;
    }
    // Terminals send DEL (0x7f) for Backspace and Ink reports it as `delete`: both erase before the cursor.
    if (key.backspace || key.delete) a.edit('bs');
    else if (key.leftArrow) a.edit('left');
    else if (key.rightArrow) a.edit('right');
    else if (key.upArrow) a.edit('up');
    else if (key.downArrow) a.edit('down');
    else if (key.home) a.edit('home');
    else if (key.end) a.edit('end');
    else if (key.escape || key.tab || key.meta || key.pageUp || key.pageDown) return;
    else if (input) {
      // A chunk ending in a line break (keys typed before raw mode, or a paste) is text followed by Enter.
      const submit = /[\r\n]$/.test(input);
      // A chunk can hold typed text and erase keys together (fast typing, a paste): replay them in order so
      // refused keys are counted, not silently dropped.
      for (const part of input.split(/([\u007f\b])/)) {
        if (part === '\u007f' || part === '\b') a.edit('bs');
        else if (part) a.type(part);
      }
      if (submit) a.finish();
    }
  });

  const title = `readin annotate · ${TASK_LABEL[config.task] ?? config.task} · ${config.mode}${config.speech_source ? ` (${config.speech_source})` : ''} · ${props.annotator}`;
  const d = m.draft;
  const t = now();
  const activeMs = d ? t - d.shownAt - d.pausedMs - (m.pauseStart !== undefined ? t - m.pauseStart : 0) : 0;
  const source = d?.item.text ?? '';

  const { setCursorPosition } = useCursor();
  const cursorRow = inputRowOffset({ width, source });
  const placed = d && m.screen === 'item' && !record ? layoutInput(d.text, d.cursor, width) : undefined;
  useLayoutEffect(() => {
    setCursorPosition(placed ? { x: placed.cursorCol, y: cursorRow + placed.cursorRow } : undefined);
  });

  if (m.fatal)
    return (
      <Box flexDirection="column">
        <Text color="red">{m.fatal}</Text>
        <Text>Nothing after the last submitted item was saved. Press any key to exit.</Text>
      </Box>
    );
  if (m.screen === 'finished')
    return (
      <Box flexDirection="column">
        <Text bold color="green">
          {truncateByWidth(`All ${items.length} items are done — thank you! 全部完成，谢谢！`, width)}
        </Text>
        <Text>{`${m.done - m.skipped} entered, ${m.skipped} skipped, ${formatClock(t - m.startedAt)} in this sitting.`}</Text>
        <Text dimColor>Press Enter to exit.</Text>
      </Box>
    );
  if (m.screen === 'help')
    return (
      <HelpScreen
        keys={keys.lines}
        guide={props.guide}
        width={width}
        height={height - 3}
        scroll={m.helpScroll}
      />
    );
  if (m.screen === 'paused')
    return (
      <Box flexDirection="column">
        <Text bold color="yellow">
          ⏸ Paused · 已暂停
        </Text>
        <Text>{`item ${m.pos + 1} / ${items.length} · the item timer is stopped.`}</Text>
        <Text dimColor>Ctrl+P or Enter to resume · Ctrl+C to quit</Text>
      </Box>
    );
  const recStatus = record
    ? m.rec === 'idle'
      ? '● Press Space to start recording, read the text aloud, then Space to stop.'
      : m.rec === 'recording'
        ? '● REC — recording… press Space to stop.'
        : m.rec === 'transcribing'
          ? '… transcribing'
          : m.rec === 'ready'
            ? '✓ transcript ready: Enter to submit, Space to record again'
            : `✗ ${m.recError ?? 'recording failed'} — Space to retry, Ctrl+N to skip`
    : undefined;
  return (
    <Box flexDirection="column">
      <ItemScreen
        width={width}
        title={title}
        k={m.pos + 1}
        n={items.length}
        done={m.done}
        skipped={m.skipped}
        elapsedMs={t - m.startedAt}
        itemMs={Math.max(0, activeMs)}
        cpm={d ? charsPerMinute(d.text, activeMs) : 0}
        speed={config.speed}
        label={d ? `${d.item.field} · id ${d.item.id}` : ''}
        source={source}
        text={d?.text ?? ''}
        cursor={d?.cursor ?? 0}
        readOnly={record}
        {...(recStatus ? { status: recStatus } : {})}
        {...(d?.flag ? { flag: d.flag } : {})}
        {...(m.notice ? { notice: m.notice } : {})}
        keysLine={keys.line}
      />
      {m.screen === 'skip' || m.screen === 'flag' ? (
        <Box flexDirection="column">
          <Text bold color="yellow">
            {m.screen === 'skip'
              ? 'Skip this item — reason (Enter to confirm, Esc to go back):'
              : 'Flag this item — reason (Enter to confirm, Esc to go back):'}
          </Text>
          <Text>
            {'› '}
            {m.reason}
            <Text inverse> </Text>
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
