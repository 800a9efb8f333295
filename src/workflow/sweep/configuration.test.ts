import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { join } from 'node:path';
import { createLayout } from '../../artifacts/layout.ts';
import { generateDemoLeague } from '../../data/sources/demo/index.ts';
import { silentProgress } from '../../util/progress.ts';
import type { Dataset } from '../../data/schema.ts';
import { datasetArb } from '../../../test/support/dataset-arbitraries.ts';
import { makeConf } from '../../../test/helpers/tmp.ts';
import { developmentData, evaluateConfiguration, refuseSeasonKeys, sweepContext, type SweepContext } from './configuration.ts';

test('the development data holds nothing of the test season or later', () => {
  fc.assert(
    fc.property(datasetArb, fc.integer({ min: 1990, max: 2030 }), (data, test) => {
      const dev = developmentData(data, test);
      assert.ok(dev.games.every((g) => g.season < test));
      const ids = new Set(dev.games.map((g) => g.game_id));
      assert.ok(dev.lines.every((l) => ids.has(l.game_id)));
      assert.ok(dev.teamGames.every((t) => ids.has(t.game_id)));
      assert.equal(dev.games.length, data.games.filter((g) => g.season < test).length);
    }),
  );
});

test('seasons cannot be swept, and no override may name the test season', () => {
  assert.throws(() => refuseSeasonKeys(['evaluation.dev_seasons'], []), /evaluation\.dev_seasons cannot be swept/);
  assert.throws(() => refuseSeasonKeys([], ['evaluation.test_season']), /evaluation\.test_season cannot be overridden/);
  assert.throws(() => refuseSeasonKeys(['evaluation'], []), /cannot be swept/);
  refuseSeasonKeys(['model.alpha'], ['evaluation.first_season', 'experiment']);
});

// Four demo seasons: test season 2019, development season 2018, burn-in 2017 (trained on 2016).
const SMALL = ['experiment=v2-001', 'evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1'];

test('property: rewriting every outcome and line of the test season leaves a sweep configuration bit-identical', async () => {
  const conf = makeConf();
  const layout = createLayout(join(conf, '..'));
  const league = generateDemoLeague({ seasons: [2016, 2019], seed: 5 }).dataset;
  // The full league goes in, as the sweep's runner passes it: the context cuts the test season.
  const ctxOf = (data: Dataset): SweepContext => sweepContext({ layout, sweepId: 'sw-test', fixed: SMALL, data, testSeason: 2019, devSeasons: [2018], progress: silentProgress });
  const strip = (r: Awaited<ReturnType<typeof evaluateConfiguration>>) => ({ ...r, duration_ms: 0 });
  const reference = strip(await evaluateConfiguration(ctxOf(league), 0, ['model.alpha=10'], { 'model.alpha': 10 }));
  assert.ok(Object.keys(reference.weeks).length > 0, 'the configuration bets, so the comparison means something');
  const leaky = { ...ctxOf(league), data: league };
  await assert.rejects(evaluateConfiguration(leaky, 0, [], {}), /of season 2019 reached a sweep fit/, 'a context holding the test season is refused');
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: -60, max: 60 }), fc.integer({ min: -20, max: 20 }), fc.double({ min: -14, max: 14, noNaN: true }), async (dh, da, shift) => {
      const mutated: Dataset = {
        games: league.games.map((g) => (g.season >= 2019 ? { ...g, home_points: Math.max(0, (g.home_points ?? 0) + dh), away_points: Math.max(0, (g.away_points ?? 0) + da) } : g)),
        lines: league.lines.map((l) => (l.game_id.includes('2019_') ? { ...l, spread: (l.spread ?? 0) + shift, total: (l.total ?? 45) - shift } : l)),
        teamGames: league.teamGames.map((t) => (t.game_id.includes('2019_') ? { ...t, points: (t.points ?? 0) + dh } : t)),
      };
      assert.deepEqual(strip(await evaluateConfiguration(ctxOf(mutated), 0, ['model.alpha=10'], { 'model.alpha': 10 })), reference);
    }),
    { numRuns: 3 },
  );
});
