// A finished season's end-state key (build-memo.ts seasonEndKey) is reused from the week before
// when the new history's window holds the very same rows. Kept = fresh: for random sequences of
// changed games and team statistics (new frozen rows, same counts), the key a warm memo gives
// equals the key computed with nothing kept; a changed row of the season changes its key, a
// change in another season does not. (build-memo.test.ts compares whole frames, but its live
// targets barely feel an earlier season's end state, so it cannot see a stale key by itself.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clearBuildMemo, historyOf, seasonEndKey } from './build-memo.ts';
import { seasonWindow } from './history.ts';
import type { Dataset } from '../data/schema.ts';
import { syntheticLeague } from '../../test/support/synthetic-league.ts';

const league = syntheticLeague({ teams: 6, seasons: [2018, 2019, 2020], weeks: 3, postseasonWeeks: 0, seed: 4 });
const freeze = <T extends object>(r: T): T => Object.freeze(r);
const base: Dataset = { games: league.games.map((g) => freeze({ ...g })), lines: [], teamGames: league.teamGames.map((t) => freeze({ ...t })) };
const SEASONS = [2018, 2019, 2020];

/** Each season's end key over `data`, chained as build.ts chains them (the season before's key). */
function keys(data: Dataset): (string | null)[] {
  const hist = historyOf(data);
  let prior: string | null = 'none';
  return SEASONS.map((s) => (prior = seasonEndKey(hist, 'base', prior, s, 3, seasonWindow(hist, s, Infinity))));
}

const change = fc.record({ stat: fc.boolean(), row: fc.nat(), value: fc.integer({ min: 0, max: 60 }) });

function applyChange(d: Dataset, c: { stat: boolean; row: number; value: number }): Dataset {
  if (c.stat) {
    const teamGames = [...d.teamGames];
    const i = c.row % teamGames.length;
    teamGames[i] = freeze({ ...teamGames[i]!, yards_per_play: c.value / 9 });
    return { ...d, teamGames };
  }
  const games = [...d.games];
  const i = c.row % games.length;
  games[i] = freeze({ ...games[i]!, home_points: c.value });
  return { ...d, games };
}

test('season end keys reused week by week equal keys computed with nothing kept, for random changed rows', () => {
  fc.assert(
    fc.property(fc.array(change, { minLength: 1, maxLength: 6 }), (changes) => {
      clearBuildMemo();
      let d = base;
      keys(d);
      for (const c of changes) {
        d = applyChange(d, c);
        const warm = keys(d);
        clearBuildMemo();
        assert.deepEqual(warm, keys(d));
      }
    }),
    { numRuns: 40, seed: 8 },
  );
});

test('a new row in a season changes its key and the later ones; the seasons before keep theirs', () => {
  clearBuildMemo();
  const before = keys(base);
  assert.ok(before.every((k) => typeof k === 'string'));
  assert.equal(new Set(before).size, 3);
  const i = base.games.findIndex((g) => g.season === 2019 && g.home_points !== null);
  // The same values in a new object: the key names rows by identity, so it changes too.
  const games = [...base.games];
  games[i] = freeze({ ...games[i]! });
  const after = keys({ ...base, games });
  assert.equal(after[0], before[0]);
  assert.notEqual(after[1], before[1]);
  assert.notEqual(after[2], before[2]);
  // An unfrozen row has no identity: nothing is kept for its season or the ones after it.
  games[i] = { ...games[i]! };
  assert.deepEqual(keys({ ...base, games }), [before[0], null, null]);
});
