import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildFeatures, buildFeaturesForWeeks, marketLines, weeksOf } from './build.ts';
import { valueOf } from './frame.ts';
import { featureSetId } from './registry.ts';
import { syntheticLeague } from '../../test/support/synthetic-league.ts';
import { cloneDataset, frameDifference, PRESETS } from '../../test/support/features-testkit.ts';
import { loadFeatureSet } from '../workflow/feature-set.ts';
import { weekOrdinal, type Dataset } from '../data/schema.ts';
import type { FeaturesConfig } from '../config/groups/features.ts';
import { Rng } from '../util/prng.ts';
import { UserError } from '../util/errors.ts';

const league = syntheticLeague({ teams: 9, seasons: [2020, 2021], weeks: 6, postseasonWeeks: 1, seed: 11 });
const data: Dataset = { games: league.games, lines: league.lines, teamGames: league.teamGames };
const weeks = weeksOf(data);
const full = loadFeatureSet('full');

// Variants that exercise every code path: ridge adjustment, last-N, half-life recency, market.
const variants: Record<string, FeaturesConfig> = {
  full_market: { ...full, market: { enabled: true, offset: false } },
  ridge_lastn: {
    ...full,
    ratings: { ...full.ratings, recency_half_life_weeks: 2 },
    stats: { ...full.stats, weighting: 'last_n', last_n: 3 },
    adjustment: { ...full.adjustment, method: 'ridge' },
  },
  minimal: loadFeatureSet('minimal'),
};

/** Change everything about games on or after `ord` (outcomes, statistics, lines, later kickoffs, existence). */
function mutateFrom(d: Dataset, ord: number, seed: number, keepTargetLines: boolean): Dataset {
  const rng = new Rng(seed);
  const out = cloneDataset(d);
  const at = new Map(out.games.map((g) => [g.game_id, weekOrdinal(g.season, g.season_type, g.week)]));
  for (const g of out.games) {
    const o = at.get(g.game_id)!;
    if (o < ord) continue;
    const r = rng.int(3);
    if (r === 0) Object.assign(g, { completed: false, home_points: null, away_points: null });
    else Object.assign(g, { home_points: rng.int(60), away_points: rng.int(60) });
    if (o > ord) g.start_date = new Date(Date.parse(g.start_date) + rng.int(5) * 86_400_000).toISOString();
  }
  for (const t of out.teamGames) {
    if (at.get(t.game_id)! < ord) continue;
    t.epa_per_play = rng.normal();
    t.success_rate = rng.next();
    t.yards_per_play = rng.int(3) === 0 ? null : rng.normal(5, 2);
    t.points = rng.int(50);
  }
  for (const l of out.lines) {
    const o = at.get(l.game_id)!;
    if (o < ord || (o === ord && keepTargetLines)) continue;
    l.spread = rng.normal(0, 10);
    l.total = rng.normal(50, 10);
  }
  // A brand-new team appears in a later week.
  const last = out.games[out.games.length - 1]!;
  out.games.push({ ...last, game_id: 'new-team-game', home_team: 'Team AA', week: last.week + 1 });
  // Sometimes later weeks are not in the data at all (serving before they exist).
  if (rng.int(2) === 0) {
    const keep = (id: string) => at.get(id) === undefined ? false : at.get(id)! <= ord;
    return { games: out.games.filter((g) => keep(g.game_id)), lines: out.lines.filter((l) => keep(l.game_id)), teamGames: out.teamGames.filter((t) => keep(t.game_id)) };
  }
  return out;
}

test('leakage: changing anything on or after a game\'s week leaves its features bit-identical', () => {
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(variants)), fc.integer({ min: 0, max: weeks.length - 1 }), fc.integer(), (name, wi, seed) => {
      const cfg = variants[name]!;
      const target = weeks[wi]!;
      const ord = weekOrdinal(target.season, target.seasonType, target.week);
      const before = buildFeatures(data, cfg, target);
      const after = buildFeatures(mutateFrom(data, ord, seed, cfg.market.enabled), cfg, target);
      assert.ok(before.rows.length > 0);
      assert.equal(frameDifference(before, after), null, `${name} ${JSON.stringify(target)}`);
    }),
    { numRuns: 40 },
  );
});

test('the check can fail: changing the week before does change features', () => {
  const target = weeks[4]!;
  const ord = weekOrdinal(target.season, target.seasonType, target.week);
  const before = buildFeatures(data, full, target);
  const after = buildFeatures(mutateFrom(data, ord - 1, 3, false), full, target);
  assert.notEqual(frameDifference(before, after), null);
});

test('train/serve parity: the all-weeks batch equals week-by-week computation bit for bit', () => {
  for (const [name, cfg] of Object.entries(variants)) {
    const batch = buildFeaturesForWeeks(data, cfg, [...weeks].reverse());
    const one = weeks.map((w) => buildFeatures(data, cfg, w));
    const joined = { ...batch, rows: one.flatMap((f) => f.rows) };
    assert.equal(frameDifference(batch, joined), null, name);
    assert.deepEqual(batch.meta.adjustment, one.flatMap((f) => f.meta.adjustment), name);
  }
});

