import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BettingConfig } from '../config/groups/betting.ts';
import { kellyFraction, stakeUnits } from './stake.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const STAKE: BettingConfig['stake'] = {
  method: 'flat',
  flat_units: 1,
  base_fraction: 0.02,
  per_point: 0.1,
  max_multiplier: 2,
  kelly_fraction: 0.25,
  kelly_cap: 0.05,
};
const probs = (w: number, p: number) => ({ p_win: w, p_push: p, p_loss: 1 - w - p });

test('Kelly fraction by hand, with and without pushes', () => {
  // −110, 55% / 45%: f = (0.55·10/11 − 0.45) / (10/11) = 0.055
  close(kellyFraction(probs(0.55, 0), -110), 0.055);
  // +150, 45% / 55%: f = (0.45·1.5 − 0.55) / 1.5 = 0.083333…
  close(kellyFraction(probs(0.45, 0), 150), 0.125 / 1.5);
  // with 10% pushes: p_w 0.5, p_l 0.4 at −110: (0.5·10/11 − 0.4) / (10/11 · 0.9) = 0.0611…
  close(kellyFraction(probs(0.5, 0.1), -110), (5 / 11 - 0.4) / (9 / 11));
  assert.equal(kellyFraction(probs(0.5, 0), -110), 0); // negative expectation → 0
});

test('stake sizing: flat, fixed-fractional, Kelly', () => {
  const base = { absEdge: 3, threshold: 3, probabilities: probs(0.55, 0), price: -110, bankroll: 100 };
  assert.equal(stakeUnits(base, { ...STAKE, flat_units: 1.5 }), 1.5);
  const ff = { ...STAKE, method: 'fixed_fractional' as const };
  close(stakeUnits(base, ff), 2); // 2% of 100 at the threshold
  close(stakeUnits({ ...base, absEdge: 5.5 }, ff), 2.5); // +25%
  close(stakeUnits({ ...base, absEdge: 30 }, ff), 4); // capped at 2×
  close(stakeUnits({ ...base, absEdge: 4, bankroll: 250 }, ff), 5.5);
  const k = { ...STAKE, method: 'kelly' as const };
  close(stakeUnits(base, k), 1.375); // 0.25 · 0.055 · 100
  close(stakeUnits({ ...base, probabilities: probs(0.8, 0) }, k), 5); // 0.25·0.58 = 0.145 → cap 5%
});

test('property: Kelly maximises expected log growth', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.3, max: 0.8, noNaN: true }),
      fc.double({ min: 0, max: 0.15, noNaN: true }),
      fc.oneof(fc.integer({ min: -300, max: -100 }), fc.integer({ min: 100, max: 300 })),
      (w, p, price) => {
        const pr = probs(w, p);
        const f = kellyFraction(pr, price);
        const b = price < 0 ? 100 / -price : price / 100;
        const g = (x: number) => pr.p_win * Math.log(1 + b * x) + pr.p_loss * Math.log(1 - x);
        for (const d of [0.01, 0.001]) {
          assert.ok(g(f) >= g(f + d) - 1e-12);
          if (f - d >= 0) assert.ok(g(f) >= g(f - d) - 1e-12);
        }
      },
    ),
  );
});
