import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { bettingSchema, type BettingConfig } from '../config/groups/betting.ts';
import { normalCdf } from './normal.ts';
import { applyPolicy, decide, riskLimitOutcomes, type Candidate } from './policy.ts';
import type { Bet } from './types.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const SHIPPED: BettingConfig = bettingSchema.parse(parse(readFileSync(new URL('../../conf/betting/default.yaml', import.meta.url), 'utf8')));
// The tests below pin their own thresholds (3 points for spreads, 4 for totals, 0.53), so they
// check the policy's arithmetic, not whatever the shipped defaults are today.
const CFG: BettingConfig = {
  ...SHIPPED,
  markets: {
    spread: { edge_threshold: 3, min_cover_probability: 0.53, min_expected_value: 0 },
    total: { edge_threshold: 4, min_cover_probability: 0.53, min_expected_value: 0 },
  },
};

function cand(p: Partial<Candidate>): Candidate {
  return {
    game_id: 'g1',
    season: 2024,
    season_type: 'regular',
    week: 5,
    bet_type: 'spread',
    prediction: 7,
    line: -3,
    sigma: 14,
    home_prior_games: 4,
    away_prior_games: 4,
    ...p,
  };
}

test('the shipped betting config parses', () => {
  assert.equal(SHIPPED.markets.spread.edge_threshold, 1);
  assert.equal(SHIPPED.markets.spread.min_cover_probability, 0.524);
  assert.equal(SHIPPED.stake.method, 'flat');
  assert.equal(SHIPPED.limits.max_bets_per_week, 12);
});

test('a spread bet on the home side at −110 (default price)', () => {
  const d = decide(cand({}), CFG);
  assert.equal(d.reason, null);
  assert.equal(d.side, 'home');
  assert.equal(d.edge, 4);
  assert.equal(d.price, -110);
  // integer line −3: home wins when margin ≥ 4, i.e. X > 3.5
  const pWin = 1 - normalCdf((3.5 - 7) / 14);
  const pLoss = normalCdf((2.5 - 7) / 14);
  close(d.cover_probability, pWin / (pWin + pLoss));
  close(d.expected_value, pWin / 1.1 - pLoss);
  assert.deepEqual(
    { ...d.bet!, cover_probability: 0, expected_value: 0 },
    { game_id: 'g1', season: 2024, season_type: 'regular', week: 5, bet_type: 'spread', side: 'home', line: -3, price: -110, prediction: 7, edge: 4, cover_probability: 0, expected_value: 0, recommended_units: 1 },
  );
});

test('away and under sides use their own prices', () => {
  const d = decide(cand({ prediction: -4, line: 3.5, price_home: -130, price_away: 110 }), CFG);
  assert.equal(d.side, 'away');
  assert.equal(d.price, 110);
  assert.equal(d.edge, -0.5);
  assert.match(d.reason!, /\|edge\| 0.50 < 3/);
  const t = decide(cand({ bet_type: 'total', prediction: 40, line: 48, price_over: -105, price_under: -115 }), CFG);
  assert.equal(t.side, 'under');
  assert.equal(t.price, -115);
  assert.equal(t.reason, null);
  assert.equal(t.bet!.side, 'under');
});

test('eligibility, thresholds and bad prices', () => {
  assert.match(decide(cand({ away_prior_games: 1 }), CFG).reason!, /not eligible: fewer than 2 prior games \(home 4, away 1\)/);
  assert.match(decide(cand({ prediction: 50, line: -40 }), CFG).reason!, /not eligible: \|prediction\| 50.0 > 45/);
  // a total of 60 points is not |prediction| > 45 ineligible
  assert.equal(decide(cand({ bet_type: 'total', prediction: 60, line: 52 }), CFG).reason, null);
  assert.equal(decide(cand({ prediction: 3 }), CFG).reason, 'no edge');
  const strict = { ...CFG, markets: { ...CFG.markets, spread: { edge_threshold: 3, min_cover_probability: 0.7, min_expected_value: 0 } } };
  assert.match(decide(cand({}), strict).reason!, /cover probability 0.6\d\d < 0.7/);
  const ev = { ...CFG, markets: { ...CFG.markets, spread: { edge_threshold: 3, min_cover_probability: 0.5, min_expected_value: 0.5 } } };
  assert.match(decide(cand({}), ev).reason!, /expected value 0.1\d\d < 0.5/);
  assert.throws(() => decide(cand({ price_home: 20 }), CFG), /game g1 spread: invalid home price 20/);
});

