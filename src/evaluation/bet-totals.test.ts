import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TALLY_ROWS } from '../../test/support/evaluation-testkit.ts';
import { tallyBets } from './bet-totals.ts';

const rows = TALLY_ROWS;

test('tallyBets: record, settled stake, units, ROI, hit rate without pushes, CLV, edge, drawdown (by hand)', () => {
  const t = tallyBets(rows);
  assert.deepEqual([t.bets, t.wins, t.losses, t.pushes, t.pending], [5, 1, 2, 1, 1]);
  assert.equal(t.staked, 5);
  assert.ok(Math.abs(t.units - (0.9091 - 3)) < 1e-12);
  assert.ok(Math.abs(t.roi! - (0.9091 - 3) / 5) < 1e-12);
  assert.equal(t.hit_rate, 1 / 3);
  assert.equal(t.clv, -0.5);
  assert.equal(t.avg_edge, 4);
  assert.ok(Math.abs(t.max_drawdown - 3) < 1e-12, 'peak +0.9091, trough -2.0909');
  assert.deepEqual(tallyBets([]), { bets: 0, wins: 0, losses: 0, pushes: 0, pending: 0, staked: 0, units: 0, roi: null, hit_rate: null, clv: null, avg_edge: null, max_drawdown: 0 });
});
