// Alert levels of the weekly monitoring (issue 10, thresholds in conf/monitoring/alerts.yaml).
// Pure: a chronological performance history in, the level of its latest week and the reasons out.
//   yellow — one warning: rolling hit rate below the bar, rolling ROI below the bar, or a feature
//            whose distribution this week differs from the champion's training data (KS);
//   orange — two or more warnings, or season ROI more than N points below the development ROI;
//   red    — season hit rate below the bar over ≥ min_bets bets, or season ROI more than N points
//            below the development ROI in each of the last K weeks, or drawdown above a share
//            of the bankroll.
import type { MonitoringConfig } from '../config/groups/monitoring.ts';
import type { SeasonType } from '../data/schema.ts';

export type AlertLevel = 'green' | 'yellow' | 'orange' | 'red';
export const ALERT_LEVELS: readonly AlertLevel[] = ['green', 'yellow', 'orange', 'red'];

export interface AlertReason {
  rule: 'rolling_hit_rate' | 'rolling_roi' | 'feature_drift' | 'warnings' | 'season_roi_vs_dev' | 'season_hit_rate' | 'roi_below_dev_weeks' | 'drawdown';
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
  /** Drift tests of the latest week (empty when none could run). */
  drift: readonly DriftTest[];
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

/** The alert of the LAST week of `history` (chronological, every scored week so far). */
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

  // yellow warnings
  const y = cfg.yellow;
  if (figures.rolling_hit_rate !== null && figures.rolling_hit_rate < y.rolling_hit_rate_below) {
    reasons.push({ rule: 'rolling_hit_rate', level: 'yellow', value: figures.rolling_hit_rate, threshold: y.rolling_hit_rate_below, message: `rolling ${weeks} hit rate ${pct(figures.rolling_hit_rate)} < ${pct(y.rolling_hit_rate_below)}` });
  }
  if (figures.rolling_roi !== null && figures.rolling_roi < y.rolling_roi_below) {
    reasons.push({ rule: 'rolling_roi', level: 'yellow', value: figures.rolling_roi, threshold: y.rolling_roi_below, message: `rolling ${weeks} ROI ${pct(figures.rolling_roi)} < ${pct(y.rolling_roi_below)}` });
  }
  const drifted = ctx.drift.filter((d) => d.drifted);
  if (drifted.length) {
    const worst = drifted.reduce((a, b) => (b.p_value < a.p_value ? b : a));
    const names = drifted.map((d) => `${d.market}:${d.feature}`);
    reasons.push({ rule: 'feature_drift', level: 'yellow', value: worst.p_value, threshold: y.drift_p_value, message: `feature drift against the training data (KS p < ${y.drift_p_value}): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}` });
  }
  const warnings = reasons.length;
  // orange
  const o = cfg.orange;
  if (warnings >= o.min_warnings) {
    reasons.push({ rule: 'warnings', level: 'orange', value: warnings, threshold: o.min_warnings, message: `${warnings} warnings at once` });
  }
  const devBar = (points: number) => (ctx.dev_roi === null ? null : ctx.dev_roi - points / 100);
  const orangeBar = devBar(o.roi_below_dev_points);
  if (orangeBar !== null && figures.season_roi !== null && figures.season_roi < orangeBar) {
    reasons.push({ rule: 'season_roi_vs_dev', level: 'orange', value: figures.season_roi, threshold: orangeBar, message: `season ROI ${pct(figures.season_roi)} is more than ${o.roi_below_dev_points} points below the development ROI ${pct(ctx.dev_roi!)}` });
  }
  // red
  const r = cfg.red;
  if (figures.season_hit_rate !== null && season.bets >= r.min_bets && figures.season_hit_rate < r.season_hit_rate_below) {
    reasons.push({ rule: 'season_hit_rate', level: 'red', value: figures.season_hit_rate, threshold: r.season_hit_rate_below, message: `season hit rate ${pct(figures.season_hit_rate)} < ${pct(r.season_hit_rate_below)} over ${season.bets} bets` });
  }
  const redBar = devBar(r.roi_below_dev_points);
  if (redBar !== null && seasonRows.length >= r.roi_below_dev_weeks) {
    // season-to-date ROI below the bar at each of the last K weeks of this season
    let below = 0;
    for (let k = seasonRows.length; k > 0; k--) {
      const roi = roiOf(sums(seasonRows.slice(0, k)));
      if (roi === null || roi >= redBar) break;
      below++;
    }
    if (below >= r.roi_below_dev_weeks) {
      reasons.push({ rule: 'roi_below_dev_weeks', level: 'red', value: below, threshold: r.roi_below_dev_weeks, message: `season ROI more than ${r.roi_below_dev_points} points below the development ROI ${pct(ctx.dev_roi!)} for ${below} weeks` });
    }
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
