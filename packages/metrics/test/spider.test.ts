import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '@readin/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildSpiderSchemas,
  createSpiderMetric,
  parseSpiderSql,
  prepareSpiderGold,
  SPIDER_METRIC_NAMES,
  SpiderParseError,
  type SpiderStat,
  sameSpiderResults,
  spiderHardness,
  spiderMatch,
  spiderTokenize,
} from '../src/index.js';
import { PY_WS, pySplit } from '../src/spider/python.js';

// A small self-made schema: student.dept_id → dept.id, course.dept_id → dept.id.
const TABLES = [
  {
    db_id: 'school',
    table_names_original: ['Student', 'Dept', 'Course'],
    column_names_original: [
      [-1, '*'],
      [0, 'id'],
      [0, 'Name'],
      [0, 'age'],
      [0, 'dept_id'],
      [1, 'id'],
      [1, 'name'],
      [1, 'budget'],
      [2, 'cid'],
      [2, 'title'],
      [2, 'dept_id'],
    ],
    foreign_keys: [
      [4, 5],
      [10, 5],
    ],
  },
];
const schema = buildSpiderSchemas(TABLES).get('school')!;
const match = (gold: string, pred: unknown) => spiderMatch(schema, prepareSpiderGold(schema, gold), pred);

describe('spiderTokenize', () => {
  test.each([
    [
      "SELECT name FROM student WHERE age >= 18 AND name != 'Bob'",
      ['select', 'name', 'from', 'student', 'where', 'age', '>=', '18', 'and', 'name', '!=', '"Bob"'],
    ],
    ['SELECT count(*) FROM T1;', ['select', 'count', '(', '*', ')', 'from', 't1', ';']],
    ['select a <= b , "X y"', ['select', 'a', '<=', 'b', ',', '"X y"']],
    // NLTK pads `<` but not `=`: without spaces the operator is lost (and the query does not parse).
    ['a<=b', ['a', '<', '=b']],
    ['select cannot', ['select', 'can', 'not']],
    // Python's toks[eq_idx - 1] wraps to the last token when '=' comes first.
    ['= x <', ['=', 'x', '<=', 'x', '<']],
  ])('%s', (sql, toks) => {
    expect(spiderTokenize(sql)).toEqual(toks);
  });

  test('an odd number of quotes fails like the assert', () => {
    expect(() => parseSpiderSql(schema, "SELECT name FROM student WHERE name = 'x")).toThrow(
      SpiderParseError,
    );
  });
});

describe('parseSpiderSql', () => {
  test('builds the Spider SQL dict', () => {
    const sql = parseSpiderSql(
      schema,
      'SELECT T1.name, count(*) FROM student AS T1 JOIN dept AS T2 ON T1.dept_id = T2.id WHERE T2.budget > 10 GROUP BY T1.name ORDER BY count(*) DESC LIMIT 3',
    );
    expect(sql.select).toEqual([
      false,
      [
        [0, [0, [0, '__student.name__', false], null]],
        [3, [0, [0, '__all__', false], null]],
      ],
    ]);
    expect(sql.from).toEqual({
      table_units: [
        ['table_unit', '__student__'],
        ['table_unit', '__dept__'],
      ],
      conds: [[false, 2, [0, [0, '__student.dept_id__', false], null], [0, '__dept.id__', false], null]],
    });
    expect(sql.where).toEqual([[false, 3, [0, [0, '__dept.budget__', false], null], 10, null]]);
    expect(sql.groupBy).toEqual([[0, '__student.name__', false]]);
    expect(sql.orderBy).toEqual(['desc', [[0, [3, '__all__', false], null]]]);
    expect(sql.limit).toBe(3);
    expect([sql.intersect, sql.union, sql.except]).toEqual([null, null, null]);
  });

  test.each([
    ['SELECT name FROM student s'], // alias without AS
    ['SELECT name FROM student, dept'], // comma join
    ['SELECT nope FROM student'], // unknown column
    ['SELECT name FROM student WHERE age=1'], // NLTK keeps "age=1" as one token
    ['SELECT name FROM student LIMIT 1.5'], // int() fails
    ['SELECT name FROM student AS dept'], // alias equal to a table name
    ['SELECT'],
    [''],
  ])('raises on %s', (sql) => {
    expect(() => parseSpiderSql(schema, sql)).toThrow(SpiderParseError);
  });

  test('tables named sqlite_* are not in the schema (the reference built it in SQLite, which reserves them)', () => {
    const withSeq = buildSpiderSchemas([
      {
        db_id: 'd',
        table_names_original: ['t', 'sqlite_sequence'],
        column_names_original: [
          [-1, '*'],
          [0, 'a'],
          [1, 'name'],
          [1, 'seq'],
        ],
        foreign_keys: [],
      },
    ]).get('d')!;
    expect(parseSpiderSql(withSeq, 'SELECT a FROM t').from.table_units).toEqual([['table_unit', '__t__']]);
    expect(() => parseSpiderSql(withSeq, 'SELECT seq FROM sqlite_sequence')).toThrow(SpiderParseError);
  });

  test('Python float() forms are values, and select items need no comma', () => {
    const sql = parseSpiderSql(
      schema,
      'SELECT name age FROM student WHERE age > 1_000 OR age < 1e3 OR age = inf',
    );
    expect(sql.select[1]).toHaveLength(2);
    expect(sql.where.filter((x) => x === 'or')).toHaveLength(2);
  });
});

