// Where a fit's level work runs (level.ts): in this thread alone, or split with a helper worker
// over SharedArrayBuffers, synchronised with Atomics — two hand-offs per tree level, no message
// per node. Phase A by rows: this thread takes row shard 0, the helper shard 1 (each partitions
// its own rows, gathers its own gradients, fills its own partial histograms); phase B by
// features: each adds the partials, subtracts and searches splits over half the features. The
// shards are fixed by the data, and the two halves' best splits are merged with the earlier
// features winning ties, so the model is bit-identical whether one thread or two run it. The
// helper is started once and reused by later fits.
import { postToHelper, signalFlag, waitForFlag } from '../../util/helper-thread.ts';
import type { GrowContext, LevelStore } from './grow.ts';
import { buildSums, midOf, phaseFeatures, phaseRows, planLayout, readSplit, writePlan, writeSplitSums, type LevelArrays, type LevelWork, type PlanLayout } from './level.ts';
import { betterSplit, type Split, type SplitParams } from './split.ts';

const SEQ = 0; // bumped by the main thread to post work
const DONE = 1; // set to SEQ by the helper when its part is done
const READY = 2;
const CMD = 3; // what to do: one of the CMD_* below
const FFROM = 4;
const FTO = 5;
const CTRL_LEN = 16;
const CMD_ROWS = 0;
const CMD_QUIT = 1;
const CMD_FEATURES = 2;
/** Wait at most this long for the helper (start-up, or one phase) before giving up. */
const TIMEOUT_MS = 60_000;
/** Shared histogram memory above this falls back to one thread. */
const MAX_ARENA_BYTES = 512 << 20;

export interface StoreOptions {
  totalSlots: number;
  maxDepth: number;
  n: number;
  codes: Uint8Array;
  offsets: Int32Array;
  nBins: Int32Array;
  split: SplitParams;
  /** Row shards (1 or 2), fixed by the data; two threads need two. */
  shards: number;
  threads: number;
}

export interface FitStore extends LevelStore {
  /** 1 or 2: whether the helper took part. */
  readonly threads: number;
  /** Tell the helper this fit is over (it then waits for the next fit's buffers). */
  close(): void;
}

export interface HelperArgs {
  ctrl: SharedArrayBuffer;
  codes: SharedArrayBuffer;
  idx: SharedArrayBuffer;
  tmp: SharedArrayBuffer;
  gh: SharedArrayBuffer;
  scratch: SharedArrayBuffer;
  features: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  nBins: SharedArrayBuffer;
  plan: SharedArrayBuffer;
  io: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  cap: number;
  histLen: number;
  n: number;
  split: SplitParams;
}

/** Live histograms peak at the widest level that still builds: its parents, one child each, and one partial each. */
const slotsFor = (maxDepth: number, shards: number) => (shards === 2 ? 3 : 2) * 2 ** Math.max(0, maxDepth - 2) + 2;
const capFor = (maxDepth: number) => 2 ** (maxDepth - 1);

function arraysOver(a: HelperArgs, at: PlanLayout): LevelArrays {
  const views = Array.from({ length: a.arena.byteLength / (a.histLen * 8) }, (_, k) => new Float64Array(a.arena, k * a.histLen * 8, a.histLen));
  return {
    codes: new Uint8Array(a.codes),
    n: a.n,
    idx: new Int32Array(a.idx),
    tmp: new Int32Array(a.tmp),
    gh: new Float64Array(a.gh),
    scratch: new Float64Array(a.scratch),
    offsets: new Int32Array(a.offsets),
    nBins: new Int32Array(a.nBins),
    features: new Int32Array(a.features),
    plan: new Int32Array(a.plan),
    io: new Float64Array(a.io),
    at,
    hist: (slot) => views[slot]!,
    split: a.split,
  };
}

/** Helper-thread loop (runs in the worker until told to quit). */
export function levelHelper(a: HelperArgs): string {
  const ctrl = new Int32Array(a.ctrl);
  const arr = arraysOver(a, planLayout(a.cap));
  const allFeatures = arr.features;
  let seen = Atomics.load(ctrl, SEQ);
  signalFlag(ctrl, READY, 1);
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen);
    seen = Atomics.load(ctrl, SEQ);
    const cmd = Atomics.load(ctrl, CMD);
    if (cmd === CMD_QUIT) return 'bye';
    arr.features = allFeatures.subarray(0, arr.plan[4]!);
    if (cmd === CMD_ROWS) phaseRows(arr, 1);
    else phaseFeatures(arr, ctrl[FFROM]!, ctrl[FTO]!, 1);
    signalFlag(ctrl, DONE, seen);
  }
}

/** The level work of one fit: with threads 2 (and two shards) shared with the helper, if it starts. */
export function fitStore(o: StoreOptions): FitStore {
  return (o.threads > 1 && o.shards === 2 && teamStore(o)) || localStore(o);
}

