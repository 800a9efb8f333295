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

/** The header of a CSV (or gzipped CSV) file: its first line, read without reading the rest. */
export async function csvHeader(file: string): Promise<string[]> {
  const { createReadStream } = await import('node:fs');
  const { createGunzip } = await import('node:zlib');
  const raw = createReadStream(file);
  const stream = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
  let text = '';
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8');
      if (text.includes('\n') || text.length > 1 << 20) break;
    }
  } catch (e) {
    throw new UserError(`${file}: cannot read the file: ${(e as Error).message}`);
  } finally {
    raw.destroy();
  }
  const line = text.split(/\r?\n/)[0]!.replace(/^\uFEFF/, '');
  if (line.trim() === '') throw new UserError(`${file}:1: header: the file is empty`);
  return line.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * The table expression that reads `file`. CSV: every column as text, named from the header edgelab
 * read itself, so DuckDB skips its type sniffing (a sample of thousands of 370-column rows).
 */
export function pbpReader(file: string, header?: readonly string[]): string {
  if (pbpFormat(file) === 'parquet') return `read_parquet(${sqlString(file)}, file_row_number = true)`;
  const cols = header ? `columns = {${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}, auto_detect = false, ` : 'all_varchar = true, ';
  return `read_csv(${sqlString(file)}, header = true, ${cols}delim = ',', quote = '"', escape = '"', nullstr = ['NA', ''], strict_mode = false)`;
}

/** How a play's type is read: the first alternative whose columns the file has. */
export const PLAY_KIND_ALTERNATIVES = [
  { columns: ['pass', 'rush'], pass: 'pass', rush: 'rush' },
  { columns: ['pass_attempt', 'rush_attempt'], pass: 'pass_attempt', rush: 'rush_attempt' },
  { columns: ['play_type'], pass: null, rush: null },
] as const;

/**
 * An explosive play: a pass (sacks and scrambles are pass plays) of 20+ yards or a rush of 10+ —
 * the usual convention on nflverse data (nflverse publishes no explosive flag of its own).
 */
export const EXPLOSIVE_PASS_YARDS = 20;
export const EXPLOSIVE_RUSH_YARDS = 10;

export const REQUIRED_COLUMNS = ['game_id', 'posteam', 'epa', 'yards_gained'] as const;

