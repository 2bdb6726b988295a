/**
 * The CMRC2018 TaskMetric (official v6 EM/F1) and an `evaluate` that mirrors the official script end to end.
 */
import { type CmrcExample, DataFormatError, type MetricValues, PredictionFormatError } from '@readin/core';
import type { TaskMetric } from '../types.js';
import { DEFAULT_NLTK_REVISION, type NltkRevision, type NltkTokenizeOptions } from './nltk.js';
import { pyStr } from './python.js';
import { encodeTokens, f1FromCommon, longestCommonRunIds } from './score.js';
import { dropPunctuation, normalise, segmentNormalised } from './segment.js';

/** CMRC gold: the answer texts of one question. */
export type CmrcGold = readonly string[];

/** Per-question statistics: official EM (0/1) and F1 (0–1); `answered` is false for a missing prediction. */
export interface CmrcStat {
  readonly em: number;
  readonly f1: number;
  readonly answered: boolean;
}

/** The gold side of a CMRC example: its answer texts. */
export function cmrcGold(example: Pick<CmrcExample, 'answers'>): string[] {
  return example.answers.map((a) => a.text);
}

interface PreparedGold {
  readonly emForms: ReadonlySet<string>;
  readonly segs: readonly (readonly string[])[];
}

const UNANSWERED: CmrcStat = Object.freeze({ em: 0, f1: 0, answered: false });

function mean(sum: number, n: number): number {
  return n === 0 ? 0 : (100.0 * sum) / n;
}

export interface CmrcMetricOptions extends NltkTokenizeOptions {}

/**
 * The CMRC2018 metric: `em` (headline) and `f1` in percent, exactly as the official v6 scorer computes them.
 * A prediction of `undefined` is unanswered (0, still counted); any other value is turned into text like
 * Python's `str()` (the official script does `str(prediction)`), so `null` is `"None"` and `1990` is `"1990"`.
 * Worst: EM counts a question only if it is an exact match (EM normalisation) under every version; F1 is the
 * mean over questions of the minimum F1.
 */
export function createCmrcMetric(options?: CmrcMetricOptions): TaskMetric<CmrcGold, CmrcStat> {
  const revision: NltkRevision = options?.revision ?? DEFAULT_NLTK_REVISION;
  const segOptions = { revision };
  /** `remove_punctuation(s)`; `mixed_segmentation(s, rm_punc=True)` is `segmentNormalised` of it. */
  const bareForm = (s: string): string => dropPunctuation(normalise(s));
  // Gold answers are the same in the clean and every noisy split: prepare each distinct answer list once.
  const cache = new Map<string, PreparedGold>();
  const prepare = (gold: CmrcGold): PreparedGold => {
    // Length-prefixed so that ['a\0b'] and ['a', 'b'] differ.
    const key = gold.map((a) => `${String(a).length}:${String(a)}`).join('');
    let prepared = cache.get(key);
    if (prepared === undefined) {
      const emForms = new Set(gold.map((a) => bareForm(String(a))));
      // F1 is a maximum over the answers: an answer repeated after normalisation (annotators often agree:
      // 9,657 CMRC dev answers hold 4,180 distinct ones) is segmented and compared once.
      const segs: string[][] = [];
      for (const b of emForms) segs.push(segmentNormalised(b, segOptions));
      prepared = { emForms, segs };
      if (cache.size >= 100_000) cache.clear();
      cache.set(key, prepared);
    }
    return prepared;
  };

  return {
    task: 'cmrc2018',
    metricNames: ['em', 'f1'],
    signature: `cmrc2018-v6|em:remove_punctuation|f1:lcs-mixed_segmentation|tok:nltk-${revision}`,

    exampleStats(gold: CmrcGold, prediction: unknown): CmrcStat {
      if (prediction === undefined) return UNANSWERED;
      try {
        const text = pyStr(prediction);
        const g = prepare(Array.isArray(gold) ? gold : []);
        const bare = bareForm(text);
        const predSegs = segmentNormalised(bare, segOptions);
        const em = g.emForms.has(bare) ? 1 : 0;
        const ids = new Map<string, number>();
        const predIds = encodeTokens(predSegs, ids, true);
        let f1 = 0;
        for (let k = 0; k < g.segs.length; k++) {
          const segs = g.segs[k]!;
          const common = longestCommonRunIds(encodeTokens(segs, ids, false), predIds);
          const v = f1FromCommon(common, segs.length, predSegs.length);
          if (v > f1) f1 = v;
        }
        return { em, f1, answered: true };
      } catch {
        // Only pathological input (e.g. nesting deeper than the stack) gets here: score it as wrong.
        return { em: 0, f1: 0, answered: true };
      }
    },

    corpus(stats: readonly CmrcStat[]): MetricValues {
      let em = 0;
      let f1 = 0;
      for (const s of stats) {
        em += s.em;
        f1 += s.f1;
      }
      return { em: mean(em, stats.length), f1: mean(f1, stats.length) };
    },

    exampleMetrics(stat: CmrcStat): MetricValues {
      return { em: 100 * stat.em, f1: 100 * stat.f1 };
    },

    worst(versions: readonly (readonly CmrcStat[])[]): MetricValues {
      let em = 0;
      let f1 = 0;
      let n = 0;
      for (const stats of versions) {
        if (stats.length === 0) continue; // no version to judge: left out, as in the AFQMC metric
        n++;
        let minEm = 1;
        let minF1 = Number.POSITIVE_INFINITY;
        for (const s of stats) {
          if (s.em < minEm) minEm = s.em;
          if (s.f1 < minF1) minF1 = s.f1;
        }
        em += minEm;
        f1 += minF1;
      }
      return { em: mean(em, n), f1: mean(f1, n) };
    },
  };
}

