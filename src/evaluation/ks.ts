// Two-sample Kolmogorov–Smirnov test (issue 10: feature drift of this week against the
// champion's training data). The p-value is the asymptotic one: Q_KS(√(n·m/(n+m))·D) with
// Q_KS the Kolmogorov distribution's survival function (scipy.stats.kstwobign.sf). NOTE:
// scipy's ks_2samp(method='asymp') instead evaluates the finite-n one-sample distribution at
// round(n·m/(n+m)) and gives somewhat smaller p-values for small samples.

/** Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²) = P(K > λ) for the Kolmogorov distribution. */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) return NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    // The alternating series converges slowly for small λ; use the theta-function form
    // P(K ≤ λ) = √(2π)/λ Σ_{k≥1} exp(−(2k−1)²π²/(8λ²)).
    const w = (-Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let k = 1; k <= 20; k++) {
      const t = Math.exp((2 * k - 1) * (2 * k - 1) * w);
      s += t;
      if (t < 1e-17 * s) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const t = Math.exp(-2 * k * k * lambda * lambda);
    s += k % 2 ? t : -t;
    if (t < 1e-17 * s) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

export interface KsResult {
  /** sup |F₁(x) − F₂(x)| over the pooled sample. */
  statistic: number;
  p_value: number;
  n1: number;
  n2: number;
}

/** Two-sample KS statistic and asymptotic p-value; NaN values are ignored. */
export function ksTwoSample(sample1: ArrayLike<number>, sample2: ArrayLike<number>): KsResult {
  const a = Float64Array.from(sample1).filter((x) => !Number.isNaN(x)).sort();
  const b = Float64Array.from(sample2).filter((x) => !Number.isNaN(x)).sort();
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`ksTwoSample: empty sample (sizes ${n1} and ${n2})`);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    // step past every copy of the smaller value in both samples (ties move together)
    const x = Math.min(a[i]!, b[j]!);
    while (i < n1 && a[i] === x) i++;
    while (j < n2 && b[j] === x) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  const en = (n1 * n2) / (n1 + n2);
  return { statistic: d, p_value: kolmogorovSurvival(Math.sqrt(en) * d), n1, n2 };
}
