import type { CspiderExample } from '@readin/core';
import type { SpiderSchema } from '../types.js';
import { SCHEMA_GLOSS, segment } from './gloss-data.js';
import { normalize } from './text.js';

interface Linked {
  readonly index: number;
  readonly name: string;
  readonly table: number;
  readonly numeric: boolean;
  /** Offset in the question of the first word linked to it. */
  readonly position: number;
}

const COUNT = /多少|几个|几位|几家|几本|几种|几名|数量|数目|总数|个数|有几|人数|统计/;
/** "是多少" asks for a value ("what is"), not a count, when an aggregate word is present. */
const VALUE_QUESTION = /是多少|为多少|有多少钱/;
const AGGREGATES: ReadonlyArray<readonly [RegExp, string]> = [
  [/平均/g, 'avg'],
  [/最大|最高|最多|最长|最老|最贵|最晚/g, 'max'],
  [/最小|最低|最少|最短|最年轻|最便宜|最早/g, 'min'],
  [/总和|总额|总计|合计|总共|之和/g, 'sum'],
];
const MIN = /最小|最低|最少|最短|最年轻|最便宜|最早/;
const MAX = /最大|最高|最多|最长|最老|最贵|最晚/;
const EACH = /每个|每一个|每种|每位|每家|每类|各个|各/;
const DESC = /降序|从高到低|从大到小|从多到少|从老到年轻|从晚到早/;
const ASC = /升序|从低到高|从小到大|从少到多|从年轻到老|从早到晚/;
const ORDER = /排序|排列|顺序|按照|按/;
const DISTINCT = /不同的|不重复|不同/;

function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}

/** English words the question mentions: glosses of its Chinese words, and its own Latin words, with positions. */
function questionWords(question: string): Map<string, number> {
  const words = new Map<string, number>();
  let offset = 0;
  for (const token of segment(normalize(question), SCHEMA_GLOSS)) {
    const gloss = SCHEMA_GLOSS.get(token);
    const english = gloss ?? (/^[a-z0-9_]+$/.test(token) ? token : '');
    for (const w of english.split(/[\s_]+/)) if (w && !words.has(stem(w))) words.set(stem(w), offset);
    offset += token.length;
  }
  for (const m of normalize(question).matchAll(/[a-z][a-z0-9_]*/g))
    for (const w of m[0].split('_')) if (!words.has(stem(w))) words.set(stem(w), m.index);
  return words;
}

function nameParts(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[\s_]+/)
    .filter(Boolean)
    .map(stem);
}

/** Position of the first question word linked to `name`, ignoring the words in `ignore` (its table's name). */
function link(
  name: string,
  words: ReadonlyMap<string, number>,
  ignore: readonly string[] = [],
): number | undefined {
  const parts = nameParts(name).filter((p) => !ignore.includes(p) && (p !== 'id' || words.has('id')));
  if (parts.length === 0) return undefined;
  const hits = parts.filter((p) => words.has(p));
  if (hits.length === 0 || hits.length * 2 < parts.length) return undefined;
  return Math.min(...hits.map((h) => words.get(h)!));
}

/**
 * CSpider `template-sql`: links the question's words (through a small zh→en gloss list) to the schema's
 * English table and column names, picks the table with the most links, and fills one of a few templates:
 * `SELECT count(*) FROM t`, `SELECT agg(col) FROM t`, `SELECT c, count(*) FROM t GROUP BY c`,
 * `SELECT cols FROM t ORDER BY n [DESC] [LIMIT 1]`, `SELECT cols FROM t`. Values and WHERE clauses are not
 * attempted.
 */
export function templateSql(example: Pick<CspiderExample, 'question'>, schema: SpiderSchema): string {
  const q = example.question;
  const words = questionWords(q);
  const columns: Linked[] = [];
  schema.column_names.forEach(([table, name], index) => {
    if (table < 0) return;
    const position = link(name, words, nameParts(schema.table_names[table] ?? ''));
    if (position === undefined) return;
    columns.push({
      index,
      name: schema.column_names_original[index]?.[1] ?? name,
      table,
      numeric: schema.column_types?.[index] === 'number',
      position,
    });
  });
  const tableScores = schema.table_names.map((name, t) => {
    const parts = nameParts(name);
    const tableLink = (3 * parts.filter((p) => words.has(p)).length) / Math.max(1, parts.length);
    const linkedColumns = columns.filter((c) => c.table === t && !/^id$/i.test(c.name)).length;
    return tableLink + linkedColumns;
  });
  let table = 0;
  tableScores.forEach((s, t) => {
    if (s > tableScores[table]!) table = t;
  });
  const tableName = schema.table_names_original[table] ?? schema.table_names[table] ?? 't';
  const linked = columns
    .filter((c) => c.table === table)
    .sort((a, b) => a.position - b.position || a.index - b.index);
  const numeric = linked.filter((c) => c.numeric);
  const from = ` FROM ${tableName}`;

  const each = EACH.test(q);
  const aggregates: Array<{ fn: string; at: number }> = [];
  for (const [pattern, fn] of AGGREGATES)
    for (const m of q.matchAll(pattern)) aggregates.push({ fn, at: m.index });
  aggregates.sort((a, b) => a.at - b.at);
  const counting = COUNT.test(q) && !(aggregates.length > 0 && numeric.length > 0);
  if (counting) {
    const group = linked.find((c) => !c.numeric);
    if (each && group) return `SELECT ${group.name} , count(*)${from} GROUP BY ${group.name}`;
    if (DISTINCT.test(q) && group) return `SELECT count(DISTINCT ${group.name})${from}`;
    return `SELECT count(*)${from}`;
  }
  const selected = (exclude?: Linked) => {
    const cols = linked.filter((c) => c !== exclude).map((c) => c.name);
    return cols.length > 0 ? cols.join(' , ') : '*';
  };
  const target = numeric[0];
  if (target && aggregates.length > 0) {
    const others = linked.filter((c) => !c.numeric);
    const superlativeOnly = aggregates.every((a) => a.fn === 'max' || a.fn === 'min');
    if (superlativeOnly && others.length > 0 && !VALUE_QUESTION.test(q)) {
      const direction = MIN.test(q) && !MAX.test(q) ? '' : ' DESC';
      return `SELECT ${selected(target)}${from} ORDER BY ${target.name}${direction} LIMIT 1`;
    }
    // Each aggregate applies to the first numeric column mentioned after it.
    const columnFor = (at: number) => (numeric.find((c) => c.position >= at) ?? target).name;
    return `SELECT ${aggregates.map((a) => `${a.fn}(${columnFor(a.at)})`).join(' , ')}${from}`;
  }
  if (target && ORDER.test(q) && (DESC.test(q) || ASC.test(q) || /排序|排列/.test(q))) {
    return `SELECT ${selected()}${from} ORDER BY ${target.name}${DESC.test(q) ? ' DESC' : ''}`;
  }
  return `SELECT ${/不同的|不重复/.test(q) ? 'DISTINCT ' : ''}${selected()}${from}`;
}
