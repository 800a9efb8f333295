// The UNPAIRED block bootstrap, for calibration comparisons only (bench/ and the bootstrap's
// test): each model's week blocks are drawn independently, so week-to-week luck common to both
// models does not cancel — the mistake the paired test of src/evaluation/bootstrap.ts avoids.
import { Rng } from '../../src/util/prng.ts';
import { blockSums, percentileSorted, roiOf, type BootstrapOptions, type BootstrapResult, type GameResult } from '../../src/evaluation/bootstrap.ts';

const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);

export function unpairedBlockBootstrap(baseline: readonly GameResult[], candidate: readonly GameResult[], opts: BootstrapOptions): BootstrapResult {
  const base = blockSums(baseline, (i) => baseline[i]!.staked, (i) => baseline[i]!.units);
  const cand = blockSums(candidate, (i) => candidate[i]!.staked, (i) => candidate[i]!.units);
  if (Math.min(base.staked.length, cand.staked.length) === 0) throw new RangeError('bootstrap: no games to resample');
  const rng = new Rng(opts.seed);
  const diff = new Float64Array(opts.n);
  let halves = 0;
  const idxBase = new Int32Array(base.staked.length);
  const idxCand = new Int32Array(cand.staked.length);
  const draw = (s: Float64Array, u: Float64Array, idx: Int32Array) => {
    rng.fillInt(idx, s.length);
    let ss = 0;
    let uu = 0;
    for (let j = 0; j < s.length; j++) {
      ss += s[idx[j]!]!;
      uu += u[idx[j]!]!;
    }
    return roiOf(uu, ss);
  };
  for (let r = 0; r < opts.n; r++) {
    const b = draw(base.staked, base.units, idxBase);
    const d = draw(cand.staked, cand.units, idxCand) - b;
    diff[r] = d;
    halves += d > 0 ? 2 : d === 0 ? 1 : 0;
  }
  diff.sort();
  const baseRoi = roiOf(sum(base.units), sum(base.staked));
  const candRoi = roiOf(sum(cand.units), sum(cand.staked));
  return {
    baseline_roi: baseRoi,
    candidate_roi: candRoi,
    observed_difference: candRoi - baseRoi,
    confidence: halves / 2 / opts.n,
    ci95: [percentileSorted(diff, 0.025), percentileSorted(diff, 0.975)],
    n_bootstrap: opts.n,
    n_blocks: base.staked.length,
  };
}
