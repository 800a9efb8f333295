import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/prng.ts';
import { createMatrix, matrixFromRows } from '../matrix.ts';
import { Gbdt } from './gbdt.ts';
import { huber, squaredError, weightedMedian } from './objective.ts';
import { friedman1, rmse } from '../../../test/support/gbdt-testdata.ts';

const train = friedman1(2000, 10, 11);
const testSet = friedman1(1000, 10, 12);
const base = { n_estimators: 150, max_depth: 4, learning_rate: 0.1 };

test('gbdt depthwise learns Friedman #1: test RMSE < 1.45 (noise sd 1, target sd ≈ 5)', () => {
  const m = new Gbdt(base).fit(train.X, train.y);
  const r = rmse(m.predict(testSet.X), testSet.y);
  assert.ok(r < 1.45, `rmse ${r}`);
  // The five informative features carry nearly all the gain.
  const imp = m.featureImportance();
  const top = imp.slice(0, 5).reduce((s, f) => s + f.importance, 0);
  assert.ok(top > 0.95, `informative share ${top}`);
  assert.ok(Math.abs(imp.reduce((s, f) => s + f.importance, 0) - 1) < 1e-12);
  assert.ok(imp.every((f) => f.splits! >= 0 && Number.isInteger(f.splits)));
});

test('gbdt oblivious learns Friedman #1 (RMSE < 1.35) with exactly one split per level', () => {
  const m = new Gbdt({ ...base, tree: 'oblivious', max_depth: 3 }).fit(train.X, train.y);
  assert.ok(rmse(m.predict(testSet.X), testSet.y) < 1.35);
  const json = m.toJSON();
  for (const t of json.trees) {
    assert.equal(t.kind, 'oblivious');
    if (t.kind !== 'oblivious') continue;
    // One (feature, threshold, default side) per level; 2^depth leaves.
    assert.equal(t.feature.length, 3);
    assert.equal(t.threshold.length, 3);
    assert.equal(t.leaves.length, 8);
  }
});

test('gbdt huber objective: gradients clip at delta, base score is the weighted median', () => {
  const gh = new Float64Array(6);
  huber(1).gradients([0, 0, 0], Float64Array.from([0.5, 3, -2]), null, gh);
  assert.deepEqual(Array.from(gh), [0.5, 1, 1, 1, -1, 1]);
  squaredError.gradients([1, 2], Float64Array.from([0, 0]), Float64Array.from([2, 1]), gh);
  assert.deepEqual(Array.from(gh.subarray(0, 4)), [-2, 2, -2, 1]);
  assert.equal(weightedMedian([5, 1, 3], null), 3);
  assert.equal(weightedMedian([1, 2, 3, 4], null), 2.5);
  assert.equal(weightedMedian([1, 2, 3], Float64Array.from([1, 1, 5])), 3);
  // A blowout in the target barely moves a Huber model, unlike squared error.
  const X = matrixFromRows(Array.from({ length: 200 }, (_, i) => [i % 2]), ['x']);
  const y = Array.from({ length: 200 }, (_, i) => (i === 7 ? 1000 : i % 2));
  const p = { n_estimators: 30, max_depth: 1, learning_rate: 0.3, min_child_weight: 0 };
  const hub = new Gbdt({ ...p, objective: 'huber', huber_delta: 1 }).fit(X, y).predict(matrixFromRows([[0], [1]], ['x']));
  const sq = new Gbdt(p).fit(X, y).predict(matrixFromRows([[0], [1]], ['x']));
  assert.ok(Math.abs(hub[1]! - 1) < 0.1 && Math.abs(hub[0]!) < 0.1, `huber ${hub}`);
  assert.ok(Math.abs(sq[1]! - 1) > 5, `squared ${sq}`);
});

test('gbdt: save → load → predictions bit-identical (raw inputs, Float32 too)', () => {
  const m = new Gbdt({ ...base, subsample: 0.8, colsample_bytree: 0.7, seed: 3 }).fit(train.X, train.y);
  const back = Gbdt.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(Array.from(back.predict(testSet.X)), Array.from(m.predict(testSet.X)));
  const f32 = createMatrix(Float32Array.from(testSet.X.data), 1000, 10, testSet.X.featureNames);
  assert.deepEqual(Array.from(back.predict(f32)), Array.from(m.predict(f32)));
  assert.deepEqual(back.featureImportance(), m.featureImportance());
});

