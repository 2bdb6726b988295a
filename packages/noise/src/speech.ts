/**
 * The speech channel: a speaker reads the sentence and a commercial-style ASR transcribes it. Words are misheard
 * as homophones or near-homophones (through the speaker's dialect pairs), phrases are re-decoded from slightly
 * wrong syllables, function words vanish, the ASR writes its own punctuation, numbers and Latin are rewritten.
 */
import type { Rng } from '@readin/core';
import { chooseCandidate, type EditList, greedyDecode, imeChoice, type Token } from './engine.js';
import type { Lexicon } from './lexicon.js';
import { codePointLength, type SplitSyllable, splitSyllable } from './phonetics.js';
import type { SpeechMechanisms, SpeechParams } from './profiles.js';

const MECHS = ['homophone', 'near', 'partial', 'run', 'drop'] as const satisfies ReadonlyArray<
  keyof SpeechMechanisms
>;

/** Function words an ASR often loses in fast speech. */
const FUNCTION_WORDS = new Set([
  '的',
  '了',
  '在',
  '是',
  '和',
  '就',
  '也',
  '都',
  '把',
  '被',
  '对',
  '将',
  '与',
  '及',
  '而',
  '之',
  '其',
  '等',
  '着',
  '过',
  '还',
  '又',
  '让',
  '从',
  '为',
  '到',
  '地',
  '得',
]);
const FINAL = new Set(['。', '？', '！', '.', '?', '!']);
const RE_P = /^\p{P}$/u;
/** Utterances the ASR ends with a question mark. */
const QUESTION = /[吗呢么]$|什么|怎么|为什么|为何|哪|多少|是否|谁|如何|能否|可否/u;
const sourceText = (tokens: readonly Token[]): string => tokens.map((t) => t.text).join('');

const DIGITS = '零一二三四五六七八九';
/** Short English words an ASR emits for misheard Chinese syllables. */
const ENGLISH = [
  'OK',
  'ok',
  'no',
  'one',
  'two',
  'hi',
  'net',
  'lead',
  'cost',
  'in',
  'app',
  'say',
  'go',
  'long',
  'the',
];
const NUMERAL_WORD = /^[零一二三四五六七八九十百千]+[年月日号个名岁种次天时点分万亿%]?$/u;
/** The first characters `NUMERAL_WORD` accepts, by char code (a word starting otherwise needs no regex). */
const NUMERAL_START: ReadonlySet<number> = new Set(
  Array.from('零一二三四五六七八九十百千', (c) => c.charCodeAt(0)),
);
/** `NUMERAL_WORD.test(w)`, without running the regex on the words it cannot match. */
function isNumeralWord(w: string): boolean {
  return NUMERAL_START.has(w.charCodeAt(0)) && NUMERAL_WORD.test(w);
}
/** `FUNCTION_WORDS.has(w)`: they are all one character, so longer words are not hashed. */
function isFunctionWord(w: string): boolean {
  return w.length === 1 && FUNCTION_WORDS.has(w);
}

/** Digits for a Chinese numeral word as an ASR writes them (`三年` → `3年`, `二十` → `20`), or undefined. */
export function chineseToDigits(word: string): string | undefined {
  const m = /^([零一二两三四五六七八九十百千]+)(.*)$/u.exec(word);
  if (!m) return undefined;
  const num = m[1]!;
  const rest = m[2] ?? '';
  const val: Record<string, number> = {
    零: 0,
    一: 1,
    二: 2,
    两: 2,
    三: 3,
    四: 4,
    五: 5,
    六: 6,
    七: 7,
    八: 8,
    九: 9,
  };
  const unit: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let cur = 0;
  let seenUnit = false;
  for (const ch of num) {
    if (ch in val) cur = val[ch]!;
    else {
      const u = unit[ch]!;
      total += (cur === 0 && u === 10 ? 1 : cur) * u;
      cur = 0;
      seenUnit = true;
    }
  }
  total += cur;
  if (!seenUnit && num.length > 1) {
    // Digit by digit (二零一九).
    return Array.from(num, (c) => String(val[c] ?? '')).join('') + rest;
  }
  return String(total) + rest;
}

