// What `edgelab data status` shows: per season and season type, the weeks, games, completed
// games, games with a line and team-game rows; and the last ingest of every source.
export interface SeasonStatus {
  season: number;
  season_type: string;
  weeks: number;
  games: number;
  completed: number;
  with_lines: number;
  team_game_rows: number;
}

export interface IngestSummary {
  id: number;
  source: string;
  finished_at: string;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  fingerprint: string;
}

export interface WarehouseStatus {
  path: string;
  seasons: SeasonStatus[];
  totals: { games: number; lines: number; team_game: number };
  lastIngest: IngestSummary[];
}

type Q = (sql: string) => Promise<Record<string, unknown>[]>;

export async function warehouseStatus(path: string, q: Q): Promise<WarehouseStatus> {
  const seasons = (await q(`
    SELECT g.season, g.season_type, COUNT(DISTINCT g.week) AS weeks, COUNT(*) AS games,
           COUNT(*) FILTER (WHERE g.completed) AS completed,
           COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM lines l WHERE l.game_id = g.game_id)) AS with_lines,
           (SELECT COUNT(*) FROM team_game tg JOIN games g2 USING (game_id)
             WHERE g2.season = g.season AND g2.season_type = g.season_type) AS team_game_rows
    FROM games g GROUP BY g.season, g.season_type ORDER BY g.season, g.season_type DESC`)) as unknown as SeasonStatus[];
  const totals = (await q(
    'SELECT (SELECT COUNT(*) FROM games) AS games, (SELECT COUNT(*) FROM lines) AS lines, (SELECT COUNT(*) FROM team_game) AS team_game',
  ))[0] as WarehouseStatus['totals'];
  const lastIngest = (await q(`
    SELECT id, source, finished_at, inserted, updated, unchanged, deleted, fingerprint FROM ingest_log
    QUALIFY row_number() OVER (PARTITION BY source ORDER BY id DESC) = 1 ORDER BY source`)) as unknown as IngestSummary[];
  return { path, seasons, totals, lastIngest };
}
