import { test } from 'node:test';
import assert from 'node:assert/strict';
import { designMatrix } from './design.ts';
import type { FeatureFrame } from './frame.ts';

const row = (id: string, eligible: boolean, values: number[]) => ({
  game_id: id, season: 2020, season_type: 'regular' as const, week: 3, home_team: 'A', away_team: 'B', eligible,
  home_prior_games: 2, away_prior_games: 2, values: Float64Array.from(values),
});
const frame: FeatureFrame = {
  feature_set: 'minimal', feature_set_id: 'x', columns: ['a', 'b', 'c'],
  rows: [row('g1', true, [1, 2, 3]), row('g2', false, [4, NaN, 6]), row('g3', true, [7, 8, 9])],
  meta: { adjustment: [] },
};

test('design matrix: eligible rows by default, chosen columns in the chosen order', () => {
  const d = designMatrix(frame, { columns: ['c', 'a'] });
  assert.deepEqual([d.n, d.p], [2, 2]);
  assert.deepEqual([...d.x], [3, 1, 9, 7]);
  assert.deepEqual(d.rows.map((r) => r.game_id), ['g1', 'g3']);
  const all = designMatrix(frame, { eligibleOnly: false });
  assert.equal(all.n, 3);
  assert.ok(Number.isNaN(all.x[4]!));
  assert.throws(() => designMatrix(frame, { columns: ['bb'] }), /feature set "minimal" has no column "bb" \(did you mean "b"\?\)/);
});
