// Calibration of the significance gate on SYNTHETIC seasons (the demo-league version, which
// needs trained experiments, belongs to the promotion workflow): how often does a candidate of
// EQUAL true skill pass "P(candidate ROI > baseline ROI) > threshold" (false promotions), and
// how often does one with a true edge pass (power), for the paired and the unpaired bootstrap?
//
// Model of a season: 3 seasons × 15 weeks × 25 games; both models bet (at −110) on a share of
// the games, their picks overlap heavily (they see the same games and mostly agree), and a
// week-level shock moves both models' win probability together (football weeks are correlated).
// Run: node --import tsx bench/bootstrap-calibration.ts [pairs=200] [resamples=2000]
import { Rng } from '../src/util/prng.ts';
import { pairedBlockBootstrap, type GameResult, type PairedGame } from '../src/evaluation/bootstrap.ts';
import { unpairedBlockBootstrap } from '../test/support/unpaired-bootstrap.ts';

const PAIRS = Number(process.argv[2] ?? 200);
const RESAMPLES = Number(process.argv[3] ?? 2000);
const WEEKS = 45;
const GAMES = 25;
const WIN = 100 / 110;

function simulate(rng: Rng, candidateLift: number): PairedGame[] {
  const out: PairedGame[] = [];
  for (let w = 0; w < WEEKS; w++) {
    const shock = rng.normal(0, 0.06); // common to both models this week
    for (let g = 0; g < GAMES; g++) {
      const bothPick = rng.next() < 0.35;
      const baseBets = bothPick || rng.next() < 0.08;
      const candBets = bothPick || rng.next() < 0.08;
      // On a game both bet, they bet the same side: one shared outcome (plus the candidate's lift).
      const u = rng.next();
      const pBase = 0.5 + shock;
      const pCand = 0.5 + shock + candidateLift;
      const baseWin = u < pBase;
      const candWin = bothPick ? u < pCand : rng.next() < pCand;
      out.push({
        game_id: `${w}-${g}`,
        block: String(w),
        baseline_staked: baseBets ? 1 : 0,
        baseline_units: baseBets ? (baseWin ? WIN : -1) : 0,
        candidate_staked: candBets ? 1 : 0,
        candidate_units: candBets ? (candWin ? WIN : -1) : 0,
      });
    }
  }
  return out;
}

function rates(lift: number, threshold: number): { paired: number; unpaired: number } {
  const rng = new Rng(20240901 + Math.round(lift * 1e4));
  let paired = 0;
  let unpaired = 0;
  for (let i = 0; i < PAIRS; i++) {
    const games = simulate(rng, lift);
    if (pairedBlockBootstrap(games, { n: RESAMPLES, seed: i }).confidence > threshold) paired++;
    const side = (k: 'baseline' | 'candidate'): GameResult[] =>
      games.map((g) => ({ game_id: g.game_id, block: g.block, staked: g[`${k}_staked`], units: g[`${k}_units`] }));
    if (unpairedBlockBootstrap(side('baseline'), side('candidate'), { n: RESAMPLES, seed: i }).confidence > threshold) unpaired++;
  }
  return { paired: paired / PAIRS, unpaired: unpaired / PAIRS };
}

const t0 = performance.now();
console.log(`synthetic calibration: ${PAIRS} pairs per row, ${RESAMPLES} resamples, ${WEEKS} week blocks × ${GAMES} games`);
console.log('threshold  true hit-rate lift                 paired pass rate   unpaired pass rate');
for (const threshold of [0.9, 0.95]) {
  for (const lift of [0, 0.02, 0.04]) {
    const r = rates(lift, threshold);
    const what = lift === 0 ? '(null: false promotions)' : '(power)';
    console.log(`${threshold.toFixed(2).padStart(9)}  ${`+${(lift * 100).toFixed(0)} pts ${what}`.padEnd(33)} ${(r.paired * 100).toFixed(1).padStart(6)}%   ${(r.unpaired * 100).toFixed(1).padStart(12)}%`);
  }
}
console.log(`nominal false-promotion level = 1 − threshold; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
