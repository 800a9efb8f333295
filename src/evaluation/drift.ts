// Feature drift (issue 10, yellow alert): does a feature's distribution this week differ from the
// champion's training data? The bundle cannot carry every training row, so training stores a
// compact reference per feature — its size n and Q equal-mass quantiles — and the two-sample
// Kolmogorov–Smirnov test runs against that: the quantiles stand in for the training sample (an
// error of at most 1/Q in the empirical CDF) while the p-value uses the real training size n.
import { kolmogorovSurvival, ksTwoSample, type KsResult } from './ks.ts';

export interface FeatureReference {
  /** Finite training values the quantiles summarise. */
  n: number;
  /** Q quantiles at probabilities (k + ½)/Q, k = 0..Q−1 (ascending). */
  quantiles: number[];
  /** Distinct finite values seen (capped at 3): a binary indicator is not tested. */
  distinct: number;
}

export const REFERENCE_QUANTILES = 201;

/** The reference of one feature's training values (NaN ignored); null when none is finite. */
export function featureReference(values: ArrayLike<number>, q = REFERENCE_QUANTILES): FeatureReference | null {
  // The finite values copied by a plain loop (Float64Array.from and filter with a callback ran
  // ≈ 2× slower here; this runs for every feature of every final fit and production refit).
  const all = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) all[n++] = v;
  }
  const xs = all.subarray(0, n).sort();
  if (n === 0) return null;
  const quantiles: number[] = [];
  for (let k = 0; k < q; k++) {
    // the order statistic at probability (k + ½)/q: an equal-mass "sample" of the distribution
    const idx = Math.min(n - 1, Math.floor(((k + 0.5) / q) * n));
    quantiles.push(xs[idx]!);
  }
  let distinct = 1;
  for (let i = 1; i < n && distinct < 3; i++) if (xs[i] !== xs[i - 1]) distinct++;
  return { n, quantiles, distinct };
}

/**
 * KS test of this week's values against a reference: the statistic against the quantile sample,
 * the asymptotic p-value with the training size. null when the week has no finite value.
 */
export function driftTest(reference: FeatureReference, week: ArrayLike<number>): KsResult | null {
  const xs = Array.from(week).filter((v) => Number.isFinite(v));
  if (xs.length === 0 || reference.n === 0) return null;
  const d = ksTwoSample(reference.quantiles, xs).statistic;
  const en = (reference.n * xs.length) / (reference.n + xs.length);
  return { statistic: d, p_value: kolmogorovSurvival(Math.sqrt(en) * d), n1: reference.n, n2: xs.length };
}
