// The history index of the next week's data from the index of the data before. A reveal changes
// games' results (scores, completed) and adds or replaces team_game rows; the schedule — which
// games there are, their teams, labels and kickoffs — stays. When every game row is the same
// object as before or differs from it in its result only, the team index, each game's week
// ordinal and kickoff times and the kickoff order are the ones computed before (the sort sees the
// same keys in the same input order): only the changed games are indexed again, and the team_game
// rows are grouped again only when they changed. history-reindex.test.ts: reindexed = indexed
// afresh for random reveals, schedule changes and team_game edits.
import type { Dataset, Game, TeamGame } from '../data/schema.ts';
import { indexHistory, isFinished, sortedIndex, statsByGameOf, type History, type IndexedGame } from './history.ts';

/** An index with what it was built from: the input rows and, per history position, the input position. */
export interface KeptIndex {
  games: readonly Game[];
  teamGames: readonly TeamGame[];
  order: Int32Array;
  hist: History;
}

// Fields that place a game in the index (the result fields — scores, completed — do not).
const sameSlot = (a: Game, b: Game) =>
  a.game_id === b.game_id && a.season === b.season && a.season_type === b.season_type && a.week === b.week && a.start_date === b.start_date && a.home_team === b.home_team && a.away_team === b.away_team;

/** indexHistory(data), reusing `last` (the index of earlier data) where the rows allow; and what to keep. */
export function reindexHistory(data: Pick<Dataset, 'games' | 'teamGames'>, last: KeptIndex | undefined): KeptIndex {
  return (last && reindex(data, last)) ?? keep(data, indexHistory(data as Dataset));
}

function keep(data: Pick<Dataset, 'games' | 'teamGames'>, hist: History): KeptIndex {
  const at = new Map<Game, number>();
  data.games.forEach((g, i) => at.set(g, i));
  const order = new Int32Array(hist.games.length);
  // A row object twice in the input has no single position: nothing to reuse next time.
  if (at.size === data.games.length) hist.games.forEach((ig, k) => (order[k] = at.get(ig.game)!));
  return { games: data.games.slice(), teamGames: data.teamGames.slice(), order: at.size === data.games.length ? order : new Int32Array(0), hist };
}

function reindex(data: Pick<Dataset, 'games' | 'teamGames'>, last: KeptIndex): KeptIndex | null {
  const n = data.games.length;
  if (n !== last.games.length || last.order.length !== n) return null;
  for (let i = 0; i < n; i++) {
    const a = data.games[i]!;
    const b = last.games[i]!;
    if (a !== b && !sameSlot(a, b)) return null;
  }
  const tg = data.teamGames;
  const sameStats = tg.length === last.teamGames.length && tg.every((r, i) => r === last.teamGames[i]);
  const statsByGame = sameStats ? null : statsByGameOf(tg);
  const h = last.hist;
  const games: IndexedGame[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = last.order[k]!;
    const g = data.games[i]!;
    const before = h.games[k]!;
    let homeStats = before.homeStats;
    let awayStats = before.awayStats;
    if (statsByGame) {
      const rows = statsByGame.get(g.game_id) ?? [];
      homeStats = rows.find((r) => r.team === g.home_team);
      awayStats = rows.find((r) => r.team === g.away_team);
    }
    // An index is read-only (build-memo.ts historyOf): an unchanged game's entry is shared.
    games[k] =
      g === before.game && homeStats === before.homeStats && awayStats === before.awayStats
        ? before
        : { ...before, game: g, margin: isFinished(g) ? g.home_points! - g.away_points! : NaN, homeStats, awayStats };
  }
  const hist = sortedIndex(h.teams, h.teamIndex, games, h.maxRegularWeek);
  return { games: data.games.slice(), teamGames: tg.slice(), order: last.order, hist };
}
