// The contract of production/monitoring/dashboard_data.json: everything the dashboard shows,
// rebuilt by `edgelab monitor`. The dashboard reads ONLY this file (plus nothing else from the
// tree), so every figure it needs lives here. Schema documented in docs/monitoring.md; bump
// DASHBOARD_SCHEMA_VERSION on any incompatible change. Numbers that are undefined (no bets, no
// decided bets) are null, never NaN.
import type { SeasonType } from '../artifacts/layout.ts';

export const DASHBOARD_SCHEMA_VERSION = 1;

export type { AlertLevel, AlertReason, DriftTest, WeekFigures } from '../evaluation/alerts.ts';
import type { AlertLevel, AlertReason, DriftTest, WeekFigures } from '../evaluation/alerts.ts';
export type Market = 'spread' | 'total';

/** A row of performance_log.csv (also the weekly series of the dashboard): the week's settled
 *  figures (WeekFigures: bets, wins, losses, pushes, pending, staked, units, clv) and more. */
export interface PerformanceRow extends WeekFigures {
  roi: number | null;
  hit_rate: number | null;
  cumulative_units: number;
  rolling_roi: number | null;
  rolling_hit_rate: number | null;
  /** Current fall of cumulative units from their running peak (units, ≥ 0). */
  drawdown: number;
  alert_level: AlertLevel;
}

/** Aggregate betting figures (a season × market, or all markets). */
export interface Kpis extends Pick<WeekFigures, 'bets' | 'wins' | 'losses' | 'pushes' | 'pending' | 'staked' | 'units' | 'clv'> {
  roi: number | null;
  hit_rate: number | null;
  avg_edge: number | null;
  max_drawdown: number;
}

/** A bet row as written to weekWW_bets.csv (numbers parsed). */
export interface BetRow {
  game_id: string;
  home_team: string;
  away_team: string;
  prediction: number;
  edge: number;
  bet_type: Market;
  recommended_units: number;
  season: number;
  week: number;
  side: 'home' | 'away' | 'over' | 'under';
  line: number;
  price: number;
  cover_probability: number;
  expected_value: number;
  model_id: string;
  generated_at: string;
  /** Made after the week's first kickoff (predict --backfill): not a live bet, so live
   *  performance and monitoring leave it out unless asked to include it. Absent in older files. */
  backfilled?: boolean;
}

/** A scored row as written to weekWW_scored.csv. */
export interface ScoredRow extends BetRow {
  actual_outcome: number | null;
  result: 'win' | 'loss' | 'push' | 'pending';
  units_won: number;
  closing_line: number | null;
  /** Closing-line value in points for the bet's side; null for a bet at the close (0 by construction). */
  clv: number | null;
  /** The same as a probability: Φ(clv/σ) − ½ with σ the closing lines' error (evaluation/clv.ts). */
  clv_prob?: number | null;
}

export interface WeekKey {
  season: number;
  week: number;
  season_type: SeasonType;
}

export interface DashboardData {
  schema_version: typeof DASHBOARD_SCHEMA_VERSION;
  generated_at: string;
  champion: {
    current: { id: string; name: string | null; phase: number | null; model: string | null; feature_set: string | null; dev_roi: number | null; dev_hit_rate: number | null; promoted_at: string | null } | null;
    previous: { id: string } | null;
  };
  alert: {
    level: AlertLevel;
    week: WeekKey | null;
    reasons: AlertReason[];
    /** Consecutive red weeks ending with the latest one. */
    red_streak: number;
    /** Set when the champion's sequential rollback test has alarmed this season (command null: no previous champion). */
    rollback: { recommended: true; command: string | null; message: string } | null;
    drift: DriftTest[];
  };
  /** Per season: all markets together and each market. */
  seasons: { season: number; all: Kpis; markets: Partial<Record<Market, Kpis>> }[];
  /** performance_log.csv rows, chronological. */
  weekly: PerformanceRow[];
  /** ROI by |edge| bucket over every scored bet (points; the last bucket is open: hi = null). */
  edge_buckets: { market: Market; lo: number; hi: number | null; bets: number; units: number; staked: number; roi: number | null; hit_rate: number | null }[];
  /** The bets of the latest predicted week (null when nothing was predicted). */
  this_week: (WeekKey & { file: string; bets: BetRow[] }) | null;
  /** The scored rows of the latest scored week. */
  last_week: (WeekKey & { file: string; rows: ScoredRow[]; kpis: Kpis }) | null;
  /** Every experiment with a summary.json, best development ROI first (main market). */
  leaderboard: { id: string; phase: number | null; name: string | null; model: string | null; feature_set: string | null; market: string | null; roi: number | null; hit_rate: number | null; n_bets: number | null; rmse: number | null; status: string; created_at: string | null }[];
  /** Scored bets that were backfilled (predict --backfill) and whether these figures include them
   *  (monitor --include-backfilled); absent in files from older versions (nothing backfilled). */
  backfilled?: { included: boolean; bets: number };
  /** Promotion tests on file. */
  promotion_tests: { candidate_id: string; baseline_id: string; market: string; passed: boolean; improvement: number | null; confidence: number | null; created_at: string | null }[];
  /** The data-quality report status of every validated week (chronological). */
  data_quality: (WeekKey & { status: 'pass' | 'warn' | 'fail'; failed_checks: string[]; warned_checks: string[] })[];
}