/** Chinese reading of a number string as an ASR might write it (`2019` → `二零一九`, `8000` → `八千`). */
export function digitsToChinese(s: string, digitByDigit: boolean): string {
  if (!/^[0-9]+$/.test(s)) return s;
  if (digitByDigit || s.length > 4 || s.startsWith('0'))
    return Array.from(s, (d) => DIGITS[Number(d)]!).join('');
  const units = ['', '十', '百', '千'];
  let out = '';
  let zero = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const d = Number(s[i]);
    const u = units[n - 1 - i]!;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && u === '十' && i === 0 ? '' : DIGITS[d]) + u;
  }
  return out || '零';
}

/** What `speechChannel` derives from the parameters, once per parameter object. */
interface Prepared {
  readonly weights: readonly number[];
  /** Sum of the positive mechanism weights. */
  readonly total: number;
  readonly fuzzyPairs: readonly string[];
  readonly fuzzyWeights: readonly number[];
}
const preparedParams = new WeakMap<SpeechParams, Prepared>();
function prepared(params: SpeechParams): Prepared {
  let p = preparedParams.get(params);
  if (p === undefined) {
    const weights = MECHS.map((m) => params.mechanisms[m]);
    let total = 0;
    for (const w of weights) total += w > 0 ? w : 0;
    const fuzzyPairs = Object.keys(params.fuzzy);
    p = { weights, total, fuzzyPairs, fuzzyWeights: fuzzyPairs.map((k) => params.fuzzy[k] ?? 0) };
    preparedParams.set(params, p);
  }
  return p;
}

