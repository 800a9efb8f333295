// Growing one tree on binned data, level by level. Rows of the tree live in one index array
// that is partitioned in place as nodes split (each node owns a contiguous range). Only the
// smaller child's histogram is built; the larger one's is parent − smaller.
import type { BinMapper } from './binning.ts';
import { accumulateHistogram, gatherGradients, subtractHistogram, type HistJob } from './histogram.ts';
import { bestLevelSplit, bestSplit, type Split, type SplitParams } from './split.ts';
import type { DepthwiseTree, ObliviousTree } from './tree.ts';

export interface GrowContext {
  codes: Uint8Array;
  n: number;
  bins: BinMapper;
  /** Interleaved (g, h) per training row. */
  gh: Float64Array;
  /** Rows of this tree in idx[0..m); partitioned in place. */
  idx: Int32Array;
  m: number;
  features: Int32Array;
  maxDepth: number;
  learningRate: number;
  split: SplitParams;
  /** Per-feature importance accumulators. */
  gain: Float64Array;
  splits: Float64Array;
  /** Work buffers sized for n rows (scratch: 2n, gathered (g, h) by idx position). */
  scratch: Float64Array;
  tmp: Int32Array;
  /** Histogram buffers (length bins.totalSlots * 2) and how to fill a batch of them. */
  hists: HistogramStore;
}

/** A sibling's histogram for free: parent ← parent − small (the parent's buffer becomes the sibling's). */
export interface SubtractJob {
  parent: Float64Array;
  small: Float64Array;
}

/** A node whose best split is wanted once its histogram is complete. */
export interface SplitJob {
  hist: Float64Array;
  G: number;
  H: number;
}

export interface HistogramStore {
  acquire(): Float64Array;
  release(h: Float64Array): void;
  /**
   * For ctx.features: build every job's histogram (zeroed first), then do the subtractions,
   * then return the best split of each node of `splits` (in order). One call per tree level,
   * so a threaded store shares all three steps out with one hand-off.
   */
  build(ctx: GrowContext, jobs: readonly HistJob[], subtracts: readonly SubtractJob[], splits: readonly SplitJob[]): (Split | null)[];
  /** Optional: swap ctx's row buffers (codes, idx, scratch) for ones other threads can see. */
  attach?(ctx: GrowContext): void;
}

/** Single-threaded histogram store: plain Float64Arrays, reused. */
export function localHistograms(totalSlots: number): HistogramStore {
  const free: Float64Array[] = [];
  return {
    acquire: () => free.pop() ?? new Float64Array(totalSlots * 2),
    release: (h) => void free.push(h),
    build(ctx, jobs, subtracts, splits) {
      const { offsets, nBins } = ctx.bins;
      for (const j of jobs) {
        j.hist.fill(0);
        gatherGradients(ctx.idx, j.start, j.end, ctx.gh, ctx.scratch);
        accumulateHistogram(j.hist, offsets, ctx.features, 0, ctx.features.length, ctx.codes, ctx.n, ctx.idx, j.start, j.end, ctx.scratch);
      }
      for (const s of subtracts) subtractHistogram(s.parent, s.small, offsets, nBins, ctx.features, 0, ctx.features.length);
      return splits.map((nd) => bestSplit(nd.hist, offsets, nBins, ctx.features, nd.G, nd.H, ctx.split));
    },
  };
}

/** A leaf's rows idx[start..end) and its value, for updating training predictions. */
export interface LeafRange {
  start: number;
  end: number;
  value: number;
}

interface NodeState {
  id: number;
  start: number;
  end: number;
  G: number;
  H: number;
  hist: Float64Array | null;
  /** Its best split, found with its histogram (depthwise trees). */
  split?: Split | null;
}

function release(ctx: GrowContext, h: Float64Array | null): void {
  if (h) ctx.hists.release(h);
}

function rootNode(ctx: GrowContext, withSplit: boolean): NodeState {
  let G = 0;
  let H = 0;
  for (let i = 0; i < ctx.m; i++) {
    const r = ctx.idx[i]! << 1;
    G += ctx.gh[r]!;
    H += ctx.gh[r + 1]!;
  }
  const hist = ctx.hists.acquire();
  const splits = ctx.hists.build(ctx, [{ start: 0, end: ctx.m, hist }], [], withSplit ? [{ hist, G, H }] : []);
  return { id: 0, start: 0, end: ctx.m, G, H, hist, split: splits[0] };
}

