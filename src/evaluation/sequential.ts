// The rollback advice of the weekly monitoring (issue 17): a one-sided CUSUM on the champion's
// settled bets, testing "the champion still performs at its development ROI" against "its ROI is
// `shift_points` below it". Each decided bet is one Bernoulli observation: at a bet's price the
// development ROI r means a win probability p0 = (1 + r)/(1 + b) (b = profit per unit), the
// declined ROI r − shift a p1 below it; a win adds ln(p1/p0), a loss ln((1−p1)/(1−p0)), a push
// nothing, and S = max(0, S + llr). Rollback is advised once S reaches h.
//
// h is not a hand-picked constant: it is calibrated by simulation so that a champion performing
// exactly at its development ROI, betting its development volume over a 17-week season, reaches h
// in at most `false_alarm` (5%) of seasons — the 95th percentile of the season's maximum of S
// under the null, from a fixed seed, so the same champion always gets the same h. Page's CUSUM is
// the test that detects a shift of exactly that size fastest for a given false-alarm rate.
// Stakes are not weighed: each bet is one observation, whatever its size.
import { Rng } from '../util/prng.ts';
import { profitPerUnit } from './odds.ts';

/** Win probability among decided bets at which a bet at `price` has ROI `roi`. */
export function winProbabilityForRoi(roi: number, price = -110): number {
  const b = profitPerUnit(price);
  return Math.min(1 - 1e-9, Math.max(1e-9, (1 + roi) / (1 + b)));
}

export interface SequentialOutcome {
  result: 'win' | 'loss' | 'push';
  price: number;
}

export interface CusumDesign {
  /** Development ROI (fraction) the champion is expected to keep. */
  dev_roi: number;
  /** The decline to detect, in ROI points (10 = 0.10). */
  shift_points: number;
  /** Alarm threshold on the CUSUM statistic. */
  h: number;
}

/** The increment of one decided bet (0 for a push). */
export function cusumIncrement(o: SequentialOutcome, dev_roi: number, shift_points: number): number {
  if (o.result === 'push') return 0;
  const p0 = winProbabilityForRoi(dev_roi, o.price);
  const p1 = winProbabilityForRoi(dev_roi - shift_points / 100, o.price);
  return o.result === 'win' ? Math.log(p1 / p0) : Math.log((1 - p1) / (1 - p0));
}

/** The CUSUM statistic after each outcome, and the index of the first alarm (−1 when none). */
export function cusumPath(outcomes: readonly SequentialOutcome[], d: CusumDesign): { path: number[]; alarm_at: number } {
  let s = 0;
  let alarm = -1;
  const path = outcomes.map((o, i) => {
    s = Math.max(0, s + cusumIncrement(o, d.dev_roi, d.shift_points));
    if (alarm < 0 && s >= d.h) alarm = i;
    return s;
  });
  return { path, alarm_at: alarm };
}

export interface CalibrationInput {
  dev_roi: number;
  shift_points: number;
  /** Bets per week at the development volume. */
  bets_per_week: number;
  /** Season length in weeks (17). */
  weeks: number;
  /** Largest acceptable share of null seasons with a rollback advice (0.05). */
  false_alarm: number;
  /** Simulated seasons (4000). */
  seasons?: number;
  seed?: number;
}

/** Simulated weekly bet counts: the whole-number part every week, the fraction as a Bernoulli extra. */
function weekBets(rng: Rng, perWeek: number): number {
  const whole = Math.floor(perWeek);
  return whole + (rng.next() < perWeek - whole ? 1 : 0);
}

/** The largest CUSUM value over one simulated season at true ROI `roi` (−110 prices, no pushes). */
function seasonMax(rng: Rng, roi: number, c: CalibrationInput, win: number, loss: number): number {
  const p = winProbabilityForRoi(roi);
  let s = 0;
  let max = 0;
  for (let w = 0; w < c.weeks; w++) {
    const n = weekBets(rng, c.bets_per_week);
    for (let i = 0; i < n; i++) {
      s = Math.max(0, s + (rng.next() < p ? win : loss));
      if (s > max) max = s;
    }
  }
  return max;
}

/**
 * The threshold h: the quantile of the null season maximum at 1 − false_alarm + 2 standard
 * errors of the simulated rate (√(a(1−a)/n)), so that the TRUE false-advice rate stays at or
 * below false_alarm despite the simulation's own noise (4.56% targeted for 5% at n = 10000).
 */
export function calibrateCusum(c: CalibrationInput): CusumDesign {
  if (!(c.bets_per_week > 0)) throw new RangeError(`calibrateCusum: bets_per_week must be positive, got ${c.bets_per_week}`);
  const n = c.seasons ?? 4000;
  const rng = new Rng(c.seed ?? 17);
  const win = cusumIncrement({ result: 'win', price: -110 }, c.dev_roi, c.shift_points);
  const loss = cusumIncrement({ result: 'loss', price: -110 }, c.dev_roi, c.shift_points);
  const maxima = Float64Array.from({ length: n }, () => seasonMax(rng, c.dev_roi, c, win, loss)).sort();
  // the smallest h exceeded by at most a·n maxima; + a hair so "reaches h" excludes ties
  const a = Math.max(0, c.false_alarm - 2 * Math.sqrt((c.false_alarm * (1 - c.false_alarm)) / n));
  const k = Math.min(n - 1, Math.ceil((1 - a) * n) - 1);
  return { dev_roi: c.dev_roi, shift_points: c.shift_points, h: maxima[k]! + 1e-9 };
}

export interface OperatingCharacteristics {
  /** Share of simulated seasons with a rollback advice. */
  alarm_rate: number;
  /** Median week of the first advice over all simulated runs (null when fewer than half alarm). */
  median_week: number | null;
}

/**
 * How the design behaves when the true ROI is `true_roi`: the share of `weeks`-week seasons with
 * an advice, and the median week of the first advice over runs of up to `horizon_weeks` weeks
 * (the statistic restarting each season, as monitoring does).
 */
export function operatingCharacteristics(d: CusumDesign, c: CalibrationInput & { true_roi: number; horizon_weeks?: number }): OperatingCharacteristics {
  const n = c.seasons ?? 4000;
  const rng = new Rng((c.seed ?? 17) + 1);
  const horizon = c.horizon_weeks ?? c.weeks;
  const win = cusumIncrement({ result: 'win', price: -110 }, d.dev_roi, d.shift_points);
  const loss = cusumIncrement({ result: 'loss', price: -110 }, d.dev_roi, d.shift_points);
  const p = winProbabilityForRoi(c.true_roi);
  const firstWeek: number[] = [];
  let inSeason = 0;
  for (let r = 0; r < n; r++) {
    let s = 0;
    let first = Infinity;
    for (let w = 1; w <= horizon && first === Infinity; w++) {
      if ((w - 1) % c.weeks === 0) s = 0;
      const bets = weekBets(rng, c.bets_per_week);
      for (let i = 0; i < bets; i++) {
        s = Math.max(0, s + (rng.next() < p ? win : loss));
        if (s >= d.h) {
          first = w;
          break;
        }
      }
    }
    if (first <= c.weeks) inSeason++;
    firstWeek.push(first);
  }
  firstWeek.sort((a, b) => a - b);
  const mid = firstWeek[Math.floor((n - 1) / 2)]!;
  return { alarm_rate: inSeason / n, median_week: Number.isFinite(mid) ? mid : null };
}
