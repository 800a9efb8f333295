import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitRatings, type RatingsConfig } from './ratings.ts';
import { indexHistory, seasonWindow } from './history.ts';
import { game } from '../../test/support/features-testkit.ts';
import type { Game } from '../data/schema.ts';

const base: RatingsConfig = {
  enabled: true, alpha: 1, home_advantage_prior: 3, home_advantage_weight: 10, blowout_cap: 28,
  recency_half_life_weeks: null, prior_games: 0, carryover: 0.6, offense_defense: false,
};

function fit(games: Game[], cfg: Partial<RatingsConfig> = {}, refWeek = 99) {
  const h = indexHistory({ games, lines: [], teamGames: [] });
  const r = fitRatings(h.teams.length, seasonWindow(h, games[0]!.season, Infinity), refWeek, null, { ...base, ...cfg });
  return { r, id: (t: string) => h.teamIndex.get(t)! };
}
const close = (a: number, b: number, tol = 1e-7) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('one neutral game, alpha 1: ratings ±margin/3 (normal equations 2a-b=10, -a+2b=-10)', () => {
  const { r, id } = fit([game('g', 2020, 1, 'A', 'B', 24, 14, { neutral_site: true })]);
  close(r.rating[id('A')]!, 10 / 3);
  close(r.rating[id('B')]!, -10 / 3);
  // No non-neutral game: home advantage is its prior.
  close(r.hfa, 3);
});

test('blowout margins are capped before the fit', () => {
  const { r, id } = fit([game('g', 2020, 1, 'A', 'B', 56, 0, { neutral_site: true })]);
  close(r.rating[id('A')]!, 28 / 3);
});

test('4-team league with exactly consistent margins recovers ratings and home advantage', () => {
  const truth: Record<string, number> = { A: 6, B: 2, C: -2, D: -6 };
  const pairs = [['A', 'B'], ['C', 'D'], ['A', 'C'], ['B', 'D'], ['A', 'D'], ['B', 'C'], ['B', 'A'], ['D', 'C'], ['D', 'A']];
  const games = pairs.map(([h, a], i) => game(`g${i}`, 2020, i + 1, h!, a!, 30 + truth[h!]! - truth[a!]! + 3, 30));
  const { r, id } = fit(games, { alpha: 0, home_advantage_weight: 0 });
  for (const t of 'ABCD') close(r.rating[id(t)]!, truth[t]!, 1e-5);
  close(r.hfa, 3, 1e-5);
});

test('a team without games this season gets its prior shrunk: prior_games*carryover*p/(prior_games+alpha)', () => {
  const games = [game('g1', 2020, 1, 'A', 'B', 24, 14, { neutral_site: true })];
  const h = indexHistory({ games: [...games, game('g2', 2021, 1, 'C', 'A', 0, 0, { completed: false, home_points: null, away_points: null })], lines: [], teamGames: [] });
  const prior = { rating: new Float64Array(h.teams.length).fill(NaN), hfa: 3, off: null, def: null, meanPoints: NaN };
  prior.rating[h.teamIndex.get('C')!] = 5;
  const r = fitRatings(h.teams.length, seasonWindow(h, 2020, Infinity), 2, prior, { ...base, prior_games: 3 });
  close(r.rating[h.teamIndex.get('C')!]!, (3 * 0.6 * 5) / 4);
  // No prior and no games: genuinely unknown.
  const none = fitRatings(h.teams.length, [], 1, null, base);
  assert.ok(Number.isNaN(none.rating[h.teamIndex.get('A')!]!));
});

test('recency half-life: a game one half-life old counts half', () => {
  // A beats B by 10 in week 1, B beats A by 10 in week 2; half-life 1 week at reference week 3:
  // weights 0.25 and 0.5, so (alpha 0, no HFA) A's margin estimate is (0.25*10 - 0.5*10)/0.75.
  const games = [game('g1', 2020, 1, 'A', 'B', 20, 10, { neutral_site: true }), game('g2', 2020, 2, 'B', 'A', 20, 10, { neutral_site: true })];
  const { r, id } = fit(games, { alpha: 0, recency_half_life_weeks: 1 }, 3);
  close(r.rating[id('A')]! - r.rating[id('B')]!, (0.25 * 10 - 0.5 * 10) / 0.75, 1e-6);
});

test('offense/defense split recovers points = mean + off - def_opp ± hfa/2 on consistent data', () => {
  const off: Record<string, number> = { A: 5, B: 1, C: -2, D: -4 };
  const def: Record<string, number> = { A: 2, B: -1, C: 3, D: -4 };
  const pairs = [['A', 'B'], ['C', 'D'], ['A', 'C'], ['B', 'D'], ['A', 'D'], ['B', 'C'], ['B', 'A'], ['D', 'C'], ['D', 'A'], ['C', 'B']];
  const games = pairs.map(([h, a], i) => game(`g${i}`, 2020, i + 1, h!, a!, 25 + off[h!]! - def[a!]! + 1.5, 25 + off[a!]! - def[h!]! - 1.5));
  const { r, id } = fit(games, { alpha: 0, home_advantage_weight: 0, offense_defense: true, blowout_cap: null });
  const mean = r.meanPoints;
  for (const g of games) {
    close(mean + r.off![id(g.home_team)]! - r.def![id(g.away_team)]! + r.hfa / 2, g.home_points!, 1e-5);
    close(mean + r.off![id(g.away_team)]! - r.def![id(g.home_team)]! - r.hfa / 2, g.away_points!, 1e-5);
  }
  close(r.hfa, 3, 1e-5);
  // Differences between teams are identified exactly (the common level is not).
  close(r.off![id('A')]! - r.off![id('D')]!, 9, 1e-5);
  close(r.def![id('C')]! - r.def![id('D')]!, 7, 1e-5);
});
