/**
 * Hand-made synthetic noise for the sample suite: one function per channel,
 *
 *   keyboardNoise(text, { version, rng, protect })   a Pinyin-IME typist (versions 1–3)
 *   speechNoise(text, { version, rng, protect })     a speaker + ASR (versions 1–3)
 *
 * Both are deterministic given the `Rng` (from @readin/core) and never touch the `protect` strings. When the
 * `@readin/noise` simulator exists, `build-sample.mjs` swaps these two functions for calls to it.
 *
 * The model is deliberately simple: a left-to-right pass over the text that, at each position, may replace a
 * word from a confusion table (longest match first), replace a character by a homophone, drop a character or
 * insert a stray one, plus per-person punctuation habits and, for speech, number and Latin rewriting.
 */
import {
  KEYBOARD_ABBREVIATIONS,
  KEYBOARD_CHARS,
  KEYBOARD_WORDS,
  MEASURE_WORDS,
  SPEECH_DROPPABLE,
  SPEECH_FUZZY_CHARS,
  SPEECH_LATIN,
  SPEECH_WORDS,
  STRAY_CHARS,
} from './tables.mjs';

/**
 * Three typists (READIN had one annotator per IME). Rates are per opportunity: `word` per matched table word,
 * `char` per Han character with table candidates, `insert`/`delete` per Han character.
 */
export const KEYBOARD_PROFILES = {
  1: {
    name: 'careful typist, full pinyin',
    word: 0.45,
    abbrev: 0.05,
    char: 0.16,
    insert: 0.015,
    delete: 0.01,
    enumComma: 0.7,
    quotes: 0.3,
    halfWidth: 0.02,
    dropFinal: 0.1,
  },
  2: {
    name: 'fast typist, abbreviated pinyin, stray candidates',
    word: 0.35,
    abbrev: 0.3,
    char: 0.12,
    insert: 0.04,
    delete: 0.015,
    enumComma: 0.9,
    quotes: 0.6,
    halfWidth: 0.35,
    dropFinal: 0.3,
  },
  3: {
    name: 'hurried typist, skips characters',
    word: 0.5,
    abbrev: 0.1,
    char: 0.08,
    insert: 0.01,
    delete: 0.05,
    enumComma: 0.5,
    quotes: 0.8,
    halfWidth: 0.05,
    dropFinal: 0.5,
  },
};

/** Three speakers. `fuzzy` is the rate of dialect consonant/final confusions; `run` the chance of a misheard run. */
export const SPEECH_PROFILES = {
  1: {
    name: 'standard Mandarin speaker',
    word: 0.55,
    char: 0.1,
    fuzzy: 0.02,
    drop: 0.12,
    run: 0.15,
    digitsToHan: 0.7,
    hanToDigits: 0.1,
    latin: 0.6,
  },
  2: {
    name: 'southern speaker (n/l, f/h, z/zh, in/ing)',
    word: 0.5,
    char: 0.1,
    fuzzy: 0.3,
    drop: 0.1,
    run: 0.2,
    digitsToHan: 0.2,
    hanToDigits: 0.8,
    latin: 0.8,
  },
  3: {
    name: 'fast speaker, long misheard runs',
    word: 0.55,
    char: 0.09,
    fuzzy: 0.08,
    drop: 0.2,
    run: 0.45,
    digitsToHan: 0.5,
    hanToDigits: 0.4,
    latin: 1,
  },
};

const HAN = /\p{Script=Han}/u;
const FULL_TO_HALF = { '，': ',', '？': '?', '！': '!', '：': ':', '；': ';', '（': '(', '）': ')' };
const FINAL_PUNCT = new Set(['。', '？', '！', '.', '?', '!']);
const ASR_DROPPED_PUNCT = new Set(['、', '“', '”', '《', '》', '（', '）', '"', '「', '」', '—']);

/** The keyboard channel: one typist's rendering of `text`. */
export function keyboardNoise(text, options) {
  const profile = KEYBOARD_PROFILES[options.version];
  if (!profile) throw new Error(`keyboardNoise: no typist profile ${options.version} (have 1, 2, 3)`);
  return mapUnprotected(text, options.protect ?? [], (segment, position) =>
    typeSegment(segment, profile, options.rng, position),
  );
}

/** The speech channel: one speaker's utterance of `text` as the recogniser transcribed it. */
export function speechNoise(text, options) {
  const profile = SPEECH_PROFILES[options.version];
  if (!profile) throw new Error(`speechNoise: no speaker profile ${options.version} (have 1, 2, 3)`);
  return mapUnprotected(text, options.protect ?? [], (segment, position) =>
    speakSegment(segment, profile, options.rng, position),
  );
}