test('gbdt: deterministic for a seed; the seed matters when sampling', () => {
  const p = { ...base, n_estimators: 40, subsample: 0.7, colsample_bytree: 0.5 };
  const a = JSON.stringify(new Gbdt({ ...p, seed: 1 }).fit(train.X, train.y).toJSON());
  const b = JSON.stringify(new Gbdt({ ...p, seed: 1 }).fit(train.X, train.y).toJSON());
  const c = JSON.stringify(new Gbdt({ ...p, seed: 2 }).fit(train.X, train.y).toJSON());
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('gbdt: two threads inside one fit give the bit-identical model (depthwise and oblivious)', () => {
  const big = friedman1(2500, 40, 21); // 100k cells: large enough to use the helper thread
  for (const tree of ['depthwise', 'oblivious'] as const) {
    const p = { n_estimators: 25, max_depth: 5, tree, subsample: 0.9, colsample_bytree: 0.8, seed: 2 };
    const one = new Gbdt({ ...p, n_threads: 1 }).fit(big.X, big.y);
    const two = new Gbdt({ ...p, n_threads: 2 }).fit(big.X, big.y);
    assert.deepEqual(two.toJSON().trees, one.toJSON().trees);
    assert.deepEqual(Array.from(two.predict(big.X)), Array.from(one.predict(big.X)));
  }
});

function missingData(missingY: number) {
  // y = 0 for x < 0.5, 10 for x ≥ 0.5; every 5th row has x missing and y = missingY.
  const rng = new Rng(5);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 500; i++) {
    const x = rng.next();
    if (i % 5 === 0) {
      rows.push([NaN]);
      y.push(missingY);
    } else {
      rows.push([x]);
      y.push(x < 0.5 ? 0 : 10);
    }
  }
  return { X: matrixFromRows(rows, ['x']), y };
}

test('gbdt: missing values go to the learned default side', () => {
  const probe = matrixFromRows([[NaN], [0.2], [0.8]], ['x']);
  for (const [missingY, expectLeft] of [[10, false], [0, true]] as const) {
    const { X, y } = missingData(missingY);
    const m = new Gbdt({ n_estimators: 50, max_depth: 1, learning_rate: 0.5, lambda: 0 }).fit(X, y);
    const t = m.toJSON().trees[0]!;
    assert.equal(t.defaultLeft[0], expectLeft ? 1 : 0);
    const p = m.predict(probe);
    assert.ok(Math.abs(p[0]! - missingY) < 1e-3, `NaN → ${p[0]}`);
    assert.ok(Math.abs(p[1]!) < 1e-3 && Math.abs(p[2]! - 10) < 1e-3);
  }
});

test('gbdt: binned validation predictions equal raw predictions, NaN in a 256-bin feature included', () => {
  const rng = new Rng(12);
  const rows = Array.from({ length: 1200 }, () => [rng.next(), rng.next()]);
  const y = rows.map((r) => 5 * r[0]! + r[1]! + 0.1 * rng.normal());
  const vRows = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? [NaN, rng.next()] : [rng.next(), rng.next()]));
  const vy = vRows.map((r) => (Number.isNaN(r[0]!) ? 9 : 5 * r[0]! + r[1]!));
  const V = matrixFromRows(vRows, ['a', 'b']);
  const m = new Gbdt({ n_estimators: 20, max_depth: 3 }).fit(matrixFromRows(rows, ['a', 'b']), y, { validation: { X: V, y: vy } });
  const p = m.predict(V);
  const mse = p.reduce((s, v, i) => s + (v - vy[i]!) ** 2, 0) / p.length;
  assert.equal(m.validationLoss.length, 20);
  assert.ok(Math.abs(m.validationLoss[19]! - mse) < 1e-12, `${m.validationLoss[19]} vs ${mse}`);
});

test('gbdt: constant and all-missing features are never split on', () => {
  const rng = new Rng(9);
  const rows = Array.from({ length: 300 }, () => [rng.next(), 7, NaN]);
  const y = rows.map((r) => 3 * r[0]!);
  const m = new Gbdt({ n_estimators: 20, max_depth: 3 }).fit(matrixFromRows(rows, ['x', 'const', 'gone']), y);
  const imp = m.featureImportance();
  assert.equal(imp[1]!.splits, 0);
  assert.equal(imp[2]!.splits, 0);
  assert.ok(imp[0]!.splits! > 0);
});

test('gbdt: early stopping on the time-ordered tail keeps the best round', () => {
  const rng = new Rng(4);
  const n = 600;
  const rows = Array.from({ length: n }, () => [rng.next(), rng.next()]);
  const y = rows.map(() => rng.normal()); // pure noise: more trees only overfit
  const m = new Gbdt({ n_estimators: 300, max_depth: 4, learning_rate: 0.3, early_stopping_rounds: 5, validation_fraction: 0.2 }).fit(
    matrixFromRows(rows, ['a', 'b']),
    y,
  );
  assert.ok(m.trees.length < 300);
  assert.equal(m.trees.length, m.bestIteration + 1);
  const best = Math.min(...m.validationLoss);
  assert.equal(m.validationLoss[m.bestIteration], best);
  assert.ok(m.validationLoss.length <= m.bestIteration + 1 + 5);
});

test('gbdt: bad input errors are clear', () => {
  const X = matrixFromRows([[1], [2], [3]], ['a']);
  assert.throws(() => new Gbdt().fit(X, [1, 2]), /X has 3 rows but y has 2/);
  assert.throws(() => new Gbdt().fit(X, [1, NaN, 2]), /target y\[1\] is not finite/);
  assert.throws(() => new Gbdt().fit(matrixFromRows([], ['a']), []), /empty matrix/);
  assert.throws(() => new Gbdt({ max_dept: 3 } as never), /unknown parameter 'max_dept' \(did you mean 'max_depth'\?\)/);
  assert.throws(() => new Gbdt({ subsample: 0 }), /'subsample' must be in \(0, 1\]/);
  const m = new Gbdt({ n_estimators: 2 }).fit(X, [1, 2, 3]);
  assert.throws(() => Gbdt.fromJSON({ ...m.toJSON(), version: 0 }), /schema version 0 is older or unknown/);
  assert.throws(() => Gbdt.fromJSON({ ...m.toJSON(), type: 'ridge' }), /type is 'ridge', expected 'gbdt'/);
  assert.throws(() => new Gbdt().predict(X), /not fitted/);
});
