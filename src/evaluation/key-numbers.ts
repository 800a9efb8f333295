// NFL key numbers: final margins pile up on 3 and 7 (a field goal, a touchdown) and on their sums
// (6, 10, 14, …), so the margin is not a smooth distribution. The model of a game's margin here:
// the discretised normal N(prediction, sigma) (cover.ts) with the mass at each key margin ±k
// multiplied by m(k), then renormalised. m(k) is calibrated once, on the league's population of
// margins N(0, population_sd): there, the share of games decided by exactly k must equal the
// published share (the `betting.key_numbers` of the league profile, docs/leagues.md), and the
// margins that are not key numbers keep their smooth proportions among themselves. Per game the
// underlying normal is re-centred so the margin's mean stays the model's prediction.
import type { BettingConfig } from '../config/groups/betting.ts';
import { normalCdf } from './normal.ts';

export type KeyNumbers = NonNullable<BettingConfig['key_numbers']>;

/** Mass of the integer k under N(mean, sd) by continuity correction (the smooth model). */
function smoothMass(k: number, mean: number, sd: number): number {
  return normalCdf((k + 0.5 - mean) / sd) - normalCdf((k - 0.5 - mean) / sd);
}

const cache = new WeakMap<KeyNumbers, Map<number, number>>();

/**
 * m(k) for every key margin k ≥ 0 (a key number counts for both winners: the published share of
 * k is the share of games with |margin| = k). Non-key margins have m = 1.
 */
export function keyMultipliers(key: KeyNumbers): Map<number, number> {
  const hit = cache.get(key);
  if (hit) return hit;
  const sd = key.population_sd;
  const smoothAbs = (k: number) => (k === 0 ? smoothMass(0, 0, sd) : 2 * smoothMass(k, 0, sd));
  const keyShare = key.margins.reduce((s, m) => s + m.share, 0);
  const keySmooth = key.margins.reduce((s, m) => s + smoothAbs(m.margin), 0);
  if (!(keyShare < 1)) throw new RangeError(`betting.key_numbers: the shares add up to ${keyShare}, which leaves nothing for the other margins`);
  // Non-key margins share 1 − keyShare in their smooth proportions: each is scaled by r.
  const r = (1 - keyShare) / (1 - keySmooth);
  const out = new Map<number, number>();
  for (const m of key.margins) out.set(m.margin, m.share / smoothAbs(m.margin) / r);
  cache.set(key, out);
  return out;
}

/** The key-number masses of the margins lo…hi for an underlying normal centred at `centre` (normalised). */
function masses(centre: number, sigma: number, lo: number, hi: number, mult: Map<number, number>): Float64Array {
  const p = new Float64Array(hi - lo + 1);
  let prev = normalCdf((lo - 0.5 - centre) / sigma);
  let total = 0;
  for (let k = lo; k <= hi; k++) {
    const next = normalCdf((k + 0.5 - centre) / sigma);
    // Rounding in the far tails can make a difference of two CDFs a hair negative.
    const v = Math.max(0, next - prev) * (mult.get(Math.abs(k)) ?? 1);
    prev = next;
    p[k - lo] = v;
    total += v;
  }
  for (let i = 0; i < p.length; i++) p[i]! /= total;
  return p;
}

/**
 * The distribution of a game's margin under the key-number model, over lo…hi: the model's
 * prediction is the margin's mean, so the underlying normal is re-centred until the reweighted
 * distribution's mean is `mean` again (the extra mass at +3 would otherwise drag a 3.5-point
 * favourite's expected margin toward 3).
 */
export function keyNumberMasses(mean: number, sigma: number, key: KeyNumbers): { lo: number; p: Float64Array } {
  const mult = keyMultipliers(key);
  // ±7 sd (plus room for the re-centring) holds all the mass that matters (Φ(−7) ≈ 1e−12).
  const lo = Math.floor(mean - 7 * sigma - 3);
  const hi = Math.ceil(mean + 7 * sigma + 3);
  const meanOf = (p: Float64Array) => {
    let m = 0;
    for (let i = 0; i < p.length; i++) m += (lo + i) * p[i]!;
    return m;
  };
  // Secant on the centre: the mean moves with it at a rate close to 1, so a few steps do.
  let c0 = mean;
  let p = masses(c0, sigma, lo, hi, mult);
  let e0 = meanOf(p) - mean;
  let c1 = mean - e0;
  for (let it = 0; it < 20 && Math.abs(e0) > 1e-9; it++) {
    p = masses(c1, sigma, lo, hi, mult);
    const e1 = meanOf(p) - mean;
    const slope = (e1 - e0) / (c1 - c0);
    c0 = c1;
    e0 = e1;
    c1 = c1 - e1 / (Number.isFinite(slope) && slope > 0.1 ? slope : 1);
  }
  return { lo, p };
}

/**
 * P(margin > t), P(margin = t), P(margin < t) for a game with predicted margin `mean` and
 * predictive sd `sigma` under the key-number model. t is −line for a spread (home covers when the
 * margin exceeds it); an integer t can push, a half-point one cannot.
 */
export function keyNumberOutcome(mean: number, sigma: number, t: number, key: KeyNumbers): [number, number, number] {
  const { lo, p } = keyNumberMasses(mean, sigma, key);
  let above = 0;
  let at = 0;
  let below = 0;
  for (let i = 0; i < p.length; i++) {
    const k = lo + i;
    if (k > t) above += p[i]!;
    else if (k < t) below += p[i]!;
    else at += p[i]!;
  }
  return [above, at, below];
}
