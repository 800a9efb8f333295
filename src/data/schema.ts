// The warehouse's data model (DESIGN.md section 5) as plain TypeScript rows. Features, models
// and evaluation take these rows as input; only data/ reads or writes the warehouse.
import type { SeasonType } from '../artifacts/layout.ts';
import { FEATURE_STATS } from '../config/groups/feature-stats.ts';
export type { SeasonType };

export interface Game {
  game_id: string;
  season: number;
  season_type: SeasonType;
  week: number;
  /** ISO 8601 date-time (UTC) of kickoff. */
  start_date: string;
  neutral_site: boolean;
  conference_game: boolean;
  home_team: string;
  away_team: string;
  home_conference: string | null;
  away_conference: string | null;
  home_points: number | null;
  away_points: number | null;
  completed: boolean;
  /** Days since each team's previous game (null when unknown). */
  home_rest?: number | null;
  away_rest?: number | null;
  /** Which sport the game belongs to; absent means cfb (one warehouse may hold both). */
  sport?: Sport;
}

export type Sport = 'cfb' | 'nfl';

export interface Line {
  game_id: string;
  provider: string;
  /** Home perspective: negative when the home side is favoured. Market-implied margin = -spread. */
  spread: number | null;
  spread_open: number | null;
  total: number | null;
  total_open: number | null;
  home_moneyline: number | null;
  away_moneyline: number | null;
  /** American odds; -110 when unknown. */
  spread_price_home: number;
  spread_price_away: number;
  over_price?: number;
  under_price?: number;
  captured_at: string | null;
}

/** Per team per game statistics; null where the source does not have them. */
export interface TeamGame {
  game_id: string;
  team: string;
  opponent: string;
  is_home: boolean;
  points: number | null;
  plays: number | null;
  drives: number | null;
  yards_per_play: number | null;
  success_rate: number | null;
  epa_per_play: number | null;
  explosiveness: number | null;
  rush_yards_per_play: number | null;
  pass_yards_per_play: number | null;
  points_per_drive: number | null;
  /**
   * Pass/rush splits and explosive-play rate of the offense (absent = null: sources that do not
   * have them, and warehouses loaded before they existed, leave them empty).
   */
  pass_epa_per_play?: number | null;
  rush_epa_per_play?: number | null;
  pass_success_rate?: number | null;
  rush_success_rate?: number | null;
  /** Share of plays that are explosive: a pass of 20+ yards or a rush of 10+ (docs/data-formats.md). */
  explosive_play_rate?: number | null;
  // Defensive figures are the opponent's offensive ones in the same game; not stored twice.
}

// The statistic columns of team_game that features may aggregate: the vocabulary a features
// config names, so it is defined with the config's schema (config sits below data).
export { FEATURE_STATS };
export const TEAM_STATS = ['plays', 'drives', ...FEATURE_STATS] as const;
export type TeamStat = (typeof TEAM_STATS)[number];

/** Everything features need, passed in memory (features never read the warehouse). */
export interface Dataset {
  games: Game[];
  lines: Line[];
  teamGames: TeamGame[];
}

/** Sort key of a (season, season_type, week): postseason follows the regular season. */
export function weekOrdinal(season: number, seasonType: SeasonType, week: number): number {
  return season * 1000 + (seasonType === 'postseason' ? 500 : 0) + week;
}

export function homeMargin(g: Pick<Game, 'home_points' | 'away_points'>): number | null {
  return g.home_points === null || g.away_points === null ? null : g.home_points - g.away_points;
}
