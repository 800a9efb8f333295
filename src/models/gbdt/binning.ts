// Quantile binning: each feature's values map to at most max_bins bins (uint8 codes, ≤ 256),
// one of which is the missing bin when the feature has missing values. A bin's upper edge is a midpoint between two distinct
// training values, so "code ≤ s" on binned data is exactly "x ≤ edge[s]" on raw data: a saved
// model predicts raw inputs with the same result as training saw.
import type { Matrix } from '../matrix.ts';

export interface BinMapper {
  /** Per feature: sorted upper edges; value bin b holds x ≤ edges[b] (last bin unbounded). */
  edges: Float64Array[];
  /** Per feature: number of value bins (= edges.length + 1, or 1 for constant/all-missing). */
  nBins: Int32Array;
  /** Offset (in histogram slots) of each feature's first bin; each feature has nBins+1 slots. */
  offsets: Int32Array;
  totalSlots: number;
}

/** Rows used to place the edges; beyond this a regular subsample keeps binning O(n). */
const SKETCH_ROWS = 200_000;

export function computeBins(X: Matrix, maxBins: number): BinMapper {
  const n = X.nRows;
  const step = Math.max(1, Math.ceil(n / SKETCH_ROWS));
  const edges: Float64Array[] = [];
  const nBins = new Int32Array(X.nCols);
  const offsets = new Int32Array(X.nCols);
  let slots = 0;
  const buf = new Float64Array(Math.ceil(n / step));
  for (let j = 0; j < X.nCols; j++) {
    let m = 0;
    let hasMissing = false;
    for (let i = 0; i < n; i++) {
      const v = X.layout === 'row' ? X.data[i * X.nCols + j]! : X.data[j * n + i]!;
      if (Number.isNaN(v)) hasMissing = true;
      else if (i % step === 0) buf[m++] = v;
    }
    // A feature with missing values gives one of its max_bins to them (and uint8 codes cap value
    // bins at 255); one without keeps all max_bins, like XGBoost's max_bin. A NaN met later in
    // such a feature is binned as the last value bin, i.e. to the right — its default side.
    const maxValueBins = hasMissing ? Math.min(maxBins - 1, 255) : Math.min(maxBins, 256);
    const e = quantileEdges(buf.subarray(0, m).sort(), maxValueBins);
    edges.push(e);
    nBins[j] = e.length + 1;
    offsets[j] = slots;
    slots += nBins[j]! + 1;
  }
  return { edges, nBins, offsets, totalSlots: slots };
}

/** Edges between distinct values so each bin holds about the same count. `sorted` ascending. */
export function quantileEdges(sorted: Float64Array, maxValueBins: number): Float64Array {
  const m = sorted.length;
  const out: number[] = [];
  if (m === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxValueBins) {
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) out.push(midpoint(sorted[i - 1]!, sorted[i]!));
    return Float64Array.from(out);
  }
  // Walk the distinct values; cut after a value once its cumulative count reaches the next
  // quantile target. A heavy value can absorb several targets, so bins never split a value.
  let k = 1;
  for (let i = 0; i < m - 1 && k < maxValueBins; i++) {
    if (sorted[i] === sorted[i + 1]) continue;
    const cum = i + 1;
    if (cum >= (k * m) / maxValueBins) {
      out.push(midpoint(sorted[i]!, sorted[i + 1]!));
      while (k < maxValueBins && cum >= (k * m) / maxValueBins) k++;
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
  if (Number.isNaN(x)) return Math.min(edges.length + 1, 255);
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Binned copy of X: uint8 codes, column-major (codes[j*n + i]). */
export function binMatrix(X: Matrix, bins: BinMapper): Uint8Array {
  const n = X.nRows;
  const p = X.nCols;
  const codes = new Uint8Array(n * p);
  for (let j = 0; j < p; j++) {
    const e = bins.edges[j]!;
    const base = j * n;
    if (X.layout === 'col') for (let i = 0; i < n; i++) codes[base + i] = binValue(e, X.data[base + i]!);
    else for (let i = 0, k = j; i < n; i++, k += p) codes[base + i] = binValue(e, X.data[k]!);
  }
  return codes;
}
