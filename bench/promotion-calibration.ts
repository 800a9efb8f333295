// Calibration of the promotion decision on the demo league (issue 9): how often do the gates
// promote a candidate that is NOT better (false promotions), and how often one that is (power)?
// Paired block bootstrap vs an unpaired one for comparison.
//
// Setup: the walk-forward predictions of a market-error ridge (v2-002's config) on the demo
// league's development seasons are the common skill. A "null pair" is two candidates of equal
// true skill: the same predictions plus independent noise N(0, tau). An "edge" candidate moves
// its predictions a share w of the way toward the generator's true expected margin (known only
// to this bench) before the same noise. Each pair goes through the real betting policy and the
// real phase-2 gates.
//
// Families (issue 17): k null candidates (equal skill) tested against one baseline, as a phase
// tests several experiments against one champion. "Promoted" means at least one candidate of the
// family passes all five gates: uncorrected (each judged alone, the old behaviour) and with the
// significance gate judged by Holm over the whole family (what `promote` checks).
//
//   node --import tsx bench/promotion-calibration.ts [pairs=200] [resamples=10000] [families=200] [--families-only] [--json]
//
// --families-only skips the single-pair table (the CPU-heavy part is then the families alone).
import { loadavg } from 'node:os';
import { generateDemoLeague } from '../src/data/sources/demo/league.ts';
import { loadConfig } from '../src/config/load.ts';
import { packageConfDir } from '../src/config/confdir.ts';
import { seasonRoles } from '../src/evaluation/walkforward.ts';
import { evaluateSeasons } from '../src/workflow/train/train.ts';
import { backtest, type MarketPredictions } from '../src/evaluation/backtest.ts';
import { promotionTest, type ModelRun } from '../src/evaluation/gates.ts';
import { weekBlock, type GameResult } from '../src/evaluation/bootstrap.ts';
import { holm } from '../src/evaluation/holm.ts';
import { silentProgress } from '../src/util/progress.ts';
import { Rng } from '../src/util/prng.ts';
import type { ScoredBet } from '../src/evaluation/types.ts';
import { unpairedBlockBootstrap } from '../test/support/unpaired-bootstrap.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const pairs = Number(args[0] ?? 200);
const resamples = Number(args[1] ?? 10000);
const nFamilies = Number(args[2] ?? 200);
const json = process.argv.includes('--json');
const familiesOnly = process.argv.includes('--families-only');
const TAU = 1.0;

const t0 = Date.now();
const { dataset, truth } = generateDemoLeague({ seasons: [2014, 2024], seed: 42 });
const { config } = loadConfig({ confDir: packageConfDir(), overrides: ['experiment=v2-002', 'markets=[spread]'] });
const gates = { ...loadConfig({ confDir: packageConfDir(), overrides: ['gates=phase2'] }).config.gates };
gates.significance = { ...gates.significance, n_bootstrap: resamples };
const roles = seasonRoles(dataset.games, config.evaluation);
const ev = await evaluateSeasons(dataset, config, roles.dev, silentProgress);
const base = ev.predictions[0]!;
const rows = base.design.rows;
const trueMargin = Float64Array.from(rows, (r) => truth.get(r.game_id)?.expected_margin ?? NaN);
const setupSeconds = (Date.now() - t0) / 1000;

function candidate(rng: Rng, w: number): MarketPredictions {
  const oos = new Float64Array(base.oos.length);
  for (let i = 0; i < oos.length; i++) {
    const p = base.oos[i]!;
    oos[i] = Number.isFinite(p) ? p + w * (trueMargin[i]! - p) + rng.normal(0, TAU) : NaN;
  }
  return { design: base.design, oos, sigma: base.sigma };
}

function run(id: string, m: MarketPredictions): ModelRun {
  const { records, bets } = backtest([m], config.betting);
  return {
    id,
    predictions: records.map((r) => ({ season: r.season, season_type: r.season_type, week: r.week, game_id: r.game_id, bet_type: r.market, prediction: r.prediction, actual: r.actual })),
    bets,
  };
}

function perGame(bets: readonly ScoredBet[]): GameResult[] {
  return bets.map((b) => ({ game_id: b.game_id, block: weekBlock(b), staked: b.recommended_units, units: b.units_won }));
}

interface Tally {
  n: number;
  promoted: number;
  significant: number;
  unpairedSignificant: number;
  hitLift: number;
  roiLift: number;
}

function simulate(w: number, seed: number): Tally {
  const rng = new Rng(seed);
  const t: Tally = { n: 0, promoted: 0, significant: 0, unpairedSignificant: 0, hitLift: 0, roiLift: 0 };
  for (let k = 0; k < pairs; k++) {
    const a = run('A', candidate(rng, 0));
    const b = run('B', candidate(rng, w));
    const test = promotionTest({ baseline: a, candidate: b, market: 'spread', created_at: '' }, { ...gates, significance: { ...gates.significance, seed: seed + k } });
    const unpaired = unpairedBlockBootstrap(perGame(a.bets), perGame(b.bets), { n: resamples, seed: seed + k });
    t.n++;
    if (test.passed) t.promoted++;
    if (test.gates.significance.passed) t.significant++;
    if (unpaired.confidence > gates.significance.min_confidence) t.unpairedSignificant++;
    t.roiLift += (test.improvement ?? 0) * 100;
    t.hitLift += test.gates.performance.detail ? hitLift(a, b) : 0;
  }
  return t;
}

