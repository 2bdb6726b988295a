import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnnotationMode } from './session.js';

/** The folder of the bundled annotation guide (`annotation-guide/` at the repository root). */
export function guideDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.READIN_GUIDE_DIR ?? fileURLToPath(new URL('../../../annotation-guide/', import.meta.url));
}

const FALLBACK: Readonly<Record<AnnotationMode, string>> = {
  keyboard:
    'Type what you see with your own Pinyin IME at your normal pace, then press Enter. Never go back to fix a typo. Never paste, never add mistakes on purpose. Skip (with a reason) what you cannot or should not type.',
  speech:
    'Say the text aloud naturally, in your usual accent, and let the recogniser transcribe it. Never edit the transcript. Do not read personal data aloud.',
};

/**
 * The guide for a mode, in Chinese (`zh`) or English (`en`), as plain text for the terminal: Markdown
 * emphasis and table bars are simplified. Falls back to a short built-in summary when the files are absent.
 */
export function loadGuide(mode: AnnotationMode, lang: 'zh' | 'en' = 'zh', env?: NodeJS.ProcessEnv): string {
  const name = mode === 'keyboard' ? 'keyboard' : 'speech';
  try {
    return markdownToText(readFileSync(`${guideDir(env)}/${name}.${lang}.md`, 'utf8'));
  } catch {
    return FALLBACK[mode];
  }
}

/**
 * Simplifies Markdown for a terminal: headings lose `#`, `**`/backticks go, tables become `a │ b` rows, and
 * the soft line breaks inside a paragraph or list item are joined (so the text re-wraps to the terminal).
 */
export function markdownToText(md: string): string {
  const out: string[] = [];
  let joinable = false;
  for (const raw of md.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (/^\|[\s|:-]+\|$/.test(line.trim())) continue;
    if (line.trim() === '') {
      out.push('');
      joinable = false;
      continue;
    }
    const heading = /^#{1,6}\s+/.test(line);
    const table = /^\|.*\|$/.test(line.trim());
    const item = /^\s*([-*]|\d+\.)\s/.test(line);
    let t = line.replace(/^#{1,6}\s+/, '');
    if (table)
      t = t
        .trim()
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim())
        .join('  │  ');
    t = t.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
    if (joinable && !heading && !table && !item && out.length > 0) {
      const prev = out[out.length - 1]!;
      const body = t.trim();
      const cjk = /[\u3000-\u9fff\uff00-\uffef]$/.test(prev) || /^[\u3000-\u9fff\uff00-\uffef]/.test(body);
      out[out.length - 1] = cjk ? prev + body : `${prev} ${body}`;
    } else out.push(t);
    joinable = !heading && !table;
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