const G_JOIN =
  'SELECT T1.name FROM student AS T1 JOIN dept AS T2 ON T1.dept_id = T2.id WHERE T2.budget > 100 ORDER BY T1.age DESC LIMIT 1';

describe('exact set match', () => {
  test.each<[string, string, string, 0 | 1]>([
    ['identical', 'SELECT name FROM student', 'SELECT name FROM student', 1],
    [
      'values ignored',
      "SELECT name FROM student WHERE name = 'Bob'",
      "select name from student where name = 'Al'",
      1,
    ],
    ['DISTINCT ignored', 'SELECT DISTINCT name FROM student', 'SELECT name FROM student', 1],
    [
      'count(DISTINCT) ignored',
      'SELECT count(DISTINCT age) FROM student',
      'SELECT count(age) FROM student',
      1,
    ],
    ['case and spacing', 'SELECT name ,  age FROM student', 'select NAME,AGE from STUDENT', 1],
    ['select is a set', 'SELECT name, age FROM student', 'SELECT age, name FROM student', 1],
    ['aggregate differs', 'SELECT max(age) FROM student', 'SELECT min(age) FROM student', 0],
    ['extra select column', 'SELECT name FROM student', 'SELECT name, age FROM student', 0],
    [
      'where condition missing',
      'SELECT name FROM student WHERE age > 1 AND name = "x"',
      'SELECT name FROM student WHERE age > 1',
      0,
    ],
    [
      'where operator differs',
      'SELECT name FROM student WHERE age > 1',
      'SELECT name FROM student WHERE age < 1',
      0,
    ],
    [
      'and vs or',
      'SELECT name FROM student WHERE age > 1 AND age < 9',
      'SELECT name FROM student WHERE age > 1 OR age < 9',
      0,
    ],
    [
      'where order free',
      'SELECT name FROM student WHERE age > 1 AND name = "a"',
      'SELECT name FROM student WHERE name = "b" AND age > 7',
      1,
    ],
    [
      'group by differs',
      'SELECT count(*) FROM student GROUP BY age',
      'SELECT count(*) FROM student GROUP BY name',
      0,
    ],
    [
      'having differs',
      'SELECT age FROM student GROUP BY age HAVING count(*) > 1',
      'SELECT age FROM student GROUP BY age HAVING count(*) < 1',
      0,
    ],
    [
      'order direction',
      'SELECT name FROM student ORDER BY age ASC',
      'SELECT name FROM student ORDER BY age DESC',
      0,
    ],
    [
      'order default is asc',
      'SELECT name FROM student ORDER BY age ASC',
      'SELECT name FROM student ORDER BY age',
      1,
    ],
    [
      'limit missing',
      'SELECT name FROM student ORDER BY age LIMIT 1',
      'SELECT name FROM student ORDER BY age',
      0,
    ],
    [
      'limit value ignored',
      'SELECT name FROM student ORDER BY age LIMIT 1',
      'SELECT name FROM student ORDER BY age LIMIT 5',
      1,
    ],
    [
      'aliases swapped',
      G_JOIN,
      'SELECT T2.name FROM student AS T2 JOIN dept AS T1 ON T2.dept_id = T1.id WHERE T1.budget > 7 ORDER BY T2.age DESC LIMIT 1',
      1,
    ],
    [
      'no aliases',
      G_JOIN,
      'SELECT student.name FROM student JOIN dept ON student.dept_id = dept.id WHERE dept.budget > 7 ORDER BY student.age DESC LIMIT 1',
      1,
    ],
    [
      'join order free',
      G_JOIN,
      'SELECT T1.name FROM dept AS T2 JOIN student AS T1 ON T2.id = T1.dept_id WHERE T2.budget > 100 ORDER BY T1.age DESC LIMIT 1',
      1,
    ],
    [
      'join condition ignored',
      G_JOIN,
      'SELECT T1.name FROM student AS T1 JOIN dept AS T2 ON T1.age = T2.budget WHERE T2.budget > 100 ORDER BY T1.age DESC LIMIT 1',
      1,
    ],
    [
      'other table joined',
      'SELECT T1.name FROM student AS T1 JOIN dept AS T2 ON T1.dept_id = T2.id',
      'SELECT T1.name FROM student AS T1 JOIN course AS T2 ON T1.dept_id = T2.dept_id',
      0,
    ],
    [
      'foreign key unified',
      'SELECT T2.id FROM student AS T1 JOIN dept AS T2 ON T1.dept_id = T2.id',
      'SELECT T1.dept_id FROM student AS T1 JOIN dept AS T2 ON T1.dept_id = T2.id',
      1,
    ],
    ['foreign key needs the table in FROM', 'SELECT dept_id FROM student', 'SELECT id FROM dept', 0],
    [
      'nested same',
      'SELECT name FROM student WHERE dept_id IN (SELECT id FROM dept WHERE budget > 1)',
      'SELECT name FROM student WHERE dept_id IN (SELECT id FROM dept WHERE budget > 9)',
      1,
    ],
    [
      'nested differs',
      'SELECT name FROM student WHERE dept_id IN (SELECT id FROM dept WHERE budget > 1)',
      'SELECT name FROM student WHERE dept_id IN (SELECT id FROM dept WHERE budget < 1)',
      0,
    ],
    [
      'nested vs value',
      'SELECT name FROM student WHERE age > (SELECT avg(age) FROM student)',
      'SELECT name FROM student WHERE age > 20',
      0,
    ],
    [
      'not in vs in',
      'SELECT name FROM student WHERE dept_id NOT IN (SELECT id FROM dept)',
      'SELECT name FROM student WHERE dept_id IN (SELECT id FROM dept)',
      0,
    ],
    [
      'intersect same',
      'SELECT name FROM student WHERE age > 1 INTERSECT SELECT name FROM student WHERE age < 9',
      'SELECT name FROM student WHERE age > 3 INTERSECT SELECT name FROM student WHERE age < 3',
      1,
    ],
    [
      'intersect vs union',
      'SELECT name FROM student WHERE age > 1 INTERSECT SELECT name FROM student WHERE age < 9',
      'SELECT name FROM student WHERE age > 1 UNION SELECT name FROM student WHERE age < 9',
      0,
    ],
    [
      'IUE part missing',
      'SELECT name FROM student EXCEPT SELECT name FROM student WHERE age < 9',
      'SELECT name FROM student',
      0,
    ],
    [
      'like vs =',
      'SELECT name FROM student WHERE name LIKE "%a%"',
      'SELECT name FROM student WHERE name = "a"',
      0,
    ],
    [
      'between',
      'SELECT name FROM student WHERE age BETWEEN 1 AND 5',
      'SELECT name FROM student WHERE age BETWEEN 2 AND 9',
      1,
    ],
    ['arithmetic', 'SELECT age - dept_id FROM student', 'SELECT age + dept_id FROM student', 0],
    ['trailing semicolon', 'SELECT name FROM student', 'SELECT name FROM student ;', 1],
    ['tabs and newlines are whitespace', 'SELECT name FROM student', '\tSELECT\tname\nFROM student\n', 1],
  ])('%s', (_name, gold, pred, expected) => {
    expect(match(gold, pred).match).toBe(expected);
  });

  test('partial components are reported', () => {
    const r = match('SELECT name FROM student WHERE age > 1', 'SELECT name FROM student WHERE age < 1');
    expect(r.partial?.where.f1).toBe(0);
    expect(r.partial?.['where(no OP)'].f1).toBe(1);
    expect(r.partial?.select.f1).toBe(1);
  });

  test.each<[string, unknown]>([
    ['garbage text', 'hello world'],
    ['empty', ''],
    ['only SELECT', 'SELECT'],
    ['undefined', undefined],
    ['null', null],
    ['number', 42],
    ['object', { sql: 'SELECT name FROM student' }],
    ['unbalanced quote', "SELECT name FROM student WHERE name = 'x"],
    ['huge', 'SELECT '.repeat(20_000)],
    [
      'deep nesting',
      `SELECT name FROM student WHERE age IN ${'(SELECT age FROM student WHERE age IN '.repeat(400)}(1)${')'.repeat(400)}`,
    ],
    ['misaligned conditions', 'SELECT name FROM student WHERE age > 1 name = 2 AND age < 3'],
    [
      'many misaligned conditions',
      `SELECT name FROM student WHERE ${Array.from({ length: 20_000 }, (_, i) => `age = ${i}`).join(' ')}`,
    ],
    ['many unions', Array.from({ length: 300 }, () => 'SELECT name FROM student').join(' UNION ')],
  ])('%s scores 0 without throwing', (_name, pred) => {
    const r = match('SELECT name FROM student', pred);
    expect(r.match).toBe(0);
  });

  test('an unparsable prediction is the empty SQL', () => {
    const r = match('SELECT name FROM student', 'SELECT nope FROM student');
    expect(r.parsed).toBe(false);
    expect(r.partial?.select.f1).toBe(0);
    expect(r.partial?.where.f1).toBe(1);
  });
});

