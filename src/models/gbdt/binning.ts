// Quantile binning: each feature's values map to at most max_bins bins (uint8 codes, ≤ 256),
// one of which is the missing bin when the feature has missing values. A bin's upper edge is a midpoint between two distinct
// training values, so "code ≤ s" on binned data is exactly "x ≤ edge[s]" on raw data: a saved
// model predicts raw inputs with the same result as training saw.
import type { Matrix } from '../matrix.ts';
import { exactSummary, SummaryBuilder, summaryMasses } from './quantile-summary.ts';
import { RadixSorter } from './radix-sort.ts';

export interface BinMapper {
  /** Per feature: sorted upper edges; value bin b holds x ≤ edges[b] (last bin unbounded). */
  edges: Float64Array[];
  /** Per feature: number of value bins (= edges.length + 1, or 1 for constant/all-missing). */
  nBins: Int32Array;
  /** Offset (in histogram slots) of each feature's first bin; each feature has nBins+1 slots. */
  offsets: Int32Array;
  totalSlots: number;
}

/**
 * Rows sorted at once per feature. Up to this many rows the edges are exact weighted quantiles;
 * beyond, each chunk of this many rows is summarised and the summaries merged (quantile-summary.ts).
 */
const CHUNK_ROWS = 200_000;
/** Entries a merged summary keeps: rank error ≈ 1/(8·256) of the total weight per pruning. */
const SUMMARY_SIZE = 8 * 256;
/** Columns gathered per pass over a row-major matrix (8 doubles = one cache line of a row). */
const GATHER = 8;

/**
 * Bin edges of every feature from X's rows (weighted by w when given: a bin then holds about
 * the same total weight, as in XGBoost's weighted quantile sketch; zero-weight rows are left out).
 */
export function computeBins(X: Matrix, maxBins: number, w: Float64Array | null = null): BinMapper {
  const n = X.nRows;
  const p = X.nCols;
  const cap = Math.min(n, CHUNK_ROWS);
  const edges: Float64Array[] = [];
  const nBins = new Int32Array(p);
  const offsets = new Int32Array(p);
  let slots = 0;
  const vals = Array.from({ length: Math.min(GATHER, p) }, () => new Float64Array(cap));
  const wts = w ? Array.from({ length: Math.min(GATHER, p) }, () => new Float64Array(cap)) : null;
  const sorter = new RadixSorter(cap, w !== null);
  const counts = new Int32Array(GATHER);
  const missing = new Uint8Array(GATHER);
  for (let j0 = 0; j0 < p; j0 += GATHER) {
    const j1 = Math.min(p, j0 + GATHER);
    missing.fill(0);
    const sketches = n > CHUNK_ROWS ? Array.from({ length: j1 - j0 }, () => new SummaryBuilder(SUMMARY_SIZE)) : null;
    for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
      // One pass over the chunk's rows gathers up to GATHER columns' non-missing values (and weights).
      counts.fill(0);
      for (let i = r0, r1 = Math.min(n, r0 + CHUNK_ROWS); i < r1; i++) {
        const keep = !w || w[i]! > 0;
        for (let j = j0; j < j1; j++) {
          const v = X.layout === 'row' ? X.data[i * p + j]! : X.data[j * n + i]!;
          const c = j - j0;
          if (v !== v) missing[c] = 1;
          else if (keep) {
            if (wts) wts[c]![counts[c]!] = w![i]!;
            vals[c]![counts[c]!++] = v;
          }
        }
      }
      for (let c = 0; c < j1 - j0; c++) {
        sorter.sort(vals[c]!, counts[c]!, wts ? wts[c]! : null);
        sketches?.[c]!.add(exactSummary(vals[c]!, counts[c]!, wts ? wts[c]! : null));
      }
    }
    for (let j = j0; j < j1; j++) {
      const c = j - j0;
      // A feature with missing values gives one of its max_bins to them (and uint8 codes cap value
      // bins at 255); one without keeps all max_bins, like XGBoost's max_bin. A NaN met later in
      // such a feature is binned as the last value bin, i.e. to the right — its default side.
      const maxValueBins = missing[c] ? Math.min(maxBins - 1, 255) : Math.min(maxBins, 256);
      let e: Float64Array;
      if (sketches) {
        const { values, masses } = summaryMasses(sketches[c]!.finish());
        e = quantileEdges(values, maxValueBins, masses);
      } else {
        e = quantileEdges(vals[c]!.subarray(0, counts[c]!), maxValueBins, wts ? wts[c]!.subarray(0, counts[c]!) : null);
      }
      edges.push(e);
      nBins[j] = e.length + 1;
      offsets[j] = slots;
      slots += nBins[j]! + 1;
    }
  }
  return { edges, nBins, offsets, totalSlots: slots };
}

