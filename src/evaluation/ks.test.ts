import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kolmogorovSurvival, ksTwoSample } from './ks.ts';

const close = (a: number, b: number, eps: number) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

test('Kolmogorov survival function against scipy.stats.kstwobign.sf (scipy 1.10.1)', () => {
  const ref: [number, number][] = [
    [0.2, 0.999999999999495],
    [0.5, 0.9639452436648751],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.0727, 0.2000420782104162],
    [1.2238, 0.10002342783567782],
    [1.3581, 0.0499996304316674], // the classic 5% critical value 1.358
    [1.6276, 0.010001537333060776], // and the 1% one 1.628
    [2.0, 0.0006709252557796953],
    [3.0, 3.045995948942526e-8],
  ];
  for (const [x, p] of ref) close(kolmogorovSurvival(x), p, 1e-12 + 1e-10 * p);
  assert.equal(kolmogorovSurvival(0), 1);
  // both branches agree where they meet
  close(kolmogorovSurvival(1.18 - 1e-9), kolmogorovSurvival(1.18 + 1e-9), 1e-8);
});

test('two-sample statistic and p-value against scipy.stats.ks_2samp', () => {
  const a = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47];
  const b = [2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.71];
  const r = ksTwoSample(a, b);
  close(r.statistic, 0.23, 1e-12); // scipy statistic 0.23000000000000004
  close(r.p_value, 0.5991955719698887, 1e-12); // kstwobign.sf(sqrt(25·20/45)·0.23)
  assert.equal(r.n1, 25);
  assert.equal(r.n2, 20);
});

test('ties move both empirical distributions together', () => {
  const r = ksTwoSample([1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 5, 5]);
  close(r.statistic, 0.4, 1e-12); // scipy: 0.4
  close(r.p_value, 0.7391045368250917, 1e-12);
  assert.equal(ksTwoSample([1, 2, 3], [1, 2, 3]).statistic, 0);
  assert.equal(ksTwoSample([1, 2, 3], [1, 2, 3]).p_value, 1);
  assert.equal(ksTwoSample([1, 2], [5, 6, 7]).statistic, 1);
  assert.equal(ksTwoSample([1, NaN, 2], [5, 6, 7]).n1, 2);
  assert.throws(() => ksTwoSample([], [1]), /empty sample \(sizes 0 and 1\)/);
});

test('property: statistic in [0, 1], symmetric, p-value in [0, 1]', () => {
  const sample = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(sample, sample, (x, y) => {
      const r = ksTwoSample(x, y);
      const s = ksTwoSample(y, x);
      assert.ok(r.statistic >= 0 && r.statistic <= 1);
      assert.equal(r.statistic, s.statistic);
      assert.ok(r.p_value >= 0 && r.p_value <= 1);
      // brute force: sup over the pooled points of |F1 − F2|
      const cdf = (v: number[], t: number) => v.filter((z) => z <= t).length / v.length;
      const brute = Math.max(...[...x, ...y].map((t) => Math.abs(cdf(x, t) - cdf(y, t))));
      close(r.statistic, brute, 1e-12);
    }),
  );
});
