import type { WmtExample } from '@readin/core';
import { GENERAL_GLOSS, segment } from './gloss-data.js';

/** WMT `copy`: the Chinese source unchanged — the floor any system must beat (numbers and names still match). */
export function copyTranslation(example: Pick<WmtExample, 'zh'>): string {
  return example.zh.trim();
}

const PUNCT_MAP: Readonly<Record<string, string>> = {
  '，': ',',
  '、': ',',
  '。': '.',
  '！': '!',
  '？': '?',
  '；': ';',
  '：': ':',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '（': '(',
  '）': ')',
  '《': '"',
  '》': '"',
  '—': '-',
};

/**
 * WMT `gloss`: segments the source by greedy longest match against a small built-in word list and replaces
 * each known word by its English gloss; Latin words and numbers are copied, Chinese punctuation becomes
 * ASCII, unknown Chinese characters are dropped. Word order stays Chinese.
 */
export function glossTranslation(example: Pick<WmtExample, 'zh'>): string {
  const source = example.zh.trim().normalize('NFKC');
  const out: string[] = [];
  for (const m of source.matchAll(/(\p{Script=Han}+)|([A-Za-z0-9][A-Za-z0-9.,%'-]*)|(\S)/gu)) {
    if (m[1]) {
      for (const word of segment(m[1], GENERAL_GLOSS)) {
        const gloss = GENERAL_GLOSS.get(word);
        if (gloss) out.push(gloss);
      }
    } else if (m[2]) out.push(m[2]);
    else if (m[3]) {
      const p = PUNCT_MAP[m[3]] ?? m[3];
      if (/[\p{P}\p{S}]/u.test(p)) out.push(p);
    }
  }
  let text = out
    .join(' ')
    .replace(/\s+([,.!?;:)])/g, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/([,.;:!?])\1+/g, '$1')
    .replace(/^[\s,.;:!?]+/, '')
    .trim();
  if (text) text = text[0]!.toUpperCase() + text.slice(1);
  return text;
}
