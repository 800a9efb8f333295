import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bettingMetrics, chronological, predictionMetrics, weeklyRecords, type EvaluatedGame } from './metrics.ts';
import { scored } from '../../test/support/evaluation-testkit.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

test('prediction metrics by hand', () => {
  const m = predictionMetrics([3, -1, 10], [0, 1, 10]); // errors 3, -2, 0
  assert.equal(m.n, 3);
  close(m.rmse, Math.sqrt(13 / 3));
  close(m.mae, 5 / 3);
  close(m.bias, 1 / 3);
  assert.ok(Number.isNaN(predictionMetrics([], []).rmse));
  assert.throws(() => predictionMetrics([1], []), /1 predictions but 0 actuals/);
});

// Six bets given out of order: pushes, −110 and other prices, positive odds, varied stakes.
const BETS = [
  scored({ game_id: 'f', week: 4, side: 'away', line: 2, price: 120, edge: -3, cover_probability: 0.65, result: 'win', units_won: 1.2 }),
  scored({ game_id: 'a', week: 1, side: 'home', line: -3, closing_line: -4, edge: 4, cover_probability: 0.6, result: 'win', units_won: 100 / 110 }),
  scored({ game_id: 'b', week: 1, bet_type: 'total', side: 'over', line: 50, price: 150, recommended_units: 2, edge: 5, cover_probability: 0.55, result: 'loss', units_won: -2 }),
  scored({ game_id: 'c', week: 2, side: 'away', line: 7, edge: -3.5, cover_probability: 0.58, result: 'push', units_won: 0 }),
  scored({ game_id: 'd', week: 2, side: 'home', price: -120, recommended_units: 1.2, edge: 6, cover_probability: 0.7, result: 'loss', units_won: -1.2 }),
  scored({ game_id: 'e', week: 3, bet_type: 'total', side: 'under', line: 44, closing_line: 46, price: -105, edge: -4, cover_probability: 0.52, result: 'loss', units_won: -1 }),
];

test('betting metrics on a hand-computed bet list', () => {
  const m = bettingMetrics(BETS);
  assert.equal(m.n_bets, 6);
  assert.equal(m.wins, 2);
  assert.equal(m.losses, 3);
  assert.equal(m.pushes, 1);
  close(m.hit_rate, 0.4);
  close(m.units, -2.090909090909);
  close(m.staked, 7.2);
  close(m.roi, -0.290404040404);
  close(m.avg_edge, 4.25);
  close(m.clv_points, -0.5); // home −3 vs close −4: +1; under 44 vs close 46: −2
  close(m.brier, 1.3454 / 5);
  close(m.log_loss, 0.7356118, 1e-6);
  // cumulative: .909, −1.091, −1.091, −2.291, −3.291, −2.091 (a, b, c, d, e, f) → 0.909 − (−3.291)
  close(m.max_drawdown_units, 4.2);
  // loss (b), push (c), loss (d), loss (e): pushes do not break the run
  assert.equal(m.longest_losing_streak, 3);
});

test('betting metrics of an empty list and of pushes only', () => {
  const e = bettingMetrics([]);
  assert.equal(e.n_bets, 0);
  assert.ok(Number.isNaN(e.roi) && Number.isNaN(e.hit_rate) && Number.isNaN(e.brier));
  assert.equal(e.max_drawdown_units, 0);
  const p = bettingMetrics([scored({ result: 'push', units_won: 0 })]);
  assert.equal(p.roi, 0);
  assert.ok(Number.isNaN(p.hit_rate));
});

test('chronological order is stable within a week and puts postseason last', () => {
  const rows = [
    { id: 1, season: 2023, season_type: 'postseason' as const, week: 1 },
    { id: 2, season: 2023, season_type: 'regular' as const, week: 14 },
    { id: 3, season: 2022, season_type: 'regular' as const, week: 3 },
    { id: 4, season: 2023, season_type: 'regular' as const, week: 14 },
  ];
  assert.deepEqual(chronological(rows).map((r) => r.id), [3, 2, 4, 1]);
});

test('weekly records per week × market with cumulative units', () => {
  const games: EvaluatedGame[] = [
    { game_id: 'a', season: 2023, season_type: 'regular', week: 1, bet_type: 'spread', prediction: 5, actual: 8 },
    { game_id: 'x', season: 2023, season_type: 'regular', week: 1, bet_type: 'spread', prediction: -2, actual: 2 },
    { game_id: 'b', season: 2023, season_type: 'regular', week: 1, bet_type: 'total', prediction: 55, actual: 45 },
    { game_id: 'c', season: 2023, season_type: 'regular', week: 2, bet_type: 'spread', prediction: 1, actual: -7 },
    { game_id: 'd', season: 2023, season_type: 'regular', week: 2, bet_type: 'spread', prediction: 3, actual: null },
  ];
  const rows = weeklyRecords(games, BETS.filter((b) => b.week <= 2));
  assert.deepEqual(
    rows.map((r) => [r.week, r.market, r.games, r.bets, r.wins, r.losses, r.pushes]),
    [
      [1, 'spread', 2, 1, 1, 0, 0],
      [1, 'total', 1, 1, 0, 1, 0],
      [2, 'spread', 1, 2, 0, 1, 1],
    ],
  );
  close(rows[0]!.rmse, Math.sqrt((9 + 16) / 2));
  close(rows[2]!.rmse, 8);
  close(rows[0]!.roi, 100 / 110);
  close(rows[2]!.units, -1.2);
  close(rows[2]!.roi, -1.2 / 2.2);
  close(rows[2]!.cumulative_units, 100 / 110 - 1.2);
  close(rows[1]!.cumulative_units, -2);
});

test('property: drawdown ≤ total stake and streak ≤ losses', () => {
  const bet = fc.record({ r: fc.constantFrom('win' as const, 'loss' as const, 'push' as const), s: fc.double({ min: 0.1, max: 5, noNaN: true }) });
  fc.assert(
    fc.property(fc.array(bet, { maxLength: 40 }), (xs) => {
      const bets = xs.map((x, i) => scored({ game_id: String(i), recommended_units: x.s, result: x.r, units_won: x.r === 'win' ? x.s / 1.1 : x.r === 'loss' ? -x.s : 0 }));
      const m = bettingMetrics(bets);
      assert.ok(m.max_drawdown_units <= m.staked + 1e-9);
      assert.ok(m.longest_losing_streak <= m.losses);
      assert.equal(m.wins + m.losses + m.pushes, m.n_bets);
    }),
  );
});
