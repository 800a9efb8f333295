// The memory one GBDT fit works in: codes, row indices, gradients, the level plan and every
// histogram, laid out in one shared WebAssembly.Memory. The histogram kernel
// (assembly/gbdt-kernels.ts) reads it directly, a helper thread sees the same bytes, and the
// kernel's JavaScript twin (accumulateHistogram) and the split search work on typed-array views
// of it. The memory is kept for the next fit in this thread (fresh memory costs ≈ 3.6 ms/MB
// here), unless it grew large.
import { loadWasmModule } from '../../util/wasm-module.ts';
import { accumulateHistogram } from './histogram.ts';
import { planLayout, writeSplit, type LevelArrays } from './level.ts';
import { bestSplit, type SplitParams } from './split.ts';

const PAGE = 65536;
/** 2 GiB: a shared memory's maximum is reserved (address space only) when it is created. */
const MAX_PAGES = 32768;
/** A memory larger than this is dropped after the fit instead of kept. */
const KEEP_BYTES = 64 << 20;
/** The kernel declares 16 pages (1 MiB) of initial memory (scripts/build-wasm.mjs). */
const MIN_PAGES = 16;

/** Byte offsets of a fit's buffers; histogram slot k starts at arena + k·histLen·8. */
export interface HeapLayout {
  n: number;
  nFeatures: number;
  histLen: number;
  cap: number;
  codes: number;
  idx: number;
  tmp: number;
  gh: number;
  scratch: number;
  cols: number;
  offs: number;
  features: number;
  offsets: number;
  nBins: number;
  plan: number;
  io: number;
  arena: number;
}

export function heapLayout(n: number, nFeatures: number, histLen: number, cap: number): HeapLayout {
  const at = planLayout(cap);
  let top = 64;
  const take = (bytes: number) => {
    const o = top;
    top += Math.ceil(Math.max(bytes, 1) / 64) * 64;
    return o;
  };
  return {
    n,
    nFeatures,
    histLen,
    cap,
    codes: take(n * nFeatures),
    idx: take(4 * n),
    tmp: take(4 * n),
    gh: take(16 * n),
    scratch: take(16 * n),
    cols: take(4 * nFeatures),
    offs: take(4 * nFeatures),
    features: take(4 * nFeatures),
    offsets: take(4 * nFeatures),
    nBins: take(4 * nFeatures),
    plan: take(4 * at.len),
    io: take(8 * at.ioLen),
    arena: top,
  };
}

let compiled: WebAssembly.Module | null | undefined;
/** Test hook: force the JavaScript twin ('js') or the kernel ('wasm'); null: the kernel when built. */
let forced: 'wasm' | 'js' | null = null;

export function setHistogramKernel(kind: 'wasm' | 'js' | null): void {
  forced = kind;
}

/** The histogram kernel's module, or null (JavaScript twin). */
export function histogramModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = loadWasmModule(new URL('../../../build/wasm/gbdt-kernels.wasm', import.meta.url), 'gbdt');
  if (forced === 'js') return null;
  if (forced === 'wasm' && !compiled) throw new Error('gbdt: the WebAssembly histogram kernel is not built (npm run build)');
  return compiled;
}

let kept: WebAssembly.Memory | null = null;

/** A memory of at least `bytes` (this thread's kept one when there is one). */
export function takeMemory(bytes: number): WebAssembly.Memory {
  const mem = kept ?? new WebAssembly.Memory({ initial: MIN_PAGES, maximum: MAX_PAGES, shared: true });
  kept = null;
  growTo(mem, bytes);
  return mem;
}

/** Hand the memory back after a fit: kept for the next one unless it grew large. */
export function returnMemory(mem: WebAssembly.Memory): void {
  if (mem.buffer.byteLength <= KEEP_BYTES) kept = mem;
}

export function growTo(mem: WebAssembly.Memory, bytes: number): void {
  const have = mem.buffer.byteLength;
  if (bytes <= have) return;
  const pages = Math.ceil((bytes - have) / PAGE);
  if (have / PAGE + pages > MAX_PAGES) throw new Error(`gbdt: the fit needs ${Math.ceil(bytes / 2 ** 20)} MiB of histograms and rows, more than 2 GiB`);
  mem.grow(pages);
}

interface KernelExports {
  accumulate(hist: number, cols: number, offs: number, fFrom: number, fTo: number, idx: number, start: number, end: number, scratch: number): void;
}

/**
 * Views of a fit's buffers in `mem` (either thread), with the histogram accumulation bound to
 * the kernel (module given) or to its JavaScript twin. Histogram views are made on first use,
 * from the memory's current buffer, as the arena grows.
 */
export function arraysIn(mem: WebAssembly.Memory, L: HeapLayout, module: WebAssembly.Module | null, split: SplitParams): LevelArrays {
  let buf = mem.buffer as unknown as SharedArrayBuffer;
  const p = L.nFeatures;
  const views: Float64Array[] = [];
  const hist = (slot: number): Float64Array => {
    let v = views[slot];
    if (!v) {
      const at = L.arena + slot * L.histLen * 8;
      if (at + L.histLen * 8 > buf.byteLength) buf = mem.buffer as unknown as SharedArrayBuffer;
      v = views[slot] = new Float64Array(buf, at, L.histLen);
    }
    return v;
  };
  const a: LevelArrays = {
    codes: new Uint8Array(buf, L.codes, L.n * p),
    n: L.n,
    idx: new Int32Array(buf, L.idx, L.n),
    tmp: new Int32Array(buf, L.tmp, L.n),
    gh: new Float64Array(buf, L.gh, 2 * L.n),
    scratch: new Float64Array(buf, L.scratch, 2 * L.n),
    offsets: new Int32Array(buf, L.offsets, p),
    nBins: new Int32Array(buf, L.nBins, p),
    features: new Int32Array(buf, L.features, p),
    plan: new Int32Array(buf, L.plan, planLayout(L.cap).len),
    io: new Float64Array(buf, L.io, planLayout(L.cap).ioLen),
    at: planLayout(L.cap),
    hist,
    split,
    accumulate: (slot, fFrom, fTo, lo, hi) =>
      accumulateHistogram(hist(slot), a.offsets, a.features, fFrom, fTo, a.codes, a.n, a.idx, lo, hi, a.scratch),
    search(slot, fFrom, fTo, G, H, at) {
      writeSplit(a.io, at, bestSplit(hist(slot), a.offsets, a.nBins, a.features, G, H, split, fFrom, fTo));
    },
  };
  if (module) {
    const ex = new WebAssembly.Instance(module, { env: { memory: mem } }).exports as unknown as KernelExports;
    a.accumulate = (slot, fFrom, fTo, lo, hi) => ex.accumulate(L.arena + slot * L.histLen * 8, L.cols, L.offs, fFrom, fTo, L.idx, lo, hi, L.scratch);
  }
  return a;
}

/** Set the features of this tree (positions 0..k), with the kernel's per-position column and bin offsets. */
export function setFeatures(mem: WebAssembly.Memory, L: HeapLayout, a: LevelArrays, features: Int32Array): void {
  const buf = mem.buffer as unknown as SharedArrayBuffer;
  const cols = new Uint32Array(buf, L.cols, L.nFeatures);
  const offs = new Uint32Array(buf, L.offs, L.nFeatures);
  const all = new Int32Array(buf, L.features, L.nFeatures);
  all.set(features);
  for (let fi = 0; fi < features.length; fi++) {
    cols[fi] = L.codes + features[fi]! * L.n;
    offs[fi] = a.offsets[features[fi]!]! * 16;
  }
  a.features = all.subarray(0, features.length);
}
