import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Rng } from '../../util/prng.ts';
import { createMatrix, matrixFromRows, type Matrix } from '../matrix.ts';
import { binMatrix, computeBins } from './binning.ts';
import { boost } from './boost.ts';
import { Gbdt } from './gbdt.ts';
import { gbdtParams } from './params.ts';
import { buildForest, predictForest } from './predict.ts';
import { addTreeBinned, type Tree } from './tree.ts';
import { addTreesRaw } from '../../../test/support/gbdt-reference.ts';

/** Rows with missing values, ±∞ and ties, so every branch of the walk is taken. */
function data(n: number, p: number, seed: number): { X: Matrix; y: number[] } {
  const rng = new Rng(seed);
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: p }, (_, j) => (j % 3 === 0 && (i + j) % 6 === 0 ? NaN : j === 4 ? Math.round(4 * rng.next()) : rng.normal())),
  );
  rows[3]![1] = Infinity;
  rows[4]![2] = -Infinity;
  const y = rows.map((r) => (Number.isNaN(r[0]!) ? 2 : r[0]!) * 3 + (r[1]! > 0 ? 1 : -1) + r[4]! + 0.2 * rng.normal());
  return { X: matrixFromRows(rows, Array.from({ length: p }, (_, j) => `x${j}`)), y };
}

function reference(trees: readonly Tree[], base: number, X: Matrix): number[] {
  const out = new Float64Array(X.nRows).fill(base);
  addTreesRaw(trees, X, out);
  return Array.from(out);
}

function layouts(X: Matrix): Matrix[] {
  const { nRows: n, nCols: p } = X;
  const col = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) col[j * n + i] = X.data[i * p + j]!;
  return [
    X,
    createMatrix(col, n, p, X.featureNames, 'col'),
    createMatrix(Float32Array.from(X.data), n, p, X.featureNames, 'row'),
    createMatrix(Float32Array.from(col), n, p, X.featureNames, 'col'),
  ];
}

test('forest prediction is bit-identical to the tree-by-tree walk: both tree kinds, every layout, NaN and ±∞, odd row counts', () => {
  const train = data(700, 7, 3);
  // 203 rows: several 64-row blocks, a partial block, and a tail that is not a multiple of 4.
  const probe = data(203, 7, 4).X;
  for (const tree of ['depthwise', 'oblivious'] as const) {
    const m = new Gbdt({ tree, n_estimators: 30, max_depth: 5, learning_rate: 0.3, colsample_bytree: 0.6 }).fit(train.X, train.y);
    for (const X of layouts(probe)) {
      const got = Array.from(m.predict(X));
      assert.deepEqual(got, reference(m.trees, m.baseScore, X), `${tree} ${X.layout} ${X.data.constructor.name}`);
    }
  }
});

test('forest prediction handles single-leaf trees, trees of uneven depth and an empty forest', () => {
  const leafOnly: Tree = { kind: 'depthwise', feature: Int32Array.of(-1), threshold: Float64Array.of(0), defaultLeft: Uint8Array.of(0), left: Int32Array.of(-1), right: Int32Array.of(-1), value: Float64Array.of(0.25) };
  // x0 ≤ 1 → leaf 1 | (x1 ≤ 0 → 2 | (x0 ≤ 5, NaN left → 3 | 4))
  const uneven: Tree = {
    kind: 'depthwise',
    feature: Int32Array.from([0, -1, 1, -1, 0, -1, -1]),
    threshold: Float64Array.from([1, 0, 0, 0, 5, 0, 0]),
    defaultLeft: Uint8Array.from([0, 0, 0, 0, 1, 0, 0]),
    left: Int32Array.from([1, -1, 3, -1, 5, -1, -1]),
    right: Int32Array.from([2, -1, 4, -1, 6, -1, -1]),
    value: Float64Array.from([0, 1, 0, 2, 0, 3, 4]),
  };
  const X = matrixFromRows([[0, 9], [1, 9], [2, -1], [2, 1], [6, 1], [NaN, 1], [3, NaN], [1.0000001, 0]], ['x0', 'x1']);
  const f = buildForest([leafOnly, uneven]);
  assert.deepEqual(Array.from(predictForest(f, 10, X)), [11.25, 11.25, 12.25, 13.25, 14.25, 13.25, 13.25, 12.25]);
  assert.deepEqual(Array.from(predictForest(f, 10, X)), reference([leafOnly, uneven], 10, X));
  assert.deepEqual(Array.from(predictForest(buildForest([]), 1.5, X)), new Array(8).fill(1.5));
});

test('raw-value prediction equals the binned prediction used in training, on the training rows', () => {
  const train = data(500, 6, 8);
  const p = gbdtParams({ n_estimators: 20, max_depth: 4, learning_rate: 0.3 });
  const bins = computeBins(train.X, p.max_bins);
  const codes = binMatrix(train.X, bins);
  const r = boost(p, bins, { codes, n: 500, y: train.y, w: null }, null, 6);
  const binned = new Float64Array(500).fill(r.baseScore);
  for (const t of r.trees) addTreeBinned(t, codes, 500, bins.nBins, binned);
  assert.deepEqual(Array.from(predictForest(buildForest(r.trees), r.baseScore, train.X)), Array.from(binned));
});

test('models saved before the flattened forest load and predict exactly what they predicted then', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/gbdt/saved-models-210b638.json', import.meta.url), 'utf8')) as {
    probe: (number | string)[][];
    models: { model: unknown; predictions: number[] }[];
  };
  const probe = matrixFromRows(
    fixture.probe.map((r) => r.map(Number)),
    ['a', 'b', 'c', 'd', 'e', 'f'],
  );
  assert.equal(fixture.models.length, 2);
  for (const { model, predictions } of fixture.models) {
    const m = Gbdt.fromJSON(model);
    assert.deepEqual(Array.from(m.predict(probe)), predictions);
  }
});

test('a saved tree whose nodes share a child is refused on load (prediction lays out one slot per node)', () => {
  const json = new Gbdt({ n_estimators: 1, max_depth: 1 }).fit(matrixFromRows([[1], [2], [3], [4]], ['x']), [1, 2, 3, 4]).toJSON();
  // root → nodes 1 and 2, both split on x; node 2's left child is node 3, which node 1 also uses.
  const tree = { kind: 'depthwise' as const, feature: [0, 0, 0, -1, -1, -1], threshold: [2.5, 1.5, 3.5, 0, 0, 0], defaultLeft: [0, 0, 0, 0, 0, 0], left: [1, 3, 3, -1, -1, -1], right: [2, 4, 5, -1, -1, -1], value: [0, 0, 0, 1, 2, 3] };
  assert.throws(() => Gbdt.fromJSON({ ...json, trees: [tree] }), /gbdt tree 0: node 2 shares a child with another node/);
  const fine = { ...tree, feature: [0, 0, -1, -1, -1, -1], left: [1, 3, -1, -1, -1, -1], right: [2, 4, -1, -1, -1, -1] };
  assert.deepEqual(Array.from(Gbdt.fromJSON({ ...json, trees: [fine] }).predict(matrixFromRows([[1], [2], [3]], ['x']))), [3.5, 4.5, 2.5]); // base score 2.5 + leaf
});
