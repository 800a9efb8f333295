// Ridge's sufficient statistics over all rows (ZᵀZ, Σ√w·z, Σz·yz, Σ√w·yz for z = √w(x − shift),
// all read off the Gram of the augmented rows [z, √w, yz]), on one or two cores. The rows are
// always summed as two fixed halves (split at a block boundary that depends only on n), each
// half block by block into its own accumulators, and the halves added at the end: the helper
// thread may take the second half or not, the numbers are the same bit for bit — a model never
// depends on how many threads fitted it.
import { helperRunning, postToHelper, signalFlag, waitForFlag } from '../util/helper-thread.ts';
import { gramKernel, panelStride, wasmAvailable, wasmKernel, type GramKernel } from './gram-kernel.ts';
import type { Matrix } from './matrix.ts';

/** Rows per block: one 4-column panel is 8 KiB (stays in L1), a block's panels stay in L2. */
export const BLOCK_ROWS = 256;
/**
 * Multiply-adds above which starting the helper thread (0.1–0.5 s, once) is worth it: the
 * kernel does ≈ 12 per ns on one core, so this is a Gram of ≈ 0.8 s, of which the helper saves half.
 */
const COLD_START_WORK = 1e10;
/** Multiply-adds above which a hand-off to a running helper pays (copying its half, waking it). */
const WARM_WORK = 1e7;

let forcedThreads: 1 | 2 | null = null;

/** Pin ridge's Gram threads (benchmarks compare at equal threads); null = decide by size. */
export function setRidgeThreads(threads: 1 | 2 | null): void {
  forcedThreads = threads;
}

/** Whether the second half goes to the helper thread. */
function wantsHelper(n: number, p4: number): boolean {
  if (!wasmAvailable() || n <= BLOCK_ROWS) return false;
  if (forcedThreads !== null) return forcedThreads === 2;
  const work = (n * p4 * p4) / 2;
  return work >= COLD_START_WORK || (work >= WARM_WORK && helperRunning());
}

/** Where the two halves meet: the first block boundary at or after n/2. */
export function halfSplit(n: number): number {
  return Math.min(n, BLOCK_ROWS * Math.ceil(Math.ceil(n / BLOCK_ROWS) / 2));
}

export interface GramSums {
  /** ZᵀZ, p×p row-major (both triangles). */
  G: Float64Array;
  sx: Float64Array;
  sxy: Float64Array;
  sy: number;
}

interface Half {
  G: number;
}

/** Rows [r0, r1) of X, row-major float64, into the heap at `at`; y and w likewise. */
function copyRows(h: Float64Array, X: Matrix, y: ArrayLike<number>, w: Float64Array | null, r0: number, r1: number, at: { raw: number; y: number; w: number }): void {
  const p = X.nCols;
  if (X.layout === 'row') h.set(X.data.subarray(r0 * p, r1 * p), at.raw);
  else {
    const n = X.nRows;
    for (let j = 0; j < p; j++) for (let i = r0, k = at.raw + j; i < r1; i++, k += p) h[k] = X.data[j * n + i]!;
  }
  for (let i = r0; i < r1; i++) h[at.y + i - r0] = y[i]!;
  if (w) h.set(w.subarray(r0, r1), at.w);
}

interface HalfTask {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  flags: SharedArrayBuffer;
  raw: number;
  rows: number;
  p: number;
  p4: number;
  shift: number;
  w: number;
  y: number;
  shiftY: number;
  pack: number;
  half: Half;
}

/** Blocks of a half whose rows are already in the heap (the helper's side, or a fallback). */
function runCopiedHalf(k: GramKernel, t: Omit<HalfTask, 'module' | 'memory' | 'flags'>): void {
  for (let i0 = 0; i0 < t.rows; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, t.rows - i0);
    k.packBlock(t.raw + i0 * t.p, rows, t.p, t.p4, t.shift, t.w ? t.w + i0 : 0, t.y + i0, t.shiftY, t.pack);
    k.gramBlock(t.pack, rows, t.p4, t.half.G);
  }
}

const DONE = 1;
const FAILED = 2;

/** Helper-thread side: the second half, over the main thread's shared memory. */
export function gramHelperTask(t: HalfTask): void {
  try {
    runCopiedHalf(wasmKernel(t.module, t.memory), t);
    signalFlag(new Int32Array(t.flags), 0, DONE);
  } catch {
    signalFlag(new Int32Array(t.flags), 0, FAILED); // the main thread redoes the half
  }
}

