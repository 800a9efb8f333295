// One tree level's work, in two phases that two threads can share without changing a bit:
//  A (by rows): a fit's rows are cut into row shards (with two threads: rows < n/2 and rows ≥
//    n/2; one shard otherwise), and each node owns a contiguous range of idx in every shard. For
//    its shard, a thread partitions every splitting node's rows (stable) and gathers the (g, h)
//    of each child-to-build's rows next to them.
//  B (by features): for its range of features, a thread builds each such child's histogram from
//    the child's rows, shard 0's then shard 1's, derives the larger siblings by subtraction and
//    finds each child's best split.
// Shard 0's rows all come before shard 1's and partitions are stable, so a node's rows are read
// in ascending row order whatever the number of shards: the histograms, and so the model, are
// the same to the bit for one thread or two (and as before the shards existed).
import { gatherGradients, subtractHistogram, zeroHistogram } from './histogram.ts';
import type { Split, SplitParams } from './split.ts';

// plan header
const N_PARTS = 0;
const N_BUILDS = 1;
const N_SUBS = 2;
const N_SPLITS = 3;
const N_FEAT = 4;
const SHARDS = 5;
const HEADER = 8;
/** Per part: lo0, hi0, lo1, hi1, feature, bin, defaultLeft; per build: part, left, lo0, hi0, lo1, hi1, slot. */
const PART = 7;
const BUILD = 7;
/** io: per split node G, H in, then per half (2) six values out. */
const SPLIT_IO = 14;

export interface PlanLayout {
  parts: number;
  builds: number;
  subs: number;
  splits: number;
  mids: number;
  len: number;
  /** io (Float64Array) offset. */
  splitIo: number;
  ioLen: number;
}

/** Capacity for `cap` nodes per level (every list of a level has at most that many entries). */
export function planLayout(cap: number): PlanLayout {
  const parts = HEADER;
  const builds = parts + PART * cap;
  const subs = builds + BUILD * cap;
  const splits = subs + 2 * cap;
  const mids = splits + cap;
  return { parts, builds, subs, splits, mids, len: mids + 2 * cap, splitIo: 0, ioLen: SPLIT_IO * cap };
}

/** The typed arrays both phases work on (plain in one thread, shared with a helper in two). */
export interface LevelArrays {
  codes: Uint8Array;
  n: number;
  idx: Int32Array;
  tmp: Int32Array;
  gh: Float64Array;
  scratch: Float64Array;
  offsets: Int32Array;
  nBins: Int32Array;
  features: Int32Array;
  plan: Int32Array;
  io: Float64Array;
  at: PlanLayout;
  /** Histogram buffers by slot. */
  hist: (slot: number) => Float64Array;
  split: SplitParams;
  /** Add rows idx[lo..hi) into slot's histogram for feature positions fFrom..fTo (heap.ts: kernel or twin). */
  accumulate: (slot: number, fFrom: number, fTo: number, lo: number, hi: number) => void;
  /** Best split of slot's histogram over feature positions fFrom..fTo, written to io[at..at+6) (writeSplit's layout). */
  search: (slot: number, fFrom: number, fTo: number, G: number, H: number, at: number) => void;
}

/** A node to split: its rows per shard, lo[s]..hi[s), and the rule (codes ≤ bin go left). */
export interface PartJob {
  lo: readonly number[];
  hi: readonly number[];
  feature: number;
  bin: number;
  defaultLeft: boolean;
}

/** A histogram to build: one side of parts[part]'s split, or (part −1) the rows lo..hi. */
export interface BuildJob {
  part: number;
  left: boolean;
  lo?: readonly number[];
  hi?: readonly number[];
  slot: number;
}

/** A node whose best split is wanted, with the sums of its rows' g and h. */
export interface SplitNode {
  slot: number;
  G: number;
  H: number;
}

export interface LevelWork {
  parts: readonly PartJob[];
  builds: readonly BuildJob[];
  /** parent slot ← parent − small slot. */
  subs: readonly (readonly [number, number])[];
  splits: readonly SplitNode[];
}

/** Write a level's work into the plan (phases read only the plan). */
export function writePlan(a: LevelArrays, w: LevelWork, shards: number): void {
  const { plan, at } = a;
  plan[N_PARTS] = w.parts.length;
  plan[N_BUILDS] = w.builds.length;
  plan[N_SUBS] = w.subs.length;
  plan[N_SPLITS] = w.splits.length;
  plan[N_FEAT] = a.features.length;
  plan[SHARDS] = shards;
  w.parts.forEach((p, k) => {
    const o = at.parts + PART * k;
    plan[o] = p.lo[0]!;
    plan[o + 1] = p.hi[0]!;
    plan[o + 2] = p.lo[1] ?? 0;
    plan[o + 3] = p.hi[1] ?? 0;
    plan[o + 4] = p.feature;
    plan[o + 5] = p.bin;
    plan[o + 6] = p.defaultLeft ? 1 : 0;
  });
  w.builds.forEach((b, j) => {
    const o = at.builds + BUILD * j;
    plan[o] = b.part;
    plan[o + 1] = b.left ? 1 : 0;
    plan[o + 2] = b.lo?.[0] ?? 0;
    plan[o + 3] = b.hi?.[0] ?? 0;
    plan[o + 4] = b.lo?.[1] ?? 0;
    plan[o + 5] = b.hi?.[1] ?? 0;
    plan[o + 6] = b.slot;
  });
  w.subs.forEach(([p, s], k) => {
    plan[at.subs + 2 * k] = p;
    plan[at.subs + 2 * k + 1] = s;
  });
  w.splits.forEach((s, k) => {
    plan[at.splits + k] = s.slot;
    a.io[at.splitIo + SPLIT_IO * k] = s.G;
    a.io[at.splitIo + SPLIT_IO * k + 1] = s.H;
  });
}

