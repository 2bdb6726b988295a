import { type ExampleByTask, Rng, sha256, stableStringify, type TaskId, UsageError } from '@readin/core';
import { EXTRACTION_RULES } from './extract.js';
import type { ChatMessage, SpiderSchema, TaskContext } from './types.js';

/**
 * A prompt template, declared as data. `{name}` placeholders are filled from the fields `promptFields` computes
 * for an example (no logic inside strings). Changing any text must bump `version`.
 */
export interface PromptTemplate {
  readonly id: string;
  readonly version: number;
  readonly task: TaskId;
  /** The system message (chat) / preamble (completion). */
  readonly system: string;
  /** What to do, placed before the demonstrations. */
  readonly instruction: string;
  /** One example's input. */
  readonly input: string;
  /** The answer cue; a demonstration appends its gold answer after it. */
  readonly answer: string;
  /** Extra fields `promptFields` provides besides the example's own, for documentation. */
  readonly fields: readonly string[];
}

/** The built-in Chinese prompt templates, one per task (version 1). */
export const PROMPT_TEMPLATES: Readonly<Record<TaskId, PromptTemplate>> = {
  afqmc: {
    id: 'afqmc-zh',
    version: 1,
    task: 'afqmc',
    system: '你是一个严谨的中文语义理解助手。',
    instruction: '判断下面两个句子表达的意思是否相同。意思相同回答“是”，不同回答“否”。只回答“是”或“否”。',
    input: '句子一：{sentence1}\n句子二：{sentence2}',
    answer: '答案：',
    fields: ['sentence1', 'sentence2', 'answer'],
  },
  cmrc2018: {
    id: 'cmrc2018-zh',
    version: 1,
    task: 'cmrc2018',
    system: '你是一个严谨的中文阅读理解助手。',
    instruction: '阅读文章，回答问题。答案必须是文章中连续的一段原文，尽量简短，不要解释。',
    input: '文章：{context}\n问题：{question}',
    answer: '答案：',
    fields: ['context', 'question', 'answer'],
  },
  cspider: {
    id: 'cspider-zh',
    version: 1,
    task: 'cspider',
    system: '你是一个熟练的 SQLite 数据库专家。',
    instruction:
      '根据数据库结构，把中文问题翻译成一条 SQLite SQL 查询。只输出 SQL，放在 ```sql 代码块中，不要解释。',
    input: '数据库：{db_id}\n{schema}\n问题：{question}',
    answer: 'SQL：',
    fields: ['db_id', 'schema', 'question', 'answer'],
  },
  wmt21: {
    id: 'wmt21-zh-en',
    version: 1,
    task: 'wmt21',
    system: 'You are a professional Chinese-to-English translator.',
    instruction: '把下面的中文句子翻译成英文。只输出一行英文译文，不要解释。',
    input: '中文：{zh}',
    answer: '英文：',
    fields: ['zh', 'answer'],
  },
};

/** Schema as prompt text: one line per table, `表 singer(singer_id, name, country, age)`. */
export function schemaText(schema: SpiderSchema): string {
  const lines: string[] = [];
  schema.table_names_original.forEach((table, t) => {
    const columns = schema.column_names_original.filter(([ti]) => ti === t).map(([, name]) => name);
    lines.push(`表 ${table}(${columns.join(', ')})`);
  });
  return lines.join('\n');
}

function goldAnswer<T extends TaskId>(task: T, example: ExampleByTask[T]): string {
  switch (task) {
    case 'afqmc':
      return (example as ExampleByTask['afqmc']).label === '1' ? '是' : '否';
    case 'cmrc2018':
      return (example as ExampleByTask['cmrc2018']).answers[0]?.text ?? '';
    case 'cspider':
      return `\`\`\`sql\n${(example as ExampleByTask['cspider']).query}\n\`\`\``;
    default:
      return (example as ExampleByTask['wmt21']).en.trim();
  }
}

