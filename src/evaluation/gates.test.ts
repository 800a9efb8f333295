import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { gatesSchema, type GatesConfig } from '../config/groups/gates.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { promotionTest, stabilityPeriods, type ModelRun } from './gates.ts';
import type { EvaluatedGame } from './metrics.ts';
import { scored } from '../../test/support/evaluation-testkit.ts';

const conf = (name: string): GatesConfig => gatesSchema.parse(parse(readFileSync(new URL(`../../conf/gates/${name}.yaml`, import.meta.url), 'utf8')));
const P2 = { ...conf('phase2'), significance: { ...conf('phase2').significance, n_bootstrap: 2000 } };
const WEEKS = 20;
const PER_WEEK = 10;

/** A model over 20 weeks × 10 games, betting the home side at −110 where `bets(i)`; `wins(i)` decides results. */
function run(id: string, o: { wins: (i: number) => boolean; bets?: (i: number) => boolean; error?: number }): ModelRun {
  const predictions: EvaluatedGame[] = [];
  const bets = [];
  for (let i = 0; i < WEEKS * PER_WEEK; i++) {
    const week = 1 + Math.floor(i / PER_WEEK);
    const g = { game_id: `g${String(i).padStart(3, '0')}`, season: 2023, season_type: 'regular' as const, week };
    predictions.push({ ...g, bet_type: 'spread', prediction: (i % 2 ? 1 : -1) * (o.error ?? 5), actual: 0 });
    if (o.bets?.(i) ?? true) {
      const win = o.wins(i);
      bets.push(scored({ ...g, result: win ? 'win' : 'loss', units_won: win ? 100 / 110 : -1 }));
    }
  }
  return { id, predictions, bets };
}
const alternate = (i: number) => i % 2 === 0; // 50% hit rate
const BASE = run('v2-001', { wins: alternate });
const GOOD = run('v2-002', { wins: (i) => alternate(i) || i % 10 === 1 }); // one more win in every week: 60%
const AT = '2026-11-29T04:00:00.000Z';

