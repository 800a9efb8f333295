// Where a fit's level work runs (level.ts): in this thread alone, or split with a helper worker
// over SharedArrayBuffers, synchronised with Atomics — two hand-offs per tree level, no message
// per node. Phase A by rows: this thread takes row shard 0, the helper shard 1 (each partitions
// its own rows, gathers its own gradients, fills its own partial histograms); phase B by
// features: each adds the partials, subtracts and searches splits over half the features. The
// shards are fixed by the data, and the two halves' best splits are merged with the earlier
// features winning ties, so the model is bit-identical whether one thread or two run it. The
// helper is started once and reused by later fits.
import { postToHelper, signalFlag, waitForFlag } from '../../util/helper-thread.ts';
import type { LevelStore } from './grow.ts';
import { arraysIn, growTo, heapLayout, histogramModule, returnMemory, setFeatures, takeMemory, type HeapLayout } from './heap.ts';
import { midOf, phaseFeatures, phaseRows, readSplit, writePlan } from './level.ts';
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
  memory: WebAssembly.Memory;
  module: WebAssembly.Module | null;
  layout: HeapLayout;
  split: SplitParams;
}

const capFor = (maxDepth: number) => 2 ** (maxDepth - 1);

/** Helper-thread loop (runs in the worker until told to quit). */
export function levelHelper(h: HelperArgs): string {
  const ctrl = new Int32Array(h.ctrl);
  const arr = arraysIn(h.memory, h.layout, h.module, h.split);
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

/** The helper's side of a team, or null when no helper thread is available. */
interface Team {
  rows(): void;
  features(from: number, to: number): void;
  wait(what: string): void;
  quit(): void;
}

function startHelper(h: HelperArgs): Team | null {
  const ctrl = new Int32Array(h.ctrl);
  if (!postToHelper(import.meta.url, 'levelHelper', h)) return null;
  try {
    waitForFlag(ctrl, READY, (v) => v === 1, 'gbdt start-up', TIMEOUT_MS);
  } catch {
    return null;
  }
  let seq = 0;
  const post = (cmd: number) => {
    ctrl[CMD] = cmd;
    Atomics.store(ctrl, SEQ, ++seq);
    Atomics.notify(ctrl, SEQ);
  };
  return {
    rows: () => post(CMD_ROWS),
    features(from, to) {
      ctrl[FFROM] = from;
      ctrl[FTO] = to;
      post(CMD_FEATURES);
    },
    wait: (what) => waitForFlag(ctrl, DONE, (v) => v === seq, what, TIMEOUT_MS),
    quit: () => post(CMD_QUIT),
  };
}

/**
 * The level work of one fit, in one heap (heap.ts). With threads 2 and two shards the helper
 * takes shard 1's rows and the second half of the features; without a helper this thread does
 * both halves, with the same result.
 */
export function fitStore(o: StoreOptions): FitStore {
  const histLen = o.totalSlots * 2;
  const histBytes = histLen * 8;
  const nFeatures = o.offsets.length;
  const L = heapLayout(o.n, nFeatures, histLen, capFor(o.maxDepth));
  const mem = takeMemory(L.arena + 4 * histBytes);
  const module = histogramModule();
  const a = arraysIn(mem, L, module, o.split);
  a.codes.set(o.codes);
  a.offsets.set(o.offsets);
  a.nBins.set(o.nBins);
  const team = o.threads > 1 && o.shards === 2 ? startHelper({ ctrl: new SharedArrayBuffer(CTRL_LEN * 4), memory: mem, module, layout: L, split: { ...o.split } }) : null;
  const free: number[] = [];
  let slots = 0;
  let features: Int32Array | null = null;
  return {
    shards: o.shards,
    threads: team ? 2 : 1,
    acquire() {
      const s = free.pop();
      if (s !== undefined) return s;
      growTo(mem, L.arena + (slots + 1) * histBytes);
      return slots++;
    },
    release: (slot) => void free.push(slot),
    hist: a.hist,
    bind(ctx) {
      ctx.codes = a.codes;
      ctx.gh = a.gh;
      ctx.idx = a.idx;
    },
    level(ctx, w) {
      if (ctx.features !== features) setFeatures(mem, L, a, (features = ctx.features));
      writePlan(a, w, o.shards);
      const nf = ctx.features.length;
      if (!team) {
        for (let s = 0; s < o.shards; s++) phaseRows(a, s);
        phaseFeatures(a, 0, nf, 0);
        return w.splits.map((_, k) => readSplit(a, k, 0));
      }
      team.rows();
      phaseRows(a, 0);
      team.wait('gbdt rows');
      const half = nf >> 1;
      team.features(half, nf);
      phaseFeatures(a, 0, half, 0);
      team.wait('gbdt features');
      return w.splits.map((_, k): Split | null => betterSplit(readSplit(a, k, 0), readSplit(a, k, 1)));
    },
    mid: (k, s) => midOf(a, k, s),
    close() {
      team?.quit();
      returnMemory(mem);
    },
  };
}