test('eligibility: below min_games is flagged with a reason, never dropped or zero-filled', () => {
  const cfg = loadFeatureSet('minimal');
  const w1 = buildFeatures(data, cfg, { season: 2021, seasonType: 'regular', week: 1 });
  assert.equal(w1.rows.length, 4); // 9 teams: 4 games, one bye
  for (const r of w1.rows) {
    assert.equal(r.eligible, false);
    assert.match(r.ineligible_reason!, /home team has 0 prior game\(s\) this season \(min_games 2\)/);
    // Week 1 carries last season's rating over (shrunk), not zeros or NaN.
    assert.ok(Number.isFinite(valueOf(w1, r, 'home_rating')) && valueOf(w1, r, 'home_rating') !== 0);
  }
  const w3 = buildFeatures(data, cfg, { season: 2021, seasonType: 'regular', week: 3 });
  for (const r of w3.rows) assert.equal(r.eligible, r.home_prior_games >= 2 && r.away_prior_games >= 2);
  // First week of the first season: no information at all, so NaN and flagged as missing.
  const first = buildFeatures(data, cfg, { season: 2020, seasonType: 'regular', week: 1 });
  assert.ok(first.rows.every((r) => Number.isNaN(valueOf(first, r, 'home_rating')) && /missing: home_rating/.test(r.ineligible_reason!)));
});

test('week-1 ratings are last season\'s final ratings times carryover, weighted by prior_games', () => {
  const cfg = loadFeatureSet('minimal');
  // carryover 1 with a huge prior weight pins each week-1 rating to last season's final rating.
  const pinned = buildFeatures(data, { ...cfg, ratings: { ...cfg.ratings, carryover: 1, prior_games: 1e9 } }, { season: 2021, seasonType: 'regular', week: 1 });
  const shrunk = buildFeatures(data, cfg, { season: 2021, seasonType: 'regular', week: 1 });
  const { prior_games: l, carryover: c, alpha: a } = cfg.ratings;
  pinned.rows.forEach((r, i) => {
    const p = valueOf(pinned, r, 'home_rating');
    assert.ok(Math.abs(valueOf(shrunk, shrunk.rows[i]!, 'home_rating') - (l * c * p) / (l + a)) < 1e-6);
  });
});

test('a source without team_game statistics fails naming the feature and the table, unless the set leaves them out', () => {
  const nfl: Dataset = { games: data.games, lines: data.lines, teamGames: [] };
  assert.throws(
    () => buildFeatures(nfl, loadFeatureSet('opponent_adjusted'), weeks[3]!),
    (e: unknown) => e instanceof UserError && /feature "stats" \(epa_per_play, success_rate\) needs the team_game table/.test(e.message),
  );
  assert.ok(buildFeatures(nfl, loadFeatureSet('minimal'), weeks[3]!).rows.length > 0);
  assert.ok(buildFeatures(nfl, loadFeatureSet('elo'), weeks[3]!).rows.length > 0);
  const noLines: Dataset = { ...data, lines: [] };
  assert.throws(() => buildFeatures(noLines, variants.full_market!, weeks[3]!), /feature "market" needs the lines table/);
});

test('matchup products name existing columns; a typo gets a suggestion', () => {
  const f = buildFeatures(data, full, weeks[5]!);
  const r = f.rows[0]!;
  assert.equal(valueOf(f, r, 'home_off_epa_per_play_x_away_def_epa_per_play'), valueOf(f, r, 'home_off_epa_per_play') * valueOf(f, r, 'away_def_epa_per_play'));
  assert.equal(valueOf(f, r, 'diff_elo'), valueOf(f, r, 'home_elo') - valueOf(f, r, 'away_elo'));
  const bad = { ...full, matchup: { differences: true, products: [['home_off_epa_per_pley', 'away_def_epa_per_play'] as [string, string]] } };
  assert.throws(() => buildFeatures(data, bad, weeks[5]!), /unknown column "home_off_epa_per_pley" \(did you mean "home_off_epa_per_play"\?\)/);
});

test('shipped feature sets parse, build, and have distinct stable ids', () => {
  const ids = new Set<string>();
  for (const name of PRESETS) {
    const cfg = loadFeatureSet(name);
    const f = buildFeatures(data, cfg, weeks[6]!);
    assert.equal(f.feature_set, name);
    assert.match(f.feature_set_id, /^[0-9a-f]{12}$/);
    assert.equal(featureSetId(cfg), f.feature_set_id);
    assert.equal(featureSetId(JSON.parse(JSON.stringify(cfg))), f.feature_set_id);
    ids.add(f.feature_set_id);
  }
  assert.equal(ids.size, PRESETS.length);
  assert.notEqual(featureSetId({ ...full, min_games: 3 }), featureSetId(full));
  assert.throws(() => loadFeatureSet('minimul'), /no option 'minimul' for config group features.*did you mean features=minimal\?/);
});

test('market lines: the preferred provider per field, never an average', () => {
  const mk = (provider: string, spread: number | null, total: number | null) => ({ ...data.lines[0]!, game_id: 'g', provider, spread, total });
  const lines = [mk('B', -3, null), mk('A', -4, 50), mk('C', -7, 41)];
  assert.deepEqual(marketLines(lines, ['C', 'B']).get('g'), { spread: -7, total: 41 });
  assert.deepEqual(marketLines(lines, ['B']).get('g'), { spread: -3, total: 50 });
  assert.deepEqual(marketLines(lines).get('g'), { spread: -4, total: 50 });
});

test('an invalid config is a usage error naming the key', () => {
  const bad = { ...full, stats: { ...full.stats, alpha: 2 } };
  assert.throws(() => buildFeatures(data, bad, weeks[3]!), (e: unknown) => e instanceof UserError && e.exitCode === 2 && /features config: stats\.alpha: /.test(e.message));
});