function hitLift(a: ModelRun, b: ModelRun): number {
  const hr = (bets: readonly ScoredBet[]) => {
    const w = bets.filter((x) => x.result === 'win').length;
    const l = bets.filter((x) => x.result === 'loss').length;
    return w + l ? w / (w + l) : NaN;
  };
  return (hr(b.bets) - hr(a.bets)) * 100;
}

/** Null families of k candidates against one baseline: any passing alone vs any passing under Holm. */
function families(k: number, seed: number): { n: number; uncorrected: number; holm: number; sigUncorrected: number; sigHolm: number } {
  const rng = new Rng(seed);
  const t = { n: 0, uncorrected: 0, holm: 0, sigUncorrected: 0, sigHolm: 0 };
  const alpha = 1 - gates.significance.min_confidence;
  for (let f = 0; f < nFamilies; f++) {
    const a = run('A', candidate(rng, 0));
    const cands = Array.from({ length: k }, (_, j) => run(`B${j}`, candidate(rng, 0)));
    const cfg = (j: number) => ({ ...gates, significance: { ...gates.significance, seed: seed + f * 10 + j } });
    const alone = cands.map((b, j) => promotionTest({ baseline: a, candidate: b, market: 'spread', created_at: '' }, cfg(j)));
    const family = alone.map((x, j) => ({ candidate: `B${j}`, p_value: x.p_value }));
    // The family changes only the significance gate, and only toward stricter: a candidate that
    // fails alone fails in its family, so only the ones passing alone are judged again (same seed).
    const judged = cands.map((b, j) =>
      alone[j]!.passed ? promotionTest({ baseline: a, candidate: b, market: 'spread', family: family.filter((_, i) => i !== j), created_at: '' }, cfg(j)) : alone[j]!,
    );
    t.n++;
    if (alone.some((x) => x.passed)) t.uncorrected++;
    if (judged.some((x) => x.passed)) t.holm++;
    // the significance gate alone (the error rate Holm controls; the other gates only remove promotions)
    if (alone.some((x) => x.p_value < alpha)) t.sigUncorrected++;
    if (holm(alone.map((x) => x.p_value), alpha).rejected.some(Boolean)) t.sigHolm++;
  }
  return t;
}

const scenarios = [
  { name: 'null (equal skill)', w: 0 },
  { name: 'edge w=0.10', w: 0.1 },
  { name: 'edge w=0.20', w: 0.2 },
  { name: 'edge w=0.30', w: 0.3 },
];
const t1 = Date.now();
const results = familiesOnly ? [] : scenarios.map((s, i) => ({ ...s, ...simulate(s.w, 1000 * (i + 1)) }));
const simSeconds = (Date.now() - t1) / 1000;
const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)}%`;
console.log(`demo league seed 42, development seasons ${roles.dev.join(', ')}; base: ${config.experiment?.id} (${config.features.name}, market-error ridge); noise tau ${TAU}; ${pairs} pairs x ${resamples} resamples`);
console.log(`1-minute load average ${loadavg()[0]!.toFixed(2)}; setup ${setupSeconds.toFixed(1)} s, simulation ${simSeconds.toFixed(1)} s`);
console.log('scenario             | mean ROI lift | mean hit lift | promoted (all 5 gates) | significance gate (paired) | significance (unpaired)');
for (const r of results) {
  console.log(
    `${r.name.padEnd(20)} | ${(r.roiLift / r.n).toFixed(2).padStart(13)} | ${(r.hitLift / r.n).toFixed(2).padStart(13)} | ${pct(r.promoted, r.n).padStart(22)} | ${pct(r.significant, r.n).padStart(26)} | ${pct(r.unpairedSignificant, r.n).padStart(23)}`,
  );
}
const t2 = Date.now();
const fam = [1, 3, 5].map((k, i) => ({ k, ...families(k, 50000 + 1000 * i) }));
console.log(`\nnull families (${nFamilies} per size, ${resamples} resamples, simulation ${((Date.now() - t2) / 1000).toFixed(1)} s, 1-minute load average ${loadavg()[0]!.toFixed(2)}): share of families where some candidate is promoted (all 5 gates); nominal ${(100 * (1 - gates.significance.min_confidence)).toFixed(0)}%`);
console.log('candidates | all 5 gates, each alone | all 5 gates, Holm over the family | significance gate only, each alone | significance gate only, Holm');
for (const f of fam) {
  console.log(`${String(f.k).padStart(10)} | ${pct(f.uncorrected, f.n).padStart(23)} | ${pct(f.holm, f.n).padStart(33)} | ${pct(f.sigUncorrected, f.n).padStart(34)} | ${pct(f.sigHolm, f.n).padStart(28)}`);
}
if (json) console.log(JSON.stringify({ pairs, resamples, tau: TAU, dev_seasons: roles.dev, results, families: fam }));
