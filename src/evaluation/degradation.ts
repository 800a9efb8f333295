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
//   decided bets, so 1.0 is "as streaky as chance" whatever the volume. The longest run is a
//   noisy figure (sd ≈ 1.9 runs at any volume, ≈ 0.2-0.3 of its expectation), so "as streaky as
//   chance" is not its expectation but its 95th percentile (chanceStreakBound): a longest streak a
//   coin-flip bettor reaches one time in twenty or more is no evidence of degradation.
import type { ScoredBet } from './types.ts';

/**
 * Expected longest run of successes in n independent trials with success probability q, exact:
 * E[L] = Σ_{k≥1} P(L ≥ k), with P(L < k) from the run-length recursion (state: current run).
 */
export function expectedLongestRun(n: number, q = 0.5): number {
  checkRunArgs('expectedLongestRun', n, q);
  const key = `${n}|${q}`;
  const known = expectedRuns.get(key);
  if (known !== undefined) return known;
  let expected = 0;
  for (let k = 1; k <= n; k++) {
    const atLeast = runAtLeast(n, q, k);
    expected += atLeast;
    if (atLeast < 1e-12) break;
  }
  expectedRuns.set(key, expected);
  return expected;
}

// Exact but O(n·k²): the gates ask for the same few bet counts again and again (three times per
// test, thousands of tests in the calibration benches), so each (n, q) is computed once. The
// keys are bet counts, so the caches stay small.
const expectedRuns = new Map<string, number>();
const streakBounds = new Map<string, number>();

function checkRunArgs(name: string, n: number, q: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}: n must be a non-negative integer, got ${n}`);
  if (!(q > 0 && q < 1)) throw new RangeError(`${name}: q must be in (0, 1), got ${q}`);
}

/** P(longest run of successes ≥ k) in n trials, exact (states 0..k-1 = the current run length). */
function runAtLeast(n: number, q: number, k: number): number {
  // two buffers swapped per trial: the gates call this O(k) times per bet count, and the
  // calibration benches call the gates thousands of times
  let state = new Float64Array(k);
  let next = new Float64Array(k);
  state[0] = 1;
  for (let t = 0; t < n; t++) {
    let total = 0;
    for (let r = 0; r < k; r++) total += state[r]!;
    next[0] = total * (1 - q);
    for (let r = 0; r + 1 < k; r++) next[r + 1] = state[r]! * q;
    const done = next;
    next = state;
    state = done;
  }
  let noRun = 0;
  for (let r = 0; r < k; r++) noRun += state[r]!;
  return 1 - noRun;
}

/**
 * The longest losing streak a coin-flip bettor reaches with probability at most 1 − level over n
 * decided bets (the smallest k with P(longest run ≥ k) ≤ 1 − level), over the expected longest
 * run: the streak ratio above which chance no longer explains a streak. NaN when n = 0.
 */
export function chanceStreakBound(n: number, level = 0.95, q = 0.5): number {
  checkRunArgs('chanceStreakBound', n, q);
  if (n === 0) return NaN;
  const key = `${n}|${level}|${q}`;
  const known = streakBounds.get(key);
  if (known !== undefined) return known;
  let k = 1;
  while (k <= n && runAtLeast(n, q, k) > 1 - level) k++;
  const bound = k / expectedLongestRun(n, q);
  streakBounds.set(key, bound);
  return bound;
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
