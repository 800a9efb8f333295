// Which games of the warehouse belong to the configured league: the sport (one warehouse may
// hold both) and, for college with `fbs_only`, games between two FBS teams. FCS opponents play an
// FBS team once or twice a season and each other in their own playoff; their ratings rest on a
// handful of games, so college models usually leave those games out.
import type { DataConfig } from '../config/groups/data.ts';
import type { Dataset, Game } from './schema.ts';

/** Team → seasons in which some game names it with an FBS conference. */
function fbsTeams(games: readonly Game[], conferences: ReadonlySet<string>): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  const add = (season: number, team: string) => {
    let s = out.get(season);
    if (!s) out.set(season, (s = new Set()));
    s.add(team);
  };
  for (const g of games) {
    if (g.home_conference !== null && conferences.has(g.home_conference)) add(g.season, g.home_team);
    if (g.away_conference !== null && conferences.has(g.away_conference)) add(g.season, g.away_team);
  }
  return out;
}

/** Teams that never carry a conference in a season: unknown division, kept (nothing says FCS). */
function conferenceless(games: readonly Game[]): Map<number, Set<string>> {
  const named = new Map<string, boolean>();
  for (const g of games) {
    for (const [team, conf] of [[g.home_team, g.home_conference], [g.away_team, g.away_conference]] as const) {
      const k = `${g.season}\u0000${team}`;
      named.set(k, (named.get(k) ?? false) || conf !== null);
    }
  }
  const out = new Map<number, Set<string>>();
  for (const [k, has] of named) {
    if (has) continue;
    const [season, team] = k.split('\u0000') as [string, string];
    let s = out.get(+season);
    if (!s) out.set(+season, (s = new Set()));
    s.add(team);
  }
  return out;
}

export interface LeagueSelection {
  data: Dataset;
  /** Games left out because a team is not FBS (0 unless fbs_only). */
  droppedFcs: number;
}

/** The games (and their lines and statistics) of the configured league. Pure. */
export function selectLeague(data: Dataset, cfg: Pick<DataConfig, 'sport' | 'fbs_only' | 'fbs_conferences'>): LeagueSelection {
  let games = data.games.filter((g) => (g.sport ?? 'cfb') === cfg.sport);
  let droppedFcs = 0;
  if (cfg.sport === 'cfb' && cfg.fbs_only && cfg.fbs_conferences.length > 0) {
    const fbs = fbsTeams(games, new Set(cfg.fbs_conferences));
    const unknown = conferenceless(games);
    const ok = (season: number, team: string) => fbs.get(season)?.has(team) === true || unknown.get(season)?.has(team) === true;
    const before = games.length;
    games = games.filter((g) => ok(g.season, g.home_team) && ok(g.season, g.away_team));
    droppedFcs = before - games.length;
  }
  if (games.length === data.games.length) return { data, droppedFcs };
  const ids = new Set(games.map((g) => g.game_id));
  return {
    data: { games, lines: data.lines.filter((l) => ids.has(l.game_id)), teamGames: data.teamGames.filter((t) => ids.has(t.game_id)) },
    droppedFcs,
  };
}