export interface PbpPlan {
  /** The table expression reading the file. */
  reader: string;
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
export function planColumns(file: string, header: readonly string[], reader = pbpReader(file, pbpFormat(file) === 'csv' ? header : undefined)): PbpPlan {
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
  return { reader, isPass, isRush, success, drive: driveCol ? num(driveCol) : 'NULL::DOUBLE', used };
}

/**
 * The plays with what the aggregate needs, and each row's line (CSV: physical line, header = 1,
 * for files without line breaks inside cells, which nflverse's are; Parquet: row number from 1).
 * `row_number() OVER ()` follows the file's order: DuckDB keeps insertion order.
 */
export function playsSql(file: string, plan: PbpPlan): string {
  const line = pbpFormat(file) === 'parquet' ? 'file_row_number + 1' : 'row_number() OVER () + 1';
  return `SELECT ${line} AS line, ${q('game_id')} AS game_id, ${q('posteam')} AS posteam, ${num('epa')} AS epa,
    ${num('yards_gained')} AS yards, ${plan.success} AS success, COALESCE(${plan.isPass}, FALSE) AS is_pass,
    COALESCE(${plan.isRush}, FALSE) AS is_rush, ${plan.drive} AS drive
    FROM ${plan.reader}`;
}

/**
 * One scan of the file: per (game_id, posteam) the rows' line range and, over the offensive plays
 * (pass or rush with an EPA), the team_game aggregate; joined to the warehouse's NFL games so the
 * caller can tell unknown games and teams from good rows.
 */
export function aggregateSql(file: string, plan: PbpPlan): string {
  return `WITH p AS (
      SELECT *, (is_pass OR is_rush) AND epa IS NOT NULL AND posteam IS NOT NULL AS off FROM (${playsSql(file, plan)})
    ),
    a AS (
      SELECT game_id, posteam, count(*) AS n_rows, min(line) AS first_line, max(line) AS last_line,
        count(*) FILTER (WHERE off) AS plays,
        avg(epa) FILTER (WHERE off) AS epa_per_play, avg(success) FILTER (WHERE off) AS success_rate,
        avg(yards) FILTER (WHERE off) AS yards_per_play,
        avg(yards) FILTER (WHERE off AND is_rush) AS rush_yards_per_play,
        avg(yards) FILTER (WHERE off AND is_pass) AS pass_yards_per_play,
        avg(epa) FILTER (WHERE off AND success = 1) AS explosiveness,
        count(DISTINCT drive) FILTER (WHERE off) AS drives,
        avg(epa) FILTER (WHERE off AND is_pass) AS pass_epa_per_play,
        avg(epa) FILTER (WHERE off AND is_rush) AS rush_epa_per_play,
        avg(success) FILTER (WHERE off AND is_pass) AS pass_success_rate,
        avg(success) FILTER (WHERE off AND is_rush) AS rush_success_rate,
        avg(CASE WHEN (is_pass AND yards >= ${EXPLOSIVE_PASS_YARDS}) OR (is_rush AND yards >= ${EXPLOSIVE_RUSH_YARDS}) THEN 1.0 ELSE 0.0 END)
          FILTER (WHERE off) AS explosive_play_rate
      FROM p GROUP BY ALL
    )
    SELECT a.*, g.game_id IS NOT NULL AS known_game, g.home_team, g.away_team, g.home_points, g.away_points, g.completed
    FROM a LEFT JOIN games g ON g.game_id = a.game_id AND COALESCE(g.sport, 'cfb') = 'nfl'
    ORDER BY a.first_line`;
}

type Cell = string | number | boolean | null;

export interface PbpProblem {
  kind: 'no-game-id' | 'unknown-game' | 'unknown-team';
  game_id: string | null;
  posteam: string | null;
  rows: number;
  first_line: number;
  last_line: number;
}

/**
 * team_game rows from the aggregate's rows, and the rows that cannot be tied to a game. Games
 * that are not final are left out (counted): a game's statistics exist only once it is final.
 */
export function teamGamesOf(columns: string[], rows: Cell[][]): { teamGames: TeamGame[]; notFinal: Set<string>; problems: PbpProblem[] } {
  const ix = Object.fromEntries(columns.map((c, i) => [c, i]));
  const get = (r: Cell[], c: string) => r[ix[c]!] ?? null;
  const numOrNull = (v: Cell) => (v === null ? null : Number(v));
  const teamGames: TeamGame[] = [];
  const notFinal = new Set<string>();
  const problems: PbpProblem[] = [];
  const unknown = new Map<string, PbpProblem>();
  for (const r of rows) {
    const gameId = get(r, 'game_id') as string | null;
    const posteam = get(r, 'posteam') as string | null;
    const span = { rows: Number(get(r, 'n_rows')), first_line: Number(get(r, 'first_line')), last_line: Number(get(r, 'last_line')) };
    if (gameId === null) {
      problems.push({ kind: 'no-game-id', game_id: null, posteam, ...span });
      continue;
    }
    if (get(r, 'known_game') !== true) {
      // One problem per unknown game, whatever the teams in its rows.
      const u = unknown.get(gameId);
      if (u) {
        u.rows += span.rows;
        u.first_line = Math.min(u.first_line, span.first_line);
        u.last_line = Math.max(u.last_line, span.last_line);
      } else {
        const p: PbpProblem = { kind: 'unknown-game', game_id: gameId, posteam: null, ...span };
        unknown.set(gameId, p);
        problems.push(p);
      }
      continue;
    }
    if (posteam === null) continue; // rows without possession: no team's offense
    const home = String(get(r, 'home_team'));
    const away = String(get(r, 'away_team'));
    if (posteam !== home && posteam !== away) {
      problems.push({ kind: 'unknown-team', game_id: gameId, posteam, ...span });
      continue;
    }
    const plays = Number(get(r, 'plays'));
    if (plays === 0) continue;
    if (get(r, 'completed') !== true) {
      notFinal.add(gameId);
      continue;
    }
    const isHome = posteam === home;
    const points = numOrNull(get(r, isHome ? 'home_points' : 'away_points'));
    const drives = Number(get(r, 'drives'));
    teamGames.push({
      game_id: gameId,
      team: posteam,
      opponent: isHome ? away : home,
      is_home: isHome,
      points,
      plays,
      drives: drives > 0 ? drives : null,
      yards_per_play: numOrNull(get(r, 'yards_per_play')),
      success_rate: numOrNull(get(r, 'success_rate')),
      epa_per_play: numOrNull(get(r, 'epa_per_play')),
      explosiveness: numOrNull(get(r, 'explosiveness')),
      rush_yards_per_play: numOrNull(get(r, 'rush_yards_per_play')),
      pass_yards_per_play: numOrNull(get(r, 'pass_yards_per_play')),
      points_per_drive: points !== null && drives > 0 ? points / drives : null,
      pass_epa_per_play: numOrNull(get(r, 'pass_epa_per_play')),
      rush_epa_per_play: numOrNull(get(r, 'rush_epa_per_play')),
      pass_success_rate: numOrNull(get(r, 'pass_success_rate')),
      rush_success_rate: numOrNull(get(r, 'rush_success_rate')),
      explosive_play_rate: numOrNull(get(r, 'explosive_play_rate')),
    });
  }
  teamGames.sort((a, b) => (a.game_id < b.game_id ? -1 : a.game_id > b.game_id ? 1 : a.team < b.team ? -1 : 1));
  return { teamGames, notFinal, problems };
}
