// Ridge's Gram kernel over a block of rows: centre, weight and pack the rows into 4-column
// panels, then add the panels' ZᵀZ tiles. Two implementations of one arithmetic: WebAssembly
// SIMD compiled from assembly/ridge-gram.ts during `npm ci` (the fast one), and the plain
// JavaScript below, used when the .wasm was not built (an install without dev dependencies).
// Both do every multiply and add in the same order, so their results agree bit for bit (a test
// holds them to it). Working directly on row-major blocks means no transposed copy of X: the
// ≈ 3.6 ms/MB that fresh memory costs here is paid once for the kernel's heap, never per fit.
import { loadWasmModule } from '../util/wasm-module.ts';

/**
 * The kernel's working memory and its two operations. Offsets are in float64 units into
 * `heap()`; offset 0 is never a buffer (it means "no weights").
 */
export interface GramKernel {
  readonly kind: 'wasm' | 'js';
  /** A view of the whole heap (re-read it after `reserve`). */
  heap(): Float64Array;
  /** Make the heap hold at least `length` float64s. */
  reserve(length: number): void;
  /** See assembly/ridge-gram.ts: packBlock. */
  packBlock(raw: number, rows: number, p: number, p4: number, shift: number, w: number, y: number, shiftY: number, pack: number): void;
  /** See assembly/ridge-gram.ts: gramBlock (lower-triangle tiles of G, p4×p4). */
  gramBlock(pack: number, rows: number, p4: number, G: number): void;
  /** The WebAssembly module and memory, for a second thread to instantiate (wasm only). */
  share?(): { module: WebAssembly.Module; memory: WebAssembly.Memory };
}

/** Float64s from one 4-column panel to the next (one cache line of padding: see the .wasm source). */
export function panelStride(rows: number): number {
  return rows * 4 + 8;
}

/** The JavaScript twin of packBlock: the same operations, lane by lane, in the same order. */
export function packBlockJs(h: Float64Array, raw: number, rows: number, p: number, p4: number, shift: number, w: number, y: number, shiftY: number, pack: number): void {
  const panel = panelStride(rows);
  const put = (i: number, j: number, v: number) => (h[pack + i * 4 + (j >> 2) * panel + (j & 3)] = v);
  for (let i = 0; i < rows; i++) {
    const sq = Math.sqrt(w ? h[w + i]! : 1);
    const row = raw + i * p;
    for (let j = 0; j < p; j++) put(i, j, (h[row + j]! - h[shift + j]!) * sq);
    put(i, p, sq);
    put(i, p + 1, sq * (h[y + i]! - shiftY));
    for (let j = p + 2; j < p4; j++) put(i, j, 0);
  }
}

/** The JavaScript twin of gramBlock. */
export function gramBlockJs(h: Float64Array, pack: number, rows: number, p4: number, G: number): void {
  const panel = panelStride(rows);
  const len = rows * 4;
  const panels = p4 >> 2;
  for (let a = 0; a < panels; a++) {
    const pa = pack + a * panel;
    for (let b = a; b < panels; b++) {
      const pb = pack + b * panel;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let i = 0; i < len; i += 4) {
        const x0 = h[pa + i]!, x1 = h[pa + i + 1]!, x2 = h[pa + i + 2]!, x3 = h[pa + i + 3]!;
        const y0 = h[pb + i]!, y1 = h[pb + i + 1]!, y2 = h[pb + i + 2]!, y3 = h[pb + i + 3]!;
        s00 += x0 * y0; s10 += x1 * y0; s20 += x2 * y0; s30 += x3 * y0;
        s01 += x0 * y1; s11 += x1 * y1; s21 += x2 * y1; s31 += x3 * y1;
        s02 += x0 * y2; s12 += x1 * y2; s22 += x2 * y2; s32 += x3 * y2;
        s03 += x0 * y3; s13 += x1 * y3; s23 += x2 * y3; s33 += x3 * y3;
      }
      // Tile (a, b) stored transposed, at rows 4b.., columns 4a.. (the lower triangle).
      let g = G + 4 * b * p4 + 4 * a;
      h[g] += s00; h[g + 1] += s10; h[g + 2] += s20; h[g + 3] += s30; g += p4;
      h[g] += s01; h[g + 1] += s11; h[g + 2] += s21; h[g + 3] += s31; g += p4;
      h[g] += s02; h[g + 1] += s12; h[g + 2] += s22; h[g + 3] += s32; g += p4;
      h[g] += s03; h[g + 1] += s13; h[g + 2] += s23; h[g + 3] += s33;
    }
  }
}

