import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EloState, eloDelta, type EloConfig } from './elo.ts';
import { indexHistory, targetCut } from './history.ts';
import { game } from '../../test/support/features-testkit.ts';

const cfg: EloConfig = { enabled: true, k: 20, home_advantage: 55, mov_multiplier: true, season_regression: 0.33, initial: 1500 };
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

test('one update by hand: equal teams, home wins by 7 with 55 points of home advantage', () => {
  const expected = 1 / (1 + 10 ** (-55 / 400)); // 0.578...
  const mult = (Math.log(8) * 2.2) / (55 * 0.001 + 2.2); // 2.0287...
  close(eloDelta(1500, 1500, 7, false, cfg), 20 * mult * (1 - expected));
  assert.ok(Math.abs(eloDelta(1500, 1500, 7, false, cfg) - 17.1023) < 1e-3);
  // Neutral site, no multiplier: plain K*(S-E) with E = 0.5.
  close(eloDelta(1500, 1500, -3, true, { ...cfg, mov_multiplier: false }), -10);
  // Upset of a favourite: the winner's (negative) edge enlarges the multiplier.
  close(eloDelta(1700, 1500, -10, true, cfg), 20 * ((Math.log(11) * 2.2) / (-200 * 0.001 + 2.2)) * (0 - 1 / (1 + 10 ** (-200 / 400))));
});

test('EloState: sequential updates within a season, regression between seasons, unseen teams NaN', () => {
  const games = [
    game('a', 2020, 1, 'A', 'B', 17, 10, { neutral_site: true }),
    game('b', 2020, 2, 'A', 'C', 10, 17, { neutral_site: true }),
    game('c', 2021, 1, 'B', 'C', 20, 10, { neutral_site: true }),
  ];
  const h = indexHistory({ games, lines: [], teamGames: [] });
  const id = (t: string) => h.teamIndex.get(t)!;
  const s = new EloState(h.teams.length, cfg);
  s.advance(h.finished, 2020, targetCut(h, { season: 2020, seasonType: 'regular', week: 2 }));
  const d1 = eloDelta(1500, 1500, 7, true, cfg);
  close(s.view(id('A'), 2020), 1500 + d1);
  close(s.view(id('B'), 2020), 1500 - d1);
  assert.ok(Number.isNaN(s.view(id('C'), 2020)));
  s.advance(h.finished, 2021, targetCut(h, { season: 2021, seasonType: 'regular', week: 1 }));
  const d2 = eloDelta(1500 + d1, 1500, -7, true, cfg);
  close(s.view(id('A'), 2020), 1500 + d1 + d2);
  // Seen from 2021, every rating has regressed a third of the way to 1500.
  close(s.view(id('A'), 2021), 1500 + 0.67 * (d1 + d2));
  close(s.view(id('C'), 2021), 1500 + 0.67 * -d2);
  assert.throws(() => s.advance(h.finished, 2020, targetCut(h, { season: 2020, seasonType: 'regular', week: 1 })), /in order/);
});