/**
 * Applies `fn` to the parts of `text` outside every occurrence of the protected strings; protected parts are
 * copied verbatim. `fn(segment, { first, last })` says whether the segment starts/ends the text.
 */
export function mapUnprotected(text, protect, fn) {
  const mask = new Uint8Array(text.length);
  for (const span of protect) {
    if (!span) continue;
    for (let at = text.indexOf(span); at !== -1; at = text.indexOf(span, at + 1))
      mask.fill(1, at, at + span.length);
  }
  let out = '';
  let start = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && mask[end] === mask[start]) end++;
    const piece = text.slice(start, end);
    out += mask[start] ? piece : fn(piece, { first: start === 0, last: end === text.length });
    start = end;
  }
  return out;
}

/** A candidate from a list, most likely first (weights 1, 1/2, 1/4 …); never the intended string itself. */
function pickCandidate(rng, intended, candidates) {
  const usable = candidates.filter((c) => c !== intended);
  if (usable.length === 0) return intended;
  return usable[rng.weightedIndex(usable.map((_, i) => 2 ** -i))];
}

function longestMatch(chars, i, ...tables) {
  for (let len = Math.min(6, chars.length - i); len >= 2; len--) {
    const word = chars.slice(i, i + len).join('');
    for (const table of tables) if (Object.hasOwn(table, word)) return word;
  }
  return undefined;
}

function typeSegment(segment, p, rng, { last }) {
  const chars = Array.from(segment);
  let out = '';
  for (let i = 0; i < chars.length; ) {
    const word = longestMatch(chars, i, KEYBOARD_WORDS, KEYBOARD_ABBREVIATIONS);
    if (word) {
      if (rng.chance(p.insert * 2)) out += rng.pick(STRAY_CHARS);
      if (Object.hasOwn(KEYBOARD_ABBREVIATIONS, word) && rng.chance(p.abbrev))
        out += pickCandidate(rng, word, KEYBOARD_ABBREVIATIONS[word]);
      else if (Object.hasOwn(KEYBOARD_WORDS, word) && rng.chance(p.word))
        out += pickCandidate(rng, word, KEYBOARD_WORDS[word]);
      else out += word;
      i += Array.from(word).length;
      continue;
    }
    const c = chars[i];
    i++;
    if (HAN.test(c)) {
      if (rng.chance(p.delete)) continue;
      if (rng.chance(p.insert)) out += rng.pick(STRAY_CHARS);
      out +=
        Object.hasOwn(KEYBOARD_CHARS, c) && rng.chance(p.char) ? pickCandidate(rng, c, KEYBOARD_CHARS[c]) : c;
      continue;
    }
    out += typePunctuation(c, p, rng, last && i === chars.length);
  }
  return out;
}

function typePunctuation(c, p, rng, isFinal) {
  if (isFinal && FINAL_PUNCT.has(c) && rng.chance(p.dropFinal)) return '';
  if (c === '、' && rng.chance(p.enumComma)) return rng.chance(p.halfWidth) ? ',' : '，';
  if ((c === '“' || c === '”') && rng.chance(p.quotes))
    return rng.pick(['"', '"', c === '“' ? '”' : '“', '']);
  if (Object.hasOwn(FULL_TO_HALF, c) && rng.chance(p.halfWidth)) return FULL_TO_HALF[c];
  return c;
}

function speakSegment(segment, p, rng, { last }) {
  let text = rewriteLatin(segment, p, rng);
  text = rewriteNumbers(text, p, rng);
  const chars = Array.from(text);
  let out = '';
  let runLeft = 0;
  for (let i = 0; i < chars.length; ) {
    const word = longestMatch(chars, i, SPEECH_WORDS);
    if (word && rng.chance(p.word)) {
      out += pickCandidate(rng, word, SPEECH_WORDS[word]);
      i += Array.from(word).length;
      continue;
    }
    const c = chars[i];
    i++;
    if (HAN.test(c)) {
      if (runLeft === 0 && rng.chance(p.run / Math.max(8, chars.length))) runLeft = 2 + rng.int(3);
      if (runLeft > 0) {
        runLeft--;
        out += misheard(c, rng);
        continue;
      }
      if (SPEECH_DROPPABLE.includes(c) && rng.chance(p.drop)) continue;
      if (Object.hasOwn(SPEECH_FUZZY_CHARS, c) && rng.chance(p.fuzzy))
        out += pickCandidate(rng, c, SPEECH_FUZZY_CHARS[c]);
      else if (Object.hasOwn(KEYBOARD_CHARS, c) && rng.chance(p.char))
        out += pickCandidate(rng, c, KEYBOARD_CHARS[c]);
      else out += c;
      continue;
    }
    out += asrPunctuation(c, rng, last && i === chars.length);
  }
  return out;
}

