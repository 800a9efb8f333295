import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalCdf } from './normal.ts';
import { coverProbability, edgePoints, expectedValue, outcomeProbabilities } from './cover.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

test('normal CDF against reference values (scipy.stats.norm.cdf)', () => {
  close(normalCdf(0), 0.5, 1e-16);
  close(normalCdf(1), 0.8413447460685429);
  close(normalCdf(-1.96), 0.024997895148220435);
  close(normalCdf(2.5), 0.9937903346742238);
  close(normalCdf(-5), 2.866515718791939e-7, 1e-15);
  close(normalCdf(0.25 / 14), 0.5071235906986781);
  assert.equal(normalCdf(-40), 0);
  assert.equal(normalCdf(40), 1);
});

test('spread with an integer line: continuity-corrected push mass', () => {
  // Home −3 (covers when margin > 3), predicted margin 5, sigma 10.
  const p = outcomeProbabilities('spread', 'home', 5, -3, 10);
  close(p.p_win, 1 - normalCdf((3.5 - 5) / 10)); // P(X > 3.5)
  close(p.p_push, normalCdf((3.5 - 5) / 10) - normalCdf((2.5 - 5) / 10));
  close(p.p_loss, normalCdf((2.5 - 5) / 10));
  close(p.p_win, 0.5596176923702425); // python: 0.5*erfc(-0.15/sqrt(2))
  close(p.p_push, 0.0390886333126812);
  const a = outcomeProbabilities('spread', 'away', 5, -3, 10);
  close(a.p_win, p.p_loss);
  close(a.p_push, p.p_push);
  close(coverProbability(p), p.p_win / (p.p_win + p.p_loss));
  // EV at −110: p_win·(100/110) − p_loss
  close(expectedValue(p, -110), p.p_win / 1.1 - p.p_loss);
});

test('half-point spread and totals never push', () => {
  const p = outcomeProbabilities('spread', 'home', 5, -3.5, 10);
  assert.equal(p.p_push, 0);
  close(p.p_win, 1 - normalCdf(-0.15));
  const o = outcomeProbabilities('total', 'over', 52, 48.5, 14);
  assert.equal(o.p_push, 0);
  close(o.p_win, 1 - normalCdf((48.5 - 52) / 14));
  const u = outcomeProbabilities('total', 'under', 52, 48, 14);
  close(u.p_win, normalCdf((47.5 - 52) / 14));
  close(u.p_push, normalCdf((48.5 - 52) / 14) - normalCdf((47.5 - 52) / 14));
  // An integer line matching the prediction is symmetric
  const even = outcomeProbabilities('total', 'over', 48, 48, 14);
  close(even.p_win, even.p_loss);
  close(coverProbability(even), 0.5);
});

test('edge in points, signed in the market perspective', () => {
  assert.equal(edgePoints('spread', 5, -3), 2); // home predicted by 5, market says 3
  assert.equal(edgePoints('spread', -7, 3.5), -3.5); // away
  assert.equal(edgePoints('total', 52, 48.5), 3.5);
});

test('bad sigma or side is refused', () => {
  assert.throws(() => outcomeProbabilities('spread', 'home', 1, -3, 0), /sigma must be a positive number, got 0/);
  assert.throws(() => outcomeProbabilities('spread', 'over', 1, -3, 10), /side over does not belong to a spread bet/);
  assert.throws(() => outcomeProbabilities('total', 'over', NaN, 40, 10), /must be finite/);
});

test('property: probabilities sum to one and cover probability grows with the edge', () => {
  const line = fc.integer({ min: -80, max: 80 }).map((x) => x / 2);
  fc.assert(
    fc.property(
      fc.double({ min: -40, max: 40, noNaN: true }),
      fc.double({ min: 0.01, max: 10, noNaN: true }),
      line,
      fc.double({ min: 2, max: 25, noNaN: true }),
      (pred, d, l, sigma) => {
        for (const side of ['home', 'away'] as const) {
          const p = outcomeProbabilities('spread', side, pred, l, sigma);
          close(p.p_win + p.p_push + p.p_loss, 1, 1e-12);
          assert.ok(p.p_win >= 0 && p.p_push >= 0 && p.p_loss >= 0);
        }
        // More predicted margin → more home edge → higher home cover probability.
        const lo = coverProbability(outcomeProbabilities('spread', 'home', pred, l, sigma));
        const hi = coverProbability(outcomeProbabilities('spread', 'home', pred + d, l, sigma));
        assert.ok(hi >= lo - 1e-12, `${hi} < ${lo}`);
        const ulo = coverProbability(outcomeProbabilities('total', 'under', 45 + pred, 45 + l, sigma));
        const uhi = coverProbability(outcomeProbabilities('total', 'under', 45 + pred - d, 45 + l, sigma));
        assert.ok(uhi >= ulo - 1e-12);
      },
    ),
  );
});
