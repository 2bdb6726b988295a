import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import {
  AnnotateApp,
  type AnnotationItem,
  displayWidth,
  type JournalEntry,
  type JournalSink,
  type SessionConfig,
  type SpeechCapture,
  speedRule,
} from '../src/index.js';

const tick = (ms = 15) => new Promise((r) => setTimeout(r, ms));

/** Waits until the frame has stopped changing (renders are asynchronous; the machine may be busy). */
/** Waits until `pred` holds (at most 3 s). */
async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !pred(); i++) await tick(10);
}

async function settle(frame: () => string): Promise<void> {
  let last = frame();
  let stable = 0;
  for (let i = 0; i < 100 && stable < 3; i++) {
    await tick(10);
    const now = frame();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

const ITEMS: AnnotationItem[] = [
  { key: '0:sentence1', id: '0', field: 'sentence1', text: '花呗怎么提额', record: 0 },
  { key: '0:sentence2', id: '0', field: 'sentence2', text: '花呗额度怎样提高', record: 0 },
  { key: '1:sentence1', id: '1', field: 'sentence1', text: '借呗可以提前还吗', record: 1 },
  { key: '1:sentence2', id: '1', field: 'sentence2', text: '借呗的利息怎么算', record: 1 },
];

function config(extra: Partial<SessionConfig> = {}): SessionConfig {
  return {
    version: 1,
    task: 'afqmc',
    mode: 'keyboard',
    data: '/data/afqmc',
    split: 'test_clean',
    fingerprint: 'x',
    items: ITEMS.length,
    post_editing: 'refuse',
    speed: speedRule(40),
    log_keys: true,
    created_at: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** An in-memory journal that records the order of appends and renders (to check write-before-render). */
function memoryJournal(initial: JournalEntry[] = []) {
  const entries = new Map(initial.map((e) => [e.key, e]));
  const appended: JournalEntry[] = [];
  const sink: JournalSink = {
    entries,
    append(e) {
      entries.set(e.key, e);
      appended.push(e);
    },
  };
  return { sink, appended };
}

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function setup(
  options: { cfg?: SessionConfig; initial?: JournalEntry[]; width?: number; capture?: SpeechCapture } = {},
) {
  const journal = memoryJournal(options.initial);
  const clock = fakeClock();
  const exits: string[] = [];
  const app = render(
    <AnnotateApp
      config={options.cfg ?? config()}
      annotator="kb-01"
      items={ITEMS}
      journal={journal.sink}
      guide="不要回头修改错字。Never go back to fix a typo."
      width={options.width ?? 80}
      height={30}
      now={clock.now}
      tickMs={0}
      {...(options.capture ? { capture: options.capture } : {})}
      onExit={(r) => exits.push(r)}
    />,
  );
  await settle(() => app.lastFrame() ?? '');
  const type = async (text: string) => {
    app.stdin.write(text);
    await settle(() => app.lastFrame() ?? '');
  };
  return { app, journal, clock, exits, type, frame: () => app.lastFrame() ?? '' };
}

describe('AnnotateApp', () => {
  it('shows the item with k / N, progress and the source text', async () => {
    const { frame } = await setup();
    expect(frame()).toContain('1 / 4');
    expect(frame()).toContain('花呗怎么提额');
    expect(frame()).toContain('AFQMC');
    expect(frame()).toMatch(/\[░+\] 0 done/);
  });

  it('journals a submit with timing and keystrokes before showing the next item', async () => {
    const { type, clock, journal, frame } = await setup();
    clock.advance(2_000);
    await type('华北');
    clock.advance(4_000);
    await type('怎么提额');
    await type('\r');
    expect(journal.appended).toHaveLength(1);
    expect(journal.appended[0]).toMatchObject({
      key: '0:sentence1',
      text: '华北怎么提额',
      status: 'done',
      duration_ms: 6_000,
      typing_ms: 4_000,
      keystrokes: 2,
      refused_keys: 0,
      cpm: 60,
    });
    expect(frame()).toContain('2 / 4');
    expect(frame()).toContain('花呗额度怎样提高');
  });

  it('refuses and counts Backspace and arrows under no post-editing', async () => {
    const { type, journal, frame } = await setup();
    await type('花呗');
    await type('\x7f');
    await type('\x1b[D');
    expect(frame()).toContain('refused');
    expect(frame()).toContain('› 花呗');
    await type('\r');
    expect(journal.appended[0]).toMatchObject({ text: '花呗', refused_keys: 2, edit_keys: 0 });
    expect(journal.appended[0]!.keys?.map((k) => k[1])).toEqual(['+花呗', '!<bs', '!<left']);
  });

  it('counts an erase key that arrives in the same chunk as typed text', async () => {
    const { type, journal } = await setup();
    await type('花呗\x7f提额');
    await type('\r');
    expect(journal.appended[0]).toMatchObject({ text: '花呗提额', refused_keys: 1 });
    expect(journal.appended[0]!.keys?.map((k) => k[1])).toEqual(['+花呗', '!<bs', '+提额']);
  });

  it('applies and logs edits when post-editing is allowed', async () => {
    const { type, journal } = await setup({ cfg: config({ post_editing: 'allow' }) });
    await type('花被');
    await type('\x7f');
    await type('呗');
    await type('\r');
    expect(journal.appended[0]).toMatchObject({ text: '花呗', refused_keys: 0, edit_keys: 1 });
  });

  it('skips with a reason and flags with a reason', async () => {
    const { type, journal, frame } = await setup();
    await type('\x0e'); // Ctrl+N
    expect(frame()).toContain('Skip this item');
    await type('\r');
    expect(frame()).toContain('please give a reason');
    await type('含个人信息');
    await type('\r');
    expect(journal.appended[0]).toMatchObject({
      key: '0:sentence1',
      status: 'skipped',
      reason: '含个人信息',
      text: '',
    });
    await type('\x06'); // Ctrl+F
    await type('原句有错');
    await type('\r');
    expect(frame()).toContain('flagged: 原句有错');
    await type('花呗额度');
    await type('\r');
    expect(journal.appended[1]).toMatchObject({ key: '0:sentence2', status: 'done', flag: '原句有错' });
  });

  it('pauses the item timer', async () => {
    const { type, clock, journal, frame } = await setup();
    await type('\x10'); // Ctrl+P
    expect(frame()).toContain('Paused');
    expect(frame()).not.toContain('花呗怎么提额');
    clock.advance(60_000);
    await type('\x10');
    clock.advance(3_000);
    await type('花呗');
    await type('\r');
    expect(journal.appended[0]).toMatchObject({ duration_ms: 63_000, active_ms: 3_000, cpm: 40 });
  });

  it('shows the help screen with the guide', async () => {
    const { type, frame } = await setup();
    await type('\x07'); // Ctrl+G
    expect(frame()).toContain('不要回头修改错字');
    expect(frame()).toContain('Ctrl+N');
    await type('\x1b');
    await until(() => frame().includes('1 / 4'));
    expect(frame()).toContain('1 / 4');
  });

  it('resumes at the first item without a journal entry', async () => {
    const done = (key: string): JournalEntry =>
      ({
        v: 1,
        key,
        id: key[0],
        field: 'x',
        annotator: 'kb-01',
        status: 'done',
        text: 't',
      }) as unknown as JournalEntry;
    const { frame } = await setup({ initial: [done('0:sentence1'), done('0:sentence2')] });
    expect(frame()).toContain('3 / 4');
    expect(frame()).toContain('借呗可以提前还吗');
    expect(frame()).toMatch(/2 done/);
  });

  it('says thank you when everything is done, and Ctrl+C quits', async () => {
    const { type, frame, exits } = await setup();
    for (const t of ['a', 'b', 'c', 'd']) {
      await type(t);
      await type('\r');
    }
    expect(frame()).toContain('All 4 items are done');
    await type('\x03');
    expect(exits).toEqual(['quit']);
  });

  it('lays Chinese out by display width in a narrow terminal', async () => {
    const long = {
      key: '9:zh',
      id: '9',
      field: 'zh',
      text: '据市气象台消息，受冷空气影响，本周末全市最高气温将下降八到十摄氏度。',
      record: 9,
    };
    const journal = memoryJournal();
    const app = render(
      <AnnotateApp
        config={config({ task: 'wmt21' })}
        annotator="kb-01"
        items={[long]}
        journal={journal.sink}
        guide=""
        width={40}
        tickMs={0}
      />,
    );
    await settle(() => app.lastFrame() ?? '');
    app.stdin.write('据市气象台消息，受冷空气影响，本周末全市最高气温将下降');
    await until(() => (app.lastFrame() ?? '').includes('› 据市'));
    const lines = (app.lastFrame() ?? '').split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(lines.filter((l) => l.includes('据市气象台')).length).toBe(2);
  });

  it('records, transcribes and submits a read-only transcript (speech, record)', async () => {
    const capture: SpeechCapture = {
      async start() {
        return {
          async stop() {
            return {
              audio: 'audio/kb-01/0_sentence1.take1.wav',
              transcript: {
                text: '华北怎么提额',
                backend: 'openai',
                model: 'whisper-1',
                raw: { text: '华北怎么提额' },
              },
            };
          },
          async cancel() {},
        };
      },
    };
    const cfg = config({ mode: 'speech', speech_source: 'record', asr: { backend: 'openai' } });
    const { type, journal, frame } = await setup({ cfg, capture });
    expect(frame()).toContain('Press Space to start recording');
    await type('\r');
    expect(journal.appended).toHaveLength(0);
    await type(' ');
    expect(frame()).toContain('REC');
    await type(' ');
    await until(() => frame().includes('transcript ready'));
    expect(frame()).toContain('华北怎么提额');
    await type('x'); // typing is ignored: the transcript cannot be edited
    await type('\r');
    expect(journal.appended[0]).toMatchObject({
      source: 'record',
      mode: 'speech',
      text: '华北怎么提额',
      audio: 'audio/kb-01/0_sentence1.take1.wav',
      asr: { backend: 'openai', model: 'whisper-1' },
    });
  });
});
