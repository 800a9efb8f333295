// Cover probability from the model's predictive distribution (DESIGN.md section 6): the margin
// (or total points) is N(prediction, sigma). Scores are integers, so the continuous distribution
// is discretised by continuity correction: an integer outcome k gets the mass of [k − ½, k + ½].
// An integer line L therefore pushes with probability P(L − ½ < X < L + ½); a half-point line
// never pushes and splits at L (which is also k + ½ for a neighbouring integer k).
import { normalCdf } from './normal.ts';
import { keyNumberOutcome, type KeyNumbers } from './key-numbers.ts';
import { profitPerUnit } from './odds.ts';
import { checkSide, type BetSide, type BetType } from './types.ts';

export interface OutcomeProbabilities {
  p_win: number;
  p_push: number;
  p_loss: number;
}

/** P(X > t + ½), P(|X − t| < ½), P(X < t − ½) for an integer threshold t; no push otherwise. */
function checkInputs(mean: number, sigma: number, t: number): void {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`sigma must be a positive number, got ${sigma}`);
  if (!Number.isFinite(mean) || !Number.isFinite(t)) throw new RangeError(`prediction and line must be finite (got ${mean}, ${t})`);
}

function aboveAtBelow(mean: number, sigma: number, t: number): [number, number, number] {
  checkInputs(mean, sigma, t);
  if (Number.isInteger(t)) {
    const below = normalCdf((t - 0.5 - mean) / sigma);
    // The upper tail computed by symmetry keeps precision when it is small.
    const above = normalCdf((mean - t - 0.5) / sigma);
    return [above, Math.max(0, 1 - above - below), below];
  }
  const below = normalCdf((t - mean) / sigma);
  return [1 - below, 0, below];
}

/**
 * Win/push/loss probabilities of a bet on `side`. Spread: `prediction` is the predicted home
 * margin and `line` the home-perspective spread (home covers when margin > −line). Total:
 * `prediction` is predicted total points (over wins when points > line). With `keyNumbers` (the
 * NFL profile) the spread's margin has extra mass on the key margins (key-numbers.ts).
 */
export function outcomeProbabilities(
  betType: BetType,
  side: BetSide,
  prediction: number,
  line: number,
  sigma: number,
  keyNumbers?: KeyNumbers,
): OutcomeProbabilities {
  checkSide(betType, side);
  // Key numbers shape the margin only (spreads); totals keep the smooth model.
  const t = betType === 'spread' ? -line : line;
  checkInputs(prediction, sigma, t);
  const [above, push, below] = betType === 'spread' && keyNumbers ? keyNumberOutcome(prediction, sigma, t, keyNumbers) : aboveAtBelow(prediction, sigma, t);
  const first = side === 'home' || side === 'over';
  return first ? { p_win: above, p_push: push, p_loss: below } : { p_win: below, p_push: push, p_loss: above };
}

/** P(win | not push): the figure comparable with the price's break-even probability. */
export function coverProbability(p: OutcomeProbabilities): number {
  const decided = p.p_win + p.p_loss;
  return decided > 0 ? p.p_win / decided : 0;
}

/** Expected profit per unit staked at an American price; a push returns the stake. */
export function expectedValue(p: OutcomeProbabilities, price: number): number {
  return p.p_win * profitPerUnit(price) - p.p_loss;
}

/**
 * Edge in points, signed in the market's perspective: spread → prediction − (−line) (positive
 * favours home), total → prediction − line (positive favours over).
 */
export function edgePoints(betType: BetType, prediction: number, line: number): number {
  return betType === 'spread' ? prediction + line : prediction - line;
}
