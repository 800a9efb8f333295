// American odds arithmetic (DESIGN.md section 6). A price p pays 100/|p| per unit staked when
// p < 0 and p/100 when p > 0; a loss costs the stake; a push returns it.

/** True for a usable American price: finite and |p| ≥ 100 (−100 and +100 are even money). */
export function isValidAmericanOdds(price: number): boolean {
  return Number.isFinite(price) && Math.abs(price) >= 100;
}

function check(price: number): void {
  if (!isValidAmericanOdds(price)) {
    throw new RangeError(`invalid American odds ${price}: expected a number ≤ -100 or ≥ 100`);
  }
}

/** Profit of a winning bet per unit staked: −110 → 0.9091, +150 → 1.5. */
export function profitPerUnit(price: number): number {
  check(price);
  return price < 0 ? 100 / -price : price / 100;
}

/**
 * The win probability (among decided bets, pushes excluded) at which a bet at this price
 * breaks even: p·profit = 1 − p ⇒ p = 1/(1 + profit). It equals the probability the price
 * implies (vig included): −110 → 110/210 = 0.5238, +150 → 100/250 = 0.4.
 */
export function breakEvenProbability(price: number): number {
  return 1 / (1 + profitPerUnit(price));
}
