// The pass/rush splits and explosive-play rate of team_game go through the same team-statistics
// path as every other column: named in features.stats.columns, weighted (EWMA / last-N) from the
// team's own rows (offence) and its opponents' rows (defence), and never read from a game that
// finished after the target week's first kickoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeStats } from './stats.ts';
import { indexHistory, seasonWindow } from './history.ts';
import { buildFeatures, weeksOf } from './build.ts';
import { valueOf } from './frame.ts';
import { game, cloneDataset, frameDifference } from '../../test/support/features-testkit.ts';
import { syntheticLeague } from '../../test/support/synthetic-league.ts';
import { loadFeatureSet } from '../workflow/feature-set.ts';
import { featuresSchema, type FeaturesConfig } from '../config/groups/features.ts';
import { weekOrdinal, type Dataset, type TeamGame } from '../data/schema.ts';
import { Rng } from '../util/prng.ts';

const SPLITS = ['pass_epa_per_play', 'rush_epa_per_play', 'pass_success_rate', 'rush_success_rate', 'explosive_play_rate'] as const;
const NONE = { method: 'none' as const, iterations: 1, tolerance: 1e-4, damping: 0, ridge_alpha: 1 };

const row = (id: string, team: string, opp: string, pass: number, expl: number): TeamGame => ({
  game_id: id, team, opponent: opp, is_home: team === 'A', points: null, plays: null, drives: null, yards_per_play: null,
  success_rate: null, epa_per_play: null, explosiveness: null, rush_yards_per_play: null, pass_yards_per_play: null,
  points_per_drive: null, pass_epa_per_play: pass, explosive_play_rate: expl,
});

test('last-N and EWMA of pass EPA and explosive-play rate, offence and defence (hand-computed)', () => {
  // Team A's pass EPA in weeks 1..4: 0.1, 0.3, −0.2, 0.4; its opponents' 0.5, 0, 0.2, −0.1.
  // Explosive-play rates: A 0.10, 0.20, 0.05, 0.15; opponents 0.08, 0.12, 0.10, 0.06.
  const a = [0.1, 0.3, -0.2, 0.4], o = [0.5, 0, 0.2, -0.1], ea = [0.1, 0.2, 0.05, 0.15], eo = [0.08, 0.12, 0.1, 0.06];
  const games = [1, 2, 3, 4].map((w) => game(`g${w}`, 2023, w, 'A', `O${w}`, 24, 17));
  const teamGames = [0, 1, 2, 3].flatMap((i) => [row(`g${i + 1}`, 'A', `O${i + 1}`, a[i]!, ea[i]!), row(`g${i + 1}`, `O${i + 1}`, 'A', o[i]!, eo[i]!)]);
  const h = indexHistory({ games, lines: [], teamGames });
  const A = h.teamIndex.get('A')!;
  const cfg = (weighting: 'last_n' | 'ewma') => ({ enabled: true, columns: ['pass_epa_per_play', 'explosive_play_rate'] as ('pass_epa_per_play' | 'explosive_play_rate')[], weighting, alpha: 0.5, last_n: 3, carryover: 0.5, prior_games: 3 });
  const near = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-12, `${x} ≈ ${y}`);

  // Last 3 with weights 3, 2, 1 (most recent first); week 1 falls out.
  const ln = computeStats(h.teams.length, seasonWindow(h, 2023, Infinity), null, cfg('last_n'), NONE);
  near(ln.off[0]![A]!, (3 * 0.4 + 2 * -0.2 + 1 * 0.3) / 6);
  near(ln.def[0]![A]!, (3 * -0.1 + 2 * 0.2 + 1 * 0) / 6);
  near(ln.off[1]![A]!, (3 * 0.15 + 2 * 0.05 + 1 * 0.2) / 6);
  near(ln.def[1]![A]!, (3 * 0.06 + 2 * 0.1 + 1 * 0.12) / 6);

  // EWMA alpha 0.5: weights 1, 0.5, 0.25, 0.125 (most recent first).
  const ew = computeStats(h.teams.length, seasonWindow(h, 2023, Infinity), null, cfg('ewma'), NONE);
  near(ew.off[0]![A]!, (0.4 + 0.5 * -0.2 + 0.25 * 0.3 + 0.125 * 0.1) / 1.875);
  near(ew.def[1]![A]!, (0.06 + 0.5 * 0.1 + 0.25 * 0.12 + 0.125 * 0.08) / 1.875);
});

