// `edgelab data import nflverse FILE`: the nflverse schedules file (games.csv, what
// nflreadr::load_schedules() returns) → games and one line per game. The file has no team-game
// statistics, so none are loaded (features that need them must report them unavailable).
import type { Game, Line } from '../../schema.ts';
import { UserError } from '../../../util/errors.ts';
import { FieldError, INT_RULE, POINTS_RULE, SEASON_RULE, WEEK_RULE, dateTime, num, requiredNum, text } from '../csv/fields.ts';
import { gameIndex, uniqueGames, uniqueLines, type Located, type Reject } from '../csv/checks.ts';
import { mapRecords, readRecords, type CellGetter } from '../csv/records.ts';
import type { FileImport } from '../csv/import.ts';
import { easternToUtc } from './eastern.ts';
import { nflConference } from './teams.ts';

/** Provider name of the lines this file carries. */
export const NFLVERSE_PROVIDER = 'nflverse';

/** nflverse `game_type` → season type and, for the postseason, its own week number. */
const GAME_TYPES: Record<string, { seasonType: 'regular' | 'postseason'; week?: number }> = {
  REG: { seasonType: 'regular' },
  WC: { seasonType: 'postseason', week: 1 },
  DIV: { seasonType: 'postseason', week: 2 },
  CON: { seasonType: 'postseason', week: 3 },
  SB: { seasonType: 'postseason', week: 4 },
};

/** Game fields under their nflverse column names, for messages. */
const FILE_FIELD: Record<string, string> = {
  home_points: 'home_score', away_points: 'away_score', season_type: 'game_type', start_date: 'gameday',
  neutral_site: 'location', conference_game: 'div_game',
};

const REQUIRED = ['game_id', 'season', 'game_type', 'week', 'gameday', 'away_team', 'home_team', 'away_score', 'home_score'];

function kickoff(get: CellGetter): string {
  const day = dateTime(get('gameday'), 'gameday', true); // validates the calendar date
  const t = text(get('gametime'), 'gametime');
  let h = 0;
  let mi = 0;
  if (t !== null) {
    const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(t);
    if (!m || +m[1]! > 23 || +m[2]! > 59) throw new FieldError('gametime', `not a time of day (HH:MM): ${JSON.stringify(t)}`);
    h = +m[1]!;
    mi = +m[2]!;
  }
  const [y, mo, d] = day.slice(0, 10).split('-').map(Number);
  return new Date(easternToUtc(y!, mo!, d!, h, mi)).toISOString();
}

function neutral(get: CellGetter): boolean {
  const loc = (get('location') ?? '').trim();
  if (loc === '' || loc === 'Home') return false;
  if (loc === 'Neutral') return true;
  throw new FieldError('location', `must be Home or Neutral, not ${JSON.stringify(loc)}`);
}

/** Negate without producing -0 (a pick'em spread is 0). */
const negate = (x: number | null) => (x === null ? null : x === 0 ? 0 : -x);

