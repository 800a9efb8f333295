import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../util/prng.ts';
import { chanceStreakBound, drawdownAtStake, expectedLongestRun, streakRatio } from './degradation.ts';

test('expected longest run: exact small cases by enumeration', () => {
  assert.equal(expectedLongestRun(0), 0);
  assert.equal(expectedLongestRun(1), 0.5);
  assert.ok(Math.abs(expectedLongestRun(2) - 1) < 1e-12);
  // SSS 3, SSF 2, SFS 1, SFF 1, FSS 2, FSF 1, FFS 1, FFF 0 → 11/8
  assert.ok(Math.abs(expectedLongestRun(3) - 11 / 8) < 1e-12);
  // q = 0.25, n = 2: P(SS) = 1/16 → 2, P(one S) = 6/16 → 1: E = 2/16 + 6/16 = 0.5
  assert.ok(Math.abs(expectedLongestRun(2, 0.25) - 0.5) < 1e-12);
});

test('expected longest run matches simulation at realistic bet counts', () => {
  const rng = new Rng(7);
  for (const n of [50, 200]) {
    let total = 0;
    const reps = 4000;
    for (let r = 0; r < reps; r++) {
      let run = 0;
      let best = 0;
      for (let i = 0; i < n; i++) {
        if (rng.next() < 0.5) best = Math.max(best, ++run);
        else run = 0;
      }
      total += best;
    }
    assert.ok(Math.abs(total / reps - expectedLongestRun(n)) < 0.08, `n ${n}: ${total / reps} vs ${expectedLongestRun(n)}`);
  }
  // about log2(n·½) + 0.33: 50 bets ≈ 4.9, 200 bets ≈ 6.9
  assert.ok(Math.abs(expectedLongestRun(50) - 4.9) < 0.15);
  assert.ok(Math.abs(expectedLongestRun(200) - 6.9) < 0.15);
});

test('streak ratio: the same streak is worse over fewer bets; no decided bets is undefined', () => {
  assert.ok(streakRatio(6, 50) > streakRatio(6, 200));
  assert.ok(Math.abs(streakRatio(5, 3) - 5 / (11 / 8)) < 1e-12);
  assert.ok(Number.isNaN(streakRatio(0, 0)));
});

test('drawdown at equal stake stops at the stake and counts the crossing bet pro rata', () => {
  const b = (units_won: number, recommended_units = 1) => ({ units_won, recommended_units });
  const bets = [b(1), b(-1), b(-1), b(-2, 2), b(3)];
  assert.equal(drawdownAtStake(bets, 3), 2); // +1, 0, -1: from peak 1 to -1
  assert.equal(drawdownAtStake(bets, 4), 3); // half of the 2-unit loss: -2
  assert.equal(drawdownAtStake(bets, 100), 4);
  assert.equal(drawdownAtStake(bets, 0), 0);
});

test('property: drawdown at a stake never decreases as the stake grows', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ units_won: fc.double({ min: -1, max: 1, noNaN: true }), recommended_units: fc.double({ min: 0.1, max: 2, noNaN: true }) }), { maxLength: 40 }), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (bets, a, c) => {
      const [lo, hi] = a < c ? [a, c] : [c, a];
      assert.ok(drawdownAtStake(bets, lo) <= drawdownAtStake(bets, hi) + 1e-12);
    }),
  );
});

test('chance streak bound: the coin-flip 95th percentile of the longest losing run over its expectation', () => {
  // n = 4: P(longest ≥ 4) = 1/16 > 5%, so the bound is 5 runs (impossible); E[longest] = (15 + 8 + 3 + 1)/16
  assert.ok(Math.abs(chanceStreakBound(4) - 5 / (27 / 16)) < 1e-12);
  // n = 200: P(longest ≥ 11) ≤ 5% < P(longest ≥ 10), so 11 runs over the expected 6.98
  assert.ok(Math.abs(chanceStreakBound(200) * expectedLongestRun(200) - 11) < 1e-9);
  assert.ok(Math.abs(chanceStreakBound(200, 0.99) * expectedLongestRun(200) - 14) < 1e-9);
  assert.ok(Number.isNaN(chanceStreakBound(0)));
});
