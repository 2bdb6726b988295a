import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError, NotFoundError, type ScoreReport } from '@readin/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  collateReports,
  displayWidth,
  formatJson,
  formatMarkdown,
  formatTable,
  parseReport,
  readReport,
  renderHtml,
} from '../src/index.js';
import { dgsql, dgsqlWithHardness, macbert, mbart, paperReports, roberta, syntheticCjk } from './fixtures.js';

const ANSI = /\u001b\[[0-9;]*m/;

/** The table blocks of formatTable's output: runs of lines that contain the column rule `─┼─`. */
function blocks(text: string): string[][] {
  return text
    .split('\n\n')
    .map((chunk) => chunk.split('\n').filter((l) => l !== ''))
    .filter((lines) => lines.some((l) => l.includes('─┼─')));
}

function withModel(report: ScoreReport, model: string): ScoreReport {
  return { ...report, model };
}

test('the public API is pinned', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
    'HEADLINE_METRICS',
    'TASK_LABELS',
    'collateReports',
    'displayWidth',
    'formatJson',
    'formatMarkdown',
    'formatTable',
    'parseReport',
    'readReport',
    'renderHtml',
  ]);
});

describe('parseReport', () => {
  test('accepts a ScoreReport, an EvalReport and an array of them', () => {
    expect(parseReport(dgsql)).toHaveLength(1);
    expect(parseReport(roberta)[0]).toMatchObject({
      label: 'RoBERTa-wwm',
      tasks: [{ task: 'afqmc' }, { task: 'cmrc2018' }],
    });
    expect(parseReport([dgsql, mbart]).map((r) => (r as ScoreReport).task)).toEqual(['cspider', 'wmt21']);
  });

  test.each([
    ['nested by_hardness numbers', { easy: 62.1, medium: 47.3 }],
    [
      'nested by_hardness objects',
      { easy: { exact_match: 62.1, count: 248 }, medium: { exact_match: 47.3 } },
    ],
  ])('flattens %s to exact_match_<hardness>', (_name, byHardness) => {
    const value = {
      ...dgsql,
      summary: { ...dgsql.summary, clean: { exact_match: 44.87, by_hardness: byHardness } },
    };
    const [r] = parseReport(value) as ScoreReport[];
    expect(r?.summary.clean).toEqual({
      exact_match: 44.87,
      exact_match_easy: 62.1,
      exact_match_medium: 47.3,
    });
  });

  test('drops null metrics (not computable) instead of failing', () => {
    const value = { ...dgsql, summary: { clean: { exact_match: 44.87, execution: null } } };
    expect((parseReport(value)[0] as ScoreReport).summary.clean).toEqual({ exact_match: 44.87 });
  });

  test.each([
    ['not an object', 42, '(root)'],
    ['no task or tasks', { model: 'x' }, '(root)'],
    ['no summary', { task: 'afqmc', signature: 's' }, 'summary'],
    ['a string metric', { task: 'afqmc', summary: { clean: { acc: '80' } } }, 'summary.clean.acc'],
    [
      'a bad drop',
      {
        task: 'wmt21',
        summary: {
          clean: { bleu: 20 },
          keyboard: { versions: 3, average: { bleu: 15 }, worst: {}, drop: { bleu: { estimate: 5 } } },
        },
      },
      'summary.keyboard.drop.bleu.low',
    ],
    ['bad task inside an EvalReport', { model: 'm', tasks: [dgsql, { task: 3 }] }, 'tasks[1].task'],
    ['notes that are not strings', { ...dgsql, notes: [1] }, 'notes'],
    ['an empty array', [], '(root)'],
  ])('rejects %s, naming the file and field', (_name, value, field) => {
    let error: unknown;
    try {
      parseReport(value, { file: 'runs/x/scores.json' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).field).toBe(field);
    expect((error as DataFormatError).format()).toContain('runs/x/scores.json');
  });
});

describe('collateReports', () => {
  test('ScoreReports of the same model form one run; EvalReports are runs; rows = noise × run', () => {
    const r = collateReports([withModel(dgsql, 'M'), withModel(mbart, 'M'), roberta]);
    expect(r.runs.map((x) => [x.label, x.tasks.map((t) => t.task)])).toEqual([
      ['M', ['cspider', 'wmt21']],
      ['RoBERTa-wwm', ['afqmc', 'cmrc2018']],
    ]);
    expect(r.columns.map((c) => c.label)).toEqual([
      'AFQMC pos acc',
      'AFQMC neg acc',
      'CMRC2018 EM',
      'CSpider EM',
      'WMT21 BLEU',
    ]);
    expect(r.rows.map((x) => `${x.noise}:${x.run}`)).toEqual([
      'keyboard:0',
      'keyboard:1',
      'speech:0',
      'speech:1',
    ]);
    expect(r.rows[0]?.cells[0]).toBeUndefined();
    expect(r.rows[2]?.cells[4]).toMatchObject({ clean: 23.19, average: 16.74, worst: 10.82, versions: 3 });
  });

  test('a second report for the same model and task starts a new run with a distinct label', () => {
    const r = collateReports([dgsql, dgsql, roberta, roberta]);
    expect(r.runs.map((x) => x.label)).toEqual(['DG-SQL', 'DG-SQL #2', 'RoBERTa-wwm', 'RoBERTa-wwm #2']);
  });

  test('headline metrics by default; every metric (with hardness) on request', () => {
    const all = collateReports(parseReport(dgsqlWithHardness), { metrics: 'all' });
    expect(all.columns.map((c) => c.metric)).toEqual([
      'exact_match',
      'exact_match_easy',
      'exact_match_medium',
      'exact_match_hard',
      'exact_match_extra',
    ]);
    expect(collateReports(parseReport(dgsqlWithHardness)).columns.map((c) => c.metric)).toEqual([
      'exact_match',
    ]);
  });

  test('falls back to the first known metric when the headline is absent', () => {
    const only = { ...mbart, summary: { clean: { chrf: 50 } } } as ScoreReport;
    expect(collateReports([only]).columns.map((c) => c.metric)).toEqual(['chrf']);
    expect(collateReports([only]).rows.map((r) => r.noise)).toEqual(['clean']);
  });
});

describe('formatTable', () => {
  test('every line of a table block has the same display width, with Chinese labels', () => {
    const text = formatTable([...paperReports, syntheticCjk]);
    const found = blocks(text);
    expect(found).toHaveLength(1);
    const widths = new Set(found[0]!.map(displayWidth));
    expect(widths.size).toBe(1);
    expect(text).toContain('哈工大 RoBERTa 中文');
    // The Chinese label is 19 code points but 25 columns wide: padding must use display width.
    const row = found[0]!.find((l) => l.includes('哈工大'))!;
    expect(row.length).toBeLessThan(displayWidth(row));
  });

  test('property: any labels (CJK, emoji, ASCII) and widths give equal-width blocks within the limit', () => {
    const label = fc.string({
      unit: fc.constantFrom('a', 'Z', '-', ' ', '中', '文', '模', '型', 'é', '😀'),
      minLength: 1,
      maxLength: 14,
    });
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 60, max: 220 }),
        fc.boolean(),
        (labels, width, color) => {
          const inputs = labels.flatMap((l, i) => [
            withModel(paperReports[2], `${l}${i}`),
            withModel(mbart, `${l}${i}`),
            { ...roberta, label: `${l}${i}` },
          ]);
          const text = formatTable(inputs, { width, color });
          for (const block of blocks(text)) {
            const widths = new Set(block.map(displayWidth));
            expect(widths.size).toBe(1);
            expect([...widths][0]).toBeLessThanOrEqual(width);
          }
        },
      ),
      { numRuns: 60, seed: 20230214 },
    );
  });

  test.each([60, 80, 100, 140])('wraps into blocks of whole tasks at width %i', (width) => {
    const text = formatTable([...paperReports], { width });
    const found = blocks(text);
    expect(found.length).toBeGreaterThan(1);
    for (const b of found) for (const line of b) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    // Every column still appears exactly once.
    for (const label of ['AFQMC pos acc', 'AFQMC neg acc', 'CMRC2018 EM', 'CSpider EM', 'WMT21 BLEU'])
      expect(text.split(label).length - 1).toBe(1);
  });

  test('keeps the indent of every note line when notes wrap', () => {
    const long =
      'a note long enough to wrap across several lines of a narrow terminal, word after word after word';
    const out = formatTable([{ ...mbart, notes: ['short note', long] }], { width: 60, signatures: false });
    const notes = out
      .slice(out.indexOf('Notes:'))
      .split('\n')
      .slice(1)
      .filter((l) => l !== '');
    expect(notes.length).toBeGreaterThan(2);
    for (const line of notes) expect(line.startsWith('  ')).toBe(true);
  });

  test('prints values, drops with intervals, notes, footnotes and signatures', () => {
    const text = formatTable([...paperReports]);
    expect(text).toMatch(/78\.92\s+42\.75\s+15\.17\s+36\.2 \[33\.7, 38\.7\]/);
    expect(text).toContain('−16.1 [−18.6, −13.6]');
    expect(text).toContain('40 ids missing from test_noisy_asr_1');
    expect(text).toContain('mean over sentences of the minimum sentence BLEU');
    expect(text).toContain('nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
    expect(text).not.toContain('SYNTHETIC');
  });

  test('colour only when asked; the same layout with and without it', () => {
    const plain = formatTable([...paperReports]);
    const coloured = formatTable([...paperReports], { color: true });
    expect(plain).not.toMatch(ANSI);
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  test('a synthetic run puts a warning at the top', () => {
    const text = formatTable([roberta, syntheticCjk]);
    const head = text.split('\n').slice(0, 3).join('\n');
    expect(head).toContain('SYNTHETIC NOISE');
    expect(head).toContain('哈工大 RoBERTa 中文');
  });
});

describe('formatMarkdown', () => {
  /** Cells of a Markdown table row, honouring `\|` escapes. */
  const cells = (line: string) => line.slice(2, -2).split(/(?<!\\) \| /);

  test('one table row per noise × run, all rows with as many cells as the header', () => {
    const text = formatMarkdown([...paperReports]);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| noise | model |'));
    expect(cells(lines[header]!)).toEqual([
      'noise',
      'model',
      'AFQMC pos acc',
      'AFQMC neg acc',
      'CMRC2018 EM',
      'CSpider EM',
      'WMT21 BLEU',
    ]);
    expect(lines[header + 1]).toBe('| --- | --- | --: | --: | --: | --: | --: |');
    const rows = lines.slice(header + 2, header + 10);
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(cells(row)).toHaveLength(7);
    expect(rows[0]).toBe(
      '| keyboard | RoBERTa-wwm | 78.92 / 42.75 / 15.17 | 65.75 / 81.87 / 65.85 | 69.78 / 60.84 / 46.69 | – | – |',
    );
    expect(text).toContain('| speech | MacBERT | 53.36 [50.36, 56.36] |');
    expect(text).toContain('`nrefs:1\\|case:mixed\\|eff:no\\|tok:13a\\|smooth:exp\\|version:2.6.0`');
    expect(text).not.toContain('WARNING');
  });

  test('escapes pipes in labels and warns about synthetic noise first', () => {
    const text = formatMarkdown([{ ...syntheticCjk, model: 'a|b' }]);
    expect(text.split('\n').slice(0, 4).join('\n')).toContain('SYNTHETIC NOISE');
    expect(text).toContain('| keyboard | a\\|b |');
  });
});

describe('formatJson', () => {
  test('is deterministic, with a fixed key order and null for missing numbers', () => {
    const a = formatJson([...paperReports]);
    expect(formatJson([...paperReports])).toBe(a);
    const value = JSON.parse(a);
    expect(Object.keys(value)).toEqual([
      'format',
      'synthetic_noise',
      'warning',
      'runs',
      'columns',
      'rows',
      'footnotes',
    ]);
    expect(value.rows).toHaveLength(2 * 4 * 5);
    expect(Object.keys(value.rows[0])).toEqual([
      'noise',
      'run',
      'task',
      'metric',
      'clean',
      'average',
      'worst',
      'drop',
      'versions',
    ]);
    expect(value.rows[0]).toMatchObject({
      noise: 'keyboard',
      run: 'RoBERTa-wwm',
      metric: 'acc_pos',
      clean: 78.92,
      drop: { estimate: 36.17 },
    });
    expect(value.rows[3]).toMatchObject({ task: 'cspider', clean: null, drop: null });
    expect(value.synthetic_noise).toBe(false);
    expect(JSON.parse(formatJson([syntheticCjk]))).toMatchObject({
      synthetic_noise: true,
      warning: expect.stringContaining('SYNTHETIC'),
    });
  });
});

describe('renderHtml', () => {
  interface Bar {
    run: string;
    metric: string;
    condition: string;
    value: number;
    height: number;
  }
  /** The bars of each chart, from the SVG markup. */
  function charts(html: string) {
    return [
      ...html.matchAll(
        /<svg class="chart"[^>]*data-task="([^"]+)" data-noise="([^"]+)" data-y-max="([^"]+)" data-plot-height="([^"]+)"[\s\S]*?<\/svg>/g,
      ),
    ].map((m) => ({
      task: m[1]!,
      noise: m[2]!,
      yMax: Number(m[3]),
      plotHeight: Number(m[4]),
      bars: [
        ...m[0].matchAll(
          /<rect class="bar[^"]*"[^>]* height="([^"]+)" data-run="([^"]*)" data-metric="([^"]+)" data-condition="([^"]+)" data-value="([^"]+)"/g,
        ),
      ].map(
        (b): Bar => ({
          height: Number(b[1]),
          run: b[2]!,
          metric: b[3]!,
          condition: b[4]!,
          value: Number(b[5]),
        }),
      ),
    }));
  }

  test('one chart per task × noise type, one bar per run × metric × condition, heights proportional to values', () => {
    const html = renderHtml([...paperReports]);
    const found = charts(html);
    expect(found.map((c) => `${c.task}/${c.noise}`)).toEqual([
      'afqmc/keyboard',
      'afqmc/speech',
      'cmrc2018/keyboard',
      'cmrc2018/speech',
      'cspider/keyboard',
      'cspider/speech',
      'wmt21/keyboard',
      'wmt21/speech',
    ]);
    expect(found.map((c) => c.bars.length)).toEqual([12, 12, 6, 6, 3, 3, 3, 3]);
    for (const chart of found) {
      expect(chart.yMax).toBeGreaterThanOrEqual(Math.max(...chart.bars.map((b) => b.value)));
      for (const bar of chart.bars)
        expect(bar.height).toBeCloseTo((bar.value / chart.yMax) * chart.plotHeight, 1);
    }
    const afqmc = found[0]!.bars.find(
      (b) => b.run === 'MacBERT' && b.metric === 'acc_pos' && b.condition === 'worst',
    );
    expect(afqmc?.value).toBe(18.83);
  });

  test('error bars span clean − drop interval on the average bar', () => {
    const html = renderHtml([mbart]);
    const bars = [
      ...html.matchAll(
        /class="errorbar" data-run="mBART50" data-metric="bleu" data-low="([^"]+)" data-high="([^"]+)"/g,
      ),
    ];
    expect(bars.map((m) => [Number(m[1]), Number(m[2])])).toEqual([
      [23.19 - 9.34, 23.19 - 4.34].map((v) => Math.round(v * 100) / 100),
      [23.19 - 9.45, 23.19 - 3.45].map((v) => Math.round(v * 100) / 100),
    ]);
  });

  test('is self-contained: no scripts, external URLs, fonts or images; a CSP forbids requests', () => {
    const html = renderHtml([...paperReports, syntheticCjk]);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|@font-face/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('prefers-color-scheme:dark');
  });

  test('a synthetic-noise banner when any run is synthetic, and none otherwise', () => {
    expect(renderHtml([roberta, syntheticCjk])).toMatch(
      /<aside class="banner"[^>]*>.*Synthetic noise.*哈工大 RoBERTa 中文/,
    );
    expect(renderHtml([...paperReports])).not.toContain('class="banner"');
  });

  test('accessible charts: title, desc, labelled bars and a data table per chart', () => {
    const html = renderHtml([...paperReports]);
    const svgs = html.match(/<svg class="chart"[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(8);
    for (const svg of svgs)
      expect(svg).toMatch(/role="img" aria-labelledby="chart-[^"]+-title chart-[^"]+-desc"/);
    expect(html).toContain(
      'aria-label="RoBERTa-wwm, AFQMC pos acc, keyboard noise, average: 42.75 (drop 36.17 pp',
    );
    expect(html.match(/<caption>Data: /g)).toHaveLength(8);
  });

  test('escapes labels, notes and signatures', () => {
    const html = renderHtml([{ ...mbart, model: '<script>x</script>', notes: ['a & b <i>'] }]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('a &amp; b &lt;i&gt;');
  });

  test('is deterministic', () => {
    expect(renderHtml([...paperReports])).toBe(renderHtml([...paperReports]));
  });
});

describe('readReport', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readin-report-'));
    await writeFile(join(dir, 'scores.json'), JSON.stringify(macbert));
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ task: 'afqmc', summary: { clean: { acc: 'x' } } }),
    );
    await writeFile(join(dir, 'broken.json'), '{"task": ');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('reads a run folder through its scores.json, and a file', async () => {
    expect((await readReport(dir))[0]).toMatchObject({ label: 'MacBERT' });
    expect(await readReport(join(dir, 'scores.json'))).toHaveLength(1);
  });

  test.each([
    ['a missing path', 'nope.json', NotFoundError, undefined],
    ['a folder without scores.json', '.', NotFoundError, undefined],
    ['a wrong field', 'bad.json', DataFormatError, 'summary.clean.acc'],
    ['broken JSON', 'broken.json', DataFormatError, undefined],
  ])('rejects %s with an error naming the file', async (_name, rel, kind, field) => {
    const path = rel === '.' ? join(dir, 'sub') : join(dir, rel);
    if (rel === '.') await (await import('node:fs/promises')).mkdir(path, { recursive: true });
    const error = await readReport(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind);
    expect((error as DataFormatError).format()).toContain(path);
    if (field) expect((error as DataFormatError).field).toBe(field);
  });
});
