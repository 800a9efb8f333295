// Alert levels of the weekly monitoring (issues 10, 17; thresholds in conf/monitoring/alerts.yaml).
// Pure: the chronological weeks of ONE champion's tenure in (the caller cuts the history where
// the betting model changed, so a new champion starts with a clean slate), the level of its
// latest week and the reasons out. Every rule has a minimum number of settled bets.
//   yellow — one warning: rolling performance (hit rate or ROI of the last K weeks below its bar;
//            at −110 the two are nearly the same event, so together they are ONE warning), or
//            feature drift (KS tests corrected family-wise by Holm across features and markets);
//   orange — two distinct warnings, or season ROI more than N points below the development ROI;
//   red    — season hit rate below the bar, the sequential test (sequential.ts) advising
//            rollback, or drawdown above a share of the bankroll.
import type { MonitoringConfig } from '../config/groups/monitoring.ts';
import type { SeasonType } from '../data/schema.ts';

export type AlertLevel = 'green' | 'yellow' | 'orange' | 'red';
export const ALERT_LEVELS: readonly AlertLevel[] = ['green', 'yellow', 'orange', 'red'];

export interface AlertReason {
  rule: 'rolling_hit_rate' | 'rolling_roi' | 'feature_drift' | 'warnings' | 'season_roi_vs_dev' | 'season_hit_rate' | 'sequential_test' | 'drawdown';
  level: Exclude<AlertLevel, 'green'>;
  message: string;
  value: number | null;
  threshold: number | null;
}

/** One KS drift test of one feature (market × feature) for a week. */
export interface DriftTest {
  market: 'spread' | 'total';
  feature: string;
  statistic: number;
  p_value: number;
  n_week: number;
  n_train: number;
  drifted: boolean;
}

/** The settled figures of one scored week (pending bets count in `pending` only). */
export interface WeekFigures {
  season: number;
  season_type: SeasonType;
  week: number;
  model_id: string;
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  pending: number;
  /** Units staked on settled bets. */
  staked: number;
  units: number;
  /** Mean closing-line value of the week's bets with a different close; null if none. */
  clv: number | null;
}

export interface AlertContext {
  /** The champion's development ROI (a fraction); null when unknown (the dev rules are skipped). */
  dev_roi: number | null;
  bankroll: number;
  /** Drift tests of the latest week (empty when none could run); `drifted` is already family-wise. */
  drift: readonly DriftTest[];
  /** The sequential rollback test after this week's bets; null when it cannot run (no development ROI). */
  sequential: SequentialState | null;
}

/** The CUSUM of the champion's tenure this season (sequential.ts). */
export interface SequentialState {
  statistic: number;
  h: number;
  /** Decided bets it has seen. */
  n_bets: number;
  /** True once the statistic has reached h in this tenure and season. */
  alarmed: boolean;
  dev_roi: number;
  shift_points: number;
}

export interface Assessment {
  level: AlertLevel;
  reasons: AlertReason[];
  figures: {
    rolling_roi: number | null;
    rolling_hit_rate: number | null;
    season_roi: number | null;
    season_hit_rate: number | null;
    season_bets: number;
    cumulative_units: number;
    drawdown: number;
  };
}

type Sums = { wins: number; losses: number; staked: number; units: number; bets: number };

function sums(rows: readonly WeekFigures[]): Sums {
  const s: Sums = { wins: 0, losses: 0, staked: 0, units: 0, bets: 0 };
  for (const r of rows) {
    s.wins += r.wins;
    s.losses += r.losses;
    s.staked += r.staked;
    s.units += r.units;
    s.bets += r.wins + r.losses + r.pushes;
  }
  return s;
}

const roiOf = (s: Sums) => (s.staked > 0 ? s.units / s.staked : null);
const hitOf = (s: Sums) => (s.wins + s.losses > 0 ? s.wins / (s.wins + s.losses) : null);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function rank(level: AlertLevel): number {
  return ALERT_LEVELS.indexOf(level);
}

/** Current drawdown: fall of cumulative units from their running peak (which starts at 0). */
export function drawdownPath(units: readonly number[]): { cumulative: number[]; drawdown: number[] } {
  let cum = 0;
  let peak = 0;
  const cumulative: number[] = [];
  const drawdown: number[] = [];
  for (const u of units) {
    cum += u;
    peak = Math.max(peak, cum);
    cumulative.push(cum);
    drawdown.push(peak - cum);
  }
  return { cumulative, drawdown };
}

