// Fitted trees and their prediction. A tree stores raw-value thresholds (x ≤ threshold goes
// left, NaN goes to the learned default side), so a loaded model predicts raw inputs; during
// training the same split is also kept as a bin code for fast binned prediction.
import { UserError } from '../../util/errors.ts';

export interface DepthwiseTree {
  kind: 'depthwise';
  /** Per node: split feature, or -1 for a leaf. Node 0 is the root. */
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value (learning rate applied); 0 for internal nodes. */
  value: Float64Array;
  /** Training only (not saved): split as a bin code. */
  bin?: Int32Array;
}

export interface ObliviousTree {
  kind: 'oblivious';
  /** Per level: the one split every node of that level uses. */
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  /** 2^depth leaf values; leaf index = Σ (went right at level d) << (depth-1-d). */
  leaves: Float64Array;
  bin?: Int32Array;
}

export type Tree = DepthwiseTree | ObliviousTree;

export type TreeJSON =
  | { kind: 'depthwise'; feature: number[]; threshold: number[]; defaultLeft: number[]; left: number[]; right: number[]; value: number[] }
  | { kind: 'oblivious'; feature: number[]; threshold: number[]; defaultLeft: number[]; leaves: number[] };

/**
 * Add one tree's output on binned, column-major codes (training and validation sets): to every
 * row, or only to rows[0..count) when given.
 */
export function addTreeBinned(t: Tree, codes: Uint8Array, n: number, nBins: Int32Array, out: Float64Array, rows: Int32Array | null = null, count = n): void {
  if (t.kind === 'depthwise') addDepthwiseBinned(t, codes, n, nBins, out, rows, count);
  else addObliviousBinned(t, codes, n, nBins, out, rows, count);
}

/** addTreeBinned of a depthwise tree (boosting calls the kind's own walk: one shape per function). */
export function addDepthwiseBinned(t: DepthwiseTree, codes: Uint8Array, n: number, nBins: Int32Array, out: Float64Array, rows: Int32Array | null = null, count = n): void {
  const bin = t.bin!;
  const { feature, defaultLeft, left, right, value } = t;
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[r]! : r;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const c = codes[f * n + i]!;
      node = (c === nBins[f] ? defaultLeft[node] === 1 : c <= bin[node]!) ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[i] += value[node]!;
  }
}

/** addTreeBinned of an oblivious tree. */
export function addObliviousBinned(t: ObliviousTree, codes: Uint8Array, n: number, nBins: Int32Array, out: Float64Array, rows: Int32Array | null = null, count = n): void {
  const bin = t.bin!;
  const { feature, defaultLeft, leaves } = t;
  const depth = feature.length;
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[r]! : r;
    let k = 0;
    for (let d = 0; d < depth; d++) {
      const f = feature[d]!;
      const c = codes[f * n + i]!;
      const goLeft = c === nBins[f] ? defaultLeft[d] === 1 : c <= bin[d]!;
      k = (k << 1) | (goLeft ? 0 : 1);
    }
    out[i] += leaves[k]!;
  }
}

export function treeToJSON(t: Tree): TreeJSON {
  const common = { feature: Array.from(t.feature), threshold: Array.from(t.threshold), defaultLeft: Array.from(t.defaultLeft) };
  return t.kind === 'depthwise'
    ? { kind: 'depthwise', ...common, left: Array.from(t.left), right: Array.from(t.right), value: Array.from(t.value) }
    : { kind: 'oblivious', ...common, leaves: Array.from(t.leaves) };
}

export function treeFromJSON(j: TreeJSON, nFeatures: number, k: number): Tree {
  const bad = (why: string): never => {
    throw new UserError(`model.json: gbdt tree ${k}: ${why}`);
  };
  if (!j || (j.kind !== 'depthwise' && j.kind !== 'oblivious')) bad("kind must be 'depthwise' or 'oblivious'");
  const feature = Int32Array.from(j.feature);
  const threshold = Float64Array.from(j.threshold);
  const defaultLeft = Uint8Array.from(j.defaultLeft);
  if (threshold.length !== feature.length || defaultLeft.length !== feature.length) bad('arrays differ in length');
  if (feature.some((f) => f >= nFeatures)) bad('feature index out of range');
  if (j.kind === 'oblivious') {
    const leaves = Float64Array.from(j.leaves);
    if (leaves.length !== 2 ** feature.length) bad(`needs ${2 ** feature.length} leaves`);
    return { kind: 'oblivious', feature, threshold, defaultLeft, leaves };
  }
  const left = Int32Array.from(j.left);
  const right = Int32Array.from(j.right);
  const value = Float64Array.from(j.value);
  const m = feature.length;
  if (left.length !== m || right.length !== m || value.length !== m || m === 0) bad('arrays differ in length');
  const parents = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    if (feature[i]! < 0) continue;
    // Children come after their parent, which also rules out cycles.
    if (!(left[i]! > i && left[i]! < m && right[i]! > i && right[i]! < m)) bad(`node ${i} has bad children`);
    // And each node has one parent: prediction lays the tree out with one slot per node.
    if (parents[left[i]!]++ || parents[right[i]!]++ || left[i] === right[i]) bad(`node ${i} shares a child with another node`);
  }
  return { kind: 'depthwise', feature, threshold, defaultLeft, left, right, value };
}