/** Shard s's row boundary after phase A: parts[k] splits its shard-s rows at this index. */
export function midOf(a: LevelArrays, k: number, s: number): number {
  return a.plan[a.at.mids + 2 * k + s]!;
}

/**
 * Stable in-place partition of idx[start..end) (tmp[start..end) as scratch); returns the first
 * right index. Branch-free: every row is written to both sides and only the matching cursor
 * moves, as a split's side is a coin toss for the branch predictor.
 */
function partition(a: LevelArrays, start: number, end: number, f: number, bin: number, defaultLeft: boolean): number {
  const { idx, tmp, codes } = a;
  const c = f * a.n;
  const missing = a.nBins[f]!;
  const dl = defaultLeft ? 1 : 0;
  let l = start;
  let r = start;
  for (let i = start; i < end; i++) {
    const row = idx[i]!;
    const code = codes[c + row]!;
    const left = code === missing ? dl : +(code <= bin);
    idx[l] = row;
    tmp[r] = row;
    l += left;
    r += 1 - left;
  }
  idx.set(tmp.subarray(start, r), l);
  return l;
}

/** Rows of build j in shard s (after shard s's partitions). */
function buildRange(a: LevelArrays, j: number, s: number): [number, number] {
  const { plan, at } = a;
  const o = at.builds + BUILD * j;
  const part = plan[o]!;
  if (part < 0) return [plan[o + 2 + 2 * s]!, plan[o + 3 + 2 * s]!];
  const po = at.parts + PART * part;
  const mid = plan[at.mids + 2 * part + s]!;
  return plan[o + 1] === 1 ? [plan[po + 2 * s]!, mid] : [mid, plan[po + 2 * s + 1]!];
}

/** Phase A for shard s: partition every part's shard-s rows, gather the (g, h) of every build's. */
export function phaseRows(a: LevelArrays, s: number): void {
  const { plan, at } = a;
  for (let k = 0; k < plan[N_PARTS]!; k++) {
    const o = at.parts + PART * k;
    plan[at.mids + 2 * k + s] = partition(a, plan[o + 2 * s]!, plan[o + 2 * s + 1]!, plan[o + 4]!, plan[o + 5]!, plan[o + 6] === 1);
  }
  for (let j = 0; j < plan[N_BUILDS]!; j++) {
    const [lo, hi] = buildRange(a, j, s);
    gatherGradients(a.idx, lo, hi, a.gh, a.scratch);
  }
}

/** Phase B over features[fFrom..fTo): build histograms (shard by shard), subtract siblings, best splits into io half `half`. */
export function phaseFeatures(a: LevelArrays, fFrom: number, fTo: number, half: number): void {
  const { plan, at, io, offsets, nBins, features } = a;
  const shards = plan[SHARDS]!;
  for (let j = 0; j < plan[N_BUILDS]!; j++) {
    const slot = plan[at.builds + BUILD * j + 6]!;
    zeroHistogram(a.hist(slot), offsets, nBins, features, fFrom, fTo);
    for (let s = 0; s < shards; s++) {
      const [lo, hi] = buildRange(a, j, s);
      a.accumulate(slot, fFrom, fTo, lo, hi);
    }
  }
  for (let k = 0; k < plan[N_SUBS]!; k++) {
    subtractHistogram(a.hist(plan[at.subs + 2 * k]!), a.hist(plan[at.subs + 2 * k + 1]!), offsets, nBins, features, fFrom, fTo);
  }
  for (let k = 0; k < plan[N_SPLITS]!; k++) {
    const o = at.splitIo + SPLIT_IO * k;
    a.search(plan[at.splits + k]!, fFrom, fTo, io[o]!, io[o + 1]!, o + 2 + 6 * half);
  }
}

/** A split (or none: gain −∞) as six numbers at io[q..q+6): gain, feature, bin, default left, G_L, H_L. */
export function writeSplit(io: Float64Array, q: number, s: Split | null): void {
  io[q] = s ? s.gain : -Infinity;
  if (!s) return;
  io[q + 1] = s.feature;
  io[q + 2] = s.bin;
  io[q + 3] = s.defaultLeft ? 1 : 0;
  io[q + 4] = s.gLeft;
  io[q + 5] = s.hLeft;
}

/** Split node k's best over the feature range that half `half` searched (null: none). */
export function readSplit(a: LevelArrays, k: number, half: number): Split | null {
  const q = a.at.splitIo + SPLIT_IO * k + 2 + 6 * half;
  const io = a.io;
  if (io[q] === -Infinity) return null;
  return { gain: io[q]!, feature: io[q + 1]!, bin: io[q + 2]!, defaultLeft: io[q + 3] === 1, gLeft: io[q + 4]!, hLeft: io[q + 5]! };
}