/**
 * Edges between distinct values so each bin holds about the same count (or weight, with
 * `weights` in the same order as `sorted`). `sorted` ascending, no NaN.
 */
export function quantileEdges(sorted: Float64Array, maxValueBins: number, weights: Float64Array | null = null): Float64Array {
  const m = sorted.length;
  const out: number[] = [];
  if (m === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxValueBins) {
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) out.push(midpoint(sorted[i - 1]!, sorted[i]!));
    return Float64Array.from(out);
  }
  let total = m;
  if (weights) {
    total = 0;
    for (let i = 0; i < m; i++) total += weights[i]!;
  }
  // Walk the distinct values; cut after a value once its cumulative count (weight) reaches the
  // next quantile target. A heavy value can absorb several targets, so bins never split a value.
  let k = 1;
  let cum = 0;
  for (let i = 0; i < m - 1 && k < maxValueBins; i++) {
    cum = weights ? cum + weights[i]! : i + 1;
    if (sorted[i] === sorted[i + 1]) continue;
    if (cum >= (k * total) / maxValueBins) {
      out.push(midpoint(sorted[i]!, sorted[i + 1]!));
      while (k < maxValueBins && cum >= (k * total) / maxValueBins) k++;
    }
  }
  return Float64Array.from(out);
}

function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  // Adjacent doubles: the midpoint rounds onto b; keep a so that b stays in the upper bin.
  return mid < b && Number.isFinite(mid) ? mid : a;
}

/**
 * Bin code of a raw value: first b with x ≤ edges[b]; NaN → the missing code nBins, or 255
 * (the last value bin, which always goes right) when a 256-bin feature has no code left.
 */
export function binValue(edges: Float64Array, x: number): number {
  if (x !== x) return Math.min(edges.length + 1, 255);
  // Branch-free lower bound: the step is added as a number, so no jump depends on the data.
  let base = 0;
  let len = edges.length;
  while (len > 1) {
    const half = len >>> 1;
    base += Number(edges[base + half]! < x) * half;
    len -= half;
  }
  return len === 0 ? 0 : base + Number(edges[base]! < x);
}

/** Rows per block in binMatrix: a block of a row-major X stays in cache while every column reads it. */
const BIN_BLOCK = 512;

/** Binned copy of X: uint8 codes, column-major (codes[j*n + i]). */
export function binMatrix(X: Matrix, bins: BinMapper): Uint8Array {
  const n = X.nRows;
  const p = X.nCols;
  const codes = new Uint8Array(n * p);
  for (let i0 = 0; i0 < n; i0 += BIN_BLOCK) {
    const i1 = Math.min(n, i0 + BIN_BLOCK);
    for (let j = 0; j < p; j++) {
      const e = bins.edges[j]!;
      const base = j * n;
      if (X.layout === 'col') for (let i = i0; i < i1; i++) codes[base + i] = binValue(e, X.data[base + i]!);
      else for (let i = i0, k = i0 * p + j; i < i1; i++, k += p) codes[base + i] = binValue(e, X.data[k]!);
    }
  }
  return codes;
}