describe('hardness', () => {
  test.each([
    ['SELECT count(*) FROM student', 'easy'],
    ['SELECT name FROM student WHERE age > 1', 'easy'],
    ['SELECT name, age FROM student WHERE age > 18', 'medium'],
    ['SELECT name FROM student WHERE age > 1 ORDER BY age', 'medium'],
    ['SELECT name FROM student WHERE age > 1 ORDER BY age LIMIT 1', 'hard'],
    ['SELECT name FROM student WHERE age > (SELECT avg(age) FROM student)', 'hard'],
    ['SELECT name FROM student WHERE age > 1 INTERSECT SELECT name FROM student WHERE age < 9', 'hard'],
    [G_JOIN, 'extra'],
    // the ORDER BY belongs to the EXCEPT part
    ['SELECT name FROM student WHERE age > 1 EXCEPT SELECT name FROM student ORDER BY age', 'hard'],
    ['SELECT name FROM student WHERE age > 1 AND age < 5 EXCEPT SELECT name FROM student', 'extra'],
    ['SELECT count(*) FROM student GROUP BY age HAVING count(*) > 1', 'easy'],
    // count_agg(having) runs over the whole list: the 'and' string counts as an aggregate ('and'[0] != 0).
    ['SELECT count(*) FROM student GROUP BY age HAVING count(*) > 1 AND min(age) > 2', 'medium'],
  ])('%s → %s', (sql, level) => {
    expect(spiderHardness(parseSpiderSql(schema, sql))).toBe(level);
  });
});