/** What the official script prints (numbers unrounded) plus the per-question `[em, f1]` it sums. */
export interface CmrcEvaluation {
  readonly EM: number;
  readonly F1: number;
  readonly AVERAGE: number;
  readonly TOTAL: number;
  readonly SKIP: number;
  /** Question id → `[em, f1]` (em 0/1, f1 0–1); unanswered questions are absent. */
  readonly perQuestion: ReadonlyMap<string, readonly [number, number]>;
}

export interface CmrcEvaluateOptions extends NltkTokenizeOptions {
  /** File names for error messages. */
  readonly datasetFile?: string;
  readonly predictionFile?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The official `evaluate(ground_truth_file, prediction_file)`: accepts SQuAD-style (`{data: [{paragraphs: [{qas}]}]}`)
 * and original CMRC (`[{qas: [{query_id, answers: [str]}]}]`) datasets; predictions are `{id: answer}`.
 */
export function cmrcEvaluate(
  dataset: unknown,
  predictions: unknown,
  options?: CmrcEvaluateOptions,
): CmrcEvaluation {
  const file = options?.datasetFile;
  if (!isRecord(predictions)) {
    throw new PredictionFormatError(
      'CMRC2018 predictions must be a JSON object mapping question id to answer.',
      {
        file: options?.predictionFile,
        hint: 'Write {"DEV_0_QUERY_0": "answer", …}.',
      },
    );
  }
  const bad = (field: string, what: string): DataFormatError =>
    new DataFormatError(`expected ${what} in the CMRC2018 dataset.`, {
      file,
      field,
      hint: 'Pass the official SQuAD-style dev/test JSON (or the original CMRC2018 format).',
    });
  const dataList = isRecord(dataset) && 'data' in dataset ? dataset.data : dataset;
  if (!Array.isArray(dataList)) throw bad('data', 'a list of documents');
  const metric = createCmrcMetric(options);
  const perQuestion = new Map<string, readonly [number, number]>();
  let em = 0;
  let f1 = 0;
  let total = 0;
  let skip = 0;
  dataList.forEach((instance, i) => {
    if (!isRecord(instance)) throw bad(`data[${i}]`, 'an object');
    const paras = 'paragraphs' in instance ? instance.paragraphs : [instance];
    if (!Array.isArray(paras)) throw bad(`data[${i}].paragraphs`, 'a list');
    paras.forEach((para, j) => {
      const where = `data[${i}].paragraphs[${j}]`;
      if (!isRecord(para) || !Array.isArray(para.qas)) throw bad(`${where}.qas`, 'a list of questions');
      para.qas.forEach((qa, k) => {
        if (!isRecord(qa)) throw bad(`${where}.qas[${k}]`, 'an object');
        total += 1;
        const id = 'id' in qa ? qa.id : qa.query_id;
        if (!Array.isArray(qa.answers)) throw bad(`${where}.qas[${k}].answers`, 'a list');
        const answers = qa.answers.map((x: unknown) => pyStr(isRecord(x) ? x.text : x));
        const key = pyStr(id);
        if (!Object.hasOwn(predictions, key)) {
          skip += 1;
          return;
        }
        const s = metric.exampleStats(answers, predictions[key]);
        em += s.em;
        f1 += s.f1;
        perQuestion.set(key, [s.em, s.f1]);
      });
    });
  });
  const F1 = total === 0 ? 0 : (100.0 * f1) / total;
  const EM = total === 0 ? 0 : (100.0 * em) / total;
  return { EM, F1, AVERAGE: (EM + F1) * 0.5, TOTAL: total, SKIP: skip, perQuestion };
}
