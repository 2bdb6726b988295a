import {
  type CmrcAnswer,
  DataFormatError,
  type Example,
  isTaskId,
  suggest,
  TASK_FIELDS,
  TASK_IDS,
  type TaskId,
  UsageError,
} from '@readin/core';

/** Folder (or file-name) spellings of each task, lower case. */
const TASK_ALIASES: Readonly<Record<string, TaskId>> = {
  afqmc: 'afqmc',
  cmrc2018: 'cmrc2018',
  cmrc: 'cmrc2018',
  cspider: 'cspider',
  spider: 'cspider',
  wmt21: 'wmt21',
  wmt: 'wmt21',
  wmt2021: 'wmt21',
};

/** The task a folder or file name stands for (`cmrc` → `cmrc2018`, `spider` → `cspider`, …), if any. */
export function taskFromName(name: string): TaskId | undefined {
  return TASK_ALIASES[name.toLowerCase()];
}

/** Checks a `--task` value (aliases allowed); an unknown name is a UsageError with a did-you-mean. */
export function parseTaskOption(value: string): TaskId {
  const task = isTaskId(value) ? value : taskFromName(value);
  if (task) return task;
  const near = [...new Set(suggest(value, Object.keys(TASK_ALIASES)).map((a) => TASK_ALIASES[a]!))];
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
  throw new UsageError(`unknown task "${value}".${hint}`, {
    field: 'task',
    hint: `Tasks: ${TASK_IDS.join(', ')}.`,
  });
}

/** Guesses the task from the field names of one record; undefined when they fit none. */
export function taskFromFields(keys: Iterable<string>): TaskId | undefined {
  const k = new Set(keys);
  if (k.has('sentence1') || k.has('sentence2')) return 'afqmc';
  if (k.has('zh')) return 'wmt21';
  if (k.has('db_id') || k.has('query')) return 'cspider';
  if (k.has('context') || k.has('answers') || k.has('paragraphs') || k.has('data')) return 'cmrc2018';
  return undefined;
}

/** Where a record came from, for error messages. */
export interface RecordPlace {
  readonly file: string;
  /** 1-based line, when the format has lines per record. */
  readonly line?: number;
  /** Prefix of field paths inside a whole-document file, e.g. `[12]` or `data[0].paragraphs[3].qas[1]`. */
  readonly path?: string;
  /** 0-based position of the record in its split: the id of records without one. */
  readonly index: number;
}

const REQUIRED: Readonly<Record<TaskId, readonly string[]>> = {
  afqmc: ['sentence1', 'sentence2', 'label'],
  cmrc2018: ['context', 'question', 'answers'],
  cspider: ['db_id', 'question', 'query'],
  wmt21: ['zh', 'en'],
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

function fail(place: RecordPlace, field: string | undefined, message: string, hint: string): never {
  const full = field === undefined ? place.path : place.path ? `${place.path}.${field}` : field;
  throw new DataFormatError(message, {
    file: place.file,
    ...(place.line === undefined ? {} : { line: place.line }),
    ...(full === undefined ? {} : { field: full }),
    hint,
  });
}

function shape(task: TaskId): string {
  switch (task) {
    case 'afqmc':
      return 'An afqmc record is {"sentence1": str, "sentence2": str, "label": "0"|"1"}.';
    case 'cmrc2018':
      return 'A cmrc2018 record is {"id", "context": str, "question": str, "answers": [{"text": str, "answer_start": int}]}.';
    case 'cspider':
      return 'A cspider record is {"db_id": str, "question": str, "query": str}.';
    case 'wmt21':
      return 'A wmt21 record is {"id": str, "zh": str, "en": str}.';
  }
}

function str(task: TaskId, obj: Record<string, unknown>, field: string, place: RecordPlace): string {
  const v = obj[field];
  if (typeof v === 'string') return v;
  if (v === undefined)
    fail(
      place,
      field,
      `missing field; expected a string.`,
      `${shape(task)} Fields found: ${Object.keys(obj).join(', ') || 'none'}.`,
    );
  return fail(place, field, `expected a string, found ${describe(v)}.`, shape(task));
}

function id(task: TaskId, obj: Record<string, unknown>, place: RecordPlace): string {
  const v = obj.id;
  if (v === undefined || v === null) return String(place.index);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return fail(place, 'id', `expected a string or integer id, found ${describe(v)}.`, shape(task));
}

/** Strips one trailing line break (the clean READIN WMT file ends every `zh`/`en` with "\n"). */
function stripNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;
}

