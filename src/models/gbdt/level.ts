// One tree level's work, in two phases that threads can share without changing a single bit:
//  A (by rows): the training rows are cut into fixed row shards (rows < n/2, rows ≥ n/2, when the
//    data is large; one shard otherwise). For its shard, a thread partitions every splitting
//    node's rows, gathers the (g, h) of each smaller child's rows and adds them into that
//    child's partial histogram (shard 0's into the child's own buffer, shard 1's into a temporary).
//  B (by features): the partials are added (shard 0 + shard 1, always in that order), the larger
//    siblings derived by subtraction, and each child's best split found over a feature range.
// The shards depend on the data only, never on the thread count, so one thread running both
// shards and both feature ranges computes exactly what two threads do (the xgboost way of
// splitting rows, with a fixed reduction order).
import { addHistogram, gatherGradients, subtractHistogram } from './histogram.ts';
import { bestSplit, type Split, type SplitParams } from './split.ts';

// plan header
const N_PARTS = 0;
const N_BUILDS = 1;
const N_SUBS = 2;
const N_SPLITS = 3;
const N_FEAT = 4;
const SHARDS = 5;
const HEADER = 8;
/** Per part: lo0, hi0, lo1, hi1, feature, bin, defaultLeft; per build: part, left, lo0, hi0, lo1, hi1, slot, temp slot. */
const PART = 7;
const BUILD = 8;
/** io: per build, G and H of its rows per shard (4); per split node G, H in, then per half (2) six values out. */
const SUMS = 4;
const SPLIT_IO = 14;

export interface PlanLayout {
  parts: number;
  builds: number;
  subs: number;
  splits: number;
  mids: number;
  len: number;
  /** io (Float64Array) offsets. */
  sums: number;
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
  return { parts, builds, subs, splits, mids, len: mids + 2 * cap, sums: 0, splitIo: SUMS * cap, ioLen: (SUMS + SPLIT_IO) * cap };
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
  /** Shard 1's partial (used only with two shards). */
  temp: number;
}

/** A node whose best split is wanted; G and H, or (fromBuild ≥ 0) the sums of that build's rows. */
export interface SplitNode {
  slot: number;
  G: number;
  H: number;
  fromBuild: number;
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
    plan[o + 7] = b.temp;
  });
  w.subs.forEach(([p, s], k) => {
    plan[at.subs + 2 * k] = p;
    plan[at.subs + 2 * k + 1] = s;
  });
  w.splits.forEach((s, k) => (plan[at.splits + k] = s.slot));
}

/** Shard s's row boundary after phase A: parts[k] splits its shard-s rows at this index. */
export function midOf(a: LevelArrays, k: number, s: number): number {
  return a.plan[a.at.mids + 2 * k + s]!;
}

/** Stable in-place partition of idx[start..end) (tmp[start..end) as scratch); returns the first right index. */
function partition(a: LevelArrays, start: number, end: number, f: number, bin: number, defaultLeft: boolean): number {
  const { idx, tmp, codes } = a;
  const c = f * a.n;
  const missing = a.nBins[f]!;
  let l = start;
  let r = start;
  for (let i = start; i < end; i++) {
    const row = idx[i]!;
    const code = codes[c + row]!;
    if (code === missing ? defaultLeft : code <= bin) idx[l++] = row;
    else tmp[r++] = row;
  }
  idx.set(tmp.subarray(start, r), l);
  return l;
}

