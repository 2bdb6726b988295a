/**
 * Character-level (code point) Levenshtein alignment with a backtrace.
 *
 * Among the alignments with the fewest edits it picks the one with the smallest tie-break cost: a match costs 0,
 * an insertion or deletion 0, a substitution 1 + its Han class index (1 same pinyin same tone … 6 unrelated) for
 * Han→Han pairs, 4 for two characters of the same other category (punct→punct, digit→digit …) and 7 across
 * categories. So it prefers matches over substitutions and phonetically close substitutions over distant ones.
 * The backtrace prefers, at equal cost, the diagonal, then deletion, then insertion. This is the cost model of the
 * independent realism scorecard, so op counts agree with it.
 */
import { charCategory, isHan } from './chars.js';
import { charId, hanSubClassIndex, hanSubClassIndexById } from './classify.js';

export type AlignOpKind = 'match' | 'sub' | 'ins' | 'del';

export interface AlignOp {
  readonly op: AlignOpKind;
  /** The clean character ('' for an insertion). */
  readonly clean: string;
  /** The noisy character ('' for a deletion). */
  readonly noisy: string;
  /** Code-point index into the clean text (for an insertion: the clean position it is inserted before). */
  readonly cleanIndex: number;
  /** Code-point index into the noisy text (for a deletion: the noisy position it was deleted before). */
  readonly noisyIndex: number;
}

export interface Alignment {
  /** Levenshtein distance (number of sub + ins + del ops). */
  readonly distance: number;
  readonly ops: readonly AlignOp[];
}

export interface AlignOptions {
  /** Longest text (code points) aligned; longer texts are cut to it (default 2000). */
  readonly maxChars?: number;
}

export const DEFAULT_MAX_CHARS = 2000;

/** Tie-break cost of substituting `a` by `b` (a ≠ b); see the module comment. */
export function substitutionTieCost(a: string, b: string): number {
  if (isHan(a) && isHan(b)) return 1 + hanSubClassIndex(a, b);
  return charCategory(a) === charCategory(b) ? 4 : 7;
}

/** Aligns two code-point arrays. */
export function alignChars(a: readonly string[], b: readonly string[]): Alignment {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    const ops: AlignOp[] = [];
    for (let i = 0; i < n; i++)
      ops.push({ op: 'del', clean: a[i]!, noisy: '', cleanIndex: i, noisyIndex: 0 });
    for (let j = 0; j < m; j++)
      ops.push({ op: 'ins', clean: '', noisy: b[j]!, cleanIndex: 0, noisyIndex: j });
    return { distance: n + m, ops };
  }
  // cost = edits · unit + tie-break sum; the tie-break sum is < unit (at most 7 per substitution).
  const unit = 8 * (Math.min(n, m) + 1);
  // Substitution costs for the distinct characters of each side, filled lazily (0 = not computed yet).
  const local = new Map<string, number>();
  const la = new Int32Array(n);
  const lb = new Int32Array(m);
  const distinctA: string[] = [];
  for (let i = 0; i < n; i++) {
    let k = local.get(a[i]!);
    if (k === undefined) {
      k = distinctA.length;
      distinctA.push(a[i]!);
      local.set(a[i]!, k);
    }
    la[i] = k;
  }
  local.clear();
  const distinctB: string[] = [];
  for (let j = 0; j < m; j++) {
    let k = local.get(b[j]!);
    if (k === undefined) {
      k = distinctB.length;
      distinctB.push(b[j]!);
      local.set(b[j]!, k);
    }
    lb[j] = k;
  }
  const nb = distinctB.length;
  const table = new Float64Array(distinctA.length * nb);
  const hanA = distinctA.map((c) => (isHan(c) ? charId(c) : -1));
  const hanB = distinctB.map((c) => (isHan(c) ? charId(c) : -1));
  const subCost = (i: number, j: number): number => {
    const x = la[i]!;
    const y = lb[j]!;
    const t = x * nb + y;
    let v = table[t]!;
    if (v === 0) {
      const ca = distinctA[x]!;
      const cb = distinctB[y]!;
      if (ca === cb) v = -1;
      else {
        const ha = hanA[x]!;
        const hb = hanB[y]!;
        v =
          unit +
          (ha >= 0 && hb >= 0
            ? 1 + hanSubClassIndexById(ha, hb)
            : charCategory(ca) === charCategory(cb)
              ? 4
              : 7);
      }
      table[t] = v;
    }
    return v < 0 ? 0 : v;
  };
  const width = m + 1;
  const cost = new Float64Array((n + 1) * width);
  for (let j = 0; j <= m; j++) cost[j] = j * unit;
  for (let i = 1; i <= n; i++) {
    const row = i * width;
    const up = row - width;
    cost[row] = i * unit;
    for (let j = 1; j <= m; j++) {
      const diag = cost[up + j - 1]! + subCost(i - 1, j - 1);
      const del = cost[up + j]! + unit;
      const ins = cost[row + j - 1]! + unit;
      cost[row + j] = diag < del ? (diag < ins ? diag : ins) : del < ins ? del : ins;
    }
  }
  const ops: AlignOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * width + j]!;
    if (i > 0 && j > 0 && cost[(i - 1) * width + j - 1]! + subCost(i - 1, j - 1) === here) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      ops.push({ op: x === y ? 'match' : 'sub', clean: x, noisy: y, cleanIndex: i - 1, noisyIndex: j - 1 });
      i--;
      j--;
    } else if (i > 0 && cost[(i - 1) * width + j]! + unit === here) {
      ops.push({ op: 'del', clean: a[i - 1]!, noisy: '', cleanIndex: i - 1, noisyIndex: j });
      i--;
    } else {
      ops.push({ op: 'ins', clean: '', noisy: b[j - 1]!, cleanIndex: i, noisyIndex: j - 1 });
      j--;
    }
  }
  ops.reverse();
  return { distance: Math.floor(cost[n * width + m]! / unit), ops };
}

/**
 * Aligns a clean text with its noisy version, character by character (code points).
 *
 * @example
 * alignTexts('花呗提额', '华北贴').ops.map((o) => o.op) // ['sub', 'sub', 'sub', 'del']
 */
export function alignTexts(clean: string, noisy: string, options: AlignOptions = {}): Alignment {
  const max = options.maxChars ?? DEFAULT_MAX_CHARS;
  return alignChars(Array.from(clean).slice(0, max), Array.from(noisy).slice(0, max));
}
