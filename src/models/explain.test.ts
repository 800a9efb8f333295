import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ridge } from './ridge.ts';
import { Gbdt } from './gbdt/gbdt.ts';
import { explainRows } from './explain.ts';
import { takeRows } from './matrix.ts';
import { friedman1 } from '../../test/support/gbdt-testdata.ts';

const { X, y } = friedman1(300, 6, 5, 0.5);
const Q = takeRows(X, [0, 7, 99, 250]);

test('explainRows: base + Σ contributions = the prediction (ridge exactly linear, GBDT by TreeSHAP)', () => {
  for (const model of [new Ridge({ alpha: 1 }).fit(X, y), new Gbdt({ n_estimators: 30, max_depth: 3, early_stopping_rounds: null }).fit(X, y)]) {
    const ex = explainRows(model.toJSON(), Q, X);
    const pred = model.predict(Q);
    ex.values.forEach((v, i) => assert.ok(Math.abs(ex.base + v.reduce((s, x) => s + x, 0) - pred[i]!) < 1e-8, `${model.type} row ${i}`));
    assert.equal(ex.method, model.type === 'ridge' ? 'exact (linear)' : 'TreeSHAP');
  }
  // ridge: the contribution of x3 is its coefficient times its distance from the training mean
  const r = new Ridge({ alpha: 1 }).fit(X, y).toJSON();
  const ex = explainRows(r, Q, X);
  assert.ok(Math.abs(ex.values[0]![3]! - r.coefficients[3]! * (Q.data[3]! - r.means[3]!)) < 1e-12);
});
