import type { TaskId } from '@readin/core';

/** The result of an extraction rule: the prediction, and whether the rule found one (else a fallback). */
export interface Extraction {
  readonly value: string;
  readonly parsed: boolean;
}

/** An answer-extraction rule, declared with a name and a version that enter the prompt signature. */
export interface ExtractionRule {
  readonly name: string;
  readonly version: number;
  readonly task: TaskId;
  /** What it does, for the README and `--help`. */
  readonly description: string;
  readonly extract: (text: string) => Extraction;
}

const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['`', '`'],
];

function stripQuotes(text: string): string {
  let out = text.trim();
  for (let guard = 0; guard < 4; guard++) {
    const pair = QUOTE_PAIRS.find(
      ([open, close]) => out.length >= 2 && out.startsWith(open) && out.endsWith(close),
    );
    if (!pair) break;
    out = out.slice(pair[0].length, out.length - pair[1].length).trim();
  }
  return out;
}

/** Removes `<think>…</think>` blocks some reasoning models emit before the answer. */
function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/^[\s\S]*<\/think>/i, '');
}

const ANSWER_PREFIX =
  /^\s*(?:\*\*)?(?:最终答案|答案|回答|答|结果|判断|输出|标签|译文|翻译|英文翻译|英译|英文|final answer|answer|label|output|translation|english translation|english)(?:\*\*)?\s*(?:是|为)?\s*[:：]\s*(?:\*\*)?/i;

// AFQMC: earliest match wins; at one position the longest pattern wins, so 不相同 beats 相同 and 不是 beats 是.
// `null` marks question words (是否, 是不是) that are skipped, not read as an answer.
const AFQMC_PATTERNS: ReadonlyArray<readonly [RegExp, '0' | '1' | null]> = [
  [/是否|是不是|相同与否|一致与否/y, null],
  [/不相同|不相似|不一致|不同义|不等价|不匹配|不是|不同|不一样|否|不/y, '0'],
  [/相同|相似|一致|同义|等价|匹配|一样|是/y, '1'],
  [/(?<![A-Za-z])(?:no|false|different|not)(?![A-Za-z])/iy, '0'],
  [/(?<![A-Za-z])(?:yes|true|same|similar)(?![A-Za-z])/iy, '1'],
  [/(?<![\d.])0(?![\d.])/y, '0'],
  [/(?<![\d.])1(?![\d.])/y, '1'],
];

/** AFQMC: a label `"0"`/`"1"` from free text (是/否, 相同/不同, yes/no, 0/1, …); fallback `"0"`. */
export function extractAfqmcLabel(text: string): Extraction {
  let body = stripThinking(text);
  // When the reply restates the question, only what follows the last answer marker counts.
  const markers = [...body.matchAll(/(?:最终答案|答案|回答|答|final answer|answer)\s*(?:是|为)?\s*[:：]/gi)];
  const last = markers.at(-1);
  if (last) body = body.slice(last.index + last[0].length);
  body = body.replace(ANSWER_PREFIX, '');
  for (let i = 0; i < body.length; i++) {
    let best: { length: number; label: '0' | '1' | null } | undefined;
    for (const [pattern, label] of AFQMC_PATTERNS) {
      pattern.lastIndex = i;
      const m = pattern.exec(body);
      if (m && (!best || m[0].length > best.length)) best = { length: m[0].length, label };
    }
    if (best?.label === null) i += best.length - 1;
    else if (best) return { value: best.label, parsed: true };
  }
  return { value: '0', parsed: false };
}

const TRAILING_PUNCT = /[\s。，,．.！!？?；;：:、]+$/u;

function firstLine(text: string, skip: RegExp = /^$/): string {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || skip.test(line)) continue;
    return line;
  }
  return '';
}

/** CMRC2018: the answer span — first non-empty line, without "答案：", quotes, and trailing punctuation. */
export function extractCmrcSpan(text: string): Extraction {
  let line = firstLine(stripThinking(text));
  line = line.replace(ANSWER_PREFIX, '');
  line = stripQuotes(line.replace(TRAILING_PUNCT, ''));
  line = line
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(TRAILING_PUNCT, '')
    .trim();
  return { value: line, parsed: line !== '' };
}

/** CSpider: SQL from a ```sql fence, else the first `SELECT …` up to `;` or a blank line; one line. */
export function extractSql(text: string): Extraction {
  const body = stripThinking(text);
  const fence = /```[ \t]*(?:sqlite|sql)?[ \t]*\r?\n?([\s\S]*?)```/i.exec(body);
  let sql = fence ? fence[1]! : '';
  if (!/\bselect\b/i.test(sql)) {
    const m = /\b(?:select|with)\b[\s\S]*?(?=;|\n\s*\n|$)/i.exec(body);
    sql = m ? m[0] : '';
  }
  sql = sql
    .replace(/;[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return sql === '' ? { value: 'SELECT', parsed: false } : { value: sql, parsed: true };
}

const TRANSLATION_PREAMBLE =
  /^(?:here(?:'s| is) (?:the|a|my) (?:english )?translation[^:：]*[:：]?|(?:english )?translation[:：]?|译文[:：]?|翻译[:：]?|英文[:：]?)$/i;

/** WMT: one English line — no "Translation:" prefix or preamble line, no wrapping quotes. */
export function extractTranslation(text: string): Extraction {
  let line = firstLine(stripThinking(text), TRANSLATION_PREAMBLE);
  line = line.replace(ANSWER_PREFIX, '');
  line = stripQuotes(line);
  return { value: line, parsed: line !== '' };
}

/** The extraction rule of each task, by name. */
export const EXTRACTION_RULES: Readonly<Record<TaskId, ExtractionRule>> = {
  afqmc: {
    name: 'afqmc-label',
    version: 1,
    task: 'afqmc',
    description:
      'earliest of 是/否, 相同/不同 (negated forms first), yes/no, 1/0 in the reply; "0" when none is found',
    extract: extractAfqmcLabel,
  },
  cmrc2018: {
    name: 'cmrc-span',
    version: 1,
    task: 'cmrc2018',
    description: 'first non-empty line, minus an 答案： prefix, wrapping quotes and trailing punctuation',
    extract: extractCmrcSpan,
  },
  cspider: {
    name: 'sql-fence',
    version: 1,
    task: 'cspider',
    description: 'the ```sql fence, else the first SELECT … up to ; or a blank line, on one line',
    extract: extractSql,
  },
  wmt21: {
    name: 'translation-line',
    version: 1,
    task: 'wmt21',
    description:
      'first non-empty line that is not a "Translation:" preamble, minus prefix and wrapping quotes',
    extract: extractTranslation,
  },
};
