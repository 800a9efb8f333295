import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitoringConfig } from '../config/groups/monitoring.ts';
import { assessWeek, drawdownPath, redStreak, type AlertContext, type DriftTest, type WeekFigures } from './alerts.ts';

// conf/monitoring/alerts.yaml
const cfg: MonitoringConfig = {
  rolling_weeks: 4,
  yellow: { min_bets: 10, rolling_hit_rate_below: 0.5, rolling_roi_below: -0.05, drift_p_value: 0.01 },
  orange: { min_warnings: 2, min_bets: 20, roi_below_dev_points: 5 },
  red: { season_hit_rate_below: 0.48, min_bets: 50, max_drawdown_fraction: 0.4 },
  rollback: { shift_points: 10, false_alarm: 0.05, season_weeks: 17 },
};

/** A week of flat 1-unit bets at −110: w wins, l losses, p pushes. */
function week(n: number, w: number, l: number, p = 0, season = 2025): WeekFigures {
  return { season, season_type: 'regular', week: n, model_id: 'v2-001', bets: w + l + p, wins: w, losses: l, pushes: p, pending: 0, staked: w + l + p, units: w * (100 / 110) - l, clv: null };
}
const ctx = (o: Partial<AlertContext> = {}): AlertContext => ({ dev_roi: null, bankroll: 100, drift: [], sequential: null, ...o });
const drift = (p: number): DriftTest => ({ market: 'spread', feature: 'elo_diff', statistic: 0.3, p_value: p, n_week: 50, n_train: 4000, drifted: p < 0.01 });
const rules = (a: ReturnType<typeof assessWeek>) => a.reasons.map((r) => r.rule);

test('green: winning weeks, no drift', () => {
  const a = assessWeek([week(1, 6, 4), week(2, 5, 5), week(3, 7, 3)], cfg, ctx({ dev_roi: 0.03, drift: [drift(0.2)] }));
  assert.equal(a.level, 'green');
  assert.deepEqual(a.reasons, []);
  // 18-12: hit 0.6, units 18·(10/11) − 12 = 4.3636…, staked 30
  assert.equal(a.figures.rolling_hit_rate, 0.6);
  assert.ok(Math.abs(a.figures.rolling_roi! - (18 * 100 / 110 - 12) / 30) < 1e-12);
  assert.equal(a.figures.drawdown, 0);
});

test('yellow: one warning each — rolling performance (hit rate and ROI together), drift', () => {
  // at −110 a losing hit rate also means a losing ROI: last four weeks 15-25 fire both rules, but
  // they are one warning (rolling performance), so one bad month is yellow, not orange
  const hit = assessWeek([week(1, 9, 1), week(2, 3, 7), week(3, 4, 6), week(4, 4, 6), week(5, 4, 6)], cfg, ctx());
  assert.deepEqual(rules(hit), ['rolling_hit_rate', 'rolling_roi']);
  assert.equal(hit.level, 'yellow');
  // the hit-rate rule alone: 4-6 at +200
  const plus: WeekFigures = { ...week(1, 4, 6), units: 4 * 2 - 6 }; // 4-6 at +200: +2 units
  const y1 = assessWeek([plus], cfg, ctx());
  assert.equal(y1.level, 'yellow');
  assert.deepEqual(rules(y1), ['rolling_hit_rate']);
  assert.equal(y1.figures.rolling_hit_rate, 0.4);
  // 5-5 at −110: hit 50% (not below), ROI −4.5% (not below −5%) → green; 5-5 at −120 → ROI −8.3%
  assert.equal(assessWeek([week(1, 5, 5)], cfg, ctx()).level, 'green');
  const y2 = assessWeek([{ ...week(1, 5, 5), units: 5 * (100 / 120) - 5 }], cfg, ctx());
  assert.deepEqual(rules(y2), ['rolling_roi']);
  assert.equal(y2.level, 'yellow');
  const y3 = assessWeek([week(1, 6, 4)], cfg, ctx({ drift: [drift(0.2), drift(0.004)] }));
  assert.deepEqual(rules(y3), ['feature_drift']);
  assert.equal(y3.reasons[0]!.value, 0.004);
  assert.match(y3.reasons[0]!.message, /spread:elo_diff/);
});