/** Stable in-place partition of idx[start..end) by a split; returns the first right index. */
function partition(ctx: GrowContext, start: number, end: number, f: number, bin: number, defaultLeft: boolean): number {
  const { idx, tmp, codes } = ctx;
  const c = f * ctx.n;
  const missing = ctx.bins.nBins[f]!;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = idx[i]!;
    const code = codes[c + row]!;
    if (code === missing ? defaultLeft : code <= bin) idx[l++] = row;
    else tmp[r++] = row;
  }
  idx.set(tmp.subarray(0, r), l);
  return l;
}

type Family = [parent: NodeState, left: NodeState, right: NodeState];

/**
 * Give the children of one level their histograms in one batch: build each smaller child's,
 * derive the larger sibling's as parent − smaller (reusing the parent's buffer), and with
 * `withSplits` find every child's best split in the same batch.
 */
function childHistograms(ctx: GrowContext, families: readonly Family[], withSplits: boolean): void {
  const jobs: HistJob[] = [];
  const subtracts: SubtractJob[] = [];
  const children: NodeState[] = [];
  for (const [parent, L, R] of families) {
    const [small, large] = L.end - L.start <= R.end - R.start ? [L, R] : [R, L];
    small.hist = ctx.hists.acquire();
    jobs.push({ start: small.start, end: small.end, hist: small.hist });
    subtracts.push({ parent: parent.hist!, small: small.hist });
    large.hist = parent.hist;
    parent.hist = null;
    children.push(L, R);
  }
  const splits = ctx.hists.build(ctx, jobs, subtracts, withSplits ? children.map((c) => ({ hist: c.hist!, G: c.G, H: c.H })) : []);
  if (withSplits) children.forEach((c, k) => (c.split = splits[k]));
}

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
    leaves.push({ start: nd.start, end: nd.end, value: value[nd.id]! });
    release(ctx, nd.hist);
    nd.hist = null;
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
      const mid = partition(ctx, nd.start, nd.end, s.feature, s.bin, s.defaultLeft);
      const L: NodeState = { id: newNode(), start: nd.start, end: mid, G: s.gLeft, H: s.hLeft, hist: null };
      const R: NodeState = { id: newNode(), start: mid, end: nd.end, G: nd.G - s.gLeft, H: nd.H - s.hLeft, hist: null };
      feature[nd.id] = s.feature;
      bin[nd.id] = s.bin;
      threshold[nd.id] = ctx.bins.edges[s.feature]![s.bin]!;
      defaultLeft[nd.id] = s.defaultLeft ? 1 : 0;
      left[nd.id] = L.id;
      right[nd.id] = R.id;
      ctx.gain[s.feature] += s.gain;
      ctx.splits[s.feature] += 1;
      if (depth + 1 < ctx.maxDepth) families.push([nd, L, R]);
      else release(ctx, nd.hist);
      next.push(L, R);
    }
    childHistograms(ctx, families, true);
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
      level.map((nd) => ({ hist: nd.hist!, G: nd.G, H: nd.H })),
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
    const next: NodeState[] = [];
    const families: Family[] = [];
    for (const nd of level) {
      const [gl, hl] = leftSums(nd.hist!, ctx, s.feature, s.bin, s.defaultLeft);
      const mid = partition(ctx, nd.start, nd.end, s.feature, s.bin, s.defaultLeft);
      const L: NodeState = { id: 0, start: nd.start, end: mid, G: gl, H: hl, hist: null };
      const R: NodeState = { id: 0, start: mid, end: nd.end, G: nd.G - gl, H: nd.H - hl, hist: null };
      if (depth + 1 < ctx.maxDepth) families.push([nd, L, R]);
      else release(ctx, nd.hist);
      next.push(L, R);
    }
    childHistograms(ctx, families, false);
    level = next;
  }
  const leaves: LeafRange[] = level.map((nd) => {
    release(ctx, nd.hist);
    return { start: nd.start, end: nd.end, value: leafValue(ctx, nd.G, nd.H) };
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
