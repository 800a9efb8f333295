// TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution for tree
// ensembles", Algorithm 2): exact Shapley values of a tree's prediction in polynomial time, with
// the expectation over a feature left out taken along the tree by node cover. Our trees do not
// store training covers, so the covers come from a reference set passed through the trees (the
// caller uses the games the model was trained on); every leaf gets a vanishing pseudo-count so
// a node no reference row reaches still divides cleanly. For each row:
//   base + Σ_j φ_j = the model's output exactly (before any offset the recipe adds).
import type { Matrix } from '../matrix.ts';
import type { Tree } from './tree.ts';

/** A tree as explicit nodes (an oblivious tree expands into its full binary tree). */
interface NodeTree {
  feature: Int32Array; // -1 = leaf
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

function asNodes(t: Tree): NodeTree {
  if (t.kind === 'depthwise') return t;
  const depth = t.feature.length;
  const m = 2 ** (depth + 1) - 1;
  const nt: NodeTree = { feature: new Int32Array(m).fill(-1), threshold: new Float64Array(m), defaultLeft: new Uint8Array(m), left: new Int32Array(m).fill(-1), right: new Int32Array(m).fill(-1), value: new Float64Array(m) };
  for (let d = 0; d <= depth; d++) {
    for (let k = 0; k < 2 ** d; k++) {
      const id = 2 ** d - 1 + k;
      if (d === depth) {
        nt.value[id] = t.leaves[k]!;
        continue;
      }
      nt.feature[id] = t.feature[d]!;
      nt.threshold[id] = t.threshold[d]!;
      nt.defaultLeft[id] = t.defaultLeft[d]!;
      nt.left[id] = 2 ** (d + 1) - 1 + 2 * k;
      nt.right[id] = 2 ** (d + 1) - 1 + 2 * k + 1;
    }
  }
  return nt;
}

const goesLeft = (t: NodeTree, node: number, x: ArrayLike<number>) => {
  const v = x[t.feature[node]!]!;
  return v !== v ? t.defaultLeft[node] === 1 : v <= t.threshold[node]!;
};

/** Reference rows per node (plus a vanishing pseudo-count per leaf, summed upwards). */
function covers(t: NodeTree, reference: readonly ArrayLike<number>[]): Float64Array {
  const c = new Float64Array(t.feature.length);
  for (const x of reference) {
    let node = 0;
    while (t.feature[node]! >= 0) node = goesLeft(t, node, x) ? t.left[node]! : t.right[node]!;
    c[node]! += 1;
  }
  // Children come after their parents: one backward pass sums leaves into every ancestor.
  for (let node = t.feature.length - 1; node >= 0; node--) {
    if (t.feature[node]! < 0) c[node]! += 1e-9;
    else c[node] = c[t.left[node]!]! + c[t.right[node]!]!;
  }
  return c;
}

interface PathElem {
  d: number;
  z: number;
  o: number;
  w: number;
}

function extend(m: PathElem[], pz: number, po: number, pi: number): void {
  const l = m.length;
  m.push({ d: pi, z: pz, o: po, w: l === 0 ? 1 : 0 });
  for (let i = l - 1; i >= 0; i--) {
    m[i + 1]!.w += (po * m[i]!.w * (i + 1)) / (l + 1);
    m[i]!.w = (pz * m[i]!.w * (l - i)) / (l + 1);
  }
}

function unwind(m: PathElem[], i: number): void {
  const l = m.length - 1;
  const { o, z } = m[i]!;
  let n = m[l]!.w;
  for (let j = l - 1; j >= 0; j--) {
    if (o !== 0) {
      const t = m[j]!.w;
      m[j]!.w = (n * (l + 1)) / ((j + 1) * o);
      n = t - (m[j]!.w * z * (l - j)) / (l + 1);
    } else {
      m[j]!.w = (m[j]!.w * (l + 1)) / (z * (l - j));
    }
  }
  for (let j = i; j < l; j++) {
    m[j]!.d = m[j + 1]!.d;
    m[j]!.z = m[j + 1]!.z;
    m[j]!.o = m[j + 1]!.o;
  }
  m.pop();
}

function unwoundSum(m: readonly PathElem[], i: number): number {
  const l = m.length - 1;
  const { o, z } = m[i]!;
  let n = m[l]!.w;
  let total = 0;
  for (let j = l - 1; j >= 0; j--) {
    if (o !== 0) {
      const t = (n * (l + 1)) / ((j + 1) * o);
      total += t;
      n = m[j]!.w - (t * z * (l - j)) / (l + 1);
    } else {
      total += m[j]!.w / z / ((l - j) / (l + 1));
    }
  }
  return total;
}

function shapTree(t: NodeTree, r: Float64Array, x: ArrayLike<number>, phi: Float64Array): void {
  const recurse = (j: number, parent: readonly PathElem[], pz: number, po: number, pi: number) => {
    const m = parent.map((e) => ({ ...e }));
    extend(m, pz, po, pi);
    if (t.feature[j]! < 0) {
      for (let i = 1; i < m.length; i++) phi[m[i]!.d]! += unwoundSum(m, i) * (m[i]!.o - m[i]!.z) * t.value[j]!;
      return;
    }
    const [hot, cold] = goesLeft(t, j, x) ? [t.left[j]!, t.right[j]!] : [t.right[j]!, t.left[j]!];
    let iz = 1;
    let io = 1;
    const d = t.feature[j]!;
    const k = m.findIndex((e, idx) => idx > 0 && e.d === d);
    if (k > 0) {
      iz = m[k]!.z;
      io = m[k]!.o;
      unwind(m, k);
    }
    recurse(hot, m, (iz * r[hot]!) / r[j]!, io, d);
    recurse(cold, m, (iz * r[cold]!) / r[j]!, 0, d);
  };
  recurse(0, [], 1, 1, -1);
}

/** The tree's expected output over its covers (the SHAP base value of one tree). */
function expected(t: NodeTree, r: Float64Array): number {
  let s = 0;
  for (let node = 0; node < t.feature.length; node++) if (t.feature[node]! < 0) s += t.value[node]! * r[node]!;
  return s / r[0]!;
}

export interface TreeShap {
  /** Expected output of the ensemble over the reference covers (baseScore included). */
  base: number;
  /** Per row, per feature: the Shapley value; base + Σ_j = the ensemble's output. */
  values: Float64Array[];
}

function rowsOf(X: Matrix): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < X.nRows; i++) {
    const row = new Float64Array(X.nCols);
    for (let j = 0; j < X.nCols; j++) row[j] = X.layout === 'row' ? X.data[i * X.nCols + j]! : X.data[j * X.nRows + i]!;
    out.push(row);
  }
  return out;
}

/** TreeSHAP values of rows X for an ensemble baseScore + Σ trees, covers from `reference`. */
export function treeShap(trees: readonly Tree[], baseScore: number, X: Matrix, reference: Matrix): TreeShap {
  const rows = rowsOf(X);
  const ref = rowsOf(reference);
  const values = rows.map(() => new Float64Array(X.nCols));
  let base = baseScore;
  for (const tree of trees) {
    const t = asNodes(tree);
    const r = covers(t, ref);
    base += expected(t, r);
    rows.forEach((x, i) => shapTree(t, r, x, values[i]!));
  }
  return { base, values };
}
