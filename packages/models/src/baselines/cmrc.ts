import type { CmrcExample } from '@readin/core';
import { isPunct, normalize } from './text.js';

/** Question words and function characters that say nothing about where the answer is. */
const QUESTION_NOISE = new Set([
  ...'的了是在有和与及或吗呢吧啊什么哪些哪个哪里谁几多少怎样如何为何为什么何时时候请问一个',
]);

const SENTENCE_END = /[。！？!?；;\n]/u;
const CLAUSE_END = /[，,、：:（）()“”"《》「」『』]/u;

interface Sentence {
  readonly start: number;
  readonly text: string;
}

function sentences(context: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (let i = 0; i <= context.length; i++) {
    if (i === context.length || SENTENCE_END.test(context[i]!)) {
      if (i > start) out.push({ start, text: context.slice(start, i + (i < context.length ? 1 : 0)) });
      start = i + 1;
    }
  }
  return out;
}

function bigrams(text: string): Set<string> {
  const chars = [...normalize(text)];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    if (!isPunct(chars[i]!) && !isPunct(chars[i + 1]!)) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/**
 * CMRC2018 `best-window`: picks the context sentence sharing the most character bigrams (then content
 * characters) with the question, marks the characters of that sentence covered by the question, and answers
 * with the uncovered clause fragment next to the largest covered stretch, at most `maxLength` characters.
 */
export function bestWindowAnswer(example: Pick<CmrcExample, 'context' | 'question'>, maxLength = 12): string {
  const question = normalize(example.question);
  const qBigrams = bigrams(question);
  const qChars = new Set([...question].filter((c) => !isPunct(c) && !QUESTION_NOISE.has(c)));
  let best: { sentence: Sentence; score: number } | undefined;
  for (const sentence of sentences(example.context)) {
    const sb = bigrams(sentence.text);
    let score = 0;
    for (const b of qBigrams) if (sb.has(b)) score += 2;
    const sc = new Set(normalize(sentence.text));
    for (const c of qChars) if (sc.has(c)) score += 1;
    if (!best || score > best.score) best = { sentence, score };
  }
  if (!best) return '';
  const chars = [...best.sentence.text];
  const norm = chars.map((c) => normalize(c));
  // covered[i]: the character takes part in a bigram that also occurs in the question.
  const covered = chars.map(
    (_, i) =>
      (i + 1 < chars.length && qBigrams.has(norm[i]! + norm[i + 1]!)) ||
      (i > 0 && qBigrams.has(norm[i - 1]! + norm[i]!)),
  );
  // Runs of uncovered, non-punctuation, non-boundary characters.
  const runs: Array<{ start: number; end: number; adjacency: number }> = [];
  let i = 0;
  while (i < chars.length) {
    if (covered[i] || isPunct(chars[i]!) || CLAUSE_END.test(chars[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && !covered[j] && !isPunct(chars[j]!) && !CLAUSE_END.test(chars[j]!)) j++;
    // Adjacency: covered characters within 4 positions on either side.
    let adjacency = 0;
    for (let k = Math.max(0, i - 4); k < i; k++) if (covered[k]) adjacency++;
    for (let k = j; k < Math.min(chars.length, j + 4); k++) if (covered[k]) adjacency++;
    runs.push({ start: i, end: j, adjacency });
    i = j;
  }
  const usable = runs.filter((r) => r.end - r.start >= 2);
  const pool = usable.length > 0 ? usable : runs;
  if (pool.length === 0) return best.sentence.text.replace(/[。！？!?；;\n]+$/u, '').slice(0, maxLength);
  pool.sort((a, b) => b.adjacency - a.adjacency || a.start - b.start);
  const run = pool[0]!;
  return trimFunctionChars(
    chars
      .slice(run.start, Math.min(run.end, run.start + maxLength))
      .join('')
      .trim(),
  );
}

/** Function characters that rarely begin or end an answer span. */
const EDGE = /^[是的了在为于和与及由被把将就也都即乃]+|[是的了在为于和与及由被把将就也都即乃]+$/gu;

function trimFunctionChars(span: string): string {
  const trimmed = span.replace(EDGE, '');
  return trimmed === '' ? span : trimmed;
}
