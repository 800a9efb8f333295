// The point-in-time key of one target week's feature rows: everything a build reads for that
// target, and nothing it does not. A week's rows are the same whenever this key is: after the
// week's results are revealed (monitor's drift check rebuilds last week's features on this
// week's data) they are the rows predict built before. Built from the indexed history of the
// build, it covers (build.ts, columns.ts, ratings/stats/elo):
// - the team index (every team name in the data, sorted) and each season's last regular week;
// - the finished games the states are fitted on — every season before the target's whole (season
//   ends, Elo), the target season's results known at the cut (its window) — by row identity, with
//   their team_game rows, in the history's order;
// - the cut and the target's games as the schedule gives them (ids, teams, labels, kickoff, site,
//   conference, given rest), their market numbers at the build's bet line, and the days of rest
//   computed for each team whose rest is not given (it counts finished games by kickoff, which
//   can include a game finished after the cut).
// null when a row it names could change (not frozen): never memoised then.
import { createHash } from 'node:crypto';
import type { History, IndexedGame, Target } from './history.ts';
import { targetCut, targetOrdinal } from './history.ts';
import type { MarketLine } from './columns.ts';
import { rowId } from './row-identity.ts';

export function targetWeekKey(
  hist: History,
  target: Target,
  market: ReadonlyMap<string, MarketLine>,
  rest: (team: number, g: IndexedGame) => number,
): string | null {
  const group = hist.groups.get(targetOrdinal(target));
  if (!group) return null;
  const cut = targetCut(hist, target);
  const ids: number[] = [];
  for (const g of hist.finished) {
    if (g.game.season > target.season) break;
    if (g.game.season === target.season && !(g.knownMs <= cut)) continue;
    for (const r of [g.game, g.homeStats, g.awayStats]) {
      const id = r ? rowId(r) : 0;
      if (id === null) return null;
      ids.push(id);
    }
  }
  const given = (v: number | null | undefined) => v !== null && v !== undefined && Number.isFinite(v);
  // JSON writes -0 as 0; a feature value keeps its sign.
  const num = (v: number | null | undefined) => (v === undefined ? null : Object.is(v, -0) ? '-0' : v === null || Number.isFinite(v) ? v : String(v));
  const games = group.map((g) => {
    const x = g.game;
    const m = market.get(x.game_id);
    return [
      x.game_id, x.season, x.season_type, x.week, x.start_date, x.home_team, x.away_team, !!x.neutral_site, !!x.conference_game,
      num(x.home_rest), num(x.away_rest), num(g.startMs), g.home, g.away,
      m ? [num(m.spread), num(m.total)] : null,
      given(x.home_rest) ? null : num(rest(g.home, g)), given(x.away_rest) ? null : num(rest(g.away, g)),
    ];
  });
  return createHash('sha256')
    .update(JSON.stringify([target, String(cut), hist.teams, [...hist.maxRegularWeek].sort((a, b) => a[0] - b[0]), games]))
    .update(new Uint8Array(Float64Array.from(ids).buffer))
    .digest('hex');
}
