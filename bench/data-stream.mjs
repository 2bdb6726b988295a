#!/usr/bin/env node
import { once } from 'node:events';
// Streams a large WMT-style JSON Lines file through @readin/data's iterator API (readSplit) and reports
// throughput and peak memory. Usage: node bench/data-stream.mjs [sizeMB=1024] [file=/tmp/readin-bench-wmt.jsonl]
// The file is generated once (synthetic sentences, seeded) and reused while its size matches. Run after `tsc -b`.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Rng } from '@readin/core';
import { readSplit } from '@readin/data';

const sizeMB = Number(process.argv[2] ?? 1024);
const file = process.argv[3] ?? `/tmp/readin-bench-wmt-${sizeMB}mb.jsonl`;
const target = sizeMB * 1024 * 1024;

async function generate() {
  const existing = await stat(file).catch(() => undefined);
  if (existing && existing.size >= target && existing.size < target + 4096) return existing.size;
  const rng = Rng.for(1, 'bench', 'data-stream');
  const han =
    '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信';
  const sentence = (len) => {
    let s = '';
    for (let i = 0; i < len; i++) s += han[rng.int(han.length)];
    return s;
  };
  const out = createWriteStream(file);
  let bytes = 0;
  let id = 0;
  while (bytes < target) {
    const line = `${JSON.stringify({ id: String(id++), zh: `${sentence(20 + rng.int(40))}。\n`, en: `Sentence number ${id} of a synthetic benchmark corpus.\n` })}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

const t0 = performance.now();
const bytes = await generate();
const genSeconds = (performance.now() - t0) / 1000;

const baseRss = process.memoryUsage.rss();
let peak = baseRss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 50);
const start = performance.now();
let n = 0;
let chars = 0;
for await (const example of readSplit({ task: 'wmt21', split: 'test_clean', format: 'jsonl', file })) {
  n++;
  chars += example.zh.length;
  if ((n & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage.rss());
}
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
const mb = bytes / (1024 * 1024);
console.log(
  JSON.stringify(
    {
      file,
      size_mb: Math.round(mb),
      examples: n,
      zh_chars: chars,
      generate_s: Number(genSeconds.toFixed(1)),
      stream_s: Number(seconds.toFixed(1)),
      mb_per_s: Number((mb / seconds).toFixed(1)),
      examples_per_s: Math.round(n / seconds),
      rss_before_mb: Math.round(baseRss / 1048576),
      peak_rss_mb: Math.round(peak / 1048576),
      node: process.version,
    },
    null,
    2,
  ),
);
