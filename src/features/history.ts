// The dataset indexed for point-in-time work: games sorted by season then kickoff, team ids as
// small integers, each finished game's two team_game rows, and per-season ranges. Week labels
// only group games into targets; every cut is a moment (the target week's first kickoff, see
// kickoff.ts): building features for a target only ever reads `finished` games of which the
// result was known at that moment.
import type { Dataset, Game, SeasonType, TeamGame } from '../data/schema.ts';
import { weekOrdinal } from '../data/schema.ts';
import { firstKickoffs, kickoffMs, kickoffSortKey, resultKnownMs } from './kickoff.ts';

export interface Target {
  season: number;
  seasonType: SeasonType;
  week: number;
}

export interface IndexedGame {
  game: Game;
  /** The week label's ordinal: groups the games of one target, never orders time. */
  ord: number;
  /** Week index within the season: regular weeks as is, postseason after the last regular week. */
  seasonWeek: number;
  home: number;
  away: number;
  startMs: number;
  /** When the result is known (kickoff + RESULT_DELAY_MS). */
  knownMs: number;
  /** Home margin, only for finished games (NaN otherwise). */
  margin: number;
  homeStats: TeamGame | undefined;
  awayStats: TeamGame | undefined;
}

export interface History {
  teams: string[];
  teamIndex: Map<string, number>;
  /** Every game (scheduled or finished), sorted by (season, kickoff, ordinal, game_id). */
  games: IndexedGame[];
  /** Completed games with both scores, same order. */
  finished: IndexedGame[];
  /** The games of each week group (by ordinal), in kickoff order. */
  groups: Map<number, IndexedGame[]>;
  /** Each week group's cut: its first kickoff (epoch ms). */
  cuts: Map<number, number>;
  /** [from, to) of each season in `finished`. */
  finishedRange: Map<number, [number, number]>;
  /** Last regular-season week of each season (from the schedule, which is known in advance). */
  maxRegularWeek: Map<number, number>;
}

export function isFinished(g: Game): boolean {
  return g.completed && g.home_points !== null && g.away_points !== null;
}

export function targetOrdinal(t: Target): number {
  return weekOrdinal(t.season, t.seasonType, t.week);
}

/** The moment a target week is predicted at: its first kickoff (Infinity when it has no games). */
export function targetCut(h: Pick<History, 'cuts'>, t: Target): number {
  return h.cuts.get(targetOrdinal(t)) ?? Infinity;
}

export function seasonWeekOf(h: Pick<History, 'maxRegularWeek'>, season: number, seasonType: SeasonType, week: number): number {
  return seasonType === 'postseason' ? (h.maxRegularWeek.get(season) ?? 0) + week : week;
}

type GameTimes = Pick<IndexedGame, 'ord' | 'startMs' | 'knownMs' | 'margin'>;

// What a game row alone gives, kept for frozen rows (they cannot change): a week's history is
// indexed again after every reveal, and parsing each kickoff again was most of it.
const timesKept = new WeakMap<Game, GameTimes>();

function timesOf(g: Game): GameTimes {
  const kept = timesKept.get(g);
  if (kept) return kept;
  const startMs = kickoffMs(g.start_date);
  const t = { ord: weekOrdinal(g.season, g.season_type, g.week), startMs, knownMs: resultKnownMs(startMs), margin: isFinished(g) ? g.home_points! - g.away_points! : NaN };
  if (Object.isFrozen(g)) timesKept.set(g, t);
  return t;
}

/** The team_game rows of each game_id. */
export function statsByGameOf(teamGames: readonly TeamGame[]): Map<string, TeamGame[]> {
  const statsByGame = new Map<string, TeamGame[]>();
  for (const tg of teamGames) {
    const list = statsByGame.get(tg.game_id);
    if (list) list.push(tg);
    else statsByGame.set(tg.game_id, [tg]);
  }
  return statsByGame;
}

export function indexHistory(data: Dataset): History {
  const teamIndex = new Map<string, number>();
  const teams: string[] = [];
  const idOf = (t: string): number => {
    let i = teamIndex.get(t);
    if (i === undefined) {
      i = teams.length;
      teams.push(t);
      teamIndex.set(t, i);
    }
    return i;
  };
  const maxRegularWeek = new Map<number, number>();
  for (const g of data.games) {
    if (g.season_type === 'regular') maxRegularWeek.set(g.season, Math.max(maxRegularWeek.get(g.season) ?? 0, g.week));
  }
  const statsByGame = statsByGameOf(data.teamGames);
  // Team ids follow sorted names so the index (and every fit's summation order) does not depend
  // on the order rows arrived in.
  const names = new Set<string>();
  for (const g of data.games) {
    names.add(g.home_team);
    names.add(g.away_team);
  }
  for (const n of [...names].sort()) idOf(n);
  const games: IndexedGame[] = data.games.map((g) => {
    const rows = statsByGame.get(g.game_id) ?? [];
    const t = timesOf(g);
    return {
      game: g,
      ord: t.ord,
      seasonWeek: 0,
      home: idOf(g.home_team),
      away: idOf(g.away_team),
      startMs: t.startMs,
      knownMs: t.knownMs,
      margin: t.margin,
      homeStats: rows.find((r) => r.team === g.home_team),
      awayStats: rows.find((r) => r.team === g.away_team),
    };
  });
  for (const ig of games) ig.seasonWeek = seasonWeekOf({ maxRegularWeek }, ig.game.season, ig.game.season_type, ig.game.week);
  games.sort(
    (x, y) =>
      x.game.season - y.game.season ||
      kickoffSortKey(x.startMs) - kickoffSortKey(y.startMs) ||
      x.ord - y.ord ||
      (x.game.game_id < y.game.game_id ? -1 : x.game.game_id > y.game.game_id ? 1 : 0),
  );
  return sortedIndex(teams, teamIndex, games, maxRegularWeek);
}

/** The History of `games` already in history order (indexHistory; history-reindex.ts). */
export function sortedIndex(teams: string[], teamIndex: Map<string, number>, games: IndexedGame[], maxRegularWeek: Map<number, number>): History {
  const finished = games.filter((g) => isFinished(g.game));
  const groups = new Map<number, IndexedGame[]>();
  for (const g of games) {
    const list = groups.get(g.ord);
    if (list) list.push(g);
    else groups.set(g.ord, [g]);
  }
  const cuts = firstKickoffs(games.map((g) => ({ key: g.ord, kickoff: g.startMs })));
  const finishedRange = new Map<number, [number, number]>();
  finished.forEach((g, i) => {
    const r = finishedRange.get(g.game.season);
    if (r) r[1] = i + 1;
    else finishedRange.set(g.game.season, [i, i + 1]);
  });
  return { teams, teamIndex, games, finished, groups, cuts, finishedRange, maxRegularWeek };
}

/**
 * Finished games of `season` whose results were known at the moment `cut` (the point-in-time
 * window; Infinity = the whole season). Within a season `finished` is in kickoff order, so the
 * window is a prefix of the season's range.
 */
export function seasonWindow(h: Pick<History, 'finished' | 'finishedRange'>, season: number, cut: number): IndexedGame[] {
  const r = h.finishedRange.get(season);
  if (!r) return [];
  let lo = r[0];
  let hi = r[1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h.finished[mid]!.knownMs <= cut) lo = mid + 1;
    else hi = mid;
  }
  return h.finished.slice(r[0], lo);
}
