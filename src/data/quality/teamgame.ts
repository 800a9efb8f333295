// Team-game rows against their game: two rows per completed game (one per side, the right
// opponent and home flag), points equal to the score; and null rates of statistics.
import type { Game } from '../schema.ts';
import { Findings, type CheckResult, type WeekData } from './types.ts';

export function teamGameConsistency(d: WeekData): CheckResult {
  const f = new Findings();
  const byGame = new Map<string, typeof d.week_.teamGames>();
  for (const t of d.week_.teamGames) {
    if (!byGame.has(t.game_id)) byGame.set(t.game_id, []);
    byGame.get(t.game_id)!.push(t);
  }
  const games = new Map<string, Game>(d.week_.games.map((g) => [g.game_id, g]));
  // A source without team-game statistics (nflverse schedules) has none for the whole week: that
  // is "unavailable", which feature sets report, not an inconsistency that stops the weekly loop.
  const sourceHasStats = d.week_.teamGames.length > 0;
  for (const g of sourceHasStats ? d.week_.games : []) {
    const rows = byGame.get(g.game_id) ?? [];
    if (g.completed && rows.length !== 2) f.add('games', `game_id=${g.game_id}`, `completed game has ${rows.length} team-game rows (expected 2)`, g);
  }
  for (const t of d.week_.teamGames) {
    const g = games.get(t.game_id);
    if (!g) continue;
    const key = `game_id=${t.game_id}, team=${t.team}`;
    const side = t.team === g.home_team ? 'home' : t.team === g.away_team ? 'away' : null;
    if (side === null) {
      f.add('team_game', key, `${t.team} does not play in ${g.game_id}`, t);
      continue;
    }
    const opp = side === 'home' ? g.away_team : g.home_team;
    if (t.opponent !== opp) f.add('team_game', key, `opponent ${t.opponent} but the game's opponent is ${opp}`, t);
    if (t.is_home !== (side === 'home')) f.add('team_game', key, `is_home = ${t.is_home} but ${t.team} is the ${side} side`, t);
    const score = side === 'home' ? g.home_points : g.away_points;
    if (t.points !== null && score !== null && t.points !== score) f.add('team_game', key, `points ${t.points} but the game's score says ${score}`, t);
  }
  return f.result('team_game_consistency', 'fail', 'team-game rows inconsistent with their game', 'team-game rows match their games');
}

export function nullRates(d: WeekData): CheckResult {
  const f = new Findings();
  const completed = new Set(d.week_.games.filter((g) => g.completed).map((g) => g.game_id));
  const rows = d.week_.teamGames.filter((t) => completed.has(t.game_id));
  const has = (r: object, col: string) => {
    const v = (r as Record<string, unknown>)[col];
    return v !== null && v !== undefined;
  };
  if (rows.length > 0) {
    for (const [col, max] of Object.entries(d.thresholds.max_null_rate)) {
      // A column the source does not carry at all (CFBD advanced statistics and many college CSV
      // sets have no yards per play) is unavailable, which the feature sets report when they need
      // it; only a column the source fills elsewhere in these seasons and leaves empty here is bad.
      if (!d.all.teamGames.some((r) => has(r, col))) continue;
      const nulls = rows.filter((r) => (r as unknown as Record<string, unknown>)[col] === null || (r as unknown as Record<string, unknown>)[col] === undefined);
      const rate = nulls.length / rows.length;
      if (rate > max) {
        const r = nulls[0]!;
        f.add('team_game', `column=${col}`, `${(rate * 100).toFixed(1)}% null (${nulls.length}/${rows.length}) > ${(max * 100).toFixed(1)}%`, r);
      }
    }
  }
  return f.result('null_rates', 'fail', 'columns with too many nulls', 'null rates within thresholds');
}