function mapRow(get: CellGetter): { game: Game; line: Line | null } {
  const type = (get('game_type') ?? '').trim();
  const gt = GAME_TYPES[type];
  if (!gt) throw new FieldError('game_type', `unknown value ${JSON.stringify(type)} (expected REG, WC, DIV, CON or SB)`);
  const home_points = num(get('home_score'), 'home_score', POINTS_RULE);
  const away_points = num(get('away_score'), 'away_score', POINTS_RULE);
  if ((home_points === null) !== (away_points === null)) {
    throw new FieldError(home_points === null ? 'home_score' : 'away_score', 'missing while the other score is given');
  }
  const result = num(get('result'), 'result', { integer: true });
  if (result !== null && home_points !== null && result !== home_points - away_points!) {
    throw new FieldError('result', `${result} is not home_score - away_score = ${home_points - away_points!}`);
  }
  const home_team = text(get('home_team'), 'home_team', true);
  const away_team = text(get('away_team'), 'away_team', true);
  const home_conference = nflConference(home_team);
  const away_conference = nflConference(away_team);
  if (home_team === away_team) throw new FieldError('away_team', `a team cannot play itself (${home_team})`);
  const divGame = num(get('div_game'), 'div_game', { integer: true, min: 0, max: 1 });
  const week = requiredNum(get('week'), 'week', WEEK_RULE);
  const game: Game = {
    game_id: text(get('game_id'), 'game_id', true),
    season: requiredNum(get('season'), 'season', SEASON_RULE),
    season_type: gt.seasonType,
    week: gt.week ?? week,
    start_date: kickoff(get),
    neutral_site: neutral(get),
    conference_game: divGame === 1 || (home_conference !== null && home_conference === away_conference),
    home_team,
    away_team,
    home_conference,
    away_conference,
    home_points,
    away_points,
    completed: home_points !== null,
    home_rest: num(get('home_rest'), 'home_rest', { min: 0 }),
    away_rest: num(get('away_rest'), 'away_rest', { min: 0 }),
    sport: 'nfl',
  };
  const line: Line = {
    game_id: game.game_id,
    provider: NFLVERSE_PROVIDER,
    // spread_line is the expected HOME margin; the bookmaker's home spread is its negative.
    spread: negate(num(get('spread_line'), 'spread_line')),
    spread_open: null,
    total: num(get('total_line'), 'total_line', { min: 0 }),
    total_open: null,
    home_moneyline: num(get('home_moneyline'), 'home_moneyline', INT_RULE),
    away_moneyline: num(get('away_moneyline'), 'away_moneyline', INT_RULE),
    spread_price_home: num(get('home_spread_odds'), 'home_spread_odds', INT_RULE) ?? -110,
    spread_price_away: num(get('away_spread_odds'), 'away_spread_odds', INT_RULE) ?? -110,
    captured_at: null,
  };
  const over = num(get('over_odds'), 'over_odds', INT_RULE);
  const under = num(get('under_odds'), 'under_odds', INT_RULE);
  if (over !== null) line.over_price = over;
  if (under !== null) line.under_price = under;
  const hasLine = line.spread !== null || line.total !== null || line.home_moneyline !== null || line.away_moneyline !== null;
  return { game, line: hasLine ? line : null };
}

/** Parse an nflverse schedules CSV into games + lines and the rows it rejects. Pure (no I/O). */
export function importNflverseSchedules(csvText: string, file: string): FileImport {
  const recs = readRecords(csvText, file);
  const missing = REQUIRED.filter((c) => !recs.header.includes(c));
  if (missing.length > 0) {
    throw new UserError(`${file}:1: header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (is this an nflverse schedules file?)`);
  }
  const rejects: Reject[] = [];
  const header = new Set(recs.header);
  const rows = mapRecords(file, recs, (f) => (header.has(f) ? f : undefined), mapRow, rejects);
  const games = uniqueGames(
    rows.map((r) => ({ ...r, value: r.value.game })),
    rejects,
    (f) => FILE_FIELD[f] ?? f,
  );
  const lineRows = rows.filter((r) => r.value.line !== null).map((r) => ({ ...r, value: r.value.line! })) as Located<Line>[];
  // A line whose game was rejected (e.g. conflicting duplicates) has no game and is dropped with it.
  const kept = new Set(games.map((g) => g.game_id));
  const lines = uniqueLines(lineRows.filter((r) => kept.has(r.value.game_id)), gameIndex(games), rejects);
  const used = new Set(['game_id', 'season', 'game_type', 'week', 'gameday', 'gametime', 'away_team', 'home_team', 'away_score',
    'home_score', 'location', 'result', 'div_game', 'home_rest', 'away_rest', 'spread_line', 'total_line', 'home_moneyline',
    'away_moneyline', 'home_spread_odds', 'away_spread_odds', 'over_odds', 'under_odds']);
  return {
    dataset: { games, lines, teamGames: [] },
    rejects,
    header: recs.header,
    ignoredColumns: recs.header.filter((h) => !used.has(h)),
  };
}
