// The design matrix of one market: feature rows joined with the game's target (home margin for
// spreads, total points for totals) and the line the bets are made against. Pure; the same
// function serves walk-forward training and weekly production.
import { weekOrdinal, type Game, type Line } from '../data/schema.ts';
import type { FeatureFrame, FeatureRow } from './frame.ts';
import { kickoffMs } from './kickoff.ts';

export type Market = 'spread' | 'total';

/** A feature row's identity and eligibility (its values go to the matrix), plus the game's outcome and line. */
export interface DesignRow extends Omit<FeatureRow, 'values'> {
  ordinal: number;
  start_date: string;
  /** Kickoff in epoch ms (time order: see kickoff.ts). */
  kickoff: number;
  completed: boolean;
  home_points: number | null;
  away_points: number | null;
  /** Home margin (spread) or total points (total); NaN until the game is played. */
  target: number;
  /**
   * What the model's output is added to: 0, or with `market.offset` the market-implied outcome
   * of the bet line (NaN when the game has no line: such a game cannot be fitted or predicted).
   */
  offset: number;
  /** The line bets are made at (closing or opening per config); null when the game has none. */
  line: number | null;
  /** The closing line (for closing-line value and the market's own accuracy). */
  closing_line: number | null;
  /** American odds of the two sides: home/away (spread) or over/under (total). */
  price_a: number | null;
  price_b: number | null;
}

export interface MarketDesign {
  market: Market;
  featureNames: string[];
  /** Row-major n × p feature values (NaN = missing). */
  X: Float64Array;
  rows: DesignRow[];
}

export function marketTarget(market: Market, g: Pick<Game, 'home_points' | 'away_points' | 'completed'>): number {
  if (!g.completed || g.home_points === null || g.away_points === null) return NaN;
  return market === 'spread' ? g.home_points - g.away_points : g.home_points + g.away_points;
}

/**
 * Join a feature frame with games and the chosen line of each game. `betLine` picks the closing
 * or the opening number as the line to bet (the closing one is kept for CLV either way).
 */
export function buildMarketDesign(
  frame: FeatureFrame,
  games: ReadonlyMap<string, Game>,
  lines: ReadonlyMap<string, Line>,
  market: Market,
  betLine: 'closing' | 'opening' = 'closing',
  offset = false,
): MarketDesign {
  const p = frame.columns.length;
  const X = new Float64Array(frame.rows.length * p);
  const rows: DesignRow[] = frame.rows.map((r, i) => {
    X.set(r.values, i * p);
    const g = games.get(r.game_id);
    if (!g) throw new Error(`feature row for unknown game ${r.game_id}`);
    const l = lines.get(r.game_id);
    const closing = l ? (market === 'spread' ? l.spread : l.total) : null;
    const opening = l ? (market === 'spread' ? l.spread_open : l.total_open) : null;
    const line = betLine === 'opening' ? (opening ?? null) : closing;
    return {
      game_id: r.game_id,
      season: r.season,
      season_type: r.season_type,
      week: r.week,
      ordinal: weekOrdinal(r.season, r.season_type, r.week),
      start_date: g.start_date,
      kickoff: kickoffMs(g.start_date),
      home_team: r.home_team,
      away_team: r.away_team,
      eligible: r.eligible,
      ...(r.ineligible_reason ? { ineligible_reason: r.ineligible_reason } : {}),
      home_prior_games: r.home_prior_games,
      away_prior_games: r.away_prior_games,
      completed: g.completed,
      home_points: g.home_points,
      away_points: g.away_points,
      target: marketTarget(market, g),
      // The offset is the line bets are made at (opening when betting the opening line): the
      // closing number is not known at that time.
      offset: offset ? (line === null || line === undefined ? NaN : marketImplied(market, line)) : 0,
      line: line ?? null,
      closing_line: closing ?? null,
      price_a: l ? (market === 'spread' ? l.spread_price_home : (l.over_price ?? null)) : null,
      price_b: l ? (market === 'spread' ? l.spread_price_away : (l.under_price ?? null)) : null,
    };
  });
  return { market, featureNames: [...frame.columns], X, rows };
}

/** The market's own prediction of the target: -spread for margins, the total for totals. */
export function marketImplied(market: Market, line: number): number {
  return market === 'spread' ? -line : line;
}
