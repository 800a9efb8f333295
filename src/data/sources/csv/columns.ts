// The documented CSV schema of each warehouse table (docs/data-formats.md): the importer reads
// these columns and the exporter writes them, in this order, so an export always imports back.
export type TableName = 'games' | 'lines' | 'team_game';
export const TABLES: readonly TableName[] = ['games', 'lines', 'team_game'];

export type ColumnType = 'text' | 'int' | 'number' | 'bool' | 'datetime' | 'season_type';

export interface Column {
  name: string;
  type: ColumnType;
  /** The header must have this column (after --map). */
  required: boolean;
  /** An empty cell is allowed (read as null, or the column's default). */
  nullable: boolean;
  doc: string;
}

const col = (name: string, type: ColumnType, required: boolean, nullable: boolean, doc: string): Column => ({
  name,
  type,
  required,
  nullable,
  doc,
});

export const COLUMNS: Record<TableName, readonly Column[]> = {
  games: [
    col('game_id', 'text', true, false, 'stable id of the game (any text)'),
    col('season', 'int', true, false, 'season year (a season spanning two years is named by its first)'),
    col('season_type', 'season_type', true, false, '`regular` or `postseason`'),
    col('week', 'int', true, false, 'week number 0–99 within the season type (postseason weeks start at 1)'),
    col('start_date', 'datetime', true, false, 'kickoff, ISO 8601; no offset means UTC; a date alone means 00:00 UTC'),
    col('neutral_site', 'bool', false, true, 'played at a neutral site (default false)'),
    col('conference_game', 'bool', false, true, 'both teams in the same conference (default false)'),
    col('home_team', 'text', true, false, 'home team (the designated home side at a neutral site)'),
    col('away_team', 'text', true, false, 'away team'),
    col('home_conference', 'text', false, true, 'conference of the home team'),
    col('away_conference', 'text', false, true, 'conference of the away team'),
    col('home_points', 'int', true, true, 'final home score; empty for a game not played yet'),
    col('away_points', 'int', true, true, 'final away score; empty for a game not played yet'),
    col('completed', 'bool', false, true, 'game is final (default: both scores present)'),
    col('home_rest', 'number', false, true, 'days since the home team’s previous game'),
    col('away_rest', 'number', false, true, 'days since the away team’s previous game'),
    col('sport', 'text', false, true, '`cfb` or `nfl` (empty: cfb)'),
  ],
  lines: [
    col('game_id', 'text', true, false, 'game the line belongs to (must be in the file set or the warehouse)'),
    col('provider', 'text', true, false, 'sportsbook or source; one row per provider'),
    col('spread', 'number', true, true, 'closing spread, home perspective: negative = home favoured'),
    col('spread_open', 'number', false, true, 'opening spread, home perspective'),
    col('total', 'number', true, true, 'closing total points (over/under)'),
    col('total_open', 'number', false, true, 'opening total'),
    col('home_moneyline', 'int', false, true, 'American odds (whole number)'),
    col('away_moneyline', 'int', false, true, 'American odds (whole number)'),
    col('spread_price_home', 'int', false, true, 'American odds of the home spread (default -110)'),
    col('spread_price_away', 'int', false, true, 'American odds of the away spread (default -110)'),
    col('over_price', 'int', false, true, 'American odds of the over (empty: unknown)'),
    col('under_price', 'int', false, true, 'American odds of the under (empty: unknown)'),
    col('captured_at', 'datetime', false, true, 'when the line was taken, ISO 8601'),
  ],
  team_game: [
    col('game_id', 'text', true, false, 'game (must be in the file set or the warehouse)'),
    col('team', 'text', true, false, 'the team these statistics are for; must be the game’s home or away team'),
    col('opponent', 'text', true, false, 'the other team of the game'),
    col('is_home', 'bool', true, false, 'team is the game’s home team'),
    col('points', 'int', false, true, 'points scored'),
    col('plays', 'int', false, true, 'offensive plays'),
    col('drives', 'int', false, true, 'offensive drives'),
    col('yards_per_play', 'number', false, true, 'offensive yards per play'),
    col('success_rate', 'number', false, true, 'share of successful offensive plays (0–1)'),
    col('epa_per_play', 'number', false, true, 'expected points added per offensive play'),
    col('explosiveness', 'number', false, true, 'average EPA of successful plays'),
    col('rush_yards_per_play', 'number', false, true, 'yards per rushing play'),
    col('pass_yards_per_play', 'number', false, true, 'yards per passing play'),
    col('points_per_drive', 'number', false, true, 'points per offensive drive'),
    col('pass_epa_per_play', 'number', false, true, 'EPA per pass play (sacks and scrambles included)'),
    col('rush_epa_per_play', 'number', false, true, 'EPA per rush play'),
    col('pass_success_rate', 'number', false, true, 'share of successful pass plays (0–1)'),
    col('rush_success_rate', 'number', false, true, 'share of successful rush plays (0–1)'),
    col('explosive_play_rate', 'number', false, true, 'share of plays that are explosive: a pass of 20+ yards or a rush of 10+ (0–1)'),
  ],
};

export function columnNames(table: TableName): string[] {
  return COLUMNS[table].map((c) => c.name);
}
