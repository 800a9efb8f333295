// Split finding on histograms. Gain follows XGBoost: G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ);
// a split is made only if gain > gamma. Missing values (the last slot of each feature) try
// both sides; the better side becomes the learned default direction.

export interface SplitParams {
  lambda: number;
  gamma: number;
  minChildWeight: number;
}

export interface Split {
  gain: number;
  feature: number;
  /** Rows with value code ≤ bin go left. */
  bin: number;
  defaultLeft: boolean;
  gLeft: number;
  hLeft: number;
}

/** XGBoost's kRtEps: gains below this are rounding noise, never a split. */
export const MIN_GAIN = 1e-6;

/**
 * Best split of one node over features[fFrom..fTo), or null when none beats gamma and
 * min_child_weight. Ties go to the earlier feature and bin, so the best of two feature ranges
 * is the first range's unless the second's gain is strictly greater (what threads rely on).
 */
export function bestSplit(
  hist: Float64Array,
  offsets: Int32Array,
  nBins: Int32Array,
  features: Int32Array,
  G: number,
  H: number,
  sp: SplitParams,
  fFrom = 0,
  fTo = features.length,
): Split | null {
  const { lambda, minChildWeight } = sp;
  const parentScore = (G * G) / (H + lambda);
  // The best so far in locals, one object at the end: an object per improvement was most of a
  // fit's garbage (a node's scan improves dozens of times).
  let bestGain = Math.max(sp.gamma, MIN_GAIN);
  let bestFeature = -1;
  let bestBin = 0;
  let bestLeft = false;
  let bestGl = 0;
  let bestHl = 0;
  for (let fi = fFrom; fi < fTo; fi++) {
    const f = features[fi]!;
    const nb = nBins[f]!;
    if (nb < 2) continue; // constant or all-missing: nothing to split
    const o = offsets[f]! << 1;
    const gMiss = hist[o + (nb << 1)]!;
    const hMiss = hist[o + (nb << 1) + 1]!;
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < nb - 1; b++) {
      gl += hist[o + (b << 1)]!;
      hl += hist[o + (b << 1) + 1]!;
      // Missing to the right.
      let hr = H - hl;
      if (hl >= minChildWeight && hr >= minChildWeight) {
        const gr = G - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = b;
          bestLeft = false;
          bestGl = gl;
          bestHl = hl;
        }
      }
      if (hMiss > 0) {
        // Missing to the left.
        const gl2 = gl + gMiss;
        const hl2 = hl + hMiss;
        hr = H - hl2;
        if (hl2 >= minChildWeight && hr >= minChildWeight) {
          const gr = G - gl2;
          const gain = (gl2 * gl2) / (hl2 + lambda) + (gr * gr) / (hr + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = f;
            bestBin = b;
            bestLeft = true;
            bestGl = gl2;
            bestHl = hl2;
          }
        }
      }
    }
  }
  return bestFeature < 0 ? null : { gain: bestGain, feature: bestFeature, bin: bestBin, defaultLeft: bestLeft, gLeft: bestGl, hLeft: bestHl };
}

/** The better of two ranges' bests, the earlier range (a) winning ties. */
export function betterSplit(a: Split | null, b: Split | null): Split | null {
  if (!a) return b;
  return b && b.gain > a.gain ? b : a;
}

export interface LevelNode {
  hist: Float64Array;
  G: number;
  H: number;
}

/** Per-bin gain sums of bestLevelSplit, reused across calls (256 value bins at most). */
let levelGains = new Float64Array(256);

/**
 * Best common split for all nodes of one level (oblivious trees): the (feature, bin, default
 * side) maximising the summed gain. A node whose child would fall under min_child_weight
 * contributes no gain for that candidate (it is still split, its leaves shrink through λ).
 * Node by node, each node's gains are added into a per-bin sum: a tight loop over one
 * histogram instead of every node's histogram at every bin (most of an oblivious fit's time on
 * small folds). Each bin's sum still adds the nodes' gains in node order, so every gain, and the
 * split chosen, is the same to the bit as summing all nodes at one bin before the next.
 */
export function bestLevelSplit(
  nodes: readonly LevelNode[],
  offsets: Int32Array,
  nBins: Int32Array,
  features: Int32Array,
  sp: SplitParams,
): Split | null {
  const { lambda, minChildWeight } = sp;
  let bestGain = Math.max(sp.gamma, MIN_GAIN);
  let bestFeature = -1;
  let bestBin = 0;
  let bestLeft = false;
  const nNodes = nodes.length;
  const parentScores = new Float64Array(nNodes);
  for (let k = 0; k < nNodes; k++) parentScores[k] = (nodes[k]!.G * nodes[k]!.G) / (nodes[k]!.H + lambda);
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi]!;
    const nb = nBins[f]!;
    if (nb < 2) continue;
    const o = offsets[f]! << 1;
    const miss = o + (nb << 1);
    if (levelGains.length < nb) levelGains = new Float64Array(nb);
    const gains = levelGains;
    for (let pass = 0; pass < 2; pass++) {
      const missLeft = pass === 1;
      if (missLeft) {
        let any = false;
        for (let k = 0; k < nNodes; k++) any ||= nodes[k]!.hist[miss + 1]! > 0;
        if (!any) continue;
      }
      gains.fill(0, 0, nb - 1);
      for (let k = 0; k < nNodes; k++) {
        const nd = nodes[k]!;
        const hist = nd.hist;
        const G = nd.G;
        const H = nd.H;
        const parentScore = parentScores[k]!;
        // As summed before: 0 plus the bins, or the missing bin plus the bins.
        let gl = missLeft ? hist[miss]! : 0;
        let hl = missLeft ? hist[miss + 1]! : 0;
        for (let b = 0; b < nb - 1; b++) {
          gl += hist[o + (b << 1)]!;
          hl += hist[o + (b << 1) + 1]!;
          const hr = H - hl;
          if (hl >= minChildWeight && hr >= minChildWeight) {
            const gr = G - gl;
            gains[b] += (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
          }
        }
      }
      for (let b = 0; b < nb - 1; b++) {
        if (gains[b]! > bestGain) {
          bestGain = gains[b]!;
          bestFeature = f;
          bestBin = b;
          bestLeft = missLeft;
        }
      }
    }
  }
  return bestFeature < 0 ? null : { gain: bestGain, feature: bestFeature, bin: bestBin, defaultLeft: bestLeft, gLeft: NaN, hLeft: NaN };
}