/** Ridge's sums over X's rows for the given shift (see the file comment). */
export function gramSums(X: Matrix, y: ArrayLike<number>, w: Float64Array | null, shift: Float64Array, shiftY: number, kernel?: GramKernel): GramSums {
  const n = X.nRows;
  const p = X.nCols;
  const p4 = (p + 2 + 3) & ~3;
  const mid = halfSplit(n);
  // The helper reads its half from the heap: it goes there whole (≤ 1 GiB of the 2 GiB heap).
  const helperRegion = (n - mid) * (p + 2);
  const helper = helperRegion * 8 <= 1 << 30 && wantsHelper(n, p4);
  // Heap layout, in float64s (even offsets keep v128 loads 16-byte aligned).
  let top = 2;
  const take = (len: number) => {
    const at = top;
    top += (len + 1) & ~1;
    return at;
  };
  const shiftAt = take(p4);
  const halves: Half[] = [0, 1].map(() => ({ G: take(p4 * p4) }));
  const pack = [take((p4 / 4) * panelStride(BLOCK_ROWS)), take((p4 / 4) * panelStride(BLOCK_ROWS))];
  const block = { raw: take(BLOCK_ROWS * p), y: take(BLOCK_ROWS), w: take(BLOCK_ROWS) };
  const second = { raw: 0, y: 0, w: 0 };
  if (helper) Object.assign(second, { raw: take((n - mid) * p), y: take(n - mid), w: take(n - mid) });
  const k = kernel ?? gramKernel(top);
  if (helper && !k.share) throw new Error('ridge: the helper thread needs the WebAssembly kernel');
  k.reserve(top);
  const h = k.heap();
  h.fill(0, shiftAt, block.raw);
  h.set(shift, shiftAt);

  let flags: Int32Array | null = null;
  let handedOff = false;
  const secondTask = { raw: second.raw, rows: n - mid, p, p4, shift: shiftAt, w: w ? second.w : 0, y: second.y, shiftY, pack: pack[1]!, half: halves[1]! };
  if (helper) {
    copyRows(h, X, y, w, mid, n, second);
    flags = new Int32Array(new SharedArrayBuffer(4));
    const { module, memory } = k.share!();
    handedOff = postToHelper(import.meta.url, 'gramHelperTask', { ...secondTask, module, memory, flags: flags.buffer as SharedArrayBuffer });
  }
  const runHalf = (r0: number, r1: number, half: Half) => {
    for (let i0 = r0; i0 < r1; i0 += BLOCK_ROWS) {
      const i1 = Math.min(r1, i0 + BLOCK_ROWS);
      copyRows(h, X, y, w, i0, i1, block);
      k.packBlock(block.raw, i1 - i0, p, p4, shiftAt, w ? block.w : 0, block.y, shiftY, pack[0]!);
      k.gramBlock(pack[0]!, i1 - i0, p4, half.G);
    }
  };
  runHalf(0, mid, halves[0]!);
  if (handedOff) waitForFlag(flags!, 0, (v) => v !== 0, 'ridge gram');
  if (helper && (!handedOff || Atomics.load(flags!, 0) === FAILED)) {
    h.fill(0, halves[1]!.G, halves[1]!.G + p4 * p4);
    runCopiedHalf(k, secondTask);
  } else if (!helper) runHalf(mid, n, halves[1]!);

  // G = first half + second half, lower triangle (row ≥ column) mirrored; rows p and p+1 of
  // the augmented Gram are Σ√w·z and Σz·yz, and (p+1, p) is Σ√w·yz.
  const [a, b] = halves as [Half, Half];
  const sum = (r: number, c: number) => h[a.G + r * p4 + c]! + h[b.G + r * p4 + c]!;
  const G = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let c = 0; c <= j; c++) {
      const v = sum(j, c);
      G[j * p + c] = v;
      G[c * p + j] = v;
    }
  }
  const sx = new Float64Array(p);
  const sxy = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    sx[j] = sum(p, j);
    sxy[j] = sum(p + 1, j);
  }
  return { G, sx, sxy, sy: sum(p + 1, p) };
}