/**
 * Checks one raw record against its task and returns the normalised example: ids and labels as strings,
 * missing ids replaced by the record's 0-based index, WMT's trailing newline stripped. Unknown extra fields are
 * dropped. A wrong or missing field is a DataFormatError naming file, line and field.
 */
export function normaliseRecord(task: TaskId, raw: unknown, place: RecordPlace): Example {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    fail(place, undefined, `expected a JSON object, found ${describe(raw)}.`, shape(task));
  const obj = raw as Record<string, unknown>;
  switch (task) {
    case 'afqmc': {
      const l = obj.label;
      let label: '0' | '1';
      if (l === '0' || l === 0) label = '0';
      else if (l === '1' || l === 1) label = '1';
      else if (l === undefined)
        return fail(place, 'label', 'missing field; expected "0" or "1".', shape(task));
      else return fail(place, 'label', `expected "0" or "1", found ${describe(l)}.`, shape(task));
      return {
        id: id(task, obj, place),
        sentence1: str(task, obj, 'sentence1', place),
        sentence2: str(task, obj, 'sentence2', place),
        label,
      };
    }
    case 'cmrc2018': {
      const rawAnswers = obj.answers;
      if (!Array.isArray(rawAnswers))
        fail(
          place,
          'answers',
          rawAnswers === undefined
            ? 'missing field; expected an array of answers.'
            : `expected an array, found ${describe(rawAnswers)}.`,
          shape(task),
        );
      const answers: CmrcAnswer[] = (rawAnswers as unknown[]).map((a, i) => {
        const at = { ...place, path: `${place.path ? `${place.path}.` : ''}answers[${i}]` };
        if (a === null || typeof a !== 'object' || Array.isArray(a))
          fail(at, undefined, `expected an answer object, found ${describe(a)}.`, shape(task));
        const ao = a as Record<string, unknown>;
        const text = str(task, ao, 'text', at);
        const s = ao.answer_start;
        const start =
          typeof s === 'number' ? s : typeof s === 'string' && /^-?\d+$/.test(s) ? Number(s) : undefined;
        if (start === undefined || !Number.isInteger(start))
          fail(
            at,
            'answer_start',
            `expected an integer, found ${s === undefined ? 'nothing' : describe(s)}.`,
            shape(task),
          );
        return { text, answer_start: start as number };
      });
      return {
        id: id(task, obj, place),
        context: str(task, obj, 'context', place),
        question: str(task, obj, 'question', place),
        answers,
      };
    }
    case 'cspider':
      return {
        id: id(task, obj, place),
        db_id: str(task, obj, 'db_id', place),
        question: str(task, obj, 'question', place),
        query: str(task, obj, 'query', place),
      };
    case 'wmt21':
      return {
        id: id(task, obj, place),
        zh: stripNewline(str(task, obj, 'zh', place)),
        en: stripNewline(str(task, obj, 'en', place)),
      };
  }
}

/** The fields a task's records must carry (for messages and wide-TSV checks). */
export function requiredFields(task: TaskId): readonly string[] {
  return REQUIRED[task];
}

/** The noised input fields of an example, in TASK_FIELDS order. */
export function noisedTexts(task: TaskId, example: Example): string[] {
  const obj = example as unknown as Record<string, string>;
  return TASK_FIELDS[task].noised.map((f) => obj[f] ?? '');
}
