// GBDT's hottest loop, histogram accumulation, in WebAssembly SIMD, compiled by
// scripts/build-wasm.mjs during `npm ci`. Its plain-JavaScript twin (accumulateHistogram in
// src/models/gbdt/histogram.ts) does the same IEEE additions in the same order and is used when
// this module is not built; both agree bit for bit (tested). (Split search was tried here too,
// with f64x2 and scalar arithmetic: 1.1–1.6× slower than V8's code for split.ts, so not used.)
// Memory is laid out by the caller (src/models/gbdt/heap.ts): every argument named like a
// buffer is a byte offset into linear memory, and nothing here allocates.

// Each (g, h) pair is added into its bin with one f64x2 add (the same two additions); the gain
// over JavaScript is in the addressing: no bounds checks, one 16-byte load and store per bin
// instead of two of each.

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
