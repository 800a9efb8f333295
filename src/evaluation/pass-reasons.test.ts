import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPolicy } from './policy.ts';
import { noBetsLine, notCandidateKind, reasonKind, summarizeReasons } from './pass-reasons.ts';

test('reasonKind: the per-game figures go, the rule stays', () => {
  assert.equal(reasonKind('not eligible: fewer than 2 prior games (home 0, away 1)'), 'not eligible (fewer than 2 prior games)');
  assert.equal(reasonKind('not eligible: |prediction| 47.2 > 45'), 'not eligible (|prediction| above 45)');
  assert.equal(reasonKind('|edge| 0.42 < 1'), 'edge below 1 point');
  assert.equal(reasonKind('|edge| 0.42 < 1.5'), 'edge below 1.5 points');
  assert.equal(reasonKind('cover probability 0.511 < 0.524'), 'cover probability below 0.524');
  assert.equal(reasonKind('expected value -0.013 < 0'), 'expected value below 0');
  assert.equal(reasonKind('already a spread bet on game g1'), 'one bet per game and market');
  assert.equal(reasonKind('weekly limit of 12 bets reached'), 'weekly limit of 12 bets reached');
});

test('summarizeReasons and noBetsLine: counts by kind, most frequent first; bets (null reasons) not counted', () => {
  const s = summarizeReasons(['|edge| 0.1 < 1', null, 'not eligible: fewer than 2 prior games (home 0, away 0)', '|edge| 0.7 < 1', 'not eligible: fewer than 2 prior games (home 1, away 3)', 'not eligible: fewer than 2 prior games (home 1, away 0)']);
  assert.deepEqual(s, [
    { kind: 'not eligible (fewer than 2 prior games)', n: 3 },
    { kind: 'edge below 1 point', n: 2 },
  ]);
  assert.equal(noBetsLine(5, s), '5 candidates, none bet: 3 not eligible (fewer than 2 prior games), 2 edge below 1 point');
  assert.equal(noBetsLine(1, [{ kind: 'edge below 1 point', n: 1 }]), '1 candidate, none bet: 1 edge below 1 point');
  assert.equal(noBetsLine(0, []), 'no candidate');
  assert.equal(noBetsLine(0, [{ kind: 'not eligible (a team with fewer than 2 prior games this season)', n: 92 }]), 'no candidate: 92 not eligible (a team with fewer than 2 prior games this season)');
});

test('the policy’s own reasons are all recognised (an early week: both teams without prior games)', () => {
  const cfg = {
    markets: { spread: { edge_threshold: 1, min_cover_probability: 0.524, min_expected_value: 0 }, total: { edge_threshold: 1, min_cover_probability: 0.524, min_expected_value: 0 } },
    eligibility: { min_prior_games: 2, max_abs_prediction: 45 },
    stake: { method: 'flat', flat_units: 1, base_fraction: 0.02, per_point: 0.1, max_multiplier: 2, kelly_fraction: 0.25, kelly_cap: 0.05 },
    limits: { max_bets_per_week: 12, one_per_game_market: true, max_stake_fraction: 0.05, max_weekly_exposure: 0.15 },
    bankroll: 100, unit_size: 1, default_price: -110,
  } as const;
  const cand = (id: string, prior: number, prediction: number) => ({
    game_id: id, season: 2023, season_type: 'regular' as const, week: 1, bet_type: 'spread' as const, prediction, line: -3, sigma: 15,
    home_prior_games: prior, away_prior_games: prior, price_home: null, price_away: null, price_over: null, price_under: null,
  });
  const { bets, decisions } = applyPolicy([cand('a', 0, 10), cand('b', 0, 9), cand('c', 3, 3.2)], cfg as never);
  assert.equal(bets.length, 0);
  assert.deepEqual(summarizeReasons(decisions.map((d) => d.reason)), [
    { kind: 'not eligible (fewer than 2 prior games)', n: 2 },
    { kind: 'edge below 1 point', n: 1 },
  ]);
});

test('notCandidateKind: the games that never became candidates (the design row as build.ts writes it)', () => {
  const reason = 'home team has 0 prior game(s) this season (min_games 2); away team has 1 prior game(s) this season (min_games 2)';
  assert.equal(notCandidateKind({ line: -3, eligible: false, ineligible_reason: reason }, 1.2), 'not eligible (a team with fewer than 2 prior games this season)');
  assert.equal(notCandidateKind({ line: -3, eligible: false, ineligible_reason: 'missing: epa_diff' }, 1.2), 'not eligible (missing feature values)');
  assert.equal(notCandidateKind({ line: null, eligible: true }, 1.2), 'no line yet');
  assert.equal(notCandidateKind({ line: -3, eligible: true }, NaN), 'no prediction');
  assert.equal(notCandidateKind({ line: -3, eligible: true }, 1.2), null);
});
