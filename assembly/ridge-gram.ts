// Ridge's Gram kernel in WebAssembly SIMD (f64x2), compiled by scripts/build-wasm.mjs during
// `npm ci`. src/models/gram-kernel.ts is the same arithmetic in plain JavaScript, used when this
// module is not built; both perform every operation in the same order, so they agree bit for bit.
// Memory is managed by the caller: every argument named like a buffer is a byte offset into
// linear memory, and nothing here allocates.

/**
 * Bytes from one panel to the next: the panel plus one cache line, so that a row's writes to
 * its panels (a multiple of 4 KiB apart otherwise) do not all fall in one L1 cache set.
 */
// @ts-ignore: decorator
@inline function panelBytes(rows: i32): usize {
  return (<usize>rows << 5) + 64;
}

/**
 * Centre, weight and pack `rows` rows of a row-major block (`raw`, p columns) into 4-column
 * panels (`pack`: panel q, at q·panelBytes, holds row i's columns 4q..4q+3 at i*4) as the
 * augmented row [z_0 … z_{p-1}, √w, √w(y − shiftY), 0 …] of p4 ≥ p + 2 columns, where
 * z = √w(x − shift). The Gram of the augmented rows carries every sum ridge needs.
 */
export function packBlock(raw: usize, rows: i32, p: i32, p4: i32, shift: usize, w: usize, y: usize, shiftY: f64, pack: usize): void {
  const panel = panelBytes(rows);
  for (let i = 0; i < rows; i++) {
    const wi = w ? load<f64>(w + (<usize>i << 3)) : 1.0;
    const sq = Math.sqrt(wi);
    const row = raw + <usize>i * <usize>p * 8;
    const dst = pack + (<usize>i << 5);
    const sqv = f64x2.splat(sq);
    let j = 0;
    for (; j + 1 < p; j += 2) {
      const o = <usize>j << 3;
      const z = f64x2.mul(f64x2.sub(v128.load(row + o), v128.load(shift + o)), sqv);
      v128.store(dst + <usize>(j >> 2) * panel + (<usize>(j & 3) << 3), z);
    }
    if (j < p) {
      const o = <usize>j << 3;
      store<f64>(dst + <usize>(j >> 2) * panel + (<usize>(j & 3) << 3), (load<f64>(row + o) - load<f64>(shift + o)) * sq);
      j++;
    }
    store<f64>(dst + <usize>(j >> 2) * panel + (<usize>(j & 3) << 3), sq);
    j++;
    store<f64>(dst + <usize>(j >> 2) * panel + (<usize>(j & 3) << 3), sq * (load<f64>(y + (<usize>i << 3)) - shiftY));
    j++;
    for (; j < p4; j++) store<f64>(dst + <usize>(j >> 2) * panel + (<usize>(j & 3) << 3), 0.0);
  }
}

/**
 * Add the packed block's ZᵀZ into G (p4×p4, row-major), lower triangle only: the 4×4 tile of
 * panels (a, b ≥ a) goes to rows 4b.., columns 4a.. (its transpose, equal by symmetry), so that
 * each accumulator (one column of the tile, two rows per lane pair) is stored with one v128.
 */
export function gramBlock(pack: usize, rows: i32, p4: i32, G: usize): void {
  const panel = panelBytes(rows);
  const len = <usize>rows << 5;
  const panels = p4 >> 2;
  const rowBytes = <usize>p4 << 3;
  for (let a = 0; a < panels; a++) {
    const pa = pack + <usize>a * panel;
    for (let b = a; b < panels; b++) {
      const pb = pack + <usize>b * panel;
      let c0l = f64x2.splat(0), c0h = f64x2.splat(0), c1l = f64x2.splat(0), c1h = f64x2.splat(0);
      let c2l = f64x2.splat(0), c2h = f64x2.splat(0), c3l = f64x2.splat(0), c3h = f64x2.splat(0);
      for (let i: usize = 0; i < len; i += 32) {
        const x01 = v128.load(pa + i);
        const x23 = v128.load(pa + i, 16);
        const y0 = v128.load64_splat(pb + i);
        const y1 = v128.load64_splat(pb + i, 8);
        const y2 = v128.load64_splat(pb + i, 16);
        const y3 = v128.load64_splat(pb + i, 24);
        c0l = f64x2.add(c0l, f64x2.mul(x01, y0));
        c0h = f64x2.add(c0h, f64x2.mul(x23, y0));
        c1l = f64x2.add(c1l, f64x2.mul(x01, y1));
        c1h = f64x2.add(c1h, f64x2.mul(x23, y1));
        c2l = f64x2.add(c2l, f64x2.mul(x01, y2));
        c2h = f64x2.add(c2h, f64x2.mul(x23, y2));
        c3l = f64x2.add(c3l, f64x2.mul(x01, y3));
        c3h = f64x2.add(c3h, f64x2.mul(x23, y3));
      }
      let g = G + (<usize>(b << 2)) * rowBytes + (<usize>(a << 2) << 3);
      v128.store(g, f64x2.add(v128.load(g), c0l));
      v128.store(g, f64x2.add(v128.load(g, 16), c0h), 16);
      g += rowBytes;
      v128.store(g, f64x2.add(v128.load(g), c1l));
      v128.store(g, f64x2.add(v128.load(g, 16), c1h), 16);
      g += rowBytes;
      v128.store(g, f64x2.add(v128.load(g), c2l));
      v128.store(g, f64x2.add(v128.load(g, 16), c2h), 16);
      g += rowBytes;
      v128.store(g, f64x2.add(v128.load(g), c3l));
      v128.store(g, f64x2.add(v128.load(g, 16), c3h), 16);
    }
  }
}
