import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertExplained, betsPlacedLine, seasonLine } from './demo-summary.ts';

// The quick demo's last week (seed 42): a 4-week slump at the end of a season far above the
// development ROI raises the two rolling rules (one warning, yellow).
const finalWeek = {
  model_id: 'v2-001',
  level: 'yellow' as const,
  reasons: [
    { rule: 'rolling_hit_rate' as const, level: 'yellow' as const, value: 0.4783, threshold: 0.5, message: 'rolling 4-week hit rate 47.8% < 50.0% over 48 bets' },
    { rule: 'rolling_roi' as const, level: 'yellow' as const, value: -0.0833, threshold: -0.05, message: 'rolling 4-week ROI -8.3% < -5.0% over 48 bets' },
  ],
  figures: { rolling_roi: -0.0833, rolling_hit_rate: 0.4783, season_roi: 0.154, season_hit_rate: 0.606, season_bets: 168, cumulative_units: 25.91, drawdown: 4 },
  sequential: { statistic: 0, h: 2.38, n_bets: 165, alarmed: false, dev_roi: -0.0766, shift_points: 10 },
};

test('alertExplained: a yellow names its rules, what it asks, and the season beside the development ROI', () => {
  assert.equal(
    alertExplained(finalWeek),
    '🟡 yellow (one warning: watch it): rolling 4-week hit rate 47.8% < 50.0% over 48 bets; rolling 4-week ROI -8.3% < -5.0% over 48 bets' +
      " — a warning about the last weeks only; the season stands at ROI 15.4% over 168 bets, 23.1 points above v2-001's development ROI -7.7%",
  );
  assert.equal(alertExplained({ ...finalWeek, level: 'green', reasons: [] }), '🟢 green (no warning)');
  assert.equal(alertExplained(null), '—');
  // A season-level rule is not called a recent slump.
  const orange = { ...finalWeek, level: 'orange' as const, reasons: [{ rule: 'season_roi_vs_dev' as const, level: 'orange' as const, value: -0.2, threshold: -0.1, message: 'season ROI -20.0% over 60 bets is more than 5 points below the development ROI -5.0%' }] };
  assert.doesNotMatch(alertExplained(orange), /last weeks only/);
  assert.match(alertExplained(orange), /^🟠 orange \(.*rollback\): season ROI -20.0%/);
});

test('betsPlacedLine: a week without bets says why; one bet is singular', () => {
  assert.equal(betsPlacedLine({ bets: [], candidates: 92, not_bet: [{ kind: 'not eligible (fewer than 2 prior games)', n: 92 }] }), ' 0 bets placed (92 candidates, none bet: 92 not eligible (fewer than 2 prior games))');
  assert.equal(betsPlacedLine({ bets: [{}] as never, candidates: 3, not_bet: [] }), ' 1 bet placed ');
  assert.equal(betsPlacedLine(null), ' 0 bets placed');
});

test('seasonLine: the record, units and ROI of one season from the performance log', () => {
  const row = (season: number, wins: number, losses: number, pushes: number, units: number) => ({ season, wins, losses, pushes, units, staked: wins + losses + pushes });
  assert.equal(seasonLine({ rows: [row(2023, 7, 5, 0, 1.3637), row(2023, 4, 6, 2, -2.3636), row(2022, 9, 0, 0, 8)] as never }, 2023), 'season 11-11-2, -1.00u, ROI -4.2%');
  assert.equal(seasonLine({ rows: [] }, 2023), 'no scored bets yet');
});
