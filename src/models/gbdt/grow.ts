// Growing one tree on binned data, level by level. Rows of the tree live in one index array
// that is partitioned in place as nodes split (each node owns a contiguous range per row
// shard: level.ts). Only the smaller child's histogram is built; the larger one's is parent − smaller.
import type { BinMapper } from './binning.ts';
import type { BuildJob, LevelWork, PartJob } from './level.ts';
import { bestLevelSplit, type Split, type SplitParams } from './split.ts';
import type { DepthwiseTree, ObliviousTree } from './tree.ts';

export interface GrowContext {
  codes: Uint8Array;
  n: number;
  bins: BinMapper;
  /** Interleaved (g, h) per training row. */
  gh: Float64Array;
  /** Rows of this tree: shard s's in idx[lo[s]..hi[s]), partitioned in place. */
  idx: Int32Array;
  lo: number[];
  hi: number[];
  features: Int32Array;
  maxDepth: number;
  learningRate: number;
  split: SplitParams;
  /** Per-feature importance accumulators. */
  gain: Float64Array;
  splits: Float64Array;
  /** Histogram buffers and the level's work (histograms.ts: one thread or two). */
  hists: LevelStore;
}

export interface LevelStore {
  /** Row shards (one per thread; the model does not depend on it: level.ts). */
  readonly shards: number;
  acquire(): number;
  release(slot: number): void;
  hist(slot: number): Float64Array;
  /** Give ctx the row buffers (codes, gh, idx) the phases work on. */
  bind(ctx: GrowContext): void;
  /** Run one level (level.ts): partitions, histograms, subtractions, best splits (in order of w.splits). */
  level(ctx: GrowContext, w: LevelWork): (Split | null)[];
  /** After level(): where parts[k] split shard s's rows. */
  mid(k: number, s: number): number;
}

/** A leaf's rows (idx[lo[s]..hi[s]) per shard) and its value, for updating training predictions. */
export interface LeafRange {
  lo: number[];
  hi: number[];
  value: number;
}

interface NodeState {
  id: number;
  lo: number[];
  hi: number[];
  G: number;
  H: number;
  /** Histogram slot, or −1. */
  hist: number;
  /** Its best split, found with its histogram (depthwise trees). */
  split?: Split | null;
}

function release(ctx: GrowContext, nd: NodeState): void {
  if (nd.hist >= 0) ctx.hists.release(nd.hist);
  nd.hist = -1;
}

/** The root: its G and H (in row order), its histogram and, if wanted, its best split. */
function rootNode(ctx: GrowContext, withSplit: boolean): NodeState {
  let G = 0;
  let H = 0;
  for (let s = 0; s < ctx.lo.length; s++) {
    for (let i = ctx.lo[s]!; i < ctx.hi[s]!; i++) {
      const r = ctx.idx[i]! << 1;
      G += ctx.gh[r]!;
      H += ctx.gh[r + 1]!;
    }
  }
  const slot = ctx.hists.acquire();
  const splits = ctx.hists.level(ctx, {
    parts: [],
    builds: [{ part: -1, left: true, lo: ctx.lo, hi: ctx.hi, slot }],
    subs: [],
    splits: withSplit ? [{ slot, G, H }] : [],
  });
  // Without a split asked for, `splits` is an empty array of another elements kind: reading it
  // anyway made this function's optimised code deopt (and compile again) when a thread's fits
  // went from one tree kind to the other.
  return { id: 0, lo: [...ctx.lo], hi: [...ctx.hi], G, H, hist: slot, split: withSplit ? splits[0] : undefined };
}

/** A node to split, its children (G, H known) and whether their histograms are wanted. */
interface Family {
  parent: NodeState;
  L: NodeState;
  R: NodeState;
  feature: number;
  bin: number;
  defaultLeft: boolean;
  build: boolean;
}

/**
 * One level: partition every family's rows, and for families that go on, build the smaller
 * child's histogram (by hessian sum, known before partitioning; ties go left) and derive the
 * larger sibling's as parent − smaller (reusing the parent's buffer); with `withSplits`, find
 * every built family's children's best splits in the same batch.
 */
function runLevel(ctx: GrowContext, families: readonly Family[], withSplits: boolean): void {
  const w: LevelWork = { parts: [], builds: [], subs: [], splits: [] };
  const children: NodeState[] = [];
  families.forEach((fam, k) => {
    const { parent, L, R } = fam;
    (w.parts as PartJob[]).push({ lo: parent.lo, hi: parent.hi, feature: fam.feature, bin: fam.bin, defaultLeft: fam.defaultLeft });
    if (!fam.build) {
      release(ctx, parent);
      return;
    }
    const smallLeft = L.H <= R.H;
    const [small, large] = smallLeft ? [L, R] : [R, L];
    const slot = ctx.hists.acquire();
    small.hist = slot;
    (w.builds as BuildJob[]).push({ part: k, left: smallLeft, slot });
    (w.subs as [number, number][]).push([parent.hist, slot]);
    large.hist = parent.hist;
    parent.hist = -1;
    children.push(L, R);
  });
  if (withSplits) w.splits = children.map((c) => ({ slot: c.hist, G: c.G, H: c.H }));
  const splits = ctx.hists.level(ctx, w);
  families.forEach(({ parent, L, R }, k) => {
    for (let s = 0; s < parent.lo.length; s++) {
      const mid = ctx.hists.mid(k, s);
      L.lo[s] = parent.lo[s]!;
      L.hi[s] = mid;
      R.lo[s] = mid;
      R.hi[s] = parent.hi[s]!;
    }
  });
  if (withSplits) children.forEach((c, k) => (c.split = splits[k]));
}

