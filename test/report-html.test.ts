/// <reference lib="dom" />
/**
 * `readin report` end to end: the CLI reads score files and run folders, writes the HTML and Markdown
 * atomically (nothing on bad input), and the HTML renders in headless Chromium with the right bars and no
 * network requests. The browser part needs Debian's `chromium` (`.ci/run` installs it); without it, it is
 * skipped with a message.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { macbert, mbart, roberta, syntheticCjk } from '../packages/report/test/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM)
  console.warn(
    `report-html.test.ts: skipping the browser checks: ${CHROMIUM} not found (apt-get install -y chromium).`,
  );

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr, cwd, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'readin-report-html-'));
  await mkdir(join(dir, 'runs/roberta'), { recursive: true });
  await writeFile(join(dir, 'runs/roberta/scores.json'), JSON.stringify(roberta));
  await writeFile(join(dir, 'macbert.json'), JSON.stringify(macbert));
  await writeFile(join(dir, 'wmt21.json'), JSON.stringify(mbart, null, 2));
  await writeFile(join(dir, 'sample-afqmc.json'), JSON.stringify(syntheticCjk));
  await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...mbart, summary: { clean: { bleu: '23.1' } } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readin report', () => {
  test('prints the table and writes HTML and Markdown', async () => {
    const r = await run(
      [
        'report',
        'runs/roberta',
        'macbert.json',
        'wmt21.json',
        'sample-afqmc.json',
        '--html',
        'out/r.html',
        '--md',
        'r.md',
      ],
      dir,
    );
    expect(r.stderr).toContain('wrote');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SYNTHETIC NOISE');
    expect(r.stdout).toMatch(/keyboard\s+RoBERTa-wwm\s+│ 78\.92\s+42\.75\s+15\.17/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const md = await readFile(join(dir, 'r.md'), 'utf8');
    expect(md).toContain('| speech | mBART50 |');
    expect(await readFile(join(dir, 'out/r.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  test('--json prints the collated report', async () => {
    const r = await run(['report', 'wmt21.json', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'readin-report/1',
      rows: [
        { task: 'wmt21', noise: 'keyboard', clean: 23.19 },
        { noise: 'speech', average: 16.74 },
      ],
    });
  });

  test.each([
    ['a bad field', ['bad.json'], /bad\.json: field "summary\.clean\.bleu": expected a number/],
    ['a missing file', ['nope.json'], /nope\.json: no such file or folder/],
    ['a folder without scores.json', ['runs'], /runs: the folder has no scores\.json/],
  ])('exits 1 on %s, naming it, and writes nothing', async (_name, inputs, message) => {
    const r = await run(['report', 'macbert.json', ...inputs, '--html', 'fail.html', '--md', 'fail.md'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect((await readdir(dir)).filter((f) => f.startsWith('fail'))).toEqual([]);
  });

  test('exits 2 without inputs', async () => {
    const r = await run(['report', '--html', 'x.html'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no input given');
  });
});

describe.skipIf(!HAS_CHROMIUM)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    file = join(dir, 'browser.html');
    const r = await run(
      ['report', 'runs/roberta', 'macbert.json', 'wmt21.json', 'sample-afqmc.json', '--html', file],
      dir,
    );
    expect(r.code).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('renders the charts with the right bars, heights proportional to the data, and makes no requests', async () => {
    // bypassCSP: count what the page itself would fetch, not only what its Content-Security-Policy lets through.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.route('**/*', (route) =>
      route.request().url() === url ? route.continue() : route.abort('blockedbyclient'),
    );
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);

    expect(await page.title()).toBe('READIN robustness report');
    expect(await page.locator('h1').textContent()).toBe('READIN robustness report');
    const banner = page.locator('#synthetic-banner');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toContain('哈工大 RoBERTa 中文');

    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => ({
        task: svg.getAttribute('data-task'),
        noise: svg.getAttribute('data-noise'),
        yMax: Number(svg.getAttribute('data-y-max')),
        plotHeight: Number(svg.getAttribute('data-plot-height')),
        title: svg.querySelector('title')?.textContent ?? '',
        desc: svg.querySelector('desc')?.textContent ?? '',
        screenHeight: svg.getBoundingClientRect().height,
        bars: [...svg.querySelectorAll<SVGRectElement>('rect.bar')].map((rect) => ({
          run: rect.dataset.run,
          metric: rect.dataset.metric,
          condition: rect.dataset.condition,
          value: Number(rect.dataset.value),
          height: rect.getBBox().height,
          screen: rect.getBoundingClientRect().height,
          fill: getComputedStyle(rect).fill,
        })),
      })),
    );
    // AFQMC: 3 runs × 2 metrics × 3 conditions; CMRC: 2 runs × 1 × 3; WMT: 1 run × 1 × 3.
    expect(charts.map((c) => `${c.task}/${c.noise}:${c.bars.length}`)).toEqual([
      'afqmc/keyboard:18',
      'afqmc/speech:18',
      'cmrc2018/keyboard:6',
      'cmrc2018/speech:6',
      'wmt21/keyboard:3',
      'wmt21/speech:3',
    ]);
    for (const chart of charts) {
      expect(chart.screenHeight).toBeGreaterThan(100);
      expect(chart.title).toMatch(/clean, average and worst/);
      const scale = chart.bars.find((b) => b.value > 0)!.screen / chart.bars.find((b) => b.value > 0)!.value;
      for (const bar of chart.bars) {
        expect(bar.height).toBeCloseTo((bar.value / chart.yMax) * chart.plotHeight, 1);
        expect(bar.screen).toBeCloseTo(bar.value * scale, 0);
      }
    }
    // The data behind the bars is the input's: spot-check against the fixtures.
    const afqmcKb = charts[0]!.bars;
    const value = (run: string, metric: string, condition: string) =>
      afqmcKb.find((b) => b.run === run && b.metric === metric && b.condition === condition)?.value;
    expect(value('RoBERTa-wwm', 'acc_pos', 'clean')).toBe(78.92);
    expect(value('MacBERT', 'acc_neg', 'average')).toBe(76.77);
    expect(value('哈工大 RoBERTa 中文', 'acc_pos', 'worst')).toBe(30.1);
    // Runs have distinct colours.
    const fills = new Set(
      ['RoBERTa-wwm', 'MacBERT', '哈工大 RoBERTa 中文'].map((r) => afqmcKb.find((b) => b.run === r)?.fill),
    );
    expect(fills.size).toBe(3);
    // Error bars on every average bar that has a drop interval.
    expect(await page.locator('svg.chart g.errorbar').count()).toBe(6 + 6 + 2 + 2 + 1 + 1);
    // One data table per chart.
    expect(await page.locator('figure table caption').count()).toBe(6);

    await page.screenshot({ path: join(tmpdir(), 'readin-report-light.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  test('follows dark mode', async () => {
    const page = await browser.newPage({ colorScheme: 'dark', viewport: { width: 900, height: 900 } });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(file).href);
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).toBe('rgb(13, 17, 23)');
    expect(light).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(tmpdir(), 'readin-report-dark.png'), fullPage: true });
    expect(requests).toHaveLength(1);
    await page.close();
  });
});
