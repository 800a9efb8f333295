// Recency weights. Stats weight a team's own games by their rank from the most recent (k = 0):
// EWMA (1-alpha)^k, last-N linear N-k (zero past N), or equal. Ratings weight games by how many
// weeks ago they were, with a half-life in weeks.

export type Weighting = 'equal' | 'ewma' | 'last_n';

/** Weight of a team's k-th most recent game (k = 0 is the most recent, weighted highest). */
export function rankWeight(k: number, weighting: Weighting, alpha: number, lastN: number): number {
  if (weighting === 'ewma') return Math.pow(1 - alpha, k);
  if (weighting === 'last_n') return k < lastN ? lastN - k : 0;
  return 1;
}

/** Weight of a game `weeksAgo` weeks before the target week; null half-life = all equal. */
export function halfLifeWeight(weeksAgo: number, halfLife: number | null): number {
  return halfLife === null ? 1 : Math.pow(0.5, weeksAgo / halfLife);
}
