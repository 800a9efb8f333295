// A week without betting lines has nothing to bet on yet. Writing its (empty) bets file anyway
// would make "0 bets" immutable and block the real bets once the lines arrive, so predict
// refuses and writes nothing until at least one of the week's games has a line.
import type { Dataset, Game } from '../data/schema.ts';
import { DEMO_ID_PREFIX } from '../data/sources/demo/league.ts';
import { UserError } from '../util/errors.ts';

export function refuseWithoutLines(data: Pick<Dataset, 'lines'>, games: readonly Game[], label: string): void {
  const ids = new Set(games.map((g) => g.game_id));
  const priced = new Set(data.lines.filter((l) => ids.has(l.game_id) && (l.spread !== null || l.total !== null)).map((l) => l.game_id));
  if (priced.size > 0) return;
  const g = games[0]!;
  const demo = games.every((x) => x.game_id.startsWith(DEMO_ID_PREFIX));
  const before = g.season_type === 'postseason' ? `post${Math.max(0, g.week - 1)}` : g.week > 0 ? String(g.week - 1) : 'none';
  const hint = demo
    ? `on the demo league a week's lines appear when the week before it is revealed: edgelab data demo --reveal-week ${before}`
    : 'load the lines (edgelab data import … / data pull …) and rerun';
  throw new UserError(`no betting lines for ${label} yet (${games.length} games, none with a spread or total); nothing written — ${hint}`);
}