/** Phase A for shard s: partitions, then the shard's partial histogram of every build. */
export function phaseRows(a: LevelArrays, s: number): void {
  const { plan, at, io } = a;
  for (let k = 0; k < plan[N_PARTS]!; k++) {
    const o = at.parts + PART * k;
    plan[at.mids + 2 * k + s] = partition(a, plan[o + 2 * s]!, plan[o + 2 * s + 1]!, plan[o + 4]!, plan[o + 5]!, plan[o + 6] === 1);
  }
  const nf = plan[N_FEAT]!;
  for (let j = 0; j < plan[N_BUILDS]!; j++) {
    const o = at.builds + BUILD * j;
    const part = plan[o]!;
    let lo: number;
    let hi: number;
    if (part < 0) {
      lo = plan[o + 2 + 2 * s]!;
      hi = plan[o + 3 + 2 * s]!;
    } else {
      const po = at.parts + PART * part;
      const mid = plan[at.mids + 2 * part + s]!;
      [lo, hi] = plan[o + 1] === 1 ? [plan[po + 2 * s]!, mid] : [mid, plan[po + 2 * s + 1]!];
    }
    const slot = plan[o + 6 + s]!;
    a.hist(slot).fill(0);
    gatherGradients(a.idx, lo, hi, a.gh, a.scratch, io, at.sums + SUMS * j + 2 * s);
    a.accumulate(slot, 0, nf, lo, hi);
  }
}

/** G and H of build j's rows: shard 0's sums, plus shard 1's (in that order). */
export function buildSums(a: LevelArrays, j: number): [number, number] {
  const o = a.at.sums + SUMS * j;
  return a.plan[SHARDS] === 2 ? [a.io[o]! + a.io[o + 2]!, a.io[o + 1]! + a.io[o + 3]!] : [a.io[o]!, a.io[o + 1]!];
}

/** Put each split node's G and H in io (call between the phases). */
export function writeSplitSums(a: LevelArrays, splits: readonly SplitNode[]): void {
  splits.forEach((s, k) => {
    const [G, H] = s.fromBuild >= 0 ? buildSums(a, s.fromBuild) : [s.G, s.H];
    a.io[a.at.splitIo + SPLIT_IO * k] = G;
    a.io[a.at.splitIo + SPLIT_IO * k + 1] = H;
  });
}

/** Phase B over features[fFrom..fTo): add the partials, subtract siblings, best splits into io half `half`. */
export function phaseFeatures(a: LevelArrays, fFrom: number, fTo: number, half: number): void {
  const { plan, at, io, offsets, nBins, features } = a;
  if (plan[SHARDS] === 2) {
    for (let j = 0; j < plan[N_BUILDS]!; j++) {
      const o = at.builds + BUILD * j;
      addHistogram(a.hist(plan[o + 6]!), a.hist(plan[o + 7]!), offsets, nBins, features, fFrom, fTo);
    }
  }
  for (let k = 0; k < plan[N_SUBS]!; k++) {
    subtractHistogram(a.hist(plan[at.subs + 2 * k]!), a.hist(plan[at.subs + 2 * k + 1]!), offsets, nBins, features, fFrom, fTo);
  }
  for (let k = 0; k < plan[N_SPLITS]!; k++) {
    const o = at.splitIo + SPLIT_IO * k;
    const s = bestSplit(a.hist(plan[at.splits + k]!), offsets, nBins, features, io[o]!, io[o + 1]!, a.split, fFrom, fTo);
    const q = o + 2 + 6 * half;
    io[q] = s ? s.gain : -Infinity;
    if (!s) continue;
    io[q + 1] = s.feature;
    io[q + 2] = s.bin;
    io[q + 3] = s.defaultLeft ? 1 : 0;
    io[q + 4] = s.gLeft;
    io[q + 5] = s.hLeft;
  }
}

/** Split node k's best over the feature range that half `half` searched (null: none). */
export function readSplit(a: LevelArrays, k: number, half: number): Split | null {
  const q = a.at.splitIo + SPLIT_IO * k + 2 + 6 * half;
  const io = a.io;
  if (io[q] === -Infinity) return null;
  return { gain: io[q]!, feature: io[q + 1]!, bin: io[q + 2]!, defaultLeft: io[q + 3] === 1, gLeft: io[q + 4]!, hLeft: io[q + 5]! };
}
