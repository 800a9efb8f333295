// The frame memo (frame-memo.ts) must be invisible: whatever the data, config and targets, a
// memoised build equals a fresh build of the same inputs, a change of any input is a new build,
// and a caller changing its frame does not change the next caller's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildFeaturesForWeeks, weeksOf } from './build.ts';
import { clearFrameMemo, memoFrame } from './frame-memo.ts';
import { syntheticLeague } from '../../test/support/synthetic-league.ts';
import { cloneDataset } from '../../test/support/features-testkit.ts';
import { loadFeatureSet } from '../workflow/feature-set.ts';
import type { Dataset } from '../data/schema.ts';

const league = syntheticLeague({ teams: 8, seasons: [2020, 2021], weeks: 5, postseasonWeeks: 1, seed: 3 });
const plain: Dataset = { games: league.games, lines: league.lines, teamGames: league.teamGames };
const frozen = (d: Dataset): Dataset => {
  const c = cloneDataset(d);
  for (const rows of [c.games, c.lines, c.teamGames] as object[][]) rows.forEach((r) => Object.freeze(r));
  return c;
};
const configs = { full: loadFeatureSet('full'), minimal: loadFeatureSet('minimal') };
const weeks = weeksOf(plain);

test('a memoised frame equals a fresh build for any data change, config, targets and options', () => {
  clearFrameMemo();
  const base = frozen(plain);
  fc.assert(
    fc.property(
      fc.constantFrom<keyof typeof configs>('full', 'minimal'),
      fc.integer({ min: 0, max: weeks.length - 1 }),
      fc.integer({ min: 1, max: 4 }),
      fc.option(fc.record({ game: fc.nat(), points: fc.integer({ min: 0, max: 60 }) }), { nil: undefined }),
      fc.constantFrom<'closing' | 'opening'>('closing', 'opening'),
      (name, from, count, change, betLine) => {
        const targets = weeks.slice(from, from + count);
        // A changed game is a new frozen row in otherwise the same (identical) rows.
        const data: Dataset = { games: [...base.games], lines: [...base.lines], teamGames: [...base.teamGames] };
        if (change) {
          const i = change.game % data.games.length;
          data.games[i] = Object.freeze({ ...data.games[i]!, home_points: change.points });
        }
        const opts = { betLine, lineProviders: [] as string[] };
        const fresh = buildFeaturesForWeeks(cloneDataset(data), configs[name], targets, opts); // unfrozen: never memoised
        buildFeaturesForWeeks(base, configs[name], targets, opts); // the unchanged data's frame in the memo first
        const first = buildFeaturesForWeeks(data, configs[name], targets, opts);
        const again = buildFeaturesForWeeks({ games: [...data.games], lines: [...data.lines], teamGames: [...data.teamGames] }, configs[name], targets, opts);
        assert.deepEqual(first, fresh);
        assert.deepEqual(again, fresh);
        // The caller's frame is its own.
        again.rows[0] && (again.rows[0].values[0] = 12345);
        again.rows.pop();
        assert.deepEqual(buildFeaturesForWeeks(data, configs[name], targets, opts), fresh);
      },
    ),
    { numRuns: 30, seed: 7 },
  );
});

test('the memo builds once for the same inputs, again for other inputs, and always for rows that could change', () => {
  clearFrameMemo();
  const base = frozen(plain);
  let builds = 0;
  const build = () => {
    builds++;
    return buildFeaturesForWeeks(cloneDataset(plain), configs.full, weeks);
  };
  memoFrame(base, { k: 1 }, build);
  memoFrame({ ...base, games: [...base.games] }, { k: 1 }, build); // the same frozen rows in fresh arrays
  assert.equal(builds, 1);
  memoFrame(base, { k: 2 }, build);
  memoFrame({ ...base, lines: base.lines.slice(1) }, { k: 1 }, build);
  memoFrame({ ...base, games: [...base.games.slice(1), base.games[0]!] }, { k: 1 }, build); // order is an input
  assert.equal(builds, 4);
  const mutable = cloneDataset(plain);
  memoFrame(mutable, { k: 1 }, build);
  memoFrame(mutable, { k: 1 }, build);
  assert.equal(builds, 6);
  // A changed row in place is seen: unfrozen data is always built afresh.
  const before = buildFeaturesForWeeks(mutable, configs.full, weeks);
  mutable.games[0]!.home_points = (mutable.games[0]!.home_points ?? 0) + 30;
  assert.notDeepEqual(buildFeaturesForWeeks(mutable, configs.full, weeks), before);
});
