// `edgelab data import nflverse-pbp FILE…`: nflverse play-by-play (play_by_play_YYYY.csv,
// .csv.gz or .parquet; one row per play, ~370 columns) aggregated into team_game, one row per
// team per game: the team's offense in that game. DuckDB reads and aggregates the file (only the
// columns named below are read; the rest are ignored), so a season of ~50,000 plays never passes
// through JavaScript row by row.
//
// Offensive plays are nflfastR's usual selection: pass or rush plays with an EPA (sacks and
// scrambles are pass plays; plays nullified by penalty count when nflverse marks them pass/rush).
import type { TeamGame } from '../../schema.ts';
import { UserError } from '../../../util/errors.ts';
import { sqlString } from '../../warehouse/duck.ts';

export type PbpFormat = 'csv' | 'parquet';

export function pbpFormat(file: string): PbpFormat {
  if (/\.parquet$/i.test(file)) return 'parquet';
  if (/\.csv(\.gz)?$/i.test(file)) return 'csv';
  throw new UserError(`${file}: not a play-by-play file edgelab reads (play_by_play_YYYY.csv, .csv.gz or .parquet)`);
}

/** The table expression that reads `file`; every CSV column as text (cast below, by name). */
export function pbpReader(file: string): string {
  return pbpFormat(file) === 'parquet'
    ? `read_parquet(${sqlString(file)}, file_row_number = true)`
    : `read_csv(${sqlString(file)}, header = true, all_varchar = true, nullstr = ['NA', ''], auto_detect = true, strict_mode = false)`;
}

/** How a play's type is read: the first alternative whose columns the file has. */
export const PLAY_KIND_ALTERNATIVES = [
  { columns: ['pass', 'rush'], pass: 'pass', rush: 'rush' },
  { columns: ['pass_attempt', 'rush_attempt'], pass: 'pass_attempt', rush: 'rush_attempt' },
  { columns: ['play_type'], pass: null, rush: null },
] as const;

export const REQUIRED_COLUMNS = ['game_id', 'posteam', 'epa', 'yards_gained'] as const;

export interface PbpPlan {
  /** SQL expressions over the reader's columns. */
  isPass: string;
  isRush: string;
  success: string;
  drive: string;
  /** Which columns were used (documented alternatives). */
  used: string[];
}

const q = (c: string) => `"${c.replace(/"/g, '""')}"`;
const num = (c: string) => `TRY_CAST(${q(c)} AS DOUBLE)`;

/** Choose columns by name; a missing required column is one message naming it and the options. */
export function planColumns(file: string, header: readonly string[]): PbpPlan {
  const has = new Set(header);
  const missing: string[] = REQUIRED_COLUMNS.filter((c) => !has.has(c));
  const kind = PLAY_KIND_ALTERNATIVES.find((a) => a.columns.every((c) => has.has(c)));
  if (!kind) missing.push('pass and rush (or pass_attempt and rush_attempt, or play_type)');
  if (missing.length > 0) {
    throw new UserError(
      `${file}:1: header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(is this an nflverse play-by-play file? it has ${header.length} columns)`,
    );
  }
  const used = [...REQUIRED_COLUMNS, ...kind!.columns] as string[];
  const isPass = kind!.pass ? `${num(kind!.pass)} = 1` : `${q('play_type')} = 'pass'`;
  const isRush = kind!.rush ? `${num(kind!.rush)} = 1` : `${q('play_type')} = 'run'`;
  // nflverse defines success as epa > 0; the column is read when present.
  const success = has.has('success') ? `${num('success')}` : `CASE WHEN ${num('epa')} > 0 THEN 1.0 ELSE 0.0 END`;
  if (has.has('success')) used.push('success');
  const driveCol = has.has('drive') ? 'drive' : has.has('fixed_drive') ? 'fixed_drive' : null;
  if (driveCol) used.push(driveCol);
  return { isPass, isRush, success, drive: driveCol ? num(driveCol) : 'NULL::DOUBLE', used };
}

/**
 * One SELECT: per row, its line (CSV: physical line, header = 1, for files without line breaks
 * inside cells, which nflverse's are; Parquet: row number from 1) and the values the aggregate
 * needs. `row_number() OVER ()` follows the file's order: DuckDB keeps insertion order.
 */
