// Two threads inside ONE GBDT fit: each tree level's work — building the smaller children's
// histograms, deriving their siblings' by subtraction, and finding every child's best split —
// is split by features between this thread and a helper worker, over SharedArrayBuffers,
// synchronised with Atomics (one hand-off per level, no message per node). Each feature's
// histogram is still summed in row order by one thread, and the two halves' best splits are
// merged with the earlier features winning ties, so the model is bit-identical to the
// single-threaded one. The helper is started once and reused by later fits.
import { postToHelper, signalFlag, waitForFlag } from '../../util/helper-thread.ts';
import { accumulateHistogram, gatherGradients, subtractHistogram } from './histogram.ts';
import type { HistogramStore } from './grow.ts';
import { bestSplit, betterSplit, type Split, type SplitParams } from './split.ts';

const SEQ = 0; // bumped by the main thread to post work
const DONE = 1; // set to SEQ by the helper when its half is done
const READY = 2;
const CMD = 3; // 0 work, 1 quit
const NJOBS = 4;
const FFROM = 5;
const FTO = 6;
const NFEAT = 7;
const NSUB = 8;
const NSPLIT = 9;
const CTRL_LEN = 16;
/** Per split node in `io`: G, H in; gain (−∞: none), feature, bin, default left, gLeft, hLeft out. */
const IO = 8;
/** Wait at most this long for the helper (start-up, or one batch) before giving up. */
const TIMEOUT_MS = 60_000;
/** Shared histogram memory above this falls back to one thread. */
const MAX_ARENA_BYTES = 512 << 20;

export interface HelperArgs {
  ctrl: SharedArrayBuffer;
  codes: SharedArrayBuffer;
  idx: SharedArrayBuffer;
  scratch: SharedArrayBuffer;
  features: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  nBins: SharedArrayBuffer;
  /** Build jobs (start, end, slot) ×3, then subtractions (parent, small) ×2, then split nodes (slot). */
  jobs: SharedArrayBuffer;
  io: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  slots: number;
  histLen: number;
  n: number;
  split: SplitParams;
}

/** Where each list starts in the jobs array. */
const layoutOf = (slots: number) => ({ sub: 3 * slots, nodes: 5 * slots, len: 6 * slots });

function writeSplit(io: Float64Array, k: number, s: Split | null): void {
  const o = k * IO;
  io[o + 2] = s ? s.gain : -Infinity;
  if (!s) return;
  io[o + 3] = s.feature;
  io[o + 4] = s.bin;
  io[o + 5] = s.defaultLeft ? 1 : 0;
  io[o + 6] = s.gLeft;
  io[o + 7] = s.hLeft;
}

function readSplit(io: Float64Array, k: number): Split | null {
  const o = k * IO;
  if (io[o + 2] === -Infinity) return null;
  return { gain: io[o + 2]!, feature: io[o + 3]!, bin: io[o + 4]!, defaultLeft: io[o + 5] === 1, gLeft: io[o + 6]!, hLeft: io[o + 7]! };
}

/** Helper-thread loop (runs in the worker until told to quit). */
export function histogramHelper(a: HelperArgs): string {
  const ctrl = new Int32Array(a.ctrl);
  const codes = new Uint8Array(a.codes);
  const idx = new Int32Array(a.idx);
  const scratch = new Float64Array(a.scratch);
  const features = new Int32Array(a.features);
  const offsets = new Int32Array(a.offsets);
  const nBins = new Int32Array(a.nBins);
  const jobs = new Int32Array(a.jobs);
  const io = new Float64Array(a.io);
  const at = layoutOf(a.slots);
  const views = Array.from({ length: a.slots }, (_, k) => new Float64Array(a.arena, k * a.histLen * 8, a.histLen));
  let seen = Atomics.load(ctrl, SEQ);
  signalFlag(ctrl, READY, 1);
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen);
    seen = Atomics.load(ctrl, SEQ);
    if (Atomics.load(ctrl, CMD) === 1) return 'bye';
    const feats = features.subarray(0, ctrl[NFEAT]!);
    const from = ctrl[FFROM]!;
    const to = ctrl[FTO]!;
    for (let j = 0; j < ctrl[NJOBS]!; j++) {
      accumulateHistogram(views[jobs[3 * j + 2]!]!, offsets, feats, from, to, codes, a.n, idx, jobs[3 * j]!, jobs[3 * j + 1]!, scratch);
    }
    for (let k = 0; k < ctrl[NSUB]!; k++) {
      subtractHistogram(views[jobs[at.sub + 2 * k]!]!, views[jobs[at.sub + 2 * k + 1]!]!, offsets, nBins, feats, from, to);
    }
    for (let k = 0; k < ctrl[NSPLIT]!; k++) {
      writeSplit(io, k, bestSplit(views[jobs[at.nodes + k]!]!, offsets, nBins, feats, io[k * IO]!, io[k * IO + 1]!, a.split, from, to));
    }
    signalFlag(ctrl, DONE, seen);
  }
}