export function speechChannel(
  tokens: readonly Token[],
  params: SpeechParams,
  lex: Lexicon,
  rng: Rng,
  edits: EditList,
  textEnd: number,
): void {
  const { weights, total } = prepared(params);
  // Recognition quality varies a lot between utterances: a log-normal severity with mean 1.
  const severity = Math.exp(SEVERITY_SIGMA * gaussian(rng) - (SEVERITY_SIGMA * SEVERITY_SIGMA) / 2);
  const charError = Math.min(0.9, params.charError * severity);
  const { fuzzyPairs, fuzzyWeights } = prepared(params);
  let sinceComma = 0;
  let hadFinal = false;
  let shiftedComma = -1;
  /** The last character written so far is a punctuation mark (no second comma right after it). */
  let lastComma = true;
  let lastContentEnd = 0;
  // Truncation: the ASR loses everything after some point in the second half.
  let cutAt = tokens.length;
  if (tokens.length > 6 && rng.chance(params.truncate))
    cutAt = Math.floor(tokens.length * (0.3 + 0.6 * rng.float()));
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (shiftedComma >= 0 && t === shiftedComma + 1) {
      if (tok.kind !== 'punct' && !lastComma) edits.insert(tok.start, '，', 'speech.punctuation');
      shiftedComma = -1;
      sinceComma = 0;
    }
    if (tok.protected) {
      sinceComma += tok.text.length;
      lastContentEnd = tok.end;
      continue;
    }
    if (t >= cutAt) {
      if (t === cutAt) {
        const allProtectedAfter = tokens.slice(t).some((x) => x.protected);
        if (!allProtectedAfter) {
          edits.replace(tok.start, textEnd, '。', 'speech.truncate');
          return;
        }
      }
    }
    if ((tok.kind === 'space' || tok.kind === 'punct') && !rng.chance(params.punctRewrite)) {
      // This mark is transcribed as the source wrote it.
      if (tok.kind === 'punct') sinceComma = 0;
      continue;
    }
    if (tok.kind === 'space') {
      const nearPunct =
        tokens[t - 1]?.kind === 'punct' || tokens[t + 1]?.kind === 'punct' || sinceComma === 0;
      const r = !nearPunct && !lastComma && rng.chance(params.keepComma * 0.3) ? '，' : '';
      if (r) {
        sinceComma = 0;
        lastComma = true;
      }
      edits.replace(tok.start, tok.end, r, 'speech.punctuation');
      continue;
    }
    if (tok.kind === 'punct') {
      const c = tok.text;
      const put = (r0: string): void => {
        const r = r0 === '，' && lastComma ? '' : r0;
        if (r !== c) edits.replace(tok.start, tok.end, r, 'speech.punctuation');
        if (r) {
          sinceComma = 0;
          lastComma = true;
        }
      };
      if (FINAL.has(c)) {
        const isEnd = tokens.slice(t + 1).every((x) => x.kind === 'punct' || x.kind === 'space');
        if (isEnd) hadFinal = true;
        put(c === '？' || c === '?' ? '？' : '。');
      } else if (c === '，' || c === ',') {
        if (!rng.chance(params.keepComma)) put('');
        else if (rng.chance(0.2) && tokens[t + 1]?.kind === 'han' && !tokens[t + 1]!.protected) {
          // The ASR put the pause one word later.
          put('');
          shiftedComma = t + 1;
        } else put('，');
      } else if (c === '、') put(rng.chance(params.keepComma * 0.65) ? '，' : '');
      else if (c === '；' || c === ';') put(rng.chance(params.keepComma * 0.9) ? '，' : '');
      else if ((c === '）' || c === ')') && tokens[t - 1]?.kind === 'latin' && rng.chance(0.5)) {
        // "(Grant Shapps)" read out as "英文".
        put('');
      } else if (!RE_P.test(c) || c === '%' || c === '％') {
        // Symbols (% ℃ +) are read out and written back.
      } else put(rng.chance(params.keepComma * 0.3) ? '，' : '');
      continue;
    }
    // A pause comma before this word.
    if (t > 0 && sinceComma >= 4 && !lastComma && rng.chance(params.pauseComma)) {
      edits.insert(tok.start, '，', 'speech.punctuation');
      sinceComma = 0;
    }
    lastComma = false;
    sinceComma += tok.text.length;
    lastContentEnd = tok.end;
    if (tok.kind === 'digit') {
      if (rng.chance(params.numbers * 0.03)) {
        const next = tokens[t + 1]?.text ?? '';
        const out = digitsToChinese(tok.text, next.startsWith('年') && tok.text.length === 4);
        edits.replace(tok.start, tok.end, out, 'speech.number');
      } else if (rng.chance(charError * 0.3)) {
        // A misheard digit.
        const ds = Array.from(tok.text);
        const i = rng.int(ds.length);
        if (/[0-9]/.test(ds[i]!)) ds[i] = String(rng.int(10));
        edits.replace(tok.start, tok.end, ds.join(''), 'speech.number');
      }
      continue;
    }
    if (tok.kind === 'latin') {
      // Speakers skip foreign words or say "英文" for them; the ASR rarely spells them out.
      const r = rng.float();
      if (r < params.latinDrop) {
        const prevLatin = tokens[t - 1]?.kind === 'latin' || tokens[t - 2]?.kind === 'latin';
        const say = !prevLatin && rng.chance(0.45);
        edits.replace(tok.start, tok.end, say ? '英文' : '', 'speech.latin');
      }
      continue;
    }
    if (tok.kind === 'han' && isNumeralWord(tok.text) && rng.chance(params.numbers)) {
      const d = chineseToDigits(tok.text);
      if (d !== undefined) {
        edits.replace(tok.start, tok.end, d, 'speech.number');
        continue;
      }
    }
    if (tok.kind !== 'han') continue;
    if (isFunctionWord(tok.text)) {
      // Function words are recognised well; only fast speech swallows some.
      if (rng.chance(params.functionDrop)) edits.replace(tok.start, tok.end, '', 'speech.function-drop');
      continue;
    }
    const nChars = codePointLength(tok.text);
    const pWord = 1 - (1 - charError) ** nChars;
    if (!rng.chance(pWord)) continue;
    const m = MECHS[rng.weightedIndex(weights, total)]!;
    if (rng.chance(params.latinOut)) {
      // Heard as an English word.
      edits.replace(tok.start, tok.end, ENGLISH[rng.int(ENGLISH.length)]!, 'speech.latin');
      continue;
    }
    // A single-character word is heard together with its neighbour: the ASR re-decodes both.
    const joined = nChars === 1 && (m === 'homophone' || m === 'near') && tokens[t + 1]?.kind === 'han';
    if (m === 'run' || joined) {
      // A phrase of 2–4 Han words re-decoded from slightly wrong syllables.
      let end = t;
      const want = joined ? 2 : 2 + rng.int(3);
      const perturbP = joined ? (m === 'near' ? 0.5 : 0) : 0.3;
      while (end + 1 < tokens.length && end - t + 1 < want) {
        const n = tokens[end + 1]!;
        if (n.kind !== 'han' || n.protected || isFunctionWord(n.text)) break;
        end++;
      }
      const span = tokens.slice(t, end + 1);
      const syl: string[] = [];
      let ok = true;
      for (const w of span) {
        const s = lex.word(w.text).syl;
        if (!s) {
          ok = false;
          break;
        }
        syl.push(...s);
      }
      if (ok) {
        const heard = syl.map((s) =>
          rng.chance(perturbP) ? perturb(s, params, fuzzyPairs, fuzzyWeights, lex, rng) : s,
        );
        const original = span.map((w) => w.text).join('');
        const original0 = Array.from(span.map((w) => w.text).join(''));
        const out = greedyDecode(
          lex,
          rng,
          heard,
          heard.map(() => false),
          params.rankDecay * 0.5,
          undefined,
          original0,
          0.6,
        );
        if (out && out !== original) {
          edits.replace(tok.start, span[span.length - 1]!.end, out, 'speech.run');
          lastContentEnd = span[span.length - 1]!.end;
          sinceComma += original.length - tok.text.length;
          t = end;
          continue;
        }
      }
    }
    const { syl, chars } = lex.word(tok.text);
    if (!syl) continue;
    const out = mishear(m, tok.text, chars, syl, params, fuzzyPairs, fuzzyWeights, lex, rng);
    if (out !== undefined && out !== tok.text) edits.replace(tok.start, tok.end, out, `speech.${m}`);
  }
  if (!hadFinal && lastContentEnd > 0 && rng.chance(params.addFinal)) {
    edits.insert(textEnd, QUESTION.test(sourceText(tokens)) ? '？' : '。', 'speech.punctuation');
  }
}

