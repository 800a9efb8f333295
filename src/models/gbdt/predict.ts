// Raw-value prediction of a whole ensemble. The trees are flattened once into one set of node
// arrays (a "forest"), and rows are predicted in small blocks: every tree is applied to a
// block while the block's feature values are still in cache, instead of one pass over all rows
// per tree (which streams the whole input through the cache once per tree). Each row's sum is
// baseScore + tree 0 + tree 1 + … in tree order, so the result is bit-identical to walking the
// trees one by one.
import type { Matrix } from '../matrix.ts';
import type { Tree } from './tree.ts';

export interface Forest {
  /** The trees this forest was built from (to tell when a model's trees changed). */
  readonly trees: readonly Tree[];
  /** Per tree: its root node and its depth (the number of steps from root to any leaf). */
  readonly roots: Int32Array;
  readonly depths: Int32Array;
  /**
   * Per node: split feature and threshold; x ≤ threshold goes to child, x > threshold to
   * child + 1, NaN to miss. A leaf points to itself (threshold +∞, child and miss = itself), so
   * a walk of exactly `depth` steps ends on the right leaf whatever the path's length, with no
   * test for "is this a leaf" inside the loop.
   */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly child: Int32Array;
  readonly miss: Int32Array;
  /** Per node: the leaf value (0 for internal nodes). */
  readonly value: Float64Array;
}

/** Rows per block (a multiple of the 8-row lockstep): the block's values (≤ 64 × features × 8 bytes) stay in L1/L2 across trees. */
const BLOCK = 64;

export function buildForest(trees: readonly Tree[]): Forest {
  // Every split node gets two adjacent child slots, so a tree of m nodes takes m slots (an
  // oblivious tree of depth d, its full binary tree: 2^(d+1) − 1).
  let total = 0;
  for (const t of trees) total += t.kind === 'depthwise' ? t.feature.length : 2 ** (t.feature.length + 1) - 1;
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total).fill(Infinity);
  const child = Int32Array.from({ length: total }, (_, k) => k);
  const miss = Int32Array.from({ length: total }, (_, k) => k);
  const value = new Float64Array(total);
  const roots = new Int32Array(trees.length);
  const depths = new Int32Array(trees.length);
  let next = 0;
  // Explicit stack of (source node, its slot, its depth); for oblivious trees the source node
  // is level * 2^depth + the path taken so far.
  const stack: number[] = [];
  trees.forEach((t, k) => {
    roots[k] = next++;
    stack.push(0, roots[k]!, 0);
    const oblivious = t.kind === 'oblivious';
    const D = t.feature.length;
    const W = 2 ** D;
    while (stack.length) {
      const d = stack.pop()!;
      const slot = stack.pop()!;
      const src = stack.pop()!;
      depths[k] = Math.max(depths[k]!, d);
      const level = oblivious ? Math.floor(src / W) : 0;
      const isLeaf = oblivious ? level === D : t.feature[src]! < 0;
      if (isLeaf) {
        value[slot] = t.kind === 'oblivious' ? t.leaves[src % W]! : t.value[src]!;
        continue;
      }
      const at = oblivious ? level : src;
      const c = next;
      next += 2;
      feature[slot] = t.feature[at]!;
      threshold[slot] = t.threshold[at]!;
      child[slot] = c;
      miss[slot] = t.defaultLeft[at] === 1 ? c : c + 1;
      const [l, r] = t.kind === 'oblivious' ? [(level + 1) * W + 2 * (src % W), (level + 1) * W + 2 * (src % W) + 1] : [t.left[src]!, t.right[src]!];
      stack.push(r, c + 1, d + 1, l, c, d + 1);
    }
  });
  return { trees, roots, depths, feature, threshold, child, miss, value };
}

/** baseScore + Σ trees for every row of X. */
export function predictForest(forest: Forest, baseScore: number, X: Matrix): Float64Array {
  const { nRows: n, nCols: p } = X;
  const out = new Float64Array(n).fill(baseScore);
  if (forest.roots.length === 0) return out;
  // A column-major (or Float32) input is copied block by block into row-major doubles, so the
  // walk below reads one row's features from one place. Float32 → Float64 is exact.
  const direct = X.layout === 'row' && X.data instanceof Float64Array;
  const buf = direct ? (X.data as Float64Array) : new Float64Array(BLOCK * p);
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    let first = start * p;
    if (!direct) {
      fillBlock(X, start, end, buf);
      first = 0;
    }
    walkBlock(forest, buf, first, p, out, start, end);
  }
  return out;
}

function fillBlock(X: Matrix, start: number, end: number, buf: Float64Array): void {
  const { data, nRows: n, nCols: p } = X;
  if (X.layout === 'row') {
    buf.set(data.subarray(start * p, end * p));
    return;
  }
  for (let j = 0; j < p; j++) {
    for (let i = start, k = j, c = j * n + start; i < end; i++, k += p, c++) buf[k] = data[c]!;
  }
}

function walkBlock(forest: Forest, x: Float64Array, first: number, p: number, out: Float64Array, start: number, end: number): void {
  const { roots, depths, feature, threshold, child, miss, value } = forest;
  const nTrees = roots.length;
  for (let t = 0; t < nTrees; t++) {
    const root = roots[t]!;
    const depth = depths[t]!;
    let i = start;
    let base = first;
    // Eight rows walk the tree in lockstep: their dependent load chains overlap.
    for (; i + 7 < end; i += 8, base += 8 * p) {
      let a0 = root, a1 = root, a2 = root, a3 = root, a4 = root, a5 = root, a6 = root, a7 = root;
      for (let s = 0; s < depth; s++) {
        let v = x[base + feature[a0]!]!;
        a0 = v !== v ? miss[a0]! : child[a0]! + Number(v > threshold[a0]!);
        v = x[base + p + feature[a1]!]!;
        a1 = v !== v ? miss[a1]! : child[a1]! + Number(v > threshold[a1]!);
        v = x[base + 2 * p + feature[a2]!]!;
        a2 = v !== v ? miss[a2]! : child[a2]! + Number(v > threshold[a2]!);
        v = x[base + 3 * p + feature[a3]!]!;
        a3 = v !== v ? miss[a3]! : child[a3]! + Number(v > threshold[a3]!);
        v = x[base + 4 * p + feature[a4]!]!;
        a4 = v !== v ? miss[a4]! : child[a4]! + Number(v > threshold[a4]!);
        v = x[base + 5 * p + feature[a5]!]!;
        a5 = v !== v ? miss[a5]! : child[a5]! + Number(v > threshold[a5]!);
        v = x[base + 6 * p + feature[a6]!]!;
        a6 = v !== v ? miss[a6]! : child[a6]! + Number(v > threshold[a6]!);
        v = x[base + 7 * p + feature[a7]!]!;
        a7 = v !== v ? miss[a7]! : child[a7]! + Number(v > threshold[a7]!);
      }
      out[i] += value[a0]!;
      out[i + 1] += value[a1]!;
      out[i + 2] += value[a2]!;
      out[i + 3] += value[a3]!;
      out[i + 4] += value[a4]!;
      out[i + 5] += value[a5]!;
      out[i + 6] += value[a6]!;
      out[i + 7] += value[a7]!;
    }
    for (; i < end; i++, base += p) {
      let a = root;
      for (let s = 0; s < depth; s++) {
        const v = x[base + feature[a]!]!;
        a = v !== v ? miss[a]! : child[a]! + Number(v > threshold[a]!);
      }
      out[i] += value[a]!;
    }
  }
}