/** The values for a template's placeholders: the example's string fields plus computed ones (`schema`). */
export function promptFields<T extends TaskId>(
  task: T,
  example: ExampleByTask[T],
  context: TaskContext<T> = {},
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(example))
    if (typeof value === 'string') fields[key] = value.trim();
  if (task === 'cspider') {
    if (!context.schema)
      throw new UsageError(`cspider example ${example.id} has no database schema.`, {
        field: 'db_id',
        hint: "Pass the tables.json entry of the example's db_id as context.schema.",
      });
    fields.schema = schemaText(context.schema);
  }
  return fields;
}

function fill(template: string, fields: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => fields[name] ?? whole);
}

/** A rendered prompt, in both shapes: chat messages and one completion string. */
export interface RenderedPrompt {
  readonly messages: readonly ChatMessage[];
  readonly text: string;
}

/**
 * Renders a task prompt. Demonstrations (`context.shots`) become user/assistant turns in chat, and
 * input/answer blocks in the completion text.
 */
export function renderPrompt<T extends TaskId>(
  task: T,
  example: ExampleByTask[T],
  context: TaskContext<T> = {},
  template: PromptTemplate = PROMPT_TEMPLATES[task],
): RenderedPrompt {
  const shots = context.shots ?? [];
  const messages: ChatMessage[] = [{ role: 'system', content: template.system }];
  const blocks: string[] = [template.system, template.instruction];
  shots.forEach((shot, i) => {
    const input = fill(template.input, promptFields(task, shot, context));
    const answer = goldAnswer(task, shot);
    messages.push({ role: 'user', content: i === 0 ? `${template.instruction}\n\n${input}` : input });
    messages.push({ role: 'assistant', content: answer });
    blocks.push(`${input}\n${template.answer}${answer}`);
  });
  const input = fill(template.input, promptFields(task, example, context));
  messages.push({
    role: 'user',
    content: shots.length === 0 ? `${template.instruction}\n\n${input}` : input,
  });
  blocks.push(`${input}\n${template.answer}`);
  return { messages, text: blocks.join('\n\n') };
}

/**
 * `prompt:<id>@<version>|extract:<rule>@<version>|shots:<k>|sha:<12 hex>` — the hash covers the template text
 * and the extraction rule, so any change to either changes the run signature.
 */
export function promptSignature(
  task: TaskId,
  options: { shots?: number; template?: PromptTemplate } = {},
): string {
  const template = options.template ?? PROMPT_TEMPLATES[task];
  const rule = EXTRACTION_RULES[task];
  const shots = options.shots ?? 0;
  const hash = sha256(
    stableStringify({ template, extraction: { name: rule.name, version: rule.version }, shots }),
  ).slice(0, 12);
  return `prompt:${template.id}@${template.version}|extract:${rule.name}@${rule.version}|shots:${shots}|sha:${hash}`;
}

/**
 * `k` demonstrations drawn without replacement from a clean training pool, reproducibly (`seed`, default 0).
 * AFQMC draws alternate labels so both classes are shown.
 */
export function selectShots<T extends TaskId>(
  task: T,
  pool: ReadonlyArray<ExampleByTask[T]>,
  k: number,
  options: { seed?: number | string } = {},
): Array<ExampleByTask[T]> {
  if (!(k >= 0) || !Number.isInteger(k))
    throw new UsageError(`shots must be a non-negative integer, got ${k}.`);
  if (k === 0) return [];
  if (pool.length < k)
    throw new UsageError(
      `${task}: asked for ${k} shots but the training pool holds ${pool.length} examples.`,
      {
        hint: 'Use fewer shots or a larger training file.',
      },
    );
  const rng = Rng.for(options.seed ?? 0, 'shots', task);
  const order = rng.shuffle(pool);
  if (task !== 'afqmc') return order.slice(0, k);
  const byLabel = {
    '1': order.filter((e) => (e as ExampleByTask['afqmc']).label === '1'),
    '0': order.filter((e) => (e as ExampleByTask['afqmc']).label !== '1'),
  };
  const out: Array<ExampleByTask[T]> = [];
  for (let i = 0; out.length < k; i++) {
    const first = i % 2 === 0 ? byLabel['1'] : byLabel['0'];
    const second = i % 2 === 0 ? byLabel['0'] : byLabel['1'];
    const pick = first.shift() ?? second.shift();
    if (pick === undefined) break;
    out.push(pick);
  }
  return out;
}
