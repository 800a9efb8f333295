import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { betClv, closingLineSigma, clvProbability, clvText } from './clv.ts';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('betClv at the opener, by hand: a home bet at +7 that closed +5.5 got 1.5 points; Φ(1.5/15) − ½ = 0.0398', () => {
  const r = betClv({ bet_type: 'spread', side: 'home', line: 7 }, 5.5, 'opening', 15);
  assert.equal(r.clv, 1.5);
  // Φ(0.1) = 0.5398278372770290 (tables)
  assert.ok(close(r.clv_prob!, 0.039827837277029), String(r.clv_prob));
  // The away side of the same move lost 1.5 points.
  const away = betClv({ bet_type: 'spread', side: 'away', line: 7 }, 5.5, 'opening', 15);
  assert.equal(away.clv, -1.5);
  assert.ok(close(away.clv_prob!, -0.039827837277029));
  // Totals: over 44 that closed 46 got 2 points; under 44 lost them. Φ(2/16) = Φ(0.125) = 0.5497382248301129
  assert.equal(betClv({ bet_type: 'total', side: 'over', line: 44 }, 46, 'opening', 16).clv, 2);
  assert.ok(close(betClv({ bet_type: 'total', side: 'over', line: 44 }, 46, 'opening', 16).clv_prob!, 0.0497382248301129));
  assert.equal(betClv({ bet_type: 'total', side: 'under', line: 44 }, 46, 'opening', 16).clv, -2);
});

test('betClv: an unmoved line is 0 at the opener (not blank); a bet at the close has none; unknown close none', () => {
  assert.deepEqual(betClv({ bet_type: 'spread', side: 'home', line: -3 }, -3, 'opening', 15), { clv: 0, clv_prob: 0 });
  assert.deepEqual(betClv({ bet_type: 'spread', side: 'home', line: -3 }, -3.5, 'closing', 15), { clv: null, clv_prob: null });
  assert.deepEqual(betClv({ bet_type: 'spread', side: 'home', line: -3 }, null, 'opening', 15), { clv: null, clv_prob: null });
  // The bet line unknown: a number different from the close is an earlier one; equal cannot be told apart.
  assert.equal(betClv({ bet_type: 'spread', side: 'home', line: -3 }, -4, null, 15).clv, 1);
  assert.equal(betClv({ bet_type: 'spread', side: 'home', line: -3 }, -3, null, 15).clv, null);
  // No σ: points only.
  assert.deepEqual(betClv({ bet_type: 'spread', side: 'home', line: -3 }, -4, 'opening', null), { clv: 1, clv_prob: null });
});

test('property: CLV probability is odd in the points, within [−½, ½], and increasing', () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 1, max: 30, noNaN: true }), (x, s) => {
      const p = clvProbability(x, s);
      assert.ok(p >= -0.5 && p <= 0.5);
      assert.ok(close(p, -clvProbability(-x, s)));
      assert.ok(clvProbability(x + 0.5, s) >= p - 1e-12);
    }),
  );
  assert.throws(() => clvProbability(1, 0), RangeError);
});

test('closingLineSigma: RMS of margin + spread (spreads) and points − total (totals) over finished games', () => {
  const games = [
    { home_points: 24, away_points: 17, completed: true, close: -3 }, // margin 7, error 4
    { home_points: 10, away_points: 20, completed: true, close: 7 }, // margin −10, error −3
    { home_points: null, away_points: null, completed: false, close: -1 },
  ];
  assert.equal(closingLineSigma(games, 'spread', 2), Math.sqrt((16 + 9) / 2));
  assert.equal(closingLineSigma(games.map((g) => ({ ...g, close: 40 })), 'total', 2), Math.sqrt((1 + 100) / 2));
  assert.equal(closingLineSigma(games, 'spread', 3), null);
});

test('clvText: signed points and probability; a dash for none', () => {
  assert.equal(clvText(1.5, 0.0398), '+1.5 pts (+4.0%)');
  assert.equal(clvText(-2, -0.0497), '-2.0 pts (-5.0%)');
  assert.equal(clvText(0, 0), '0.0 pts (0.0%)');
  assert.equal(clvText(1, null), '+1.0 pts');
  assert.equal(clvText(null, null), '—');
});