const PAGE = 65536;
/** 2 GiB: a shared memory's maximum is reserved (address space only) when it is created. */
const MAX_PAGES = 32768;

export function jsKernel(): GramKernel {
  let h = new Float64Array(1 << 14);
  return {
    kind: 'js',
    heap: () => h,
    reserve(length) {
      if (length <= h.length) return;
      const next = new Float64Array(Math.max(length, h.length * 2));
      next.set(h);
      h = next;
    },
    packBlock: (...a) => packBlockJs(h, ...a),
    gramBlock: (...a) => gramBlockJs(h, ...a),
  };
}

interface WasmExports {
  packBlock(raw: number, rows: number, p: number, p4: number, shift: number, w: number, y: number, shiftY: number, pack: number): void;
  gramBlock(pack: number, rows: number, p4: number, G: number): void;
}

/** Instantiate the kernel over a (shared) memory: byte offsets are float64 offsets × 8. */
export function wasmKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): GramKernel {
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmExports;
  let view = new Float64Array(memory.buffer);
  return {
    kind: 'wasm',
    heap() {
      if (view.length * 8 !== memory.buffer.byteLength) view = new Float64Array(memory.buffer);
      return view;
    },
    reserve(length) {
      const have = memory.buffer.byteLength;
      if (length * 8 > have) {
        const pages = Math.ceil((length * 8 - have) / PAGE);
        if (have / PAGE + pages > MAX_PAGES) throw new Error(`ridge: the Gram kernel needs ${Math.ceil((length * 8) / 2 ** 20)} MiB, more than its 2 GiB heap`);
        memory.grow(pages);
      }
    },
    packBlock: (raw, rows, p, p4, shift, w, y, shiftY, pack) => ex.packBlock(raw * 8, rows, p, p4, shift * 8, w * 8, y * 8, shiftY, pack * 8),
    gramBlock: (pack, rows, p4, G) => ex.gramBlock(pack * 8, rows, p4, G * 8),
    share: () => ({ module, memory }),
  };
}

/** Where `npm ci` (scripts/build-wasm.mjs) puts the compiled kernel: build/wasm/ at the root. */
const WASM_URL = new URL('../../build/wasm/ridge-gram.wasm', import.meta.url);

let compiled: WebAssembly.Module | null | undefined;
let kept: GramKernel | null = null;

/** The compiled module, or null when it was not built (or EDGELAB_NO_WASM=1). */
function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = loadWasmModule(WASM_URL, 'ridge');
  return compiled;
}

/** Whether the WebAssembly kernel is built (two threads need it: they share its memory). */
export function wasmAvailable(): boolean {
  return wasmModule() !== null;
}

/** A kernel with a new heap: WebAssembly when built, else JavaScript. */
function newKernel(): GramKernel {
  const module = wasmModule();
  return module ? wasmKernel(module, new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true })) : jsKernel();
}

/** A heap this large (bytes) is used once and dropped: linear memory never shrinks. */
const KEEP_HEAP = 64 << 20;

/**
 * This thread's kernel for a heap of `length` float64s: the kept one (reused across fits, so
 * its memory is touched once), or for an unusually large heap a new one that is dropped after use.
 */
export function gramKernel(length = 0): GramKernel {
  if (length * 8 > KEEP_HEAP) return newKernel();
  kept ??= newKernel();
  return kept;
}
