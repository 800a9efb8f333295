// `edgelab data import csv FILE --table T`: one file holds one table in the documented column
// schema (columns.ts, docs/data-formats.md); `--map col=field` renames the file's columns.
import type { Dataset, Game, Line, TeamGame } from '../../schema.ts';
import { UsageError, UserError, suggest } from '../../../util/errors.ts';
import { COLUMNS, TABLES, columnNames, type TableName } from './columns.ts';
import { COUNT_RULE, FieldError, INT_RULE, POINTS_RULE, SEASON_RULE, WEEK_RULE, bool, dateTime, num, requiredNum, seasonType, sport, text } from './fields.ts';
import { gameIndex, uniqueGames, uniqueLines, uniqueTeamGames, type KnownGame, type Reject } from './checks.ts';
import { mapRecords, readRecords, type CellGetter } from './records.ts';

export interface FileImport {
  dataset: Dataset;
  /** Rows that could not be loaded, with reasons (FILE:LINE: field: reason). */
  rejects: Reject[];
  header: string[];
  /** File columns that are not part of the table's schema (not loaded). */
  ignoredColumns: string[];
}

export interface CsvImportOptions {
  /** Name of the file in messages. */
  file: string;
  table: TableName;
  /** Schema field → file column (from --map). */
  map?: ReadonlyMap<string, string>;
  /** Games already in the warehouse (lines and team statistics may refer to them). */
  knownGames?: readonly KnownGame[];
}

export function parseTableName(s: string): TableName {
  if ((TABLES as readonly string[]).includes(s)) return s as TableName;
  const hint = suggest(s, TABLES);
  throw new UsageError(`--table: unknown table ${JSON.stringify(s)}${hint ? ` (did you mean ${hint}?)` : ''}; one of ${TABLES.join(', ')}`);
}