/** A character inside a misheard run: any homophone or fuzzy neighbour, else dropped half the time. */
function misheard(c, rng) {
  const candidates = [...(KEYBOARD_CHARS[c] ?? []), ...(SPEECH_FUZZY_CHARS[c] ?? [])];
  if (candidates.length > 0) return pickCandidate(rng, c, candidates);
  return rng.chance(0.5) ? '' : c;
}

/** ASR punctuation: quotes, enumeration commas and brackets vanish; pauses become commas; endings vary. */
function asrPunctuation(c, rng, isFinal) {
  if (ASR_DROPPED_PUNCT.has(c)) return c === '、' && rng.chance(0.3) ? '，' : '';
  if (c === '；' || c === '：') return rng.chance(0.5) ? '，' : '';
  if (c === '，') return rng.chance(0.25) ? '' : '，';
  if (isFinal && FINAL_PUNCT.has(c)) return rng.pick(['。', '。', '', c]);
  return c;
}

function rewriteLatin(text, p, rng) {
  const names = Object.keys(SPEECH_LATIN).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![A-Za-z])(${names.map(escapeRegExp).join('|')})(?![A-Za-z])`, 'g');
  return text.replace(pattern, (name) =>
    rng.chance(p.latin) ? pickCandidate(rng, name, SPEECH_LATIN[name]) : name,
  );
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const DIGITS_HAN = '零一二三四五六七八九';

/** Reads a non-negative integer below 10^12 the way a speaker says it (2000 → 两千, 15 → 十五). */
export function readInteger(n) {
  if (n === 0) return '零';
  const groups = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
  const units = ['', '万', '亿'];
  let out = '';
  let zero = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const value = groups[g];
    if (value === 0) {
      zero = out !== '';
      continue;
    }
    if (out !== '' && (zero || value < 1000)) out += '零';
    out += readGroup(value) + units[g];
    zero = false;
  }
  if (out.startsWith('一十')) out = out.slice(1);
  return out.replace(/^二(?=[千万亿])/, '两');
}

function readGroup(value) {
  const names = ['千', '百', '十', ''];
  const digits = String(value).padStart(4, '0');
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(digits[i]);
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    out += DIGITS_HAN[d] + names[i];
    zero = false;
  }
  return out;
}

/** Parses a simple Chinese numeral (三, 十五, 七十, 两千, 一百二十) to an integer, or undefined. */
export function parseHanNumber(text) {
  const digit = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const unit = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let section = 0;
  let current = 0;
  let seen = false;
  for (const c of text) {
    if (c in digit) {
      current = digit[c];
      seen = true;
    } else if (c in unit) {
      section += (current || 1) * unit[c];
      current = 0;
      seen = true;
    } else if (c === '万') {
      total += (section + current) * 10000;
      section = 0;
      current = 0;
    } else return undefined;
  }
  const value = total + section + current;
  return seen ? value : undefined;
}

/** Digits ↔ Chinese numerals, as recognisers and speakers render them (never both on the same number). */
function rewriteNumbers(text, p, rng) {
  // Numbers spelt out by the first pass are fenced with private-use marks so the second pass skips them.
  const spelt = text.replace(/(\d+(?:\.\d+)?)(%|年)?/g, (match, number, suffix) => {
    if (!rng.chance(p.digitsToHan)) return match;
    if (suffix === '年' && /^\d{4}$/.test(number))
      return `\uE000${Array.from(number, (d) => DIGITS_HAN[Number(d)]).join('')}年\uE001`;
    const [whole, fraction] = number.split('.');
    const wholeValue = Number(whole);
    if (!Number.isSafeInteger(wholeValue) || wholeValue >= 1e12) return match;
    let spoken = readInteger(wholeValue);
    if (fraction) spoken += `点${Array.from(fraction, (d) => DIGITS_HAN[Number(d)]).join('')}`;
    return `\uE000${suffix === '%' ? `百分之${spoken}` : spoken + (suffix ?? '')}\uE001`;
  });
  const measure = new RegExp(
    `([零一二两三四五六七八九十百千万]+)(?=[多余]?[${MEASURE_WORDS}])(?!分之)`,
    'gu',
  );
  return spelt
    .split(/(\uE000[^\uE001]*\uE001)/)
    .map((part) => {
      if (part.startsWith('\uE000')) return part.slice(1, -1);
      return part.replace(measure, (match, numeral, offset, whole) => {
        if (numeral === '一' && HAN.test(whole[offset - 1] ?? '')) return match;
        const value = parseHanNumber(numeral);
        if (value === undefined || !rng.chance(p.hanToDigits)) return match;
        return String(value);
      });
    })
    .join('');
}
