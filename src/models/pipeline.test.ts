import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MeanImputer, Pipeline, StandardScaler } from './pipeline.ts';
import { Ridge } from './ridge.ts';
import { Gbdt } from './gbdt/gbdt.ts';
import { matrixFromRows } from './matrix.ts';
import { friedman1 } from '../../test/support/gbdt-testdata.ts';

const names = ['a', 'b'];

test('mean imputer: column means of the finite values replace NaN; an all-missing column imputes 0', () => {
  const X = matrixFromRows([[1, NaN], [3, NaN], [NaN, NaN]], names);
  const imp = new MeanImputer().fit(X);
  assert.deepEqual(Array.from(imp.means!), [2, 0]);
  const out = imp.transform(matrixFromRows([[NaN, 5], [7, NaN]], names));
  assert.deepEqual(Array.from(out.data), [2, 5, 7, 0]);
  const clean = matrixFromRows([[1, 2]], names);
  assert.equal(imp.transform(clean), clean, 'no missing value: the same matrix, no copy');
});

test('standard scaler: (x − mean) / population sd, a constant column scaled by 1', () => {
  const X = matrixFromRows([[1, 4], [3, 4], [5, 4]], names);
  const s = new StandardScaler().fit(X);
  assert.deepEqual(Array.from(s.means!), [3, 4]);
  assert.ok(Math.abs(s.scales![0]! - Math.sqrt(8 / 3)) < 1e-15);
  assert.equal(s.scales![1], 1);
  const z = s.transform(X);
  assert.ok(Math.abs(z.data[0]! + 2 / Math.sqrt(8 / 3)) < 1e-12);
  assert.equal(z.data[1], 0);
});

test('imputer → ridge predicts a row with a missing value as ridge predicts the mean-filled row', () => {
  const { X, y } = friedman1(300, 5, 11);
  const pipe = new Pipeline({ imputer: new MeanImputer(), estimator: new Ridge({ alpha: 2 }) }).fit(X, y);
  const plain = new Ridge({ alpha: 2 }).fit(X, y);
  const means = pipe.imputer!.means!;
  const row = Array.from({ length: X.nCols }, (_, j) => X.data[j]!);
  const withGap = [...row];
  withGap[2] = NaN;
  const filled = [...row];
  filled[2] = means[2]!;
  const got = pipe.predict(matrixFromRows([withGap], X.featureNames))[0]!;
  const want = plain.predict(matrixFromRows([filled], X.featureNames))[0]!;
  assert.equal(got, want);
});

test('scaler → ridge equals ridge alone (ridge standardises inside): the scaler changes nothing it should not', () => {
  const { X, y } = friedman1(200, 6, 3);
  const a = new Pipeline({ scaler: new StandardScaler(), estimator: new Ridge({ alpha: 5 }) }).fit(X, y).predict(X);
  const b = new Ridge({ alpha: 5 }).fit(X, y).predict(X);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-9, `row ${i}: ${a[i]} vs ${b[i]}`);
});

test('a saved pipeline loads as one object and predicts bit for bit the same', () => {
  const { X, y } = friedman1(400, 5, 7);
  const pipe = new Pipeline({ imputer: new MeanImputer(), estimator: new Gbdt({ n_estimators: 20, max_depth: 3, seed: 4 }) }).fit(X, y);
  const json = JSON.parse(JSON.stringify(pipe.toJSON()));
  assert.equal(json.type, 'pipeline');
  assert.deepEqual(json.params, { imputer: 'mean', scaler: null, estimator: { type: 'gbdt', ...pipe.estimator.getParams() } });
  const back = Pipeline.fromJSON(json);
  assert.deepEqual(Array.from(back.predict(X)), Array.from(pipe.predict(X)));
  assert.throws(() => Pipeline.fromJSON({ ...json, version: 99 }), /schema version 99/);
  assert.throws(() => Pipeline.fromJSON({ ...json, imputer: { means: ['x'] } }), /imputer 'means'/);
});

test('clone and getParams rebuild the same unfitted pipeline: refitting gives identical predictions', () => {
  const { X, y } = friedman1(300, 5, 9);
  const pipe = new Pipeline({ imputer: new MeanImputer(), estimator: new Gbdt({ n_estimators: 15, max_depth: 3, subsample: 0.8, seed: 12 }) }).fit(X, y);
  const clone = pipe.clone();
  assert.throws(() => clone.predict(X), /not fitted/);
  assert.deepEqual(clone.getParams(), pipe.getParams());
  assert.deepEqual(Array.from(clone.fit(X, y).predict(X)), Array.from(pipe.predict(X)));
  const rebuilt = Pipeline.fromParams(pipe.getParams()).fit(X, y);
  assert.deepEqual(Array.from(rebuilt.predict(X)), Array.from(pipe.predict(X)));
});

test('property: every ridge parameter set survives getParams → fromParams → getParams', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 5 })),
      fc.integer({ min: 2, max: 10 }),
      fc.boolean(),
      (alpha, cv_folds, impute) => {
        const p = new Pipeline({ imputer: impute ? new MeanImputer() : null, estimator: new Ridge({ alpha, cv_folds }) });
        assert.deepEqual(Pipeline.fromParams(p.getParams()).getParams(), p.getParams());
      },
    ),
  );
});
