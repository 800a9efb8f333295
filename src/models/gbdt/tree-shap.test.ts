// TreeSHAP against its two defining properties: contributions sum to the prediction (efficiency,
// on fitted depthwise and oblivious ensembles, missing values included), and each value equals
// the Shapley value computed by brute force over every subset of features, with the same
// cover-weighted conditional expectation (Lundberg et al.'s Algorithm 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gbdt } from './gbdt.ts';
import { treeShap } from './tree-shap.ts';
import type { Tree } from './tree.ts';
import { createMatrix, takeRows } from '../matrix.ts';
import { friedman1 } from '../../../test/support/gbdt-testdata.ts';

const { X, y } = friedman1(400, 5, 11, 0.5);

for (const tree of ['depthwise', 'oblivious'] as const) {
  test(`TreeSHAP (${tree}): base + Σ contributions = the model's prediction for every row`, () => {
    const m = new Gbdt({ tree, n_estimators: 40, max_depth: 4, learning_rate: 0.2, early_stopping_rounds: null }).fit(X, y);
    const rows = takeRows(X, Array.from({ length: 25 }, (_, i) => i * 16));
    const data = Float64Array.from(rows.data);
    data[3] = NaN; // a missing value takes the default branch
    const Q = createMatrix(data, rows.nRows, rows.nCols, X.featureNames as string[]);
    const pred = m.predict(Q);
    const { base, values } = treeShap(m.trees, m.baseScore, Q, X);
    values.forEach((phi, i) => {
      const sum = base + phi.reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(sum - pred[i]!) < 1e-8, `row ${i}: ${sum} vs ${pred[i]}`);
    });
    // the steeper of the two linear terms carries more weight
    const meanAbs = (j: number) => values.reduce((s, v) => s + Math.abs(v[j]!), 0) / values.length;
    assert.ok(meanAbs(3) > meanAbs(4), 'x3 (slope 10) matters more than x4 (slope 5)');
  });
}

/** Brute-force Shapley values of one tree with cover-weighted expectations. */
function bruteForce(t: Extract<Tree, { kind: 'depthwise' }>, cover: number[], x: number[], p: number): number[] {
  const g = (node: number, S: Set<number>): number => {
    const f = t.feature[node]!;
    if (f < 0) return t.value[node]!;
    const l = t.left[node]!;
    const r = t.right[node]!;
    if (S.has(f)) return g(x[f]! <= t.threshold[node]! ? l : r, S);
    return (g(l, S) * cover[l]! + g(r, S) * cover[r]!) / cover[node]!;
  };
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    for (let mask = 0; mask < 1 << p; mask++) {
      if (mask & (1 << j)) continue;
      const S = new Set<number>();
      for (let k = 0; k < p; k++) if (mask & (1 << k)) S.add(k);
      const w = (fact(S.size) * fact(p - S.size - 1)) / fact(p);
      phi[j] += w * (g(0, new Set([...S, j])) - g(0, S));
    }
  }
  return phi;
}

test('TreeSHAP equals brute-force Shapley values on a hand-made tree that splits one feature twice', () => {
  // root: x0 ≤ 0.5 → [x1 ≤ 0.3 → {x0 ≤ 0.2 → 1 | 4} | 6] | [x2 ≤ 0.7 → 10 | 20]
  const tree: Tree = {
    kind: 'depthwise',
    feature: Int32Array.from([0, 1, 2, 0, -1, -1, -1, -1, -1]),
    threshold: Float64Array.from([0.5, 0.3, 0.7, 0.2, 0, 0, 0, 0, 0]),
    defaultLeft: new Uint8Array(9).fill(1),
    left: Int32Array.from([1, 3, 5, 7, -1, -1, -1, -1, -1]),
    right: Int32Array.from([2, 4, 6, 8, -1, -1, -1, -1, -1]),
    value: Float64Array.from([0, 0, 0, 0, 6, 10, 20, 1, 4]),
  };
  // reference rows chosen so every leaf has a known count
  const refRows = [
    [0.1, 0.1, 0], [0.1, 0.2, 0], [0.3, 0.1, 0], [0.4, 0.5, 0], [0.4, 0.9, 0], [0.45, 0.8, 0],
    [0.6, 0, 0.1], [0.7, 0, 0.9], [0.8, 0, 0.95], [0.9, 0, 0.99],
  ];
  const ref = createMatrix(Float64Array.from(refRows.flat()), refRows.length, 3, ['x0', 'x1', 'x2']);
  // node covers: leaves 7:2, 8:1, 4:3, 5:1, 6:3 → 3: 3, 1: 6, 2: 4, 0: 10
  const cover = [10, 6, 4, 3, 3, 1, 3, 2, 1];
  for (const x of [[0.1, 0.1, 0.9], [0.3, 0.9, 0.2], [0.8, 0.2, 0.1], [0.6, 0.25, 0.8]]) {
    const Q = createMatrix(Float64Array.from(x), 1, 3, ['x0', 'x1', 'x2']);
    const { base, values } = treeShap([tree], 0, Q, ref);
    const exact = bruteForce(tree, cover, x, 3);
    exact.forEach((v, j) => assert.ok(Math.abs(values[0]![j]! - v) < 1e-6, `x=${x} φ${j}: ${values[0]![j]} vs ${v}`));
    assert.ok(Math.abs(base - (6 * 3 + 10 + 20 * 3 + 1 * 2 + 4) / 10) < 1e-6);
  }
});
