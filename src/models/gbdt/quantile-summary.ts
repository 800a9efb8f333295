// A weighted quantile summary (after XGBoost's WQSummary, itself after Greenwald–Khanna) for
// features with more rows than binning sorts at once: each chunk of rows is sorted exactly into
// a summary, summaries are merged pairwise like a binary counter (so no entry passes through
// more than log₂(chunks) prunings) and pruned to a fixed size. Entry j keeps a value and bounds
// on its rank: rmin (weight certainly below it), rmax (weight at or below it, at most), and its
// own weight. With K entries kept, each pruning moves a rank by at most (total weight)/(K − 1).

export interface Summary {
  value: Float64Array;
  rmin: Float64Array;
  rmax: Float64Array;
  /** The entry's own weight (a lower bound after merges of pruned summaries). */
  wmin: Float64Array;
  size: number;
}

function alloc(n: number): Summary {
  return { value: new Float64Array(n), rmin: new Float64Array(n), rmax: new Float64Array(n), wmin: new Float64Array(n), size: 0 };
}

function push(s: Summary, v: number, rmin: number, rmax: number, wmin: number): void {
  const k = s.size++;
  s.value[k] = v;
  s.rmin[k] = rmin;
  s.rmax[k] = rmax;
  s.wmin[k] = wmin;
}

/** Exact summary of sorted values (weights in the same order; null: all 1). */
export function exactSummary(sorted: Float64Array, m: number, weights: Float64Array | null): Summary {
  const s = alloc(m);
  let cum = 0;
  for (let i = 0; i < m; ) {
    const v = sorted[i]!;
    let w = 0;
    for (; i < m && sorted[i] === v; i++) w += weights ? weights[i]! : 1;
    push(s, v, cum, cum + w, w);
    cum += w;
  }
  return s;
}

const total = (s: Summary) => (s.size ? s.rmax[s.size - 1]! : 0);

/** Summary of the union of two summaries' rows (XGBoost's SetCombine). */
export function combine(a: Summary, b: Summary): Summary {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const out = alloc(a.size + b.size);
  let i = 0;
  let j = 0;
  // rmin of the union counts what certainly lies below in the other summary (up to its
  // previous entry, inclusive); rmax what may lie at or below (up to its next entry, exclusive).
  let aPrevRminNext = 0;
  let bPrevRminNext = 0;
  while (i < a.size && j < b.size) {
    const va = a.value[i]!;
    const vb = b.value[j]!;
    if (va === vb) {
      push(out, va, a.rmin[i]! + b.rmin[j]!, a.rmax[i]! + b.rmax[j]!, a.wmin[i]! + b.wmin[j]!);
      aPrevRminNext = a.rmin[i]! + a.wmin[i]!;
      bPrevRminNext = b.rmin[j]! + b.wmin[j]!;
      i++;
      j++;
    } else if (va < vb) {
      push(out, va, a.rmin[i]! + bPrevRminNext, a.rmax[i]! + b.rmax[j]! - b.wmin[j]!, a.wmin[i]!);
      aPrevRminNext = a.rmin[i]! + a.wmin[i]!;
      i++;
    } else {
      push(out, vb, b.rmin[j]! + aPrevRminNext, b.rmax[j]! + a.rmax[i]! - a.wmin[i]!, b.wmin[j]!);
      bPrevRminNext = b.rmin[j]! + b.wmin[j]!;
      j++;
    }
  }
  const ta = total(a);
  const tb = total(b);
  for (; i < a.size; i++) push(out, a.value[i]!, a.rmin[i]! + bPrevRminNext, a.rmax[i]! + tb, a.wmin[i]!);
  for (; j < b.size; j++) push(out, b.value[j]!, b.rmin[j]! + aPrevRminNext, b.rmax[j]! + ta, b.wmin[j]!);
  return out;
}

/** At most `k` (≥ 2) entries: the first, the last, and those nearest to evenly spaced ranks (XGBoost's SetPrune). */
export function prune(s: Summary, k: number): Summary {
  if (s.size <= k) return s;
  const out = alloc(k);
  push(out, s.value[0]!, s.rmin[0]!, s.rmax[0]!, s.wmin[0]!);
  const begin = s.rmax[0]!;
  const range = s.rmin[s.size - 1]! - begin;
  const n = k - 1;
  let i = 1;
  let last = 0;
  for (let q = 1; q < n; q++) {
    const dx2 = 2 * ((q * range) / n + begin);
    while (i < s.size - 1 && dx2 >= s.rmax[i + 1]! + s.rmin[i + 1]!) i++;
    if (i === s.size - 1) break;
    // Of the two entries around the target, keep the one whose rank interval is nearer.
    const pick = dx2 < s.rmin[i]! + s.wmin[i]! + s.rmax[i + 1]! - s.wmin[i + 1]! ? i : i + 1;
    if (pick !== last) {
      push(out, s.value[pick]!, s.rmin[pick]!, s.rmax[pick]!, s.wmin[pick]!);
      last = pick;
    }
  }
  if (last !== s.size - 1) push(out, s.value[s.size - 1]!, s.rmin[s.size - 1]!, s.rmax[s.size - 1]!, s.wmin[s.size - 1]!);
  return out;
}

/** Merges chunk summaries like a binary counter: level l holds the summary of 2^l chunks. */
export class SummaryBuilder {
  private readonly levels: (Summary | null)[] = [];

  constructor(private readonly k: number) {}

  add(s: Summary): void {
    let cur = prune(s, this.k);
    for (let l = 0; ; l++) {
      const held = this.levels[l];
      if (!held) {
        this.levels[l] = cur;
        return;
      }
      this.levels[l] = null;
      cur = prune(combine(held, cur), this.k);
    }
  }

  finish(): Summary {
    let out: Summary = alloc(0);
    for (const s of this.levels) if (s) out = prune(combine(out, s), this.k);
    return out;
  }
}

/**
 * The summary as (value, mass) pairs for quantile cuts: an entry's mass is its rmax less the
 * previous entry's, which for an exact summary is exactly the value's weight.
 */
export function summaryMasses(s: Summary): { values: Float64Array; masses: Float64Array } {
  const masses = new Float64Array(s.size);
  for (let j = 0; j < s.size; j++) masses[j] = s.rmax[j]! - (j ? s.rmax[j - 1]! : 0);
  return { values: s.value.subarray(0, s.size), masses };
}