describe('createSpiderMetric', () => {
  test('corpus, by hardness, example metrics and worst', async () => {
    const metric = await createSpiderMetric({ tables: TABLES });
    expect(metric.task).toBe('cspider');
    expect(metric.metricNames).toEqual(SPIDER_METRIC_NAMES);
    expect(metric.exec).toBe(false);
    const easy = { query: 'SELECT name FROM student', db_id: 'school' };
    const medium = { query: 'SELECT name, age FROM student WHERE age > 18', db_id: 'school' };
    const a = metric.exampleStats(easy, 'SELECT name FROM student');
    const b = metric.exampleStats(medium, 'SELECT name FROM student');
    const c = metric.exampleStats(medium, 'select age, name from student where age > 3');
    expect([a.match, b.match, c.match]).toEqual([1, 0, 1]);
    expect(metric.corpus([a, b, c])).toEqual({
      exact_match: 200 / 3,
      exact_match_easy: 100,
      exact_match_medium: 50,
      exact_match_hard: 0,
      exact_match_extra: 0,
    });
    expect(metric.corpus([])).toMatchObject({ exact_match: 0 });
    expect(metric.exampleMetrics(b)).toEqual({ exact_match: 0 });
    const stats: SpiderStat[] = [a, b, c];
    const frozen = JSON.stringify(stats);
    metric.corpus(stats);
    expect(JSON.stringify(stats)).toBe(frozen);
    expect(
      metric.worst([
        [a, a, a],
        [c, b, c],
        [c, c, c],
      ]).exact_match,
    ).toBeCloseTo(200 / 3, 12);
    expect(
      metric.worst([
        [a, a, a],
        [c, b, c],
        [c, c, c],
      ]).exact_match_medium,
    ).toBe(50);
  });

  test('gold problems are data errors', async () => {
    const metric = await createSpiderMetric({ tables: TABLES });
    expect(() => metric.exampleStats({ query: 'SELECT name FROM student', db_id: 'nope' }, 'x')).toThrow(
      DataFormatError,
    );
    expect(() => metric.exampleStats({ query: 'SELECT nope FROM student', db_id: 'school' }, 'x')).toThrow(
      DataFormatError,
    );
    await expect(createSpiderMetric({ tables: [{ db_id: 3 }] })).rejects.toThrow(DataFormatError);
  });

  test('random predictions never throw', async () => {
    const metric = await createSpiderMetric({ tables: TABLES });
    const gold = { query: G_JOIN, db_id: 'school' };
    const words = [
      'select',
      'from',
      'where',
      'student',
      'dept',
      'T1',
      'T2',
      'as',
      'join',
      'on',
      '(',
      ')',
      ',',
      '=',
      '>',
      '!',
      'name',
      'T1.name',
      'count',
      '*',
      'and',
      'or',
      'not',
      'in',
      'group',
      'by',
      'order',
      'having',
      'limit',
      '1',
      "'x'",
      '"',
      'union',
      'intersect',
      'between',
      ';',
      'distinct',
    ];
    const inputs: unknown[] = [
      fc.string(),
      // any code points, lone surrogates included
      fc
        .array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 80 })
        .map((cps) => String.fromCodePoint(...cps)),
      fc.array(fc.constantFrom(...words), { maxLength: 40 }).map((w) => w.join(' ')),
      fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.constantFrom({}, { sql: 'SELECT name FROM student' }, Symbol('x'), 10n, () => 'SELECT'),
    ].flatMap((arb: fc.Arbitrary<unknown>) => fc.sample(arb, { numRuns: 100, seed: 7 }));
    const bad = inputs.filter((pred) => {
      const s = metric.exampleStats(gold, pred);
      return !((s.match === 0 || s.match === 1) && s.hardness === 'extra');
    });
    expect(bad).toEqual([]);
  });

  test('memoised parses and matches give what a fresh metric gives, in any order', async () => {
    const shared = await createSpiderMetric({ tables: TABLES });
    const golds = [
      { query: G_JOIN, db_id: 'school' },
      { query: 'SELECT name FROM student', db_id: 'school' },
      { query: 'SELECT name, age FROM student WHERE age > 18', db_id: 'school' },
      { query: 'SELECT count(*) FROM student GROUP BY dept_id', db_id: 'school' },
    ];
    const preds = [
      ...golds.map((g) => g.query),
      ...golds.map((g) => `  ${g.query.toLowerCase()} `),
      'SELECT nope FROM student',
      'SELECT name FROM',
      '',
      'select age, name from student where age > 3',
      42,
      null,
    ];
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(golds.length - 1), fc.nat(preds.length - 1)), { maxLength: 12 }),
        async (pairs) => {
          for (const [g, p] of pairs) {
            const fresh = await createSpiderMetric({ tables: TABLES });
            expect(shared.exampleStats(golds[g]!, preds[p])).toEqual(fresh.exampleStats(golds[g]!, preds[p]));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('spider exports are pinned', async () => {
    const keys = Object.keys(await import('../src/index.js')).filter((k) => /spider/i.test(k));
    expect(keys.sort()).toEqual([
      'SPIDER_HARDNESS_LEVELS',
      'SPIDER_METRIC_NAMES',
      'SPIDER_PARTIAL_TYPES',
      'SpiderParseError',
      'buildSpiderSchemas',
      'createSpiderMetric',
      'emptySpiderSql',
      'parseSpiderSql',
      'prepareSpiderGold',
      'sameSpiderResults',
      'spiderEvalExactMatch',
      'spiderGold',
      'spiderHardness',
      'spiderMatch',
      'spiderPartialMatch',
      'spiderRebuildForMatch',
      'spiderTokenize',
    ]);
  });
});

