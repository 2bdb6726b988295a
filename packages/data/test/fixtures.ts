import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A tree of files: relative path → content (objects and arrays of objects become JSON Lines). */
export type Tree = Readonly<Record<string, string | Uint8Array | readonly object[]>>;

export const jsonl = (records: readonly object[]): string =>
  records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Writes the tree into a fresh temporary folder and returns its path. */
export async function writeTree(tree: Tree, prefix = 'readin-data-'): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(tree)) {
    const file = join(root, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(
      file,
      Array.isArray(content) ? jsonl(content as readonly object[]) : (content as string | Uint8Array),
    );
  }
  return root;
}

export const WMT_CLEAN = [
  { id: '0', zh: '今天天气很好。\n', en: 'The weather is nice today.\n' },
  { id: '1', zh: '他在北京工作。\n', en: 'He works in Beijing.\n' },
  { id: '2', zh: '我们明天见。\n', en: 'See you tomorrow.\n' },
];
export const WMT_KEYBOARD = [
  { id: '0', zh: '今天天气很号。', en: 'The weather is nice today.' },
  { id: '1', zh: '他在北京工作', en: 'He works in Beijing.' },
  { id: '2', zh: '我们明天见。', en: 'See you tomorrow.' },
];
/** ASR set missing id 1, with an empty input for id 2. */
export const WMT_ASR = [
  { id: '0', zh: '今天天气很好', en: 'The weather is nice today.' },
  { id: '2', zh: '', en: 'See you tomorrow.' },
];

export const AFQMC_CLEAN = [
  { sentence1: '花呗怎么还款', sentence2: '花呗如何还钱', label: '1' },
  { sentence1: '借呗能提额吗', sentence2: '花呗怎么关闭', label: '0' },
];
export const AFQMC_NOISY = [
  { sentence1: '华北怎么还款', sentence2: '花呗如何还钱', label: '1' },
  { sentence1: '借呗能体额吗', sentence2: '花呗怎么关闭', label: '0' },
];

export const CMRC_CLEAN = [
  {
    id: 'D_0_Q0',
    context: '长江是中国最长的河流。',
    question: '中国最长的河流是什么？',
    answers: [{ text: '长江', answer_start: 0 }],
  },
  {
    id: 'D_0_Q1',
    context: '长江是中国最长的河流。',
    question: '长江在哪个国家？',
    answers: [{ text: '中国', answer_start: 3 }],
  },
];

export const CSPIDER_CLEAN = [
  { db_id: 'shop', question: '有多少顾客？', query: 'SELECT count(*) FROM customer' },
  { db_id: 'shop', question: '列出所有商品名称。', query: 'SELECT name FROM product' },
];
export const TABLES = JSON.stringify([{ db_id: 'shop', table_names: ['customer', 'product'] }]);