test('a clearly better candidate passes all five gates; the JSON object has exactly the contract fields', () => {
  const r = promotionTest({ baseline: BASE, candidate: GOOD, market: 'all', created_at: AT }, P2);
  assert.deepEqual(Object.keys(r), [
    'baseline_id', 'candidate_id', 'phase', 'market', 'baseline_roi', 'candidate_roi', 'improvement', 'p_value', 'confidence',
    'ci95', 'candidate_p_profit', 'candidate_roi_ci95', 'baseline_convention', 'family', 'passed', 'gates', 'n_common_games', 'n_bootstrap', 'seed', 'block', 'overrides', 'created_at',
  ]);
  assert.deepEqual(Object.keys(r.gates), ['performance', 'volume', 'significance', 'stability', 'no_degradation']);
  for (const g of Object.values(r.gates)) assert.deepEqual(Object.keys(g), ['passed', 'value', 'threshold', 'detail']);
  assert.equal(r.passed, true);
  assert.equal(r.phase, 2);
  assert.equal(r.n_common_games, 200);
  assert.equal(r.n_bootstrap, 2000);
  assert.equal(r.seed, 20240901);
  assert.equal(r.block, 'week');
  assert.equal(r.created_at, AT);
  assert.equal(r.baseline_convention, 'bets');
  assert.deepEqual(r.family, { candidates: 1, alpha: 1 - 0.9, holm_p_value: 0, others: [] });
  // baseline: 100 wins, 100 losses at −110 → (100/1.1 − 100)/200; candidate: 120 / 80
  const b = (100 / 1.1 - 100) / 200;
  const c = (120 / 1.1 - 80) / 200;
  assert.ok(Math.abs(r.baseline_roi! - b) < 1e-12 && Math.abs(r.candidate_roi! - c) < 1e-12);
  assert.ok(Math.abs(r.improvement! - (c - b)) < 1e-12);
  assert.equal(r.confidence, 1); // every week has one extra win: every resample favours the candidate
  assert.equal(r.p_value, 0);
  assert.ok(Math.abs(r.ci95[0] - (c - b)) < 1e-9 && Math.abs(r.ci95[1] - (c - b)) < 1e-9);
  assert.ok(Math.abs(r.gates.performance.value! - (c - b) * 100) < 1e-9);
  assert.equal(r.gates.volume.value, 200);
  assert.equal(r.gates.stability.value, 4);
  assert.equal(r.gates.no_degradation.passed, true);
  assert.match(r.gates.no_degradation.detail, /MAE 5.00 vs 5.00 \(0.0% better\); bets\/week 10.00 vs 10.00/);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('performance and significance fail for an equal candidate', () => {
  const r = promotionTest({ baseline: BASE, candidate: run('v2-003', { wins: alternate }), market: 'spread', created_at: AT }, P2);
  assert.equal(r.gates.performance.passed, false);
  assert.equal(r.gates.performance.value, 0);
  assert.match(r.gates.performance.detail, /ROI lift \+0.00 points \(need ≥ 1\) or hit-rate lift \+0.00 points \(need ≥ 1.5\)/);
  assert.equal(r.gates.significance.passed, false);
  assert.equal(r.confidence, 0.5);
  assert.equal(r.p_value, 0.5);
  assert.equal(r.passed, false);
});

test('a hit-rate lift alone passes the performance gate', () => {
  // 60% vs 50% hit rate; the candidate's wins come at −150, so its ROI lift is small.
  const cand = run('v2-004', { wins: (i) => alternate(i) || i % 10 === 1 });
  const pricey = { ...cand, bets: cand.bets.map((x) => (x.result === 'win' ? { ...x, price: -150, units_won: 1 / 1.5 } : x)) };
  const r = promotionTest({ baseline: BASE, candidate: pricey, market: 'all', created_at: AT }, { ...P2, performance: { min_roi_lift: 50, min_hit_rate_lift: 10 } });
  assert.equal(r.gates.performance.passed, true);
  const r2 = promotionTest({ baseline: BASE, candidate: pricey, market: 'all', created_at: AT }, { ...P2, performance: { min_roi_lift: 50, min_hit_rate_lift: 10.01 } });
  assert.equal(r2.gates.performance.passed, false);
});

test('volume fails below the minimum number of bets', () => {
  const r = promotionTest({ baseline: BASE, candidate: GOOD, market: 'all', created_at: AT }, { ...P2, volume: { min_bets: 201 } });
  assert.equal(r.gates.volume.passed, false);
  assert.equal(r.gates.volume.value, 200);
  assert.equal(r.passed, false);
});

test('stability fails when the gain is in one quarter only; an override passes it and is recorded', () => {
  const early = run('v2-005', { wins: (i) => alternate(i) || (i < 50 && i % 10 === 1) });
  const r = promotionTest({ baseline: BASE, candidate: early, market: 'all', created_at: AT }, P2);
  assert.equal(r.gates.stability.passed, false);
  assert.equal(r.gates.stability.value, 1);
  assert.match(r.gates.stability.detail, /1 of 4 chronological quarters \(need ≥ 3\): Q1 \+[\d.]+ vs -4.55; Q2 -4.55 vs -4.55/);
  const o = promotionTest({ baseline: BASE, candidate: early, market: 'all', overrides: [{ gate: 'stability', reason: 'rule change in 2023' }], created_at: AT }, P2);
  assert.equal(o.gates.stability.passed, true);
  assert.match(o.gates.stability.detail, /OVERRIDDEN: rule change in 2023/);
  assert.deepEqual(o.overrides, [{ gate: 'stability', reason: 'rule change in 2023' }]);
  assert.throws(
    () => promotionTest({ baseline: BASE, candidate: early, market: 'all', overrides: [{ gate: 'volume', reason: 'x' }], created_at: AT }, P2),
    (e: unknown) => e instanceof UsageError && /--override volume: only stability can be overridden/.test(e.message),
  );
  assert.throws(() => promotionTest({ baseline: BASE, candidate: early, market: 'all', overrides: [{ gate: 'stability', reason: ' ' }], created_at: AT }, P2), /needs --reason/);
});

test('no degradation fails on a worse MAE or fewer bets per week', () => {
  const worseMae = { ...GOOD, predictions: GOOD.predictions.map((p) => ({ ...p, prediction: p.prediction * 1.2 })) };
  const r = promotionTest({ baseline: BASE, candidate: worseMae, market: 'all', created_at: AT }, P2);
  assert.equal(r.gates.no_degradation.passed, false);
  assert.ok(Math.abs(r.gates.no_degradation.value! - 0.2) < 1e-9);
  assert.match(r.gates.no_degradation.detail, /MAE 6.00 vs 5.00 \(20.0% worse\)/);
  const ok = { ...GOOD, predictions: GOOD.predictions.map((p) => ({ ...p, prediction: p.prediction * 1.1 })) };
  assert.equal(promotionTest({ baseline: BASE, candidate: ok, market: 'all', created_at: AT }, P2).gates.no_degradation.passed, true);
  // betting 8 of 10 games a week is 20% fewer bets per week
  const fewer = run('v2-006', { wins: (i) => alternate(i) || i % 10 === 1, bets: (i) => i % 10 < 8 });
  const f = promotionTest({ baseline: BASE, candidate: fewer, market: 'all', created_at: AT }, P2);
  assert.equal(f.gates.no_degradation.passed, false);
  assert.match(f.gates.no_degradation.detail, /bets\/week 8.00 vs 10.00 \(20.0% worse\)/);
});

test('only common games count, and no common games is a clear error', () => {
  const half = { ...GOOD, predictions: GOOD.predictions.slice(0, 100) };
  const r = promotionTest({ baseline: BASE, candidate: half, market: 'spread', created_at: AT }, P2);
  assert.equal(r.n_common_games, 100);
  assert.equal(r.gates.volume.value, 100);
  assert.throws(
    () => promotionTest({ baseline: BASE, candidate: GOOD, market: 'total', created_at: AT }, P2),
    (e: unknown) => e instanceof UserError && e.message === 'no common evaluated games between v2-001 and v2-002 (market total)',
  );
});

test('stability periods split the candidate bets into equal chronological shares', () => {
  const g = (bs: number, bu: number, cs: number, cu: number) => ({ game_id: '', block: '', baseline_staked: bs, baseline_units: bu, candidate_staked: cs, candidate_units: cu });
  // candidate bets per game 1,1,0,1,1,1,1,1 (7): bets before each game 0,1,2,2,3,4,5,6 → quarter ⌊4·before/7⌋ = 0,0,1,1,1,2,2,3
  const games = [g(1, 1, 1, -1), g(1, -1, 1, 1), g(1, 1, 0, 0), g(0, 0, 1, 1), g(1, -1, 1, 1), g(1, 1, 1, 1), g(0, 0, 1, -1), g(1, -1, 1, 1)];
  const p = stabilityPeriods(games, [1, 1, 0, 1, 1, 1, 1, 1], 4);
  assert.deepEqual(p.map((x) => x.candidate_bets), [2, 2, 2, 1]);
  assert.deepEqual(p.map((x) => [x.baseline_roi, x.candidate_roi, x.candidate_wins]), [
    [0, 0, false],
    [0, 1, true],
    [1, 0, false],
    [-1, 1, true],
  ]);
});

test('a baseline that bets too little stands aside: ROI 0 in the gates and in the bootstrap, break-even hit rate', () => {
  // baseline bets 5 games only (fewer than min_bets 100), winning them all: ROI +90.9% on them
  const tiny = run('v2-001', { wins: () => true, bets: (i) => i < 5 });
  const r = promotionTest({ baseline: tiny, candidate: GOOD, market: 'all', created_at: AT }, P2);
  const c = (120 / 1.1 - 80) / 200;
  assert.equal(r.baseline_convention, 'stands_aside');
  assert.equal(r.baseline_roi, 0);
  assert.ok(Math.abs(r.improvement! - c) < 1e-12);
  assert.ok(Math.abs(r.gates.performance.value! - c * 100) < 1e-9);
  // hit-rate lift against break-even at −110: 60% − 52.38%
  assert.match(r.gates.performance.detail, /hit-rate lift \+7\.62 points .*stands aside, ROI 0/);
  // the bootstrap compares with ROI 0 too: identical to the candidate's own P(ROI > 0)
  assert.equal(r.confidence, r.candidate_p_profit);
  assert.deepEqual(r.ci95, r.candidate_roi_ci95);
  assert.equal(r.gates.no_degradation.passed, true);
  assert.match(r.gates.no_degradation.detail, /not compared: v2-001 stands aside/);
  // a baseline with no bets at all is the same case
  const none = run('v2-001', { wins: () => true, bets: () => false });
  const n = promotionTest({ baseline: none, candidate: GOOD, market: 'all', created_at: AT }, P2);
  assert.equal(n.baseline_roi, 0);
  assert.equal(n.confidence, r.confidence);
  assert.equal(n.passed, true);
});

test("the candidate's own P(ROI > 0) is reported beside the relative verdict", () => {
  // better than a losing baseline (50% → 51%) but itself losing at −110
  const slight = run('v2-007', { wins: (i) => alternate(i) || i % 100 === 1 });
  const r = promotionTest({ baseline: BASE, candidate: slight, market: 'all', created_at: AT }, P2);
  assert.ok(r.candidate_roi! < 0);
  assert.ok(r.confidence > 0.9, 'better than the baseline');
  assert.ok(r.candidate_p_profit < 0.2, `own P(ROI > 0) ${r.candidate_p_profit}`);
  assert.ok(r.candidate_roi_ci95[0] < r.candidate_roi! && r.candidate_roi! < r.candidate_roi_ci95[1]);
  assert.match(r.gates.significance.detail, /own P\(ROI > 0\) = 0\.\d{3}, ROI interval \[-/);
});

test('no degradation is scale-free: four times the volume at the same hit rate does not fail on drawdown or streak', () => {
  // baseline bets 1 game in 4 (every 4th), candidate all games; both win alternate bets at 50%+
  const sparse = run('v2-001', { wins: (i) => Math.floor(i / 4) % 2 === 0, bets: (i) => i % 4 === 0 });
  const dense = run('v2-008', { wins: alternate });
  const r = promotionTest({ baseline: sparse, candidate: dense, market: 'all', created_at: AT }, { ...P2, volume: { min_bets: 40 } });
  // equal stake (the baseline's 50 units): the candidate's first 50 bets alternate win/loss, as do the baseline's
  // 50 — the same path, the same drawdown (in absolute units over all bets the candidate's would be 4× larger)
  assert.match(r.gates.no_degradation.detail, /max drawdown at equal stake \(50\.0 units\) 3\.18 vs 3\.18 \(0\.0% better\)/);
  // streaks: both longest losing streak 1 (ratios 0.14 and 0.20 over 200 and 50 decided bets);
  // the reference is chance as the baseline is less streaky than chance: the coin-flip 95th
  // percentile for the candidate's ~200 decided bets, 11 losses in a row over the expected ~7 (≈ 1.57)
  assert.match(r.gates.no_degradation.detail, /losing streak \/ coin-flip expectation \(reference: the baseline or the chance 95th percentile, whichever is longer\) 0\.14 vs 1\.5\d \(9\d\.\d% better\)/);
  assert.equal(r.gates.no_degradation.passed, true);
});

test('family-wise error: the same p-value passes alone and fails beside two other candidates (Holm)', () => {
  const slight = run('v2-007', { wins: (i) => alternate(i) || i % 100 === 1 });
  const alone = promotionTest({ baseline: BASE, candidate: slight, market: 'all', created_at: AT }, P2);
  assert.ok(alone.p_value > 0.03 && alone.p_value < 0.1, `p ${alone.p_value}`);
  assert.equal(alone.gates.significance.passed, true);
  const family = [{ candidate: 'v2-010', p_value: 0.5 }, { candidate: 'v2-011', p_value: 0.04 }];
  const r = promotionTest({ baseline: BASE, candidate: slight, market: 'all', family, created_at: AT }, P2);
  assert.equal(r.family.candidates, 3);
  assert.ok(Math.abs(r.family.holm_p_value - Math.min(1, Math.max(3 * Math.min(r.p_value, 0.04), 2 * Math.max(r.p_value, 0.04)))) < 1e-12);
  // sorted 0.04, p, 0.5 (or p, 0.04, 0.5): adjusted max(3 × min(p, 0.04), 2 × max(p, 0.04)) > 0.1
  assert.ok(r.family.holm_p_value > 0.1);
  assert.equal(r.gates.significance.passed, false);
  assert.match(r.gates.significance.detail, /Holm over 3 candidates tested against v2-001: adjusted p 0\.\d{4} \(need < 0\.10\)/);
});

test('streak normalisation: a streak within what chance implies never fails; beyond chance and the baseline it does', () => {
  // baseline: alternate wins (ratio ≈ 0.14); candidate: 60% wins but its losses come in one run
  const streaky = (id: string, run_: number) => run(id, { wins: (i) => !(i >= 100 && i < 100 + run_) && (alternate(i) || i % 10 === 1) });
  // 11 losses in a row over ~200 bets is within what a coin-flip bettor reaches one time in twenty
  // (the 95th percentile: 11 / 6.98 ≈ 1.57): the streak is no degradation (its drawdown is another check)
  const chance = promotionTest({ baseline: BASE, candidate: streaky('v2-009', 10), market: 'all', created_at: AT }, P2);
  assert.match(chance.gates.no_degradation.detail, /coin-flip expectation \(reference: the baseline or the chance 95th percentile, whichever is longer\) (1\.5\d) vs \1 \(0\.0% better\)/);
  // a run of 15 (or more): 15 / 6.98 ≈ 2.1 × the expectation, 36% beyond the chance reference → fails
  const r = promotionTest({ baseline: BASE, candidate: streaky('v2-010', 14), market: 'all', created_at: AT }, P2);
  assert.match(r.gates.no_degradation.detail, /coin-flip expectation \(reference: the baseline or the chance 95th percentile, whichever is longer\) 2\.\d\d vs 1\.5\d \(\d+\.\d% worse\)/);
  assert.equal(r.gates.no_degradation.passed, false);
});
