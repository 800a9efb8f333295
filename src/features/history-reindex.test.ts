// The history index of the next week's data built from the index before (history-reindex.ts,
// build-memo.ts historyOf) equals the index built afresh: for random sequences of reveals (a
// game's result set or changed — also an earlier week's), schedule changes (a kickoff moved, a
// game relabelled: nothing reused), and team_game rows replaced, removed or added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clearBuildMemo, historyOf } from './build-memo.ts';
import { indexHistory } from './history.ts';
import { reindexHistory, type KeptIndex } from './history-reindex.ts';
import type { Dataset } from '../data/schema.ts';
import { syntheticLeague } from '../../test/support/synthetic-league.ts';

const league = syntheticLeague({ teams: 6, seasons: [2019, 2020], weeks: 3, postseasonWeeks: 1, seed: 5 });
const freeze = <T extends object>(r: T): T => Object.freeze(r);
// The last season's games not played yet: reveals fill them in.
const base: Dataset = {
  games: league.games.map((g) => freeze(g.season === 2020 ? { ...g, home_points: null, away_points: null, completed: false } : { ...g })),
  lines: [],
  teamGames: league.teamGames.map((t) => freeze({ ...t })),
};

const edit = fc.record({ kind: fc.constantFrom('result', 'result', 'unplayed', 'kickoff', 'week', 'stat', 'drop-stat', 'add-stat'), row: fc.nat(), value: fc.integer({ min: 0, max: 60 }) });

function apply(d: Dataset, e: { kind: string; row: number; value: number }): Dataset {
  const games = [...d.games];
  const teamGames = [...d.teamGames];
  const i = e.row % games.length;
  const g = games[i]!;
  const j = e.row % teamGames.length;
  if (e.kind === 'result') games[i] = freeze({ ...g, home_points: e.value, away_points: 60 - e.value, completed: true });
  else if (e.kind === 'unplayed') games[i] = freeze({ ...g, home_points: null, completed: false });
  else if (e.kind === 'kickoff') games[i] = freeze({ ...g, start_date: new Date(Date.parse(g.start_date) + (e.value - 30) * 86_400_000).toISOString() });
  else if (e.kind === 'week') games[i] = freeze({ ...g, week: g.week + 1 + (e.value % 3) });
  else if (e.kind === 'stat') teamGames[j] = freeze({ ...teamGames[j]!, yards_per_play: e.value / 9 });
  else if (e.kind === 'drop-stat') teamGames.splice(j, 1);
  else teamGames.push(freeze({ ...teamGames[j]!, game_id: g.game_id, team: e.value % 2 ? g.home_team : g.away_team, yards_per_play: e.value / 7 }));
  return { ...d, games, teamGames };
}

test('a history reindexed from the one before equals the history indexed afresh, reveal after reveal', () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
      clearBuildMemo();
      let d = base;
      let kept: KeptIndex = reindexHistory(d, undefined);
      historyOf(d);
      for (const e of edits) {
        d = apply(d, e);
        const fresh = indexHistory(d);
        kept = reindexHistory(d, kept);
        assert.deepStrictEqual(kept.hist, fresh);
        assert.deepStrictEqual(historyOf(d), fresh);
      }
    }),
  );
});

test('a revealed result is in the reindexed history: finished games, margins and team_game rows', () => {
  const first = reindexHistory(base, undefined);
  const i = base.games.findIndex((g) => g.season === 2020);
  const g = base.games[i]!;
  const games = [...base.games];
  games[i] = freeze({ ...g, home_points: 31, away_points: 17, completed: true });
  const next = reindexHistory({ ...base, games }, first).hist;
  const ig = next.finished.find((x) => x.game.game_id === g.game_id)!;
  assert.equal(ig.margin, 14);
  assert.equal(next.finished.length, first.hist.finished.length + 1);
  assert.equal(ig.homeStats?.team, g.home_team);
});