const child = (G: number, H: number, id = 0): NodeState => ({ id, lo: [], hi: [], G, H, hist: -1 });

function leafValue(ctx: GrowContext, G: number, H: number): number {
  const d = H + ctx.split.lambda;
  return d > 0 ? (-G / d) * ctx.learningRate : 0;
}

export function growDepthwise(ctx: GrowContext): { tree: DepthwiseTree; leaves: LeafRange[] } {
  const feature: number[] = [-1];
  const bin: number[] = [0];
  const threshold: number[] = [0];
  const defaultLeft: number[] = [0];
  const left: number[] = [-1];
  const right: number[] = [-1];
  const value: number[] = [0];
  const leaves: LeafRange[] = [];
  const newNode = (): number => {
    feature.push(-1), bin.push(0), threshold.push(0), defaultLeft.push(0), left.push(-1), right.push(-1), value.push(0);
    return feature.length - 1;
  };
  const makeLeaf = (nd: NodeState) => {
    value[nd.id] = leafValue(ctx, nd.G, nd.H);
    leaves.push({ lo: nd.lo, hi: nd.hi, value: value[nd.id]! });
    release(ctx, nd);
  };
  let level: NodeState[] = [rootNode(ctx, true)];
  for (let depth = 0; depth < ctx.maxDepth && level.length > 0; depth++) {
    const next: NodeState[] = [];
    const families: Family[] = [];
    for (const nd of level) {
      const s = nd.split;
      if (!s) {
        makeLeaf(nd);
        continue;
      }
      const L = child(s.gLeft, s.hLeft, newNode());
      const R = child(nd.G - s.gLeft, nd.H - s.hLeft, newNode());
      feature[nd.id] = s.feature;
      bin[nd.id] = s.bin;
      threshold[nd.id] = ctx.bins.edges[s.feature]![s.bin]!;
      defaultLeft[nd.id] = s.defaultLeft ? 1 : 0;
      left[nd.id] = L.id;
      right[nd.id] = R.id;
      ctx.gain[s.feature] += s.gain;
      ctx.splits[s.feature] += 1;
      families.push({ parent: nd, L, R, feature: s.feature, bin: s.bin, defaultLeft: s.defaultLeft, build: depth + 1 < ctx.maxDepth });
      next.push(L, R);
    }
    if (families.length) runLevel(ctx, families, true);
    level = next;
  }
  for (const nd of level) makeLeaf(nd);
  return {
    tree: {
      kind: 'depthwise',
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      defaultLeft: Uint8Array.from(defaultLeft),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(value),
      bin: Int32Array.from(bin),
    },
    leaves,
  };
}

/** Sum of (g, h) left of a split in a node's histogram (bins ≤ bin, plus missing if default left). */
function leftSums(hist: Float64Array, ctx: GrowContext, f: number, b: number, missLeft: boolean): [number, number] {
  const o = ctx.bins.offsets[f]! << 1;
  let g = 0;
  let h = 0;
  for (let k = 0; k <= b; k++) {
    g += hist[o + (k << 1)]!;
    h += hist[o + (k << 1) + 1]!;
  }
  if (missLeft) {
    const mk = o + (ctx.bins.nBins[f]! << 1);
    g += hist[mk]!;
    h += hist[mk + 1]!;
  }
  return [g, h];
}

export function growOblivious(ctx: GrowContext): { tree: ObliviousTree; leaves: LeafRange[] } {
  const feature: number[] = [];
  const bin: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  let level: NodeState[] = [rootNode(ctx, false)];
  for (let depth = 0; depth < ctx.maxDepth; depth++) {
    const s = bestLevelSplit(
      level.map((nd) => ({ hist: ctx.hists.hist(nd.hist), G: nd.G, H: nd.H })),
      ctx.bins.offsets,
      ctx.bins.nBins,
      ctx.features,
      ctx.split,
    );
    if (!s) break;
    feature.push(s.feature);
    bin.push(s.bin);
    threshold.push(ctx.bins.edges[s.feature]![s.bin]!);
    defaultLeft.push(s.defaultLeft ? 1 : 0);
    ctx.gain[s.feature] += s.gain;
    ctx.splits[s.feature] += 1;
    const families: Family[] = level.map((nd) => {
      const [gl, hl] = leftSums(ctx.hists.hist(nd.hist), ctx, s.feature, s.bin, s.defaultLeft);
      return { parent: nd, L: child(gl, hl), R: child(nd.G - gl, nd.H - hl), feature: s.feature, bin: s.bin, defaultLeft: s.defaultLeft, build: depth + 1 < ctx.maxDepth };
    });
    runLevel(ctx, families, false);
    level = families.flatMap((f) => [f.L, f.R]);
  }
  const leaves: LeafRange[] = level.map((nd) => {
    release(ctx, nd);
    return { lo: nd.lo, hi: nd.hi, value: leafValue(ctx, nd.G, nd.H) };
  });
  return {
    tree: {
      kind: 'oblivious',
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      defaultLeft: Uint8Array.from(defaultLeft),
      leaves: Float64Array.from(leaves, (l) => l.value),
      bin: Int32Array.from(bin),
    },
    leaves,
  };
}
