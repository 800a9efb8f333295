// The output of feature building: one row per game of each target week, values in `columns`
// order. NaN only where a value is genuinely unknown (no prior information at all, no line);
// such rows and rows below `min_games` carry eligible = false and a reason — never dropped,
// never zero-filled.
import type { SeasonType } from '../data/schema.ts';
import type { AdjustmentReport } from './stats.ts';

export interface FeatureRow {
  game_id: string;
  season: number;
  season_type: SeasonType;
  week: number;
  home_team: string;
  away_team: string;
  eligible: boolean;
  ineligible_reason?: string;
  /** Finished games of the current season before the target week. */
  home_prior_games: number;
  away_prior_games: number;
  values: Float64Array;
}

export interface WeekAdjustmentReport extends AdjustmentReport {
  season: number;
  season_type: SeasonType;
  week: number;
}

export interface FeatureFrame {
  feature_set: string;
  feature_set_id: string;
  columns: string[];
  rows: FeatureRow[];
  meta: {
    /** Opponent adjustment per target week and statistic (iterations run, converged or not). */
    adjustment: WeekAdjustmentReport[];
  };
}

/** Copies of rows and adjustment reports, for memos that keep them (a caller may change its copy). */
export function copyFrameParts(p: { rows: readonly FeatureRow[]; adjustment: readonly WeekAdjustmentReport[] }): { rows: FeatureRow[]; adjustment: WeekAdjustmentReport[] } {
  return { rows: p.rows.map((r) => ({ ...r, values: r.values.slice() })), adjustment: p.adjustment.map((a) => ({ ...a })) };
}

/** A row's value by column name (NaN when the frame has no such column). */
export function valueOf(frame: Pick<FeatureFrame, 'columns'>, row: FeatureRow, column: string): number {
  const i = frame.columns.indexOf(column);
  return i < 0 ? NaN : row.values[i]!;
}
