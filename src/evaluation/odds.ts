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

/** Decimal odds (stake returned included): −110 → 1.9091. */
export function decimalOdds(price: number): number {
  return 1 + profitPerUnit(price);
}

/** The probability the price implies, vig included: −110 → 110/210, +150 → 100/250. */
export function impliedProbability(price: number): number {
  check(price);
  return price < 0 ? -price / (-price + 100) : 100 / (price + 100);
}

/**
 * The win probability (among decided bets, pushes excluded) at which a bet at this price
 * breaks even: p·profit = 1 − p ⇒ p = 1/(1 + profit). Equal to the implied probability;
 * kept as its own name because callers mean "the bar to clear", not "the market's belief".
 * −110 → 0.5238.
 */
export function breakEvenProbability(price: number): number {
  return 1 / (1 + profitPerUnit(price));
}