const SEVERITY_SIGMA = 0.7;

const syllableLists = new WeakMap<Lexicon, string[]>();
function syllableList(lex: Lexicon): string[] {
  let l = syllableLists.get(lex);
  if (!l) {
    l = [...lex.syllables].sort();
    syllableLists.set(lex, l);
  }
  return l;
}

/** A standard normal draw (Box–Muller). */
function gaussian(rng: Rng): number {
  const u = 1 - rng.float();
  const v = rng.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** One misheard syllable: a dialect pair, or one changed initial or final. */
function perturb(
  s: string,
  params: SpeechParams,
  pairs: readonly string[],
  weights: readonly number[],
  lex: Lexicon,
  rng: Rng,
): string {
  if (pairs.length > 0 && rng.chance(params.fuzzyShare)) {
    for (let k = 0; k < 3; k++) {
      const pair = pairs[rng.weightedIndex(weights)]!;
      const f = lex.fuzzy(s, pair);
      if (f) return f;
    }
  }
  const { initial, final } = splitOf(s);
  const idx = syllableIndex(lex);
  // Most keep the initial or the final; the rest are heard as an unrelated syllable.
  const r = rng.float();
  const list =
    r < 0.45
      ? initial === ''
        ? NONE
        : (idx.byInitial.get(initial) ?? NONE)
      : r < 0.75
        ? (idx.byFinal.get(final) ?? NONE)
        : idx.all;
  // A uniform pick among `list` without `s` (the lists are in sorted order, as `s` is at most once in them).
  const at = positionIn(list, s);
  const n = at < 0 ? list.length : list.length - 1;
  if (n > 0) {
    const k = rng.int(n);
    return list[at >= 0 && k >= at ? k + 1 : k]!;
  }
  return s;
}

const NONE: readonly string[] = [];

/** `splitSyllable`, memoised (syllables are few). */
const splitMemo = new Map<string, SplitSyllable>();
function splitOf(s: string): SplitSyllable {
  let p = splitMemo.get(s);
  if (p === undefined) {
    p = splitSyllable(s);
    if (splitMemo.size < 4096) splitMemo.set(s, p);
  }
  return p;
}

/** `list.indexOf(s)` for the syllable lists of `syllableIndex` (each holds a syllable at most once), memoised. */
const positions = new WeakMap<readonly string[], Map<string, number>>();
function positionIn(list: readonly string[], s: string): number {
  let pos = positions.get(list);
  if (!pos) {
    pos = new Map();
    for (let i = list.length - 1; i >= 0; i--) pos.set(list[i]!, i);
    positions.set(list, pos);
  }
  return pos.get(s) ?? -1;
}

interface SyllableIndex {
  readonly all: readonly string[];
  readonly byInitial: ReadonlyMap<string, readonly string[]>;
  readonly byFinal: ReadonlyMap<string, readonly string[]>;
}

/** The lexicon's syllables sorted, and grouped by initial and by final (each group sorted). */
const syllableIndexes = new WeakMap<Lexicon, SyllableIndex>();
function syllableIndex(lex: Lexicon): SyllableIndex {
  let idx = syllableIndexes.get(lex);
  if (!idx) {
    const all = syllableList(lex);
    const byInitial = new Map<string, string[]>();
    const byFinal = new Map<string, string[]>();
    for (const x of all) {
      const p = splitSyllable(x);
      byInitial.set(p.initial, [...(byInitial.get(p.initial) ?? []), x]);
      byFinal.set(p.final, [...(byFinal.get(p.final) ?? []), x]);
    }
    idx = { all, byInitial, byFinal };
    syllableIndexes.set(lex, idx);
  }
  return idx;
}

function mishear(
  m: (typeof MECHS)[number],
  word: string,
  chars: readonly string[],
  syl: readonly string[],
  params: SpeechParams,
  pairs: readonly string[],
  weights: readonly number[],
  lex: Lexicon,
  rng: Rng,
): string | undefined {
  const decay = params.rankDecay;
  switch (m) {
    case 'homophone':
    case 'run': {
      const cands = lex.full(syl);
      if (cands.length > 1) return imeChoice(rng, cands, word, decay)?.word;
      return mishear('partial', word, chars, syl, params, pairs, weights, lex, rng);
    }
    case 'near': {
      const i = rng.int(syl.length);
      const s2 = syl.slice();
      s2[i] = perturb(syl[i]!, params, pairs, weights, lex, rng);
      if (s2[i] === syl[i]) return undefined;
      const c = chooseCandidate(rng, lex.full(s2), word, decay);
      if (c) return c.word;
      if (s2.length > 1) {
        const d = greedyDecode(
          lex,
          rng,
          s2,
          s2.map(() => false),
          decay * 0.5,
          undefined,
          chars,
          0.5,
        );
        if (d && Array.from(d).length === chars.length) return d;
      }
      const single = chooseCandidate(rng, lex.full([s2[i]!]), chars[i]!, decay);
      return single ? chars.map((ch, j) => (j === i ? single.word : ch)).join('') : undefined;
    }
    case 'partial': {
      const i = rng.int(chars.length);
      const c = imeChoice(rng, lex.full([syl[i]!]), chars[i]!, decay);
      return c ? chars.map((ch, j) => (j === i ? c.word : ch)).join('') : undefined;
    }
    case 'drop': {
      if (chars.length <= 2) return '';
      const i = rng.int(chars.length);
      return chars.filter((_, j) => j !== i).join('');
    }
  }
}
