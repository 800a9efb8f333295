import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sigmaAtCuts } from './backtest.ts';

test('sigmaAtCuts: burn-in residuals plus exactly the residuals known by each cut, whatever the order of cuts', () => {
  // burn-in 3, 4 → ss 25, n 2; then 12 known at t=10, 5 known at t=20 (and one never known: NaN time).
  const res = [
    { known: 20, residual: 5 },
    { known: 10, residual: 12 },
    { known: NaN, residual: 100 },
  ];
  const got = sigmaAtCuts([3, 4], res, [15, 5, 20, 10], 2);
  assert.deepEqual(got, [Math.sqrt((25 + 144) / 3), Math.sqrt(25 / 2), Math.sqrt((25 + 144 + 25) / 4), Math.sqrt((25 + 144) / 3)]);
  assert.throws(() => sigmaAtCuts([3], res, [1], 2), /only 1 burn-in residuals/);
});