/** Parse `--map col=field,col2=field2` into field → column. */
export function parseColumnMap(spec: string | undefined, table: TableName): Map<string, string> {
  const out = new Map<string, string>();
  if (!spec) return out;
  const fields = columnNames(table);
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) throw new UsageError(`--map: expected col=field, got ${JSON.stringify(part)}`);
    const column = part.slice(0, eq).trim();
    const field = part.slice(eq + 1).trim();
    if (!fields.includes(field)) {
      const hint = suggest(field, fields);
      throw new UsageError(`--map: ${table} has no field ${JSON.stringify(field)}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    if (out.has(field)) throw new UsageError(`--map: field ${field} is mapped twice`);
    out.set(field, column);
  }
  return out;
}

function mapGame(get: CellGetter): Game {
  const home_points = num(get('home_points'), 'home_points', POINTS_RULE);
  const away_points = num(get('away_points'), 'away_points', POINTS_RULE);
  if ((home_points === null) !== (away_points === null)) {
    throw new FieldError(home_points === null ? 'home_points' : 'away_points', 'missing while the other score is given');
  }
  const completed = bool(get('completed'), 'completed', home_points !== null);
  if (completed && home_points === null) throw new FieldError('completed', 'true but the scores are missing');
  const home_team = text(get('home_team'), 'home_team', true);
  const away_team = text(get('away_team'), 'away_team', true);
  if (home_team === away_team) throw new FieldError('away_team', `a team cannot play itself (${home_team})`);
  const game: Game = {
    game_id: text(get('game_id'), 'game_id', true),
    season: requiredNum(get('season'), 'season', SEASON_RULE),
    season_type: seasonType(get('season_type')),
    week: requiredNum(get('week'), 'week', WEEK_RULE),
    start_date: dateTime(get('start_date'), 'start_date', true),
    neutral_site: bool(get('neutral_site'), 'neutral_site', false),
    conference_game: bool(get('conference_game'), 'conference_game', false),
    home_team,
    away_team,
    home_conference: text(get('home_conference'), 'home_conference'),
    away_conference: text(get('away_conference'), 'away_conference'),
    home_points,
    away_points,
    completed,
    home_rest: num(get('home_rest'), 'home_rest', { min: 0 }),
    away_rest: num(get('away_rest'), 'away_rest', { min: 0 }),
  };
  // Absent means cfb (schema.ts); kept absent so a cfb row round-trips unchanged.
  const sp = sport(get('sport'));
  if (sp !== null) game.sport = sp;
  return game;
}

function mapLine(get: CellGetter): Line {
  const line: Line = {
    game_id: text(get('game_id'), 'game_id', true),
    provider: text(get('provider'), 'provider', true),
    spread: num(get('spread'), 'spread'),
    spread_open: num(get('spread_open'), 'spread_open'),
    total: num(get('total'), 'total', { min: 0 }),
    total_open: num(get('total_open'), 'total_open', { min: 0 }),
    home_moneyline: num(get('home_moneyline'), 'home_moneyline', INT_RULE),
    away_moneyline: num(get('away_moneyline'), 'away_moneyline', INT_RULE),
    spread_price_home: num(get('spread_price_home'), 'spread_price_home', INT_RULE) ?? -110,
    spread_price_away: num(get('spread_price_away'), 'spread_price_away', INT_RULE) ?? -110,
    captured_at: dateTime(get('captured_at'), 'captured_at'),
  };
  const over = num(get('over_price'), 'over_price', INT_RULE);
  const under = num(get('under_price'), 'under_price', INT_RULE);
  if (over !== null) line.over_price = over;
  if (under !== null) line.under_price = under;
  return line;
}

/** The optional team_game statistics (absent when the cell is empty, as the warehouse reads them). */
const SPLIT_RULES: [keyof TeamGame & string, { min?: number; max?: number } | undefined][] = [
  ['pass_epa_per_play', undefined],
  ['rush_epa_per_play', undefined],
  ['pass_success_rate', { min: 0, max: 1 }],
  ['rush_success_rate', { min: 0, max: 1 }],
  ['explosive_play_rate', { min: 0, max: 1 }],
];

function mapTeamGame(get: CellGetter): TeamGame {
  const row: TeamGame = {
    game_id: text(get('game_id'), 'game_id', true),
    team: text(get('team'), 'team', true),
    opponent: text(get('opponent'), 'opponent', true),
    is_home: bool(get('is_home'), 'is_home'),
    points: num(get('points'), 'points', COUNT_RULE),
    plays: num(get('plays'), 'plays', COUNT_RULE),
    drives: num(get('drives'), 'drives', COUNT_RULE),
    yards_per_play: num(get('yards_per_play'), 'yards_per_play'),
    success_rate: num(get('success_rate'), 'success_rate', { min: 0, max: 1 }),
    epa_per_play: num(get('epa_per_play'), 'epa_per_play'),
    explosiveness: num(get('explosiveness'), 'explosiveness'),
    rush_yards_per_play: num(get('rush_yards_per_play'), 'rush_yards_per_play'),
    pass_yards_per_play: num(get('pass_yards_per_play'), 'pass_yards_per_play'),
    points_per_drive: num(get('points_per_drive'), 'points_per_drive'),
  };
  for (const [field, rule] of SPLIT_RULES) {
    const v = num(get(field), field, rule);
    if (v !== null) (row as unknown as Record<string, number>)[field] = v;
  }
  return row;
}

/** Parse one table's CSV text into dataset rows plus the rows it rejects. Pure (no I/O). */
export function importTableCsv(csvText: string, opts: CsvImportOptions): FileImport {
  const { file, table } = opts;
  const recs = readRecords(csvText, file);
  const map = opts.map ?? new Map<string, string>();
  for (const [field, column] of map) {
    if (!recs.header.includes(column)) {
      throw new UserError(`${file}:1: --map ${column}=${field}: the file has no column ${JSON.stringify(column)} (columns: ${recs.header.join(', ')})`);
    }
  }
  const columnOf = (field: string) => {
    const c = map.get(field) ?? field;
    return recs.header.includes(c) ? c : undefined;
  };
  const missing = COLUMNS[table].filter((c) => c.required && columnOf(c.name) === undefined).map((c) => c.name);
  if (missing.length > 0) {
    const hint = missing.map((m) => suggest(m, recs.header)).find(Boolean);
    throw new UserError(
      `${file}:1: header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of table ${table}` +
        (hint ? ` (map one with --map ${hint}=<field>)` : ` (use --map col=field for other names)`),
    );
  }
  const used = new Set(COLUMNS[table].map((c) => columnOf(c.name)).filter((c): c is string => c !== undefined));
  const ignoredColumns = recs.header.filter((h) => !used.has(h));

  const rejects: Reject[] = [];
  const dataset: Dataset = { games: [], lines: [], teamGames: [] };
  if (table === 'games') {
    dataset.games = uniqueGames(mapRecords(file, recs, columnOf, mapGame, rejects), rejects);
  } else {
    const games = gameIndex(opts.knownGames ?? []);
    if (table === 'lines') dataset.lines = uniqueLines(mapRecords(file, recs, columnOf, mapLine, rejects), games, rejects);
    else dataset.teamGames = uniqueTeamGames(mapRecords(file, recs, columnOf, mapTeamGame, rejects), games, rejects);
  }
  return { dataset, rejects, header: recs.header, ignoredColumns };
}
