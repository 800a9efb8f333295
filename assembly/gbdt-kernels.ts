// GBDT's two hot loops in WebAssembly SIMD, compiled by scripts/build-wasm.mjs during `npm ci`:
// histogram accumulation and split search. Each has a plain-JavaScript twin doing the same
// IEEE operations in the same order (accumulateHistogram in src/models/gbdt/histogram.ts,
// bestSplit in split.ts), used when this module is not built; both agree bit for bit (tested).
// Memory is laid out by the caller (src/models/gbdt/heap.ts): every argument named like a
// buffer is a byte offset into linear memory, and nothing here allocates.

// ---- histograms: each (g, h) pair is added into its bin with one f64x2 add (the same two
// additions); the gain over JavaScript is in the addressing: no bounds checks, one 16-byte load
// and store per bin instead of two of each.

// @ts-ignore: decorator
@inline function addPair(bin: usize, gh: v128): void {
  v128.store(bin, f64x2.add(v128.load(bin), gh));
}

// @ts-ignore: decorator
@inline function col(cols: usize, fi: i32): usize {
  return <usize>load<u32>(cols + (<usize>fi << 2));
}

/**
 * Add rows idx[start..end) into the histogram at `hist` for feature positions fFrom..fTo:
 * position fi's codes start at byte cols[fi] (u32), its bins at hist + offs[fi] (u32 bytes,
 * 16 per bin: g then h); the rows' (g, h) are at scratch + 16·i (gathered by position).
 */
export function accumulate(hist: usize, cols: usize, offs: usize, fFrom: i32, fTo: i32, idx: usize, start: i32, end: i32, scratch: usize): void {
  let fi = fFrom;
  // Eight features per pass, as the JavaScript twin: one read of the row and its (g, h) feeds eight bins.
  for (; fi + 7 < fTo; fi += 8) {
    const c0 = col(cols, fi), c1 = col(cols, fi + 1), c2 = col(cols, fi + 2), c3 = col(cols, fi + 3);
    const c4 = col(cols, fi + 4), c5 = col(cols, fi + 5), c6 = col(cols, fi + 6), c7 = col(cols, fi + 7);
    const o0 = hist + col(offs, fi), o1 = hist + col(offs, fi + 1), o2 = hist + col(offs, fi + 2), o3 = hist + col(offs, fi + 3);
    const o4 = hist + col(offs, fi + 4), o5 = hist + col(offs, fi + 5), o6 = hist + col(offs, fi + 6), o7 = hist + col(offs, fi + 7);
    for (let i = start; i < end; i++) {
      const r = <usize>load<u32>(idx + (<usize>i << 2));
      const gh = v128.load(scratch + (<usize>i << 4));
      addPair(o0 + (<usize>load<u8>(c0 + r) << 4), gh);
      addPair(o1 + (<usize>load<u8>(c1 + r) << 4), gh);
      addPair(o2 + (<usize>load<u8>(c2 + r) << 4), gh);
      addPair(o3 + (<usize>load<u8>(c3 + r) << 4), gh);
      addPair(o4 + (<usize>load<u8>(c4 + r) << 4), gh);
      addPair(o5 + (<usize>load<u8>(c5 + r) << 4), gh);
      addPair(o6 + (<usize>load<u8>(c6 + r) << 4), gh);
      addPair(o7 + (<usize>load<u8>(c7 + r) << 4), gh);
    }
  }
  // The last < 8 features, one at a time (each feature's bins still see the rows in order).
  for (; fi < fTo; fi++) {
    const c = col(cols, fi);
    const o = hist + col(offs, fi);
    for (let i = start; i < end; i++) {
      const r = <usize>load<u32>(idx + (<usize>i << 2));
      addPair(o + (<usize>load<u8>(c + r) << 4), v128.load(scratch + (<usize>i << 4)));
    }
  }
}

// ---- split search: the two halves of a gain, G_L²/(H_L+λ) and G_R²/(H_R+λ), are one f64x2
// multiply and divide (the same operations lane by lane), then added and reduced by the
// parent's score in the same order; candidates are compared in the same order.

/**
 * Best split of the histogram at `hist` over feature positions fFrom..fTo (features, offsets and
 * nBins: i32 arrays; bins 16 bytes apart, g then h, the missing values' bin last). Writes gain
 * (−∞: none), feature, bin, default left (1/0), G_L, H_L as six f64 at `out`.
 */
export function bestSplit(
  hist: usize, features: usize, offsets: usize, nBins: usize, fFrom: i32, fTo: i32,
  G: f64, H: f64, lambda: f64, gamma: f64, minChildWeight: f64, minGain: f64, out: usize,
): void {
  const parentScore = (G * G) / (H + lambda);
  let bestGain = Math.max(gamma, minGain);
  let found = false;
  let bf: i32 = 0, bb: i32 = 0, bdl: i32 = 0;
  let bgl: f64 = 0, bhl: f64 = 0;
  const lam = f64x2.splat(lambda);
  for (let fi = fFrom; fi < fTo; fi++) {
    const f = load<i32>(features + (<usize>fi << 2));
    const nb = load<i32>(nBins + (<usize>f << 2));
    if (nb < 2) continue;
    const o = hist + (<usize>load<i32>(offsets + (<usize>f << 2)) << 4);
    const gMiss = load<f64>(o + (<usize>nb << 4));
    const hMiss = load<f64>(o + (<usize>nb << 4) + 8);
    let gl: f64 = 0, hl: f64 = 0;
    for (let b = 0; b < nb - 1; b++) {
      gl += load<f64>(o + (<usize>b << 4));
      hl += load<f64>(o + (<usize>b << 4) + 8);
      let hr = H - hl;
      if (hl >= minChildWeight && hr >= minChildWeight) {
        const gr = G - gl;
        const num = f64x2.replace_lane(f64x2.splat(gl), 1, gr);
        const t = f64x2.div(f64x2.mul(num, num), f64x2.add(f64x2.replace_lane(f64x2.splat(hl), 1, hr), lam));
        const gain = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1) - parentScore;
        if (gain > bestGain) {
          bestGain = gain; found = true; bf = f; bb = b; bdl = 0; bgl = gl; bhl = hl;
        }
      }
      if (hMiss > 0) {
        const gl2 = gl + gMiss;
        const hl2 = hl + hMiss;
        hr = H - hl2;
        if (hl2 >= minChildWeight && hr >= minChildWeight) {
          const gr = G - gl2;
          const num = f64x2.replace_lane(f64x2.splat(gl2), 1, gr);
          const t = f64x2.div(f64x2.mul(num, num), f64x2.add(f64x2.replace_lane(f64x2.splat(hl2), 1, hr), lam));
          const gain = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1) - parentScore;
          if (gain > bestGain) {
            bestGain = gain; found = true; bf = f; bb = b; bdl = 1; bgl = gl2; bhl = hl2;
          }
        }
      }
    }
  }
  store<f64>(out, found ? bestGain : -Infinity);
  store<f64>(out + 8, <f64>bf);
  store<f64>(out + 16, <f64>bb);
  store<f64>(out + 24, <f64>bdl);
  store<f64>(out + 32, bgl);
  store<f64>(out + 40, bhl);
}
