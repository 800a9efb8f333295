// Calibration of the promotion decision on the demo league (issues 9 and 17): how often do the
// gates promote a candidate that is NOT better (false promotions), alone and in families of
// candidates tested against one champion, and how often one that is (power)?
//
// Setup (once): the walk-forward predictions of a market-error ridge (v2-002's config) on the demo
// league's development seasons are the common skill. A replicate only adds noise, bets and tests:
// a "null" candidate is those predictions plus independent noise N(0, tau); an "edge" candidate
// first moves them a share w of the way toward the generator's true expected margin (known only
// to this bench). Each candidate goes through the real betting policy and the real phase-2 gates
// (promotionTest: the studentized paired week-block bootstrap since issue 17).
//
// Null families: a baseline and five null candidates. The family of one is (baseline, B0), of
// three (baseline, B0..B2), of five all of them — nested, so every family drawn counts once in
// each size (each size's rate is an independent-family binomial; the sizes are correlated with
// each other). A family counts as a false promotion when at least one candidate passes all five
// gates, judged each alone or with the significance gate judged by Holm over the family (what
// `promote` checks: Holm changes only that gate, so "passes with Holm" = passes the four other
// gates and Holm rejects its null). The significance gate is also shown alone, for the
// studentized bootstrap the gate uses and for the percentile bootstrap it used before (the share
// of plain resamples with a positive difference), on the same pairs and the same block draws.
//
// Edge pairs (power): `pairs` pairs per w, the same gates; the unpaired bootstrap for comparison.
//
//   node --import tsx bench/promotion-calibration.ts [families=1000] [pairs=300] [resamples=2000] [--seed=N] [--json]
//
// families 0 or pairs 0 skips that part. Progress lines go to stderr.
import { loadavg } from 'node:os';
import { cpuUsage } from 'node:process';
import { generateDemoLeague } from '../src/data/sources/demo/league.ts';
import { loadConfig } from '../src/config/load.ts';
import { packageConfDir } from '../src/config/confdir.ts';
import { seasonRoles } from '../src/evaluation/walkforward.ts';
import { evaluateSeasons } from '../src/workflow/train/train.ts';
import { backtest, type MarketPredictions } from '../src/evaluation/backtest.ts';
import { promotionTest, type ModelRun, type PromotionTest } from '../src/evaluation/gates.ts';
import { blockSums, pairGames, pairedDifferences, weekBlock, type GameResult } from '../src/evaluation/bootstrap.ts';
import { holm } from '../src/evaluation/holm.ts';
import { silentProgress } from '../src/util/progress.ts';
import { Rng } from '../src/util/prng.ts';
import type { ScoredBet } from '../src/evaluation/types.ts';
import { unpairedBlockBootstrap } from '../test/support/unpaired-bootstrap.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const nFamilies = Number(args[0] ?? 1000);
const pairs = Number(args[1] ?? 300);
const resamples = Number(args[2] ?? 2000);
const seedArg = process.argv.find((a) => a.startsWith('--seed='));
const seed0 = seedArg ? Number(seedArg.slice('--seed='.length)) : 0;
const json = process.argv.includes('--json');
const TAU = 1.0;
const FAMILY = [1, 3, 5];
const cpu = () => {
  const u = cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () => loadavg()[0]!.toFixed(1);

const t0 = Date.now();
const c0 = cpu();
const { dataset, truth } = generateDemoLeague({ seasons: [2014, 2024], seed: 42 });
const { config } = loadConfig({ confDir: packageConfDir(), overrides: ['experiment=v2-002', 'markets=[spread]'] });
const gates = { ...loadConfig({ confDir: packageConfDir(), overrides: ['gates=phase2'] }).config.gates };
gates.significance = { ...gates.significance, n_bootstrap: resamples };
const alpha = 1 - gates.significance.min_confidence;
const roles = seasonRoles(dataset.games, config.evaluation);
const ev = await evaluateSeasons(dataset, config, roles.dev, silentProgress);
const full = ev.predictions[0]!;
// Only the rows the walk-forward predicted can become bets: the replicates bet on those alone
// (the betting policy and the records are per row, so the bets are the same, in a third of the time).
const keep = full.design.rows.flatMap((_, i) => (Number.isFinite(full.oos[i]!) ? [i] : []));
const p = full.design.featureNames.length;
const base = {
  design: { ...full.design, rows: keep.map((i) => full.design.rows[i]!), X: Float64Array.from(keep.flatMap((i) => [...full.design.X.subarray(i * p, (i + 1) * p)])) },
  oos: Float64Array.from(keep, (i) => full.oos[i]!),
  sigma: Float64Array.from(keep, (i) => full.sigma[i]!),
};
const trueMargin = Float64Array.from(base.design.rows, (r) => truth.get(r.game_id)?.expected_margin ?? NaN);
const common = base.design.rows.filter((r) => Number.isFinite(r.target)).map((r) => ({ game_id: r.game_id, block: weekBlock(r) }));
const setup = { wall: (Date.now() - t0) / 1000, cpu: cpu() - c0 };

function candidate(rng: Rng, w: number): MarketPredictions {
  const oos = new Float64Array(base.oos.length);
  for (let i = 0; i < oos.length; i++) oos[i] = base.oos[i]! + (w === 0 ? 0 : w * (trueMargin[i]! - base.oos[i]!)) + rng.normal(0, TAU);
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

interface Judged {
  test: PromotionTest;
  /** p-value of the percentile bootstrap (the gate before issue 17) on the same block draws. */
  percentileP: number;
}

function judge(a: ModelRun, b: ModelRun, seed: number): Judged {
  const test = promotionTest({ baseline: a, candidate: b, market: 'spread', created_at: '' }, { ...gates, significance: { ...gates.significance, seed } });
  const g = pairGames(common, a.bets, b.bets);
  const s = blockSums(g, (i) => g[i]!.baseline_staked, (i) => g[i]!.baseline_units);
  const c = blockSums(g, (i) => g[i]!.candidate_staked, (i) => g[i]!.candidate_units);
  const { wins } = pairedDifferences(s.staked, s.units, c.staked, c.units, { n: resamples, seed });
  return { test, percentileP: 1 - wins / resamples };
}

/** Passes all five gates with the significance gate judged by Holm over `ps` (index j is this candidate). */
const othersPass = (t: PromotionTest) => t.gates.performance.passed && t.gates.volume.passed && t.gates.stability.passed && t.gates.no_degradation.passed;

interface FamilyTally {
  k: number;
  n: number;
  alone: number;
  holm: number;
  sigAlone: number;
  sigHolm: number;
  pctAlone: number;
  pctHolm: number;
}

function families(seed: number): { tallies: FamilyTally[]; pooled: { pairs: number; sig: number[]; pct: number[]; promoted: number[] } } {
  const rng = new Rng(seed);
  const tallies = FAMILY.map((k) => ({ k, n: 0, alone: 0, holm: 0, sigAlone: 0, sigHolm: 0, pctAlone: 0, pctHolm: 0 }));
  // every (baseline, candidate) pair of every family, per family: clustered standard errors
  const pooled = { pairs: 0, sig: [] as number[], pct: [] as number[], promoted: [] as number[] };
  const kMax = Math.max(...FAMILY);
  for (let f = 0; f < nFamilies; f++) {
    const a = run('A', candidate(rng, 0));
    const js = Array.from({ length: kMax }, (_, j) => judge(a, run(`B${j}`, candidate(rng, 0)), seed + f * 10 + j));
    for (const t of tallies) {
      const fam = js.slice(0, t.k);
      const ps = fam.map((x) => x.test.p_value);
      const pcts = fam.map((x) => x.percentileP);
      const hs = holm(ps, alpha).rejected;
      t.n++;
      if (fam.some((x) => x.test.passed)) t.alone++;
      if (fam.some((x, j) => othersPass(x.test) && hs[j])) t.holm++;
      if (ps.some((x) => x < alpha)) t.sigAlone++;
      if (hs.some(Boolean)) t.sigHolm++;
      if (pcts.some((x) => x < alpha)) t.pctAlone++;
      if (holm(pcts, alpha).rejected.some(Boolean)) t.pctHolm++;
    }
    pooled.pairs += kMax;
    pooled.sig.push(js.filter((x) => x.test.p_value < alpha).length);
    pooled.pct.push(js.filter((x) => x.percentileP < alpha).length);
    pooled.promoted.push(js.filter((x) => x.test.passed).length);
    if ((f + 1) % 50 === 0) process.stderr.write(`families ${f + 1}/${nFamilies} (${((Date.now() - t0) / 1000).toFixed(0)} s, load ${load()})\n`);
  }
  return { tallies, pooled };
}

interface EdgeTally {
  w: number;
  n: number;
  promoted: number;
  significant: number;
  percentile: number;
  unpaired: number;
  hitLift: number;
  roiLift: number;
}

function hitRate(bets: readonly ScoredBet[]): number {
  const w = bets.filter((x) => x.result === 'win').length;
  const l = bets.filter((x) => x.result === 'loss').length;
  return w + l ? w / (w + l) : NaN;
}

function perGame(bets: readonly ScoredBet[]): GameResult[] {
  return bets.map((b) => ({ game_id: b.game_id, block: weekBlock(b), staked: b.recommended_units, units: b.units_won }));
}

function edges(w: number, seed: number): EdgeTally {
  const rng = new Rng(seed);
  const t: EdgeTally = { w, n: 0, promoted: 0, significant: 0, percentile: 0, unpaired: 0, hitLift: 0, roiLift: 0 };
  for (let k = 0; k < pairs; k++) {
    const a = run('A', candidate(rng, 0));
    const b = run('B', candidate(rng, w));
    const { test, percentileP } = judge(a, b, seed + k);
    const unpaired = unpairedBlockBootstrap(perGame(a.bets), perGame(b.bets), { n: resamples, seed: seed + k });
    t.n++;
    if (test.passed) t.promoted++;
    if (test.gates.significance.passed) t.significant++;
    if (percentileP < alpha) t.percentile++;
    if (unpaired.confidence > gates.significance.min_confidence) t.unpaired++;
    t.roiLift += (test.improvement ?? 0) * 100;
    t.hitLift += (hitRate(b.bets) - hitRate(a.bets)) * 100;
    if ((k + 1) % 50 === 0) process.stderr.write(`edge w=${w}: ${k + 1}/${pairs} (${((Date.now() - t0) / 1000).toFixed(0)} s, load ${load()})\n`);
  }
  return t;
}

const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)}%`;
/** Binomial standard error in points. */
const se = (x: number, n: number) => `±${(100 * Math.sqrt((x / n) * (1 - x / n) / n)).toFixed(1)}`;
/** Share of pairs and its standard error clustered by family (pairs of one family share a baseline). */
function clustered(perFamily: readonly number[], k: number): string {
  const m = perFamily.map((x) => x / k);
  const mean = m.reduce((s, x) => s + x, 0) / m.length;
  const v = m.reduce((s, x) => s + (x - mean) ** 2, 0) / (m.length - 1);
  return `${(100 * mean).toFixed(2)}% ±${(100 * Math.sqrt(v / m.length)).toFixed(2)}`;
}

console.log(
  `demo league seed 42, development seasons ${roles.dev.join(', ')}; base: ${config.experiment?.id} (${config.features.name}, market-error ridge), ${common.length} common games in ${new Set(common.map((g) => g.block)).size} week blocks; noise tau ${TAU}; ${resamples} resamples per test; seeds ${50000 + seed0} (families), ${1000 + seed0}… (edges)`,
);
console.log(`setup ${setup.wall.toFixed(1)} s wall, ${setup.cpu.toFixed(1)} s CPU; 1-minute load average ${load()}`);

const tf = Date.now();
const cf = cpu();
const fam = nFamilies > 0 ? families(50000 + seed0) : null;
if (fam) {
  const nPairs = fam.pooled.pairs;
  console.log(
    `\nnull families: ${nFamilies} per size (nested), ${((Date.now() - tf) / 1000).toFixed(0)} s wall, ${(cpu() - cf).toFixed(0)} s CPU, 1-minute load average ${load()}; share of families where some candidate passes; nominal ${(100 * alpha).toFixed(0)}%; ± binomial standard error`,
  );
  console.log('candidates | all 5 gates, each alone | all 5 gates, Holm (promote) | significance alone | significance, Holm | old percentile gate alone | old percentile, Holm');
  for (const t of fam.tallies) {
    const c = (x: number) => `${pct(x, t.n)} ${se(x, t.n)}`;
    console.log(`${String(t.k).padStart(10)} | ${c(t.alone).padStart(23)} | ${c(t.holm).padStart(27)} | ${c(t.sigAlone).padStart(18)} | ${c(t.sigHolm).padStart(18)} | ${c(t.pctAlone).padStart(25)} | ${c(t.pctHolm).padStart(20)}`);
  }
  console.log(
    `all ${nPairs} null pairs (${nFamilies} families × ${nPairs / nFamilies}; ± clustered by family): significance gate ${clustered(fam.pooled.sig, nPairs / nFamilies)}, old percentile gate ${clustered(fam.pooled.pct, nPairs / nFamilies)}, all five gates ${clustered(fam.pooled.promoted, nPairs / nFamilies)}`,
  );
}

const te = Date.now();
const ce = cpu();
const edgeRows = pairs > 0 ? [0.1, 0.2, 0.3].map((w, i) => edges(w, 1000 * (i + 1) + seed0)) : [];
if (edgeRows.length) {
  console.log(`\nedge pairs: ${pairs} per row, ${((Date.now() - te) / 1000).toFixed(0)} s wall, ${(cpu() - ce).toFixed(0)} s CPU, 1-minute load average ${load()}`);
  console.log('scenario    | mean ROI lift | mean hit lift | promoted (all 5 gates) | significance (studentized) | old percentile gate | unpaired (percentile)');
  if (fam) {
    const one = fam.tallies[0]!;
    console.log(`null        | ${'(families of one above)'.padStart(29)} | ${pct(one.alone, one.n).padStart(22)} | ${pct(one.sigAlone, one.n).padStart(26)} | ${pct(one.pctAlone, one.n).padStart(19)} |`);
  }
  for (const r of edgeRows) {
    console.log(
      `edge w=${r.w.toFixed(2)} | ${(r.roiLift / r.n).toFixed(2).padStart(13)} | ${(r.hitLift / r.n).toFixed(2).padStart(13)} | ${pct(r.promoted, r.n).padStart(22)} | ${pct(r.significant, r.n).padStart(26)} | ${pct(r.percentile, r.n).padStart(19)} | ${pct(r.unpaired, r.n).padStart(21)}`,
    );
  }
}
console.log(`\ntotal ${((Date.now() - t0) / 1000).toFixed(0)} s wall, ${cpu().toFixed(0)} s CPU (user+sys, all threads)`);
if (json) console.log(JSON.stringify({ families: nFamilies, pairs, resamples, seed: seed0, tau: TAU, dev_seasons: roles.dev, null_families: fam, edges: edgeRows }));