describe('sameSpiderResults', () => {
  test.each<[string, unknown[][], unknown[][], boolean, boolean]>([
    ['same rows', [[1, 'a']], [[1, 'a']], false, true],
    ['row order free', [[1], [2]], [[2], [1]], false, true],
    ['row order kept with ORDER BY', [[1], [2]], [[2], [1]], true, false],
    [
      'column order free',
      [
        [1, 'a'],
        [2, 'b'],
      ],
      [
        ['a', 1],
        ['b', 2],
      ],
      false,
      true,
    ],
    ['multiset, not set', [[1], [1]], [[1], [2]], false, false],
    ['int equals float', [[1]], [[1.0]], false, true],
    ['null is not 0', [[null]], [[0]], false, false],
    ['row count', [[1]], [], false, false],
    ['both empty', [], [], false, true],
  ])('%s', (_name, gold, pred, ordered, expected) => {
    expect(sameSpiderResults(gold as never, pred as never, ordered)).toBe(expected);
  });
});

describe('execution accuracy', () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readin-spider-'));
    const { default: Database } = await import('better-sqlite3');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'school'));
    const db = new Database(join(dir, 'school', 'school.sqlite'));
    db.exec(`
      CREATE TABLE Student (id INTEGER, Name TEXT, age INTEGER, dept_id INTEGER);
      CREATE TABLE Dept (id INTEGER, name TEXT, budget REAL);
      CREATE TABLE Course (cid INTEGER, title TEXT, dept_id INTEGER);
      INSERT INTO Student VALUES (1, 'Ann', 20, 1), (2, 'Bob', 22, 2), (3, 'Cy', 19, 1);
      INSERT INTO Dept VALUES (1, 'Math', 100.5), (2, 'Art', 50);
    `);
    db.close();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a missing database folder or file is reported', async () => {
    const { NotFoundError } = await import('@readin/core');
    await expect(createSpiderMetric({ tables: TABLES, databaseDir: join(dir, 'nope') })).rejects.toThrow(
      NotFoundError,
    );
    const other = [{ ...TABLES[0]!, db_id: 'other' }];
    const metric = await createSpiderMetric({ tables: other, databaseDir: dir });
    expect(() =>
      metric.exampleStats({ query: 'SELECT name FROM student', db_id: 'other' }, 'SELECT 1'),
    ).toThrow(NotFoundError);
    metric.close();
  });

  test('exec compares results and survives bad or runaway queries', async () => {
    const metric = await createSpiderMetric({ tables: TABLES, databaseDir: dir, execTimeoutMs: 600 });
    try {
      expect(metric.metricNames).toEqual([...SPIDER_METRIC_NAMES, 'exec']);
      const gold = { query: 'SELECT name, age FROM student WHERE age > 19', db_id: 'school' };
      const ordered = { query: 'SELECT name FROM student ORDER BY age', db_id: 'school' };
      const cases: [typeof gold, unknown, 0 | 1][] = [
        [gold, 'SELECT age, name FROM student WHERE age >= 20', 1],
        [gold, 'SELECT name, age FROM student WHERE age > 20', 0],
        [ordered, 'SELECT name FROM student ORDER BY age', 1],
        [ordered, 'SELECT name FROM student ORDER BY age DESC', 0],
        [gold, 'SELECT nope FROM student', 0],
        [gold, 'DROP TABLE student', 0],
        [gold, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c', 0],
        [gold, 42, 0],
        [gold, 'SELECT name, age FROM student WHERE age > 19', 1],
      ];
      const stats = cases.map(([g, p, want]) => {
        const s = metric.exampleStats(g, p);
        expect(s.exec, String(p)).toBe(want);
        return s;
      });
      expect(stats[6]!.execError).toMatch(/timeout/);
      expect(stats[1]!.match).toBe(1); // values are ignored by exact match, not by execution
      expect(metric.corpus(stats).exec).toBeCloseTo((100 * 3) / 9, 10);
      expect(metric.worst([[stats[0]!, stats[1]!]]).exec).toBe(0);
    } finally {
      metric.close();
    }
  });
});

describe('pySplit (Python str.split())', () => {
  const runs = new RegExp(`[${PY_WS}]+`);
  const reference = (text: string) => text.split(runs).filter((part) => part !== '');
  test.each([
    ['a b', ['a', 'b']],
    ['  a   b  ', ['a', 'b']],
    ['a\tb\u3000c\u00a0d', ['a', 'b', 'c', 'd']],
    ['a \x1c b', ['a', 'b']],
    ['', []],
    ['   ', []],
    ['a\u200bb', ['a\u200bb']],
  ])('%j → %j', (text, expected) => {
    expect(pySplit(text)).toEqual(expected);
  });

  test('equals splitting at runs of Python whitespace, with or without other whitespace than spaces', () => {
    const piece = fc.constantFrom(
      'a',
      'B',
      '(',
      '"',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u3000',
      '\x1c',
      '中',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(pySplit(text)).toEqual(reference(text));
      }),
    );
  });
});
