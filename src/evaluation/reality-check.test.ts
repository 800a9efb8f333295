import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/prng.ts';
import { alignWeeks, realityCheck, type WeekSeries } from './reality-check.ts';

const series = (staked: number[], units: number[]): WeekSeries => ({ staked: Float64Array.from(staked), units: Float64Array.from(units) });

test('observed figures by hand: ROI, differences, the winner', () => {
  const base = series([2, 2, 2], [-0.2, 0.1, -0.3]); // ROI −0.4/6
  const a = series([1, 1, 1], [0.9091, -1, 0.9091]); // ROI 0.8182/3
  const b = series([0, 2, 0], [0, -2, 0]); // ROI −1
  const r = realityCheck(base, [a, b], { n: 200, seed: 1 });
  assert.ok(Math.abs(r.baseline_roi - -0.4 / 6) < 1e-12);
  assert.ok(Math.abs(r.configurations[0]!.roi - 0.8182 / 3) < 1e-12);
  assert.ok(Math.abs(r.configurations[0]!.difference - (0.8182 / 3 + 0.4 / 6)) < 1e-12);
  assert.equal(r.configurations[1]!.roi, -1);
  assert.equal(r.best, 0);
  assert.equal(r.n_weeks, 3);
  assert.ok(r.best_roi_adjusted <= r.configurations[0]!.roi);
});

test('a configuration identical to the baseline: difference 0, p-value 1, no selection bias beyond noise', () => {
  const base = series([1, 2, 1, 3], [0.9, -2, 0.9, 1]);
  const r = realityCheck(base, [base], { n: 500, seed: 3 });
  assert.equal(r.configurations[0]!.difference, 0);
  assert.equal(r.p_value, 1);
  assert.deepEqual(r.best_difference_ci95, [0, 0]);
});

test('deterministic for a seed; refuses misaligned or empty input', () => {
  const base = series([1, 1], [1, -1]);
  const c = [series([1, 1], [0.9, 0.9]), series([1, 0], [-1, 0])];
  assert.deepEqual(realityCheck(base, c, { n: 300, seed: 9 }), realityCheck(base, c, { n: 300, seed: 9 }));
  assert.throws(() => realityCheck(base, [series([1], [1])], { n: 10, seed: 1 }), /same weeks/);
  assert.throws(() => realityCheck(base, [], { n: 10, seed: 1 }), /no configuration/);
  assert.throws(() => realityCheck(series([], []), [series([], [])], { n: 10, seed: 1 }), /no common week/);
});

test('alignWeeks puts 0, 0 where a model did not bet', () => {
  const [a, b] = alignWeeks(['w1', 'w2', 'w3'], [new Map([['w2', { staked: 2, units: 1 }]]), new Map()]);
  assert.deepEqual(Array.from(a!.staked), [0, 2, 0]);
  assert.deepEqual(Array.from(a!.units), [0, 1, 0]);
  assert.deepEqual(Array.from(b!.staked), [0, 0, 0]);
});

/** K configurations and a baseline betting 10 games a week at −110, every one with win
 *  probability p (per configuration), sharing part of each week's luck (correlated models). */
function simulateSweep(rng: Rng, K: number, weeks: number, p: (k: number) => number): { base: WeekSeries; configs: WeekSeries[] } {
  const shared = Array.from({ length: weeks * 10 }, () => rng.next());
  const one = (q: number) => {
    const s = new Float64Array(weeks);
    const u = new Float64Array(weeks);
    for (let w = 0; w < weeks; w++) {
      for (let g = 0; g < 10; g++) {
        // Half of the games are the shared ones (the same bet in every model), half the model's own.
        const x = g < 5 ? shared[w * 10 + g]! : rng.next();
        s[w] += 1;
        u[w] += x < q ? 100 / 110 : -1;
      }
    }
    return { staked: s, units: u };
  };
  return { base: one(0.5238), configs: Array.from({ length: K }, (_, k) => one(p(k))) };
}

test('calibration: with no true difference the Reality Check rejects at about its level; the naive best does not', () => {
  const rng = new Rng(2024);
  let rc = 0;
  let naive = 0;
  const sweeps = 60;
  for (let t = 0; t < sweeps; t++) {
    const { base, configs } = simulateSweep(rng, 10, 34, () => 0.5238);
    const r = realityCheck(base, configs, { n: 300, seed: t });
    if (r.p_value < 0.1) rc++;
    if (r.configurations[r.best]!.naive_p < 0.1) naive++;
  }
  assert.ok(rc / sweeps <= 0.17, `Reality Check false discoveries ${rc}/${sweeps}`);
  assert.ok(naive / sweeps >= 0.3, `the naive test of the best of 10 should be fooled often (${naive}/${sweeps})`);
});

test('power: one configuration with a true 60% hit rate among nine at break-even is found', () => {
  const rng = new Rng(77);
  let found = 0;
  for (let t = 0; t < 20; t++) {
    const { base, configs } = simulateSweep(rng, 10, 34, (k) => (k === 3 ? 0.6 : 0.5238));
    const r = realityCheck(base, configs, { n: 300, seed: t });
    if (r.p_value < 0.1 && r.best === 3) found++;
  }
  assert.ok(found >= 12, `found the better configuration ${found}/20 times`);
});
