import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BREAK_EVEN_HIT_RATE, byMarket, kpiFromLog, kpiFromScored, meanClv } from './kpis.ts';

const row = (bet_type: string, result: string, stake: number, units: number, clv = '') => ({ bet_type, result, recommended_units: String(stake), units_won: String(units), clv });

test('break-even hit rate at −110 is 110/210 = 52.38%', () => {
  assert.equal(BREAK_EVEN_HIT_RATE.toFixed(4), '0.5238');
});

test('scored KPIs: pending rows are counted as bets but not settled; CLV averages the rows that have one', () => {
  const rows = [row('spread', 'win', 2, 1.8182, '0.5'), row('spread', 'loss', 1, -1, '1.5'), row('spread', 'push', 1, 0), row('total', 'pending', 1, 0)];
  const k = kpiFromScored(rows);
  assert.deepEqual({ ...k, units: +k.units.toFixed(4), roi: +k.roi!.toFixed(6) }, { bets: 4, wins: 1, losses: 1, pushes: 1, pending: 1, units: 0.8182, roi: +(0.8182 / 4).toFixed(6), hit_rate: 0.5, clv: 1, clv_prob: null, source: 'scored' });
  assert.equal(meanClv([row('spread', 'win', 1, 1)]), null);
  assert.deepEqual([...byMarket(rows).entries()].map(([m, r]) => [m, r.length]), [['spread', 3], ['total', 1]]);
});

test('log KPIs: sums of the weeks, ROI over the staked units, CLV weighted by bets when the scored rows have none', () => {
  const log = [
    { season: 2024, week: 1, bets: 4, wins: 3, losses: 1, pushes: 0, staked: 4, units: 1.7273, roi: 0.4318, clv: 1, pending: '0' },
    { season: 2024, week: 2, bets: 6, wins: 2, losses: 3, pushes: 1, staked: 6, units: -1.1818, roi: -0.197, clv: 0, pending: '1' },
  ];
  const k = kpiFromLog(2024, log, []);
  assert.equal(k.bets, 10);
  assert.equal(k.hit_rate, 5 / 9);
  assert.ok(Math.abs(k.units - 0.5455) < 1e-12, String(k.units));
  assert.ok(Math.abs(k.roi! - 0.5455 / 10) < 1e-12, String(k.roi));
  assert.equal(k.clv, (1 * 4 + 0 * 6) / 10);
  assert.equal(k.pending, 1);
  assert.equal(kpiFromLog(2024, log, [row('spread', 'win', 1, 1, '2')]).clv, 2, 'scored rows win over the log');
});
