import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BettingConfig } from '../config/groups/betting.ts';
import { bankrollFor, bankrollLedger } from './bankroll.ts';
import { riskLimitOutcomes } from './policy.ts';
import { stakeUnits } from './stake.ts';

const wk = (week: number, units: number, staked = 10) => ({ season: 2025, week, season_type: 'regular' as const, staked, units, pending: 0 });

test('the bankroll compounds week by week: each week starts where the last one ended', () => {
  const rows = bankrollLedger(100, [wk(1, 5), wk(2, -12.5), wk(3, 0)]);
  assert.deepEqual(rows.map((r) => [r.bankroll_before, r.bankroll_after]), [[100, 105], [105, 92.5], [92.5, 92.5]]);
  assert.equal(bankrollFor(100, [wk(1, 5), wk(2, -12.5)]), 92.5);
  assert.equal(bankrollFor(100, [wk(1, -130)]), 0, 'a busted bankroll is 0, not negative');
  assert.throws(() => bankrollLedger(0, []), /starting bankroll must be positive/);
});

test('fractional Kelly and the weekly limits are sized with the compounded bankroll', () => {
  const stake: BettingConfig['stake'] = { method: 'kelly', flat_units: 1, base_fraction: 0.02, per_point: 0.1, max_multiplier: 2, kelly_fraction: 0.25, kelly_cap: 0.05 };
  const probabilities = { p_win: 0.56, p_loss: 0.44, p_push: 0 };
  const at = (bankroll: number) => stakeUnits({ absEdge: 3, threshold: 1, probabilities, price: -110, bankroll }, stake);
  // full Kelly (0.56 · 10/11 − 0.44)/(10/11) = 0.076; a quarter of it: 1.9% of the bankroll
  const f = (0.25 * (0.56 * (10 / 11) - 0.44)) / (10 / 11);
  assert.ok(Math.abs(at(100) - 100 * f) < 1e-12);
  const after = bankrollFor(100, [wk(1, 20)]);
  assert.ok(Math.abs(at(after) - 120 * f) < 1e-12, 'after a +20 week the stake is 20% larger');
  // exposure limit 15% of the bankroll: at 80 units, twelve 1-unit bets are trimmed to 12 units of room
  const limits = { max_bets_per_week: 20, one_per_game_market: true, max_stake_fraction: 0.05, max_weekly_exposure: 0.15 };
  const bet = (i: number) => ({ game_id: `g${i}`, season: 2025, season_type: 'regular' as const, week: 2, bet_type: 'spread' as const, side: 'home' as const, line: -3, price: -110, prediction: 0, edge: 3, cover_probability: 0.56, expected_value: 0.07 - i / 1000, recommended_units: 1 });
  const bets = Array.from({ length: 14 }, (_, i) => bet(i));
  const staked = (bankroll: number) => riskLimitOutcomes(bets, limits, bankroll).reduce((s, o) => s + o.units, 0);
  assert.equal(staked(100), 14);
  assert.ok(Math.abs(staked(bankrollFor(100, [wk(1, -20)])) - 12) < 1e-9);
});
