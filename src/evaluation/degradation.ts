// Scale-free degradation measures of the promotion gates (issue 17). A candidate that bets four
// times as often as its baseline stakes four times as much and plays four times as many bets, so
// its drawdown in units and its longest losing streak grow with volume alone; comparing them in
// absolute units fails every candidate that bets more. Here both are put on the same footing:
//
// - drawdown at equal stake: each model's largest peak-to-trough fall of cumulative units over
//   its first S units staked (bets in chronological order, the bet that crosses S counted pro
//   rata), S = the smaller of the two models' total stakes — the same money put at risk;
// - losing streak against what the bet count implies: the longest run of losses divided by the
//   expected longest run of a coin-flip bettor (loss probability ½) over the same number of
//   decided bets, so 1.0 is "as streaky as chance" whatever the volume.
import type { ScoredBet } from './types.ts';

/**
 * Expected longest run of successes in n independent trials with success probability q, exact:
 * E[L] = Σ_{k≥1} P(L ≥ k), with P(L < k) from the run-length recursion (state: current run).
 */
export function expectedLongestRun(n: number, q = 0.5): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expectedLongestRun: n must be a non-negative integer, got ${n}`);
  if (!(q > 0 && q < 1)) throw new RangeError(`expectedLongestRun: q must be in (0, 1), got ${q}`);
  let expected = 0;
  for (let k = 1; k <= n; k++) {
    // probability of no run of k successes in n trials: states 0..k-1 = current run length
    let state = new Float64Array(k);
    state[0] = 1;
    for (let t = 0; t < n; t++) {
      const next = new Float64Array(k);
      let total = 0;
      for (let r = 0; r < k; r++) total += state[r]!;
      next[0] = total * (1 - q);
      for (let r = 0; r + 1 < k; r++) next[r + 1] = state[r]! * q;
      state = next;
    }
    let noRun = 0;
    for (let r = 0; r < k; r++) noRun += state[r]!;
    const atLeast = 1 - noRun;
    expected += atLeast;
    if (atLeast < 1e-12) break;
  }
  return expected;
}

/** Longest losing streak over the coin-flip expectation for the same number of decided bets (NaN when none). */
export function streakRatio(longestLosingStreak: number, decidedBets: number): number {
  if (decidedBets === 0) return NaN;
  return longestLosingStreak / expectedLongestRun(decidedBets, 0.5);
}

/**
 * Largest peak-to-trough fall of cumulative units over the first `stake` units staked, the bets
 * taken in the order given (chronological); the bet that crosses the stake counts pro rata.
 */
export function drawdownAtStake(bets: readonly Pick<ScoredBet, 'recommended_units' | 'units_won'>[], stake: number): number {
  let staked = 0;
  let cum = 0;
  let peak = 0;
  let dd = 0;
  for (const b of bets) {
    if (staked >= stake) break;
    const share = b.recommended_units > 0 ? Math.min(1, (stake - staked) / b.recommended_units) : 1;
    staked += b.recommended_units * share;
    cum += b.units_won * share;
    peak = Math.max(peak, cum);
    dd = Math.max(dd, peak - cum);
  }
  return dd;
}
