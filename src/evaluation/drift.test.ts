import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/prng.ts';
import { driftTest, featureReference } from './drift.ts';
import { ksTwoSample } from './ks.ts';

function normals(rng: Rng, n: number, mean = 0, sd = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = 1 - rng.next();
    const v = rng.next();
    out.push(mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

test('reference: n, distinct values and equal-mass quantiles of a known sample', () => {
  const r = featureReference([4, 1, NaN, 3, 2], 4)!;
  assert.equal(r.n, 4);
  assert.equal(r.distinct, 3);
  // probabilities 1/8, 3/8, 5/8, 7/8 of 4 sorted values → indices 0, 1, 2, 3
  assert.deepEqual(r.quantiles, [1, 2, 3, 4]);
  assert.equal(featureReference([NaN]), null);
  assert.equal(featureReference([1, 0, 1, 1])!.distinct, 2);
});

test('drift test against the quantile reference agrees with the full two-sample KS test', () => {
  const rng = new Rng(7);
  const train = normals(rng, 5000);
  const week = normals(rng, 60, 0.8);
  const full = ksTwoSample(train, week);
  const r = driftTest(featureReference(train)!, week)!;
  assert.ok(Math.abs(r.statistic - full.statistic) <= 1 / 201 + 1e-12, `${r.statistic} vs ${full.statistic}`);
  assert.equal(r.n1, 5000);
  assert.equal(r.n2, 60);
  assert.ok(r.p_value < 0.01, `shifted week must drift: p=${r.p_value}`);
  assert.ok(Math.abs(Math.log10(r.p_value) - Math.log10(full.p_value)) < 0.5);
});

test('a week from the training distribution does not drift (false alarms ≈ 1% at p < 0.01)', () => {
  const rng = new Rng(11);
  const ref = featureReference(normals(rng, 4000))!;
  let alarms = 0;
  for (let k = 0; k < 300; k++) if (driftTest(ref, normals(rng, 60))!.p_value < 0.01) alarms++;
  assert.ok(alarms <= 9, `${alarms} of 300 false alarms`);
  assert.equal(driftTest(ref, [NaN]), null);
});
