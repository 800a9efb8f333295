// White's Reality Check for a sweep: is the best of K configurations better than the baseline, or
// just the luckiest of K? Each configuration's ROI difference to the baseline is measured on the
// same weeks; the bootstrap resamples whole weeks (the paired block bootstrap of bootstrap.ts)
// with ONE draw shared by every configuration and the baseline, so the dependence between
// configurations — which a sweep's neighbours have in abundance — is kept. The statistic is the
// largest observed difference; its null distribution is the largest recentred resampled
// difference (White 2000). The same draws give the selection bias of the best ROI: the expected
// amount by which the largest of K resampled ROIs overshoots its own configuration's ROI.
import { Rng } from '../util/prng.ts';
import { percentileSorted, roiOf } from './bootstrap.ts';

/** One model's stakes and units per week (block), aligned with every other model's weeks. */
export interface WeekSeries {
  staked: Float64Array;
  units: Float64Array;
}

export interface RealityCheckOptions {
  n: number;
  seed: number;
}

export interface ConfigurationVerdict {
  roi: number;
  /** ROI − baseline ROI on the same weeks. */
  difference: number;
  /** One-at-a-time bootstrap p-value of difference > 0 (what a naive test would report). */
  naive_p: number;
}

export interface RealityCheckResult {
  baseline_roi: number;
  configurations: ConfigurationVerdict[];
  /** Index of the configuration with the largest difference (the sweep's winner). */
  best: number;
  /** P(max recentred resampled difference ≥ the observed max): small = the winner's lead is not
   *  explained by having tried K configurations. */
  p_value: number;
  /** Expected overshoot of the best of K ROIs (bootstrap mean of max_k (ROI*_k − ROI_k)). */
  selection_bias: number;
  /** The winner's ROI less the selection bias. */
  best_roi_adjusted: number;
  /** 95% interval of the winner's ROI difference (percentile bootstrap). */
  best_difference_ci95: [number, number];
  n_weeks: number;
  n_bootstrap: number;
}

function total(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

export function realityCheck(baseline: WeekSeries, configurations: readonly WeekSeries[], opts: RealityCheckOptions): RealityCheckResult {
  const nb = baseline.staked.length;
  const K = configurations.length;
  if (K === 0) throw new RangeError('reality check: no configuration');
  if (nb === 0) throw new RangeError('reality check: no common week to resample');
  for (const c of configurations) if (c.staked.length !== nb || c.units.length !== nb) throw new RangeError('reality check: every series must cover the same weeks');
  if (!Number.isInteger(opts.n) || opts.n < 1) throw new RangeError(`reality check: n must be a positive integer, got ${opts.n}`);

  const baseRoi = roiOf(total(baseline.units), total(baseline.staked));
  const roi = configurations.map((c) => roiOf(total(c.units), total(c.staked)));
  const diff = roi.map((r) => r - baseRoi);
  let best = 0;
  for (let k = 1; k < K; k++) if (diff[k]! > diff[best]!) best = k;
  const observedMax = diff[best]!;

  // The bootstrap's spread of a mean of nb blocks is sqrt((nb−1)/nb) of the sample's; scaling the
  // recentred deviations back keeps the test at its level with a season or two of weeks.
  const inflate = nb > 1 ? Math.sqrt(nb / (nb - 1)) : 1;
  const rng = new Rng(opts.seed);
  const draw = new Int32Array(nb);
  const s = new Float64Array(K);
  const u = new Float64Array(K);
  let exceed = 0;
  let biasSum = 0;
  const naive = new Float64Array(K);
  const bestDiffs = new Float64Array(opts.n);
  for (let r = 0; r < opts.n; r++) {
    rng.fillInt(draw, nb);
    let s0 = 0;
    let u0 = 0;
    s.fill(0);
    u.fill(0);
    for (let j = 0; j < nb; j++) {
      const b = draw[j]!;
      s0 += baseline.staked[b]!;
      u0 += baseline.units[b]!;
      for (let k = 0; k < K; k++) {
        s[k] += configurations[k]!.staked[b]!;
        u[k] += configurations[k]!.units[b]!;
      }
    }
    const base = roiOf(u0, s0);
    let maxCentred = -Infinity;
    let maxOvershoot = -Infinity;
    for (let k = 0; k < K; k++) {
      const rk = roiOf(u[k]!, s[k]!);
      const centred = (rk - base - diff[k]!) * inflate;
      if (centred > maxCentred) maxCentred = centred;
      if (centred >= diff[k]!) naive[k]++;
      const over = rk - roi[k]!;
      if (over > maxOvershoot) maxOvershoot = over;
      if (k === best) bestDiffs[r] = rk - base;
    }
    if (maxCentred >= observedMax) exceed++;
    biasSum += maxOvershoot;
  }
  bestDiffs.sort();
  const selectionBias = Math.max(0, biasSum / opts.n);
  return {
    baseline_roi: baseRoi,
    configurations: roi.map((r, k) => ({ roi: r, difference: diff[k]!, naive_p: naive[k]! / opts.n })),
    best,
    p_value: exceed / opts.n,
    selection_bias: selectionBias,
    best_roi_adjusted: roi[best]! - selectionBias,
    best_difference_ci95: [percentileSorted(bestDiffs, 0.025), percentileSorted(bestDiffs, 0.975)],
    n_weeks: nb,
    n_bootstrap: opts.n,
  };
}

/** Per-week sums of several models on the given weeks (a week where a model did not bet is 0, 0). */
export function alignWeeks(weeks: readonly string[], models: readonly ReadonlyMap<string, { staked: number; units: number }>[]): WeekSeries[] {
  return models.map((m) => ({
    staked: Float64Array.from(weeks, (w) => m.get(w)?.staked ?? 0),
    units: Float64Array.from(weeks, (w) => m.get(w)?.units ?? 0),
  }));
}