export function playsSql(file: string, plan: PbpPlan): string {
  const line = pbpFormat(file) === 'parquet' ? 'file_row_number + 1' : 'row_number() OVER () + 1';
  return `SELECT ${line} AS line, ${q('game_id')} AS game_id, ${q('posteam')} AS posteam, ${num('epa')} AS epa,
    ${num('yards_gained')} AS yards, ${plan.success} AS success, COALESCE(${plan.isPass}, FALSE) AS is_pass,
    COALESCE(${plan.isRush}, FALSE) AS is_rush, ${plan.drive} AS drive
    FROM ${pbpReader(file)}`;
}

/**
 * Rows of the file that cannot be tied to an NFL game of the warehouse: an unknown game_id, or a
 * posteam that is neither of the game's teams. One row per problem with its first line.
 */
export function unmatchedSql(file: string, plan: PbpPlan): string {
  return `WITH p AS (${playsSql(file, plan)})
    SELECT p.game_id, CASE WHEN g.game_id IS NULL THEN NULL ELSE p.posteam END AS posteam,
      g.game_id IS NULL AS unknown_game, min(p.line) AS first_line, max(p.line) AS last_line, count(*) AS n
    FROM p LEFT JOIN games g ON g.game_id = p.game_id AND COALESCE(g.sport, 'cfb') = 'nfl'
    WHERE p.game_id IS NOT NULL AND (g.game_id IS NULL OR (p.posteam IS NOT NULL AND p.posteam NOT IN (g.home_team, g.away_team)))
    GROUP BY ALL ORDER BY first_line`;
}

/** Rows without a game_id at all (a broken row), with their lines. */
export function noGameSql(file: string, plan: PbpPlan): string {
  return `SELECT line FROM (${playsSql(file, plan)}) WHERE game_id IS NULL ORDER BY line LIMIT 20`;
}

/** The team_game aggregate of every final NFL game the file has plays of. */
export function teamGameSql(file: string, plan: PbpPlan): string {
  return `WITH p AS (${playsSql(file, plan)}),
    o AS (
      SELECT game_id, posteam AS team, count(*) AS plays,
        avg(epa) AS epa_per_play, avg(success) AS success_rate, avg(yards) AS yards_per_play,
        avg(yards) FILTER (WHERE is_rush) AS rush_yards_per_play,
        avg(yards) FILTER (WHERE is_pass) AS pass_yards_per_play,
        avg(epa) FILTER (WHERE success = 1) AS explosiveness,
        count(DISTINCT drive) AS drives
      FROM p WHERE (is_pass OR is_rush) AND epa IS NOT NULL AND posteam IS NOT NULL
      GROUP BY ALL
    )
    SELECT o.*, g.home_team, g.away_team, g.home_points, g.away_points, g.completed
    FROM o JOIN games g ON g.game_id = o.game_id AND COALESCE(g.sport, 'cfb') = 'nfl'
      AND o.team IN (g.home_team, g.away_team)
    ORDER BY o.game_id, o.team`;
}

type Cell = string | number | boolean | null;

/** team_game rows from the aggregate's rows; games that are not final are left out (counted). */
export function teamGamesOf(columns: string[], rows: Cell[][]): { teamGames: TeamGame[]; notFinal: Set<string> } {
  const ix = Object.fromEntries(columns.map((c, i) => [c, i]));
  const get = (r: Cell[], c: string) => r[ix[c]!] ?? null;
  const numOrNull = (v: Cell) => (v === null ? null : Number(v));
  const teamGames: TeamGame[] = [];
  const notFinal = new Set<string>();
  for (const r of rows) {
    const gameId = String(get(r, 'game_id'));
    // A game's statistics exist only once it is final: a live or stale schedule gets none.
    if (get(r, 'completed') !== true) {
      notFinal.add(gameId);
      continue;
    }
    const team = String(get(r, 'team'));
    const isHome = team === get(r, 'home_team');
    const points = numOrNull(get(r, isHome ? 'home_points' : 'away_points'));
    const drives = Number(get(r, 'drives'));
    teamGames.push({
      game_id: gameId,
      team,
      opponent: String(get(r, isHome ? 'away_team' : 'home_team')),
      is_home: isHome,
      points,
      plays: Number(get(r, 'plays')),
      drives: drives > 0 ? drives : null,
      yards_per_play: numOrNull(get(r, 'yards_per_play')),
      success_rate: numOrNull(get(r, 'success_rate')),
      epa_per_play: numOrNull(get(r, 'epa_per_play')),
      explosiveness: numOrNull(get(r, 'explosiveness')),
      rush_yards_per_play: numOrNull(get(r, 'rush_yards_per_play')),
      pass_yards_per_play: numOrNull(get(r, 'pass_yards_per_play')),
      points_per_drive: points !== null && drives > 0 ? points / drives : null,
    });
  }
  return { teamGames, notFinal };
}
