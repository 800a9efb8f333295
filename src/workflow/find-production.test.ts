import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tallyBets } from '../evaluation/bet-totals.ts';
import { betTotals } from './find-production.ts';

const rows = [
  { result: 'win', recommended_units: 1, units_won: 0.9091, edge: 3, clv: 0.5 },
  { result: 'loss', recommended_units: 2, units_won: -2, edge: -4, clv: null },
  { result: 'push', recommended_units: 1, units_won: 0, edge: 5, clv: -1.5 },
  { result: 'loss', recommended_units: 1, units_won: -1, edge: 2, clv: null },
  { result: 'pending', recommended_units: 1, units_won: 0, edge: 6, clv: null },
];

test('betTotals of a file agrees with tallyBets; an unscored file has stakes but no results', () => {
  const text = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));
  const t = betTotals(text, true);
  const k = tallyBets(rows);
  assert.deepEqual([t.wins, t.losses, t.pushes, t.pending, t.units_won, t.roi, t.hit_rate], [k.wins, k.losses, k.pushes, k.pending, k.units, k.roi, k.hit_rate]);
  assert.equal(t.staked, 6, 'every row staked, pending included');
  assert.deepEqual(betTotals(text, false), { bets: 5, staked: 6, wins: 0, losses: 0, pushes: 0, pending: 0, units_won: null, roi: null, hit_rate: null });
});