/** The alert of the LAST week of `history` (chronological weeks of one champion's tenure). */
export function assessWeek(history: readonly WeekFigures[], cfg: MonitoringConfig, ctx: AlertContext): Assessment {
  if (history.length === 0) throw new RangeError('assessWeek: empty history');
  const last = history[history.length - 1]!;
  const rolling = sums(history.slice(-cfg.rolling_weeks));
  const seasonRows = history.filter((r) => r.season === last.season);
  const season = sums(seasonRows);
  const { cumulative, drawdown } = drawdownPath(history.map((r) => r.units));
  const figures = {
    rolling_roi: roiOf(rolling),
    rolling_hit_rate: hitOf(rolling),
    season_roi: roiOf(season),
    season_hit_rate: hitOf(season),
    season_bets: season.bets,
    cumulative_units: cumulative[cumulative.length - 1]!,
    drawdown: drawdown[drawdown.length - 1]!,
  };
  const reasons: AlertReason[] = [];
  const weeks = `${Math.min(cfg.rolling_weeks, history.length)}-week`;

  // yellow warnings (each rule needs min_bets settled bets in its window)
  const y = cfg.yellow;
  if (rolling.bets >= y.min_bets) {
    if (figures.rolling_hit_rate !== null && figures.rolling_hit_rate < y.rolling_hit_rate_below) {
      reasons.push({ rule: 'rolling_hit_rate', level: 'yellow', value: figures.rolling_hit_rate, threshold: y.rolling_hit_rate_below, message: `rolling ${weeks} hit rate ${pct(figures.rolling_hit_rate)} < ${pct(y.rolling_hit_rate_below)} over ${rolling.bets} bets` });
    }
    if (figures.rolling_roi !== null && figures.rolling_roi < y.rolling_roi_below) {
      reasons.push({ rule: 'rolling_roi', level: 'yellow', value: figures.rolling_roi, threshold: y.rolling_roi_below, message: `rolling ${weeks} ROI ${pct(figures.rolling_roi)} < ${pct(y.rolling_roi_below)} over ${rolling.bets} bets` });
    }
  }
  const drifted = ctx.drift.filter((d) => d.drifted);
  if (drifted.length) {
    const worst = drifted.reduce((a, b) => (b.p_value < a.p_value ? b : a));
    const names = drifted.map((d) => `${d.market}:${d.feature}`);
    reasons.push({ rule: 'feature_drift', level: 'yellow', value: worst.p_value, threshold: y.drift_p_value, message: `feature drift against the training data (KS, Holm over ${ctx.drift.length} tests at ${y.drift_p_value}): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}` });
  }
  // distinct warnings: rolling hit rate and rolling ROI are one (rolling performance)
  const warnings = new Set(reasons.map((x) => (x.rule === 'feature_drift' ? 'drift' : 'performance'))).size;
  // orange
  const o = cfg.orange;
  if (warnings >= o.min_warnings) {
    reasons.push({ rule: 'warnings', level: 'orange', value: warnings, threshold: o.min_warnings, message: `${warnings} warnings at once` });
  }
  const orangeBar = ctx.dev_roi === null ? null : ctx.dev_roi - o.roi_below_dev_points / 100;
  if (orangeBar !== null && season.bets >= o.min_bets && figures.season_roi !== null && figures.season_roi < orangeBar) {
    reasons.push({ rule: 'season_roi_vs_dev', level: 'orange', value: figures.season_roi, threshold: orangeBar, message: `season ROI ${pct(figures.season_roi)} over ${season.bets} bets is more than ${o.roi_below_dev_points} points below the development ROI ${pct(ctx.dev_roi!)}` });
  }
  // red
  const r = cfg.red;
  if (figures.season_hit_rate !== null && season.bets >= r.min_bets && figures.season_hit_rate < r.season_hit_rate_below) {
    reasons.push({ rule: 'season_hit_rate', level: 'red', value: figures.season_hit_rate, threshold: r.season_hit_rate_below, message: `season hit rate ${pct(figures.season_hit_rate)} < ${pct(r.season_hit_rate_below)} over ${season.bets} bets` });
  }
  const q = ctx.sequential;
  if (q?.alarmed) {
    reasons.push({ rule: 'sequential_test', level: 'red', value: q.statistic, threshold: q.h, message: `sequential test (CUSUM over ${q.n_bets} bets): the results fit a ROI ${q.shift_points} points below the development ROI ${pct(q.dev_roi)} better than the development ROI (statistic reached ${q.h.toFixed(2)})` });
  }
  const ddBar = r.max_drawdown_fraction * ctx.bankroll;
  if (figures.drawdown > ddBar) {
    reasons.push({ rule: 'drawdown', level: 'red', value: figures.drawdown, threshold: ddBar, message: `drawdown ${figures.drawdown.toFixed(2)} units > ${pct(r.max_drawdown_fraction)} of the bankroll (${ddBar.toFixed(2)} units)` });
  }
  const level = reasons.reduce<AlertLevel>((l, x) => (rank(x.level) > rank(l) ? x.level : l), 'green');
  return { level, reasons, figures };
}

/** Consecutive red weeks ending with the last level. */
export function redStreak(levels: readonly AlertLevel[]): number {
  let n = 0;
  for (let i = levels.length - 1; i >= 0 && levels[i] === 'red'; i--) n++;
  return n;
}