// The synthetic league with split columns derived from each row (deterministic), so a feature set
// that names them has values to read.
const league = syntheticLeague({ teams: 8, seasons: [2021, 2022], weeks: 6, postseasonWeeks: 1, seed: 5 });
const withSplits = (d: Dataset): Dataset => {
  const out = cloneDataset(d);
  const rng = new Rng(9);
  for (const t of out.teamGames) {
    t.pass_epa_per_play = (t.epa_per_play ?? 0) + rng.normal(0, 0.05);
    t.rush_epa_per_play = (t.epa_per_play ?? 0) - rng.normal(0.05, 0.05);
    t.pass_success_rate = rng.next();
    t.rush_success_rate = rng.next();
    t.explosive_play_rate = rng.next() * 0.2;
  }
  return out;
};
const data = withSplits({ games: league.games, lines: league.lines, teamGames: league.teamGames });
const weeks = weeksOf(data);
const base = loadFeatureSet('recency_weighted');
const splitsSet: FeaturesConfig = featuresSchema.parse({ ...base, name: 'splits', stats: { ...base.stats, columns: [...SPLITS], weighting: 'last_n', last_n: 4 } });

test('a features config names the splits; the frame has offence and defence columns for each', () => {
  assert.throws(() => featuresSchema.parse({ ...base, stats: { ...base.stats, columns: ['pass_epa_per_pley'] } }), /pass_epa_per_play/);
  const f = buildFeatures(data, splitsSet, weeks[5]!);
  for (const s of SPLITS) for (const side of ['home', 'away']) for (const od of ['off', 'def']) assert.ok(f.columns.includes(`${side}_${od}_${s}`), `${side}_${od}_${s}`);
  assert.ok(f.rows.every((r) => Number.isFinite(valueOf(f, r, 'home_off_explosive_play_rate'))));
  // A source without the splits (the column empty everywhere) is named, not zero-filled.
  const bare: Dataset = { ...data, teamGames: data.teamGames.map(({ explosive_play_rate: _, ...t }) => t) };
  assert.throws(() => buildFeatures(bare, splitsSet, weeks[5]!), /team_game\.explosive_play_rate, which has no values/);
});

test('leakage: changing the splits of games in or after the target week leaves its features bit-identical', () => {
  const ordOf = new Map(data.games.map((g) => [g.game_id, weekOrdinal(g.season, g.season_type, g.week)]));
  const mutate = (ord: number, seed: number): Dataset => {
    const rng = new Rng(seed);
    const out = cloneDataset(data);
    for (const t of out.teamGames) {
      if (ordOf.get(t.game_id)! < ord) continue;
      for (const s of SPLITS) t[s] = rng.int(4) === 0 ? null : rng.normal();
    }
    return out;
  };
  fc.assert(
    fc.property(fc.integer({ min: 1, max: weeks.length - 1 }), fc.integer(), (wi, seed) => {
      const target = weeks[wi]!;
      const ord = weekOrdinal(target.season, target.seasonType, target.week);
      assert.equal(frameDifference(buildFeatures(data, splitsSet, target), buildFeatures(mutate(ord, seed), splitsSet, target)), null);
    }),
    { numRuns: 25 },
  );
  // The check can fail: the week before does change them.
  const target = weeks[4]!;
  const ord = weekOrdinal(target.season, target.seasonType, target.week);
  const prev = weekOrdinal(weeks[3]!.season, weeks[3]!.seasonType, weeks[3]!.week);
  assert.ok(prev < ord);
  assert.notEqual(frameDifference(buildFeatures(data, splitsSet, target), buildFeatures(mutate(prev, 1), splitsSet, target)), null);
});
