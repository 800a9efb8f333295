// The dataset indexed for point-in-time work: games sorted by week ordinal, team ids as small
// integers, each finished game's two team_game rows, and per-season ranges. Building features
// for a target only ever reads `finished` games whose ordinal is below the target's.
import type { Dataset, Game, SeasonType, TeamGame } from '../data/schema.ts';
import { weekOrdinal } from '../data/schema.ts';

export interface Target {
  season: number;
  seasonType: SeasonType;
  week: number;
}

export interface IndexedGame {
  game: Game;
  ord: number;
  /** Week index within the season: regular weeks as is, postseason after the last regular week. */
  seasonWeek: number;
  home: number;
  away: number;
  startMs: number;
  /** Home margin, only for finished games (NaN otherwise). */
  margin: number;
  homeStats: TeamGame | undefined;
  awayStats: TeamGame | undefined;
}

export interface History {
  teams: string[];
  teamIndex: Map<string, number>;
  /** Every game (scheduled or finished), sorted by (ordinal, start, game_id). */
  games: IndexedGame[];
  /** Completed games with both scores, same order. */
  finished: IndexedGame[];
  /** Last regular-season week of each season (from the schedule, which is known in advance). */
  maxRegularWeek: Map<number, number>;
}

export function isFinished(g: Game): boolean {
  return g.completed && g.home_points !== null && g.away_points !== null;
}

export function targetOrdinal(t: Target): number {
  return weekOrdinal(t.season, t.seasonType, t.week);
}

export function seasonWeekOf(h: Pick<History, 'maxRegularWeek'>, season: number, seasonType: SeasonType, week: number): number {
  return seasonType === 'postseason' ? (h.maxRegularWeek.get(season) ?? 0) + week : week;
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
  const statsByGame = new Map<string, TeamGame[]>();
  for (const tg of data.teamGames) {
    const list = statsByGame.get(tg.game_id);
    if (list) list.push(tg);
    else statsByGame.set(tg.game_id, [tg]);
  }
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
    const fin = isFinished(g);
    return {
      game: g,
      ord: weekOrdinal(g.season, g.season_type, g.week),
      seasonWeek: 0,
      home: idOf(g.home_team),
      away: idOf(g.away_team),
      startMs: Date.parse(g.start_date),
      margin: fin ? g.home_points! - g.away_points! : NaN,
      homeStats: rows.find((r) => r.team === g.home_team),
      awayStats: rows.find((r) => r.team === g.away_team),
    };
  });
  for (const ig of games) ig.seasonWeek = seasonWeekOf({ maxRegularWeek }, ig.game.season, ig.game.season_type, ig.game.week);
  games.sort(
    (x, y) =>
      x.ord - y.ord ||
      (x.startMs || 0) - (y.startMs || 0) ||
      (x.game.game_id < y.game.game_id ? -1 : x.game.game_id > y.game.game_id ? 1 : 0),
  );
  return { teams, teamIndex, games, finished: games.filter((g) => isFinished(g.game)), maxRegularWeek };
}

/** Index of the first element of the sorted list whose ordinal is >= ord. */
export function lowerBound(list: IndexedGame[], ord: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ord < ord) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Finished games of `season` strictly before ordinal `ord` (the point-in-time window). */
export function seasonWindow(h: History, season: number, ord: number): IndexedGame[] {
  const from = lowerBound(h.finished, seasonStartOrdinal(season));
  const to = lowerBound(h.finished, Math.min(ord, seasonEndOrdinal(season)));
  return h.finished.slice(from, Math.max(from, to));
}

/** Ordinal of a season's first possible week (week 0 exists in college football). */
export function seasonStartOrdinal(season: number): number {
  return weekOrdinal(season, 'regular', 0);
}

/** Ordinal just past a whole season: every one of its games is "before" it. */
export function seasonEndOrdinal(season: number): number {
  return seasonStartOrdinal(season + 1);
}