test('Kelly and fixed-fractional stakes through the policy', () => {
  const k = decide(cand({ prediction: 10 }), { ...CFG, stake: { ...CFG.stake, method: 'kelly' } });
  const p = k.probabilities;
  const f = (p.p_win / 1.1 - p.p_loss) / ((1 / 1.1) * (p.p_win + p.p_loss));
  close(k.bet!.recommended_units, Math.min(0.25 * f, 0.05) * 100);
  const ff = decide(cand({ prediction: 10 }), { ...CFG, stake: { ...CFG.stake, method: 'fixed_fractional' } }, 200);
  close(ff.bet!.recommended_units, 200 * 0.02 * 1.4); // edge 7 = threshold + 4 → +40%
});

function bet(game: string, ev: number, units = 1, type: Bet['bet_type'] = 'spread'): Bet {
  return { game_id: game, season: 2024, season_type: 'regular', week: 5, bet_type: type, side: type === 'spread' ? 'home' : 'over', line: -3, price: -110, prediction: 7, edge: 4, cover_probability: 0.6, expected_value: ev, recommended_units: units };
}

test('risk limits: in order of EV, ≤ N bets, one per game × market, stake and exposure caps', () => {
  const limits = { max_bets_per_week: 3, one_per_game_market: true, max_stake_fraction: 0.05, max_weekly_exposure: 0.15 };
  const bets = [bet('a', 0.01), bet('b', 0.2, 8), bet('c', 0.1), bet('b', 0.15), bet('b', 0.12, 1, 'total'), bet('d', 0.05)];
  const out = riskLimitOutcomes(bets, limits, 100);
  assert.deepEqual(out, [
    { units: 0, reason: 'weekly limit of 3 bets reached' },
    { units: 5, reason: null }, // 8 capped at 5% of 100
    { units: 1, reason: null },
    { units: 0, reason: 'already a spread bet on game b' },
    { units: 1, reason: null },
    { units: 0, reason: 'weekly limit of 3 bets reached' },
  ]);
  // the accepted ones, with their capped stakes
  const accepted = riskLimitOutcomes(bets, limits, 100).flatMap((o, i) => (o.reason === null ? [[bets[i]!.game_id, bets[i]!.bet_type, o.units]] : []));
  assert.deepEqual(accepted.sort(), [
    ['b', 'spread', 5],
    ['b', 'total', 1],
    ['c', 'spread', 1],
  ]);
  // exposure 15% of 100: 5 + 5 + 5 fills it; the next is refused; a bet crossing it is trimmed
  const big = [bet('a', 0.3, 5), bet('b', 0.2, 5), bet('c', 0.1, 6), bet('d', 0.05, 5)];
  const lim2 = { ...limits, max_bets_per_week: 12 };
  assert.deepEqual(riskLimitOutcomes(big, lim2, 100).map((o) => [o.units, o.reason]), [
    [5, null],
    [5, null],
    [5, null],
    [0, 'weekly exposure limit of 15 units reached'],
  ]);
  assert.deepEqual(riskLimitOutcomes([bet('a', 0.3, 5), bet('b', 0.2, 4), bet('c', 0.1, 5)], lim2, 100).map((o) => o.units), [5, 4, 5]);
  assert.deepEqual(riskLimitOutcomes([bet('a', 0.3, 5), bet('b', 0.2, 5), bet('c', 0.1, 4), bet('d', 0, 5)], lim2, 100).map((o) => o.units), [5, 5, 4, 1]);
});

test('applyPolicy limits each week separately and explains refusals', () => {
  const cfg = { ...CFG, limits: { ...CFG.limits, max_bets_per_week: 2 } };
  const cands = [
    cand({ game_id: 'w6a', week: 6, prediction: 12 }),
    cand({ game_id: 'w5a', prediction: 8 }),
    cand({ game_id: 'w5b', prediction: 12 }),
    cand({ game_id: 'w5c', prediction: 10 }),
    cand({ game_id: 'w5d', prediction: 1 }),
  ];
  const r = applyPolicy(cands, cfg);
  assert.deepEqual(r.bets.map((b) => b.game_id), ['w5b', 'w5c', 'w6a']);
  assert.deepEqual(r.decisions.map((d) => d.reason), [null, 'weekly limit of 2 bets reached', null, null, '|edge| 2.00 < 3']);
  assert.equal(r.decisions[0]!.bet!.recommended_units, 1);
});