test('minimum bets: rolling rules need yellow.min_bets settled bets, the season-vs-development rule orange.min_bets', () => {
  // 1-3 in the only week: 4 bets < 10 → no rolling rule speaks (the NFL alert once went orange after 4 bets)
  assert.equal(assessWeek([week(1, 1, 3)], cfg, ctx({ dev_roi: 0.1 })).level, 'green');
  // 3-7 over 10 bets: the rolling rules speak; the season rule needs 20
  assert.deepEqual(rules(assessWeek([week(1, 3, 7)], cfg, ctx({ dev_roi: 0.1 }))), ['rolling_hit_rate', 'rolling_roi']);
});

test('orange: two distinct warnings, or season ROI more than 5 points below the development ROI', () => {
  const o1 = assessWeek([week(1, 3, 7)], cfg, ctx({ drift: [drift(0.001)] }));
  assert.equal(o1.level, 'orange');
  assert.deepEqual(rules(o1), ['rolling_hit_rate', 'rolling_roi', 'feature_drift', 'warnings']);
  // season 11-9 at −110: ROI (10 − 9)/20 = +5.0%, dev ROI 12% → 7 points below → orange, no warning
  const o2 = assessWeek([week(1, 6, 4), week(2, 5, 5)], cfg, ctx({ dev_roi: 0.12 }));
  assert.deepEqual(rules(o2), ['season_roi_vs_dev']);
  assert.equal(o2.level, 'orange');
  // dev ROI 9%: 4 points below → green
  assert.equal(assessWeek([week(1, 6, 4), week(2, 5, 5)], cfg, ctx({ dev_roi: 0.09 })).level, 'green');
});

test('red: season hit rate < 48% over ≥ 50 bets (and not over 49)', () => {
  // 5 weeks: 24-26 (48.0% is not below) vs 23-27 (46%)
  const hist = (wins: number[]) => wins.map((w, i) => week(i + 1, w, 10 - w));
  const at48 = assessWeek(hist([5, 5, 5, 5, 4]), cfg, ctx({ bankroll: 1000 }));
  assert.ok(!rules(at48).includes('season_hit_rate'));
  const r = assessWeek(hist([5, 5, 5, 4, 4]), cfg, ctx({ bankroll: 1000 }));
  assert.ok(rules(r).includes('season_hit_rate'));
  assert.equal(r.level, 'red');
  // the same rate over 49 bets is not enough
  const few = assessWeek([week(1, 5, 5), week(2, 5, 5), week(3, 4, 6), week(4, 4, 6), week(5, 4, 5)], cfg, ctx({ bankroll: 1000 }));
  assert.equal(few.figures.season_bets, 49);
  assert.ok(!rules(few).includes('season_hit_rate'));
});

test('red: the sequential test advising rollback', () => {
  const sequential = { statistic: 2.5, h: 2.35, n_bets: 60, alarmed: true, dev_roi: 0.05, shift_points: 10 };
  const r = assessWeek([week(1, 6, 4)], cfg, ctx({ dev_roi: 0.05, sequential }));
  assert.equal(r.level, 'red');
  assert.deepEqual(rules(r), ['sequential_test']);
  assert.match(r.reasons[0]!.message, /CUSUM over 60 bets.*10 points below the development ROI 5\.0%/);
  assert.equal(assessWeek([week(1, 6, 4)], cfg, ctx({ dev_roi: 0.05, sequential: { ...sequential, alarmed: false } })).level, 'green');
});

test('red: drawdown above 40% of the bankroll', () => {
  // +5 units then −46: peak 5, trough −41 → drawdown 46 > 40
  const up: WeekFigures = { ...week(1, 6, 4), units: 5 };
  const down: WeekFigures = { ...week(2, 0, 46), units: -46 };
  const r = assessWeek([up, down], cfg, ctx());
  assert.equal(r.figures.drawdown, 46);
  assert.equal(r.figures.cumulative_units, -41);
  assert.ok(rules(r).includes('drawdown'));
  assert.equal(r.level, 'red');
  assert.equal(assessWeek([up, { ...down, units: -40, losses: 40, bets: 40, staked: 40 }], cfg, ctx()).reasons.some((x) => x.rule === 'drawdown'), false);
});

test('drawdown path and red streak', () => {
  assert.deepEqual(drawdownPath([2, -3, 4, -1]), { cumulative: [2, -1, 3, 2], drawdown: [0, 3, 0, 1] });
  assert.equal(redStreak(['red', 'green', 'red', 'red']), 2);
  assert.equal(redStreak(['red', 'orange']), 0);
  assert.throws(() => assessWeek([], cfg, ctx()), /empty history/);
});
