import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TALLY_ROWS } from '../../test/support/evaluation-testkit.ts';
import { tallyBets } from '../evaluation/bet-totals.ts';
import { betTotals } from '../readers/production.ts';

const rows = TALLY_ROWS;

test('betTotals of a file agrees with tallyBets; an unscored file has stakes but no results', () => {
  const text = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));
  const t = betTotals(text, true);
  const k = tallyBets(rows);
  assert.deepEqual([t.wins, t.losses, t.pushes, t.pending, t.units_won, t.roi, t.hit_rate, t.clv], [k.wins, k.losses, k.pushes, k.pending, k.units, k.roi, k.hit_rate, k.clv]);
  assert.equal(t.staked, 6, 'every row staked, pending included');
  assert.deepEqual(betTotals(text, false), { bets: 5, staked: 6, wins: 0, losses: 0, pushes: 0, pending: 0, units_won: null, roi: null, hit_rate: null, clv: null, clv_prob: null, n_clv: 0 });
});