function localStore(o: StoreOptions): FitStore {
  const histLen = o.totalSlots * 2;
  const views: Float64Array[] = [];
  const free: number[] = [];
  const at = planLayout(capFor(o.maxDepth));
  const a: LevelArrays = {
    codes: o.codes,
    n: o.n,
    idx: new Int32Array(o.n),
    tmp: new Int32Array(o.n),
    gh: new Float64Array(2 * o.n),
    scratch: new Float64Array(2 * o.n),
    offsets: o.offsets,
    nBins: o.nBins,
    features: new Int32Array(0),
    plan: new Int32Array(at.len),
    io: new Float64Array(at.ioLen),
    at,
    hist: (slot) => views[slot]!,
    split: o.split,
  };
  return {
    shards: o.shards,
    threads: 1,
    acquire() {
      const s = free.pop();
      if (s !== undefined) return s;
      views.push(new Float64Array(histLen));
      return views.length - 1;
    },
    release: (slot) => void free.push(slot),
    hist: a.hist,
    bind: (ctx) => bindArrays(ctx, a),
    level(ctx, w) {
      a.features = ctx.features;
      writePlan(a, w, o.shards);
      for (let s = 0; s < o.shards; s++) phaseRows(a, s);
      writeSplitSums(a, w.splits);
      phaseFeatures(a, 0, ctx.features.length, 0);
      return w.splits.map((_, k) => readSplit(a, k, 0));
    },
    mid: (k, s) => midOf(a, k, s),
    sums: (j) => buildSums(a, j),
    close() {},
  };
}

function bindArrays(ctx: GrowContext, a: LevelArrays): void {
  ctx.codes = a.codes;
  ctx.gh = a.gh;
  ctx.idx = a.idx;
}

function teamStore(o: StoreOptions): FitStore | null {
  const histLen = o.totalSlots * 2;
  const slots = slotsFor(o.maxDepth, 2);
  if (slots * histLen * 8 > MAX_ARENA_BYTES) return null;
  const cap = capFor(o.maxDepth);
  const at = planLayout(cap);
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  const h: HelperArgs = {
    ctrl: sab(CTRL_LEN * 4),
    codes: sab(o.codes.length),
    idx: sab(o.n * 4),
    tmp: sab(o.n * 4),
    gh: sab(o.n * 16),
    scratch: sab(o.n * 16),
    features: sab(o.offsets.length * 4),
    offsets: sab(o.offsets.length * 4),
    nBins: sab(o.nBins.length * 4),
    plan: sab(at.len * 4),
    io: sab(at.ioLen * 8),
    arena: sab(slots * histLen * 8),
    cap,
    histLen,
    n: o.n,
    split: { ...o.split },
  };
  new Uint8Array(h.codes).set(o.codes);
  new Int32Array(h.offsets).set(o.offsets);
  new Int32Array(h.nBins).set(o.nBins);
  const ctrl = new Int32Array(h.ctrl);
  if (!postToHelper(import.meta.url, 'levelHelper', h)) return null;
  try {
    waitForFlag(ctrl, READY, (v) => v === 1, 'gbdt start-up', TIMEOUT_MS);
  } catch {
    return null;
  }
  const a = arraysOver(h, at);
  const allFeatures = a.features;
  const free = Array.from({ length: slots }, (_, k) => slots - 1 - k);
  let seq = 0;
  const post = (cmd: number) => {
    ctrl[CMD] = cmd;
    Atomics.store(ctrl, SEQ, ++seq);
    Atomics.notify(ctrl, SEQ);
  };
  const wait = (what: string) => waitForFlag(ctrl, DONE, (v) => v === seq, what, TIMEOUT_MS);
  return {
    shards: 2,
    threads: 2,
    acquire() {
      const s = free.pop();
      if (s === undefined) throw new Error('gbdt: histogram arena exhausted');
      return s;
    },
    release: (slot) => void free.push(slot),
    hist: a.hist,
    bind: (ctx) => bindArrays(ctx, a),
    level(ctx, w) {
      const nf = ctx.features.length;
      allFeatures.set(ctx.features);
      a.features = allFeatures.subarray(0, nf);
      writePlan(a, w, 2);
      post(CMD_ROWS);
      phaseRows(a, 0);
      wait('gbdt rows');
      writeSplitSums(a, w.splits);
      const half = nf >> 1;
      ctrl[FFROM] = half;
      ctrl[FTO] = nf;
      post(CMD_FEATURES);
      phaseFeatures(a, 0, half, 0);
      wait('gbdt features');
      return w.splits.map((_, k): Split | null => betterSplit(readSplit(a, k, 0), readSplit(a, k, 1)));
    },
    mid: (k, s) => midOf(a, k, s),
    sums: (j) => buildSums(a, j),
    close: () => post(CMD_QUIT),
  };
}
