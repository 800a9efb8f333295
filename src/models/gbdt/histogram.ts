// Gradient histograms: for one tree node, per feature and bin, the sums of gradient and
// hessian of the node's rows. Layout: Float64Array, slot s holds (G, H) at [2s, 2s+1]; feature
// f's bins start at slot offsets[f]. This loop is where GBDT spends its time.

/**
 * Sum (g, h) of rows idx[start..end) into `hist` (zeroed here) for the given features.
 * `codes` is column-major uint8 (codes[f*n + row]); `gh` holds interleaved (g, h) per row.
 */
export function buildHistogram(
  hist: Float64Array,
  offsets: Int32Array,
  features: Int32Array,
  codes: Uint8Array,
  n: number,
  idx: Int32Array,
  start: number,
  end: number,
  gh: Float64Array,
  scratch: Float64Array,
): void {
  hist.fill(0);
  const m = end - start;
  // Gather the node's (g, h) once so the per-feature loops below read them sequentially.
  for (let i = 0; i < m; i++) {
    const r = idx[start + i]! << 1;
    scratch[i << 1] = gh[r]!;
    scratch[(i << 1) + 1] = gh[r + 1]!;
  }
  const nf = features.length;
  let fi = 0;
  // Four features per pass: one read of the row index and of (g, h) feeds four histograms.
  for (; fi + 3 < nf; fi += 4) {
    const c0 = features[fi]! * n;
    const c1 = features[fi + 1]! * n;
    const c2 = features[fi + 2]! * n;
    const c3 = features[fi + 3]! * n;
    const o0 = offsets[features[fi]!]! << 1;
    const o1 = offsets[features[fi + 1]!]! << 1;
    const o2 = offsets[features[fi + 2]!]! << 1;
    const o3 = offsets[features[fi + 3]!]! << 1;
    for (let i = 0; i < m; i++) {
      const r = idx[start + i]!;
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
    }
  }
  for (; fi < nf; fi++) {
    const f = features[fi]!;
    const c = f * n;
    const o = offsets[f]! << 1;
    for (let i = 0; i < m; i++) {
      const b = o + (codes[c + idx[start + i]!]! << 1);
      hist[b] += scratch[i << 1]!;
      hist[b + 1] += scratch[(i << 1) + 1]!;
    }
  }
}

/** parent ← parent − child, for the given features (the sibling's histogram, for free). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, offsets: Int32Array, nBins: Int32Array, features: Int32Array): void {
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi]!;
    const a = offsets[f]! << 1;
    const b = a + ((nBins[f]! + 1) << 1);
    for (let k = a; k < b; k++) parent[k] -= child[k]!;
  }
}
