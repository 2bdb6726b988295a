import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const jsonl = (records: readonly object[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** A fresh temporary folder. */
export function tempDir(prefix = 'readin-harness-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes files (path → content) under `root`. */
export async function writeTree(root: string, tree: Readonly<Record<string, string>>): Promise<string> {
  for (const [rel, content] of Object.entries(tree)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

const WORDS = [
  '花呗',
  '借呗',
  '还款',
  '额度',
  '怎么',
  '如何',
  '可以',
  '提前',
  '关闭',
  '开通',
  '逾期',
  '利息',
];
const word = (i: number) => WORDS[i % WORDS.length]!;

/** Self-made AFQMC-style pairs: `n` examples, clean plus `noisy` keyboard and speech versions. */
export function afqmcTree(
  n: number,
  noisy: readonly string[] = ['keyboard_1', 'asr_1'],
): Record<string, string> {
  const clean = Array.from({ length: n }, (_, i) => ({
    id: String(i),
    sentence1: `${word(i)}${word(i + 1)}${word(i * 7 + 3)}第${i}条`,
    sentence2: i % 2 ? `${word(i)}${word(i + 1)}第${i}条吗` : `${word(i + 5)}${word(i + 2)}第${i}号`,
    label: i % 2 ? '1' : '0',
  }));
  const tree: Record<string, string> = { 'afqmc/test_clean.json': jsonl(clean) };
  for (const v of noisy) {
    tree[`afqmc/test_noisy_${v}.json`] = jsonl(
      clean.map((e, i) => (i % 3 === 0 ? { ...e, sentence1: `${e.sentence1.slice(1)}嗯` } : e)),
    );
  }
  return tree;
}

/** Self-made WMT-style sentences. */
export function wmtTree(
  n: number,
  noisy: readonly string[] = ['keyboard_1', 'asr_1'],
): Record<string, string> {
  const clean = Array.from({ length: n }, (_, i) => ({
    id: String(i),
    zh: `我们${word(i)}第${i}次${word(i + 4)}。`,
    en: `We did thing number ${i}.`,
  }));
  const tree: Record<string, string> = { 'wmt21/test_clean.json': jsonl(clean) };
  for (const v of noisy)
    tree[`wmt21/test_noisy_${v}.json`] = jsonl(
      clean.map((e, i) => (i % 2 === 0 ? { ...e, zh: e.zh.replace('我们', '我门') } : e)),
    );
  return tree;
}

/** Self-made CMRC-style reading comprehension examples. */
export function cmrcTree(n: number, noisy: readonly string[] = ['keyboard_1']): Record<string, string> {
  const clean = Array.from({ length: n }, (_, i) => {
    const context = `第${i}段：${word(i)}的规则是每月${(i % 28) + 1}日${word(i + 3)}。`;
    const text = `${(i % 28) + 1}日`;
    return {
      id: `c${i}`,
      context,
      question: `${word(i)}哪天${word(i + 3)}？`,
      answers: [{ text, answer_start: context.indexOf(text) }],
    };
  });
  const tree: Record<string, string> = { 'cmrc2018/test_clean.json': jsonl(clean) };
  for (const v of noisy)
    tree[`cmrc2018/test_noisy_${v}.json`] = jsonl(
      clean.map((e) => ({ ...e, question: e.question.replace('哪天', '那天') })),
    );
  return tree;
}

/** Every file under `dir`, with its text. */
export async function readAllFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for (const name of await readdir(d)) {
      const p = join(d, name);
      if ((await stat(p)).isDirectory()) await walk(p);
      else out.set(p, await readFile(p, 'utf8'));
    }
  };
  await walk(dir);
  return out;
}

/** Lines of a JSONL file, parsed. */
export async function readJsonlFile(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
