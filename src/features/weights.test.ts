import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { halfLifeWeight, rankWeight } from './weights.ts';
import { computeStats } from './stats.ts';
import { indexHistory, seasonWindow } from './history.ts';
import { game } from '../../test/support/features-testkit.ts';
import type { TeamGame } from '../data/schema.ts';

test('EWMA weights: (1-alpha)^k, most recent (k=0) highest', () => {
  assert.deepEqual([0, 1, 2].map((k) => rankWeight(k, 'ewma', 0.3, 5)), [1, 0.7, 0.7 * 0.7]);
  fc.assert(
    fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.integer({ min: 0, max: 30 }), (alpha, k) => {
      assert.ok(rankWeight(k, 'ewma', alpha, 5) >= rankWeight(k + 1, 'ewma', alpha, 5));
    }),
  );
});

test('last-N weights: N, N-1, ..., 1 then zero; equal weights are all 1', () => {
  assert.deepEqual([0, 1, 2, 3, 4].map((k) => rankWeight(k, 'last_n', 0.3, 3)), [3, 2, 1, 0, 0]);
  assert.deepEqual([0, 7].map((k) => rankWeight(k, 'equal', 0.3, 3)), [1, 1]);
});

test('half-life weights halve every half-life; null half-life means equal', () => {
  assert.equal(halfLifeWeight(2, 2), 0.5);
  assert.equal(halfLifeWeight(4, 2), 0.25);
  assert.equal(halfLifeWeight(9, null), 1);
});

test('EWMA stat to date weighs the most recent game highest (hand-computed)', () => {
  // Team A's epa in weeks 1..3 is 1, 2, 3; alpha 0.3 gives weights 0.49, 0.7, 1.
  const games = [1, 2, 3].map((w) => game(`g${w}`, 2020, w, 'A', `O${w}`, 20, 10));
  const tg = (id: string, team: string, opp: string, epa: number): TeamGame => ({
    game_id: id, team, opponent: opp, is_home: team === 'A', points: null, plays: null, drives: null, yards_per_play: null,
    success_rate: null, epa_per_play: epa, explosiveness: null, rush_yards_per_play: null, pass_yards_per_play: null, points_per_drive: null,
  });
  const teamGames = [1, 2, 3].flatMap((w) => [tg(`g${w}`, 'A', `O${w}`, w), tg(`g${w}`, `O${w}`, 'A', 10 * w)]);
  const h = indexHistory({ games, lines: [], teamGames });
  const st = computeStats(
    h.teams.length,
    seasonWindow(h, 2020, Infinity),
    null,
    { enabled: true, columns: ['epa_per_play'], weighting: 'ewma', alpha: 0.3, last_n: 5, carryover: 0.5, prior_games: 3 },
    { method: 'none', iterations: 1, tolerance: 1e-4, damping: 0, ridge_alpha: 1 },
  );
  const a = h.teamIndex.get('A')!;
  assert.ok(Math.abs(st.off[0]![a]! - (0.49 * 1 + 0.7 * 2 + 1 * 3) / 2.19) < 1e-12);
  // Defence = the opponents' offence in the same games: 10, 20, 30.
  assert.ok(Math.abs(st.def[0]![a]! - (0.49 * 10 + 0.7 * 20 + 1 * 30) / 2.19) < 1e-12);
  // League mean: every offensive value once (1,2,3,10,20,30).
  assert.ok(Math.abs(st.mean[0]! - 11) < 1e-12);
});

test('the prior blends by games played, whatever the weighting (EWMA weights never reach 3)', () => {
  const games = [1, 2, 3, 4, 5].map((w) => game(`g${w}`, 2021, w, 'A', `O${w}`, 20, 10));
  const tg = (id: string, team: string, epa: number): TeamGame => ({
    game_id: id, team, opponent: '', is_home: team === 'A', points: null, plays: null, drives: null, yards_per_play: null,
    success_rate: null, epa_per_play: epa, explosiveness: null, rush_yards_per_play: null, pass_yards_per_play: null, points_per_drive: null,
  });
  const teamGames = [1, 2, 3, 4, 5].flatMap((w) => [tg(`g${w}`, 'A', 0.2), tg(`g${w}`, `O${w}`, 0)]);
  const h = indexHistory({ games, lines: [], teamGames });
  const a = h.teamIndex.get('A')!;
  const prevOff = new Float64Array(h.teams.length).fill(NaN);
  prevOff[a] = 0.5;
  const prior = { columns: ['epa_per_play' as const], off: [prevOff], def: [new Float64Array(h.teams.length).fill(NaN)], mean: [0.1], report: [] };
  const stats = { enabled: true, columns: ['epa_per_play' as const], weighting: 'ewma' as const, alpha: 0.3, last_n: 5, carryover: 0.5, prior_games: 3 };
  const st = computeStats(h.teams.length, seasonWindow(h, 2021, Infinity), prior, stats, { method: 'none', iterations: 1, tolerance: 1e-4, damping: 0, ridge_alpha: 1 });
  // Five games of 0.2 and the prior 0.1 + 0.5 * (0.5 - 0.1) = 0.3 worth 3 games: 0.2375 (by EWMA
  // weight sums, 2.77, it would be 0.252).
  const p = 0.1 + 0.5 * (0.5 - 0.1);
  assert.ok(Math.abs(st.off[0]![a]! - (5 * 0.2 + 3 * p) / 8) < 1e-12);
  const week1 = computeStats(h.teams.length, [], prior, stats, { method: 'none', iterations: 1, tolerance: 1e-4, damping: 0, ridge_alpha: 1 });
  assert.ok(Math.abs(week1.off[0]![a]! - p) < 1e-12);
});