export interface TeamStore extends HistogramStore {
  /** Tell the helper this fit is over (it then waits for the next fit's buffers). */
  close(): void;
}

/**
 * A histogram store that splits every batch with the helper thread, or null when threads
 * are unavailable or the shared memory would be too large (the caller then uses one thread).
 */
export function teamHistograms(
  totalSlots: number,
  maxDepth: number,
  n: number,
  codes: Uint8Array,
  offsets: Int32Array,
  nBins: Int32Array,
  split: SplitParams,
): TeamStore | null {
  const histLen = totalSlots * 2;
  // Live histograms peak at one per node of the widest level that still splits, plus the root.
  const slots = 2 ** (maxDepth - 1) + 1;
  if (slots * histLen * 8 > MAX_ARENA_BYTES) return null;
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  const at = layoutOf(slots);
  const a: HelperArgs = {
    ctrl: sab(CTRL_LEN * 4),
    codes: sab(codes.length),
    idx: sab(n * 4),
    scratch: sab(n * 16),
    features: sab(offsets.length * 4),
    offsets: sab(offsets.length * 4),
    nBins: sab(nBins.length * 4),
    jobs: sab(at.len * 4),
    io: sab(slots * IO * 8),
    arena: sab(slots * histLen * 8),
    slots,
    histLen,
    n,
    split: { ...split },
  };
  new Uint8Array(a.codes).set(codes);
  new Int32Array(a.offsets).set(offsets);
  new Int32Array(a.nBins).set(nBins);
  const ctrl = new Int32Array(a.ctrl);
  if (!postToHelper(import.meta.url, 'histogramHelper', a)) return null;
  try {
    waitForFlag(ctrl, READY, (v) => v === 1, 'gbdt start-up', TIMEOUT_MS);
  } catch {
    return null;
  }
  const views = Array.from({ length: slots }, (_, k) => new Float64Array(a.arena, k * histLen * 8, histLen));
  const slotOf = new Map<Float64Array, number>(views.map((v, k) => [v, k]));
  const free: Float64Array[] = views.slice().reverse();
  const features = new Int32Array(a.features);
  const jobs = new Int32Array(a.jobs);
  const io = new Float64Array(a.io);
  let seq = 0;
  return {
    attach(ctx) {
      ctx.codes = new Uint8Array(a.codes);
      ctx.idx = new Int32Array(a.idx);
      ctx.scratch = new Float64Array(a.scratch);
    },
    acquire() {
      const h = free.pop();
      if (!h) throw new Error('gbdt: histogram arena exhausted');
      return h;
    },
    release(h) {
      free.push(h);
    },
    build(ctx, batch, subtracts, splits) {
      const nf = ctx.features.length;
      features.set(ctx.features);
      batch.forEach((j, k) => {
        j.hist.fill(0);
        gatherGradients(ctx.idx, j.start, j.end, ctx.gh, ctx.scratch);
        jobs[3 * k] = j.start;
        jobs[3 * k + 1] = j.end;
        jobs[3 * k + 2] = slotOf.get(j.hist)!;
      });
      subtracts.forEach((s, k) => {
        jobs[at.sub + 2 * k] = slotOf.get(s.parent)!;
        jobs[at.sub + 2 * k + 1] = slotOf.get(s.small)!;
      });
      splits.forEach((nd, k) => {
        jobs[at.nodes + k] = slotOf.get(nd.hist)!;
        io[k * IO] = nd.G;
        io[k * IO + 1] = nd.H;
      });
      const half = nf >> 1;
      ctrl[NJOBS] = batch.length;
      ctrl[NSUB] = subtracts.length;
      ctrl[NSPLIT] = splits.length;
      ctrl[NFEAT] = nf;
      ctrl[FFROM] = half;
      ctrl[FTO] = nf;
      seq++;
      Atomics.store(ctrl, SEQ, seq);
      Atomics.notify(ctrl, SEQ);
      const { offsets: off, nBins: nb } = ctx.bins;
      for (const j of batch) accumulateHistogram(j.hist, off, ctx.features, 0, half, ctx.codes, ctx.n, ctx.idx, j.start, j.end, ctx.scratch);
      for (const s of subtracts) subtractHistogram(s.parent, s.small, off, nb, ctx.features, 0, half);
      const mine = splits.map((nd) => bestSplit(nd.hist, off, nb, ctx.features, nd.G, nd.H, ctx.split, 0, half));
      waitForFlag(ctrl, DONE, (v) => v === seq, 'gbdt histogram batch', TIMEOUT_MS);
      return mine.map((s, k) => betterSplit(s, readSplit(io, k)));
    },
    close() {
      Atomics.store(ctrl, CMD, 1);
      Atomics.store(ctrl, SEQ, ++seq);
      Atomics.notify(ctrl, SEQ);
    },
  };
}
