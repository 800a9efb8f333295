// Checks across rows, shared by every importer: one row per key, no conflicting duplicates, no
// line or team statistic for a game that neither the input nor the warehouse knows.
import { isDeepStrictEqual } from 'node:util';
import type { Game, Line, TeamGame } from '../../schema.ts';

/** A row that could not be loaded, with where it came from and why. */
export interface Reject {
  /** `FILE:LINE` (or another locator for API data). */
  where: string;
  /** Physical line (or item number) for sorting and the rejects file. */
  line: number;
  field: string;
  reason: string;
  /** The raw input cells of the row. */
  cells: string[];
}

export function rejectMessage(r: Reject): string {
  return `${r.where}: ${r.field}: ${r.reason}`;
}

/** A mapped row and where it came from. */
export interface Located<T> {
  value: T;
  where: string;
  line: number;
  cells: string[];
}

/** What a line or team statistic needs to know about its game. */
export type GameRef = Pick<Game, 'home_team' | 'away_team'>;

/** A stored game as importers need it (read with a narrow query, not the whole warehouse). */
export type KnownGame = Pick<Game, 'game_id' | 'home_team' | 'away_team' | 'home_points' | 'away_points'>;

function groupBy<T>(rows: Located<T>[], key: (v: T) => string): Map<string, Located<T>[]> {
  const out = new Map<string, Located<T>[]>();
  for (const r of rows) {
    const k = key(r.value);
    const g = out.get(k);
    if (g) g.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function firstDifference<T extends object>(a: T, b: T): string | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return k;
  }
  return undefined;
}

const lineList = (g: Located<unknown>[]) => g.map((r) => r.line).join(', ');

/**
 * Keep one row per key. Identical repeats collapse silently; repeats that disagree are all
 * rejected, since the input does not say which one is right.
 */
function unique<T extends object>(
  rows: Located<T>[],
  key: (v: T) => string,
  describe: (v: T) => string,
  conflict: (a: T, b: T, field: string) => string,
  rejects: Reject[],
  label: (field: string) => string = (f) => f,
): Located<T>[] {
  const kept: Located<T>[] = [];
  for (const group of groupBy(rows, key).values()) {
    const first = group[0]!;
    const other = group.find((r) => !isDeepStrictEqual(r.value, first.value));
    if (!other) {
      kept.push(first);
      continue;
    }
    const field = firstDifference(first.value, other.value) ?? 'row';
    const reason = `${describe(first.value)} appears on lines ${lineList(group)} with different ${conflict(first.value, other.value, field)}`;
    for (const r of group) rejects.push({ where: r.where, line: r.line, field: label(field), reason, cells: r.cells });
  }
  return kept.sort((a, b) => a.line - b.line);
}

const score = (g: Game) => `${g.home_points ?? '?'}-${g.away_points ?? '?'}`;

/** `label` names a Game field as the input calls it (e.g. nflverse's home_score). */
export function uniqueGames(rows: Located<Game>[], rejects: Reject[], label?: (field: string) => string): Game[] {
  return unique(
    rows,
    (g) => g.game_id,
    (g) => `game ${g.game_id}`,
    (a, b, field) =>
      field === 'home_points' || field === 'away_points' ? `scores (${score(a)} vs ${score(b)})` : `${field} values`,
    rejects,
    label,
  ).map((r) => r.value);
}

function unknownGame(id: string): string {
  return `unknown game ${id} (not in this input or the warehouse)`;
}

export function uniqueLines(rows: Located<Line>[], games: ReadonlyMap<string, GameRef>, rejects: Reject[]): Line[] {
  const known: Located<Line>[] = [];
  for (const r of rows) {
    if (games.has(r.value.game_id)) known.push(r);
    else rejects.push({ where: r.where, line: r.line, field: 'game_id', reason: unknownGame(r.value.game_id), cells: r.cells });
  }
  return unique(
    known,
    (l) => `${l.game_id}\u0000${l.provider}`,
    (l) => `the line of ${l.provider} for game ${l.game_id}`,
    (_a, _b, field) => `${field} values`,
    rejects,
  ).map((r) => r.value);
}

function teamProblem(t: TeamGame, g: GameRef): { field: string; reason: string } | undefined {
  const home = t.team === g.home_team;
  if (!home && t.team !== g.away_team) {
    return { field: 'team', reason: `${t.team} did not play in game ${t.game_id} (${g.away_team} at ${g.home_team})` };
  }
  const opponent = home ? g.away_team : g.home_team;
  if (t.opponent !== opponent) return { field: 'opponent', reason: `${t.team}'s opponent in game ${t.game_id} is ${opponent}, not ${t.opponent}` };
  if (t.is_home !== home) return { field: 'is_home', reason: `${t.team} is the ${home ? 'home' : 'away'} team of game ${t.game_id}` };
  return undefined;
}

export function uniqueTeamGames(rows: Located<TeamGame>[], games: ReadonlyMap<string, GameRef>, rejects: Reject[]): TeamGame[] {
  const known: Located<TeamGame>[] = [];
  for (const r of rows) {
    const g = games.get(r.value.game_id);
    const problem = g ? teamProblem(r.value, g) : { field: 'game_id', reason: unknownGame(r.value.game_id) };
    if (problem) rejects.push({ where: r.where, line: r.line, cells: r.cells, ...problem });
    else known.push(r);
  }
  return unique(
    known,
    (t) => `${t.game_id}\u0000${t.team}`,
    (t) => `${t.team} in game ${t.game_id}`,
    (_a, _b, field) => `${field} values`,
    rejects,
  ).map((r) => r.value);
}

/** The games a line or statistic may refer to: those already stored plus those being loaded. */
export function gameIndex(...sources: readonly (readonly KnownGame[])[]): Map<string, GameRef> {
  const out = new Map<string, GameRef>();
  for (const games of sources) for (const g of games) out.set(g.game_id, { home_team: g.home_team, away_team: g.away_team });
  return out;
}
