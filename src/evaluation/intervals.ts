// 95% intervals for the season-to-date figures a bettor reads: the hit rate (Wilson score
// interval, which behaves at small n and near 0 or 1) and the ROI (mean return per unit staked ±
// 1.96 standard errors of the per-bet returns; a normal approximation, stated as such).

/** A settled or pending bet as the ROI interval needs it. */
interface ReturnRow {
  result: string;
  units_won: number;
  recommended_units: number;
}

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
  n: number;
}

const Z = 1.959963984540054;

export function wilson(wins: number, n: number): Interval | null {
  if (n <= 0) return null;
  const p = wins / n;
  const d = 1 + (Z * Z) / n;
  const c = (p + (Z * Z) / (2 * n)) / d;
  const h = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / d;
  return { estimate: p, lo: c - h, hi: c + h, n };
}

/** ROI = Σ units / Σ staked; its interval from the per-bet returns (units / stake). */
export function roiInterval(rows: readonly ReturnRow[]): Interval | null {
  const s = rows.filter((r) => r.result !== 'pending' && r.recommended_units > 0);
  if (s.length === 0) return null;
  const staked = s.reduce((a, r) => a + r.recommended_units, 0);
  const roi = s.reduce((a, r) => a + r.units_won, 0) / staked;
  if (s.length < 2) return { estimate: roi, lo: NaN, hi: NaN, n: 1 };
  const ret = s.map((r) => r.units_won / r.recommended_units);
  const mean = ret.reduce((a, x) => a + x, 0) / ret.length;
  const sd = Math.sqrt(ret.reduce((a, x) => a + (x - mean) ** 2, 0) / (ret.length - 1));
  const se = sd / Math.sqrt(ret.length);
  return { estimate: roi, lo: roi - Z * se, hi: roi + Z * se, n: s.length };
}

export function seasonInterval(rows: readonly ReturnRow[]): { hit_rate: Interval | null; roi: Interval | null } {
  const wins = rows.filter((r) => r.result === 'win').length;
  const losses = rows.filter((r) => r.result === 'loss').length;
  return { hit_rate: wilson(wins, wins + losses), roi: roiInterval(rows) };
}
