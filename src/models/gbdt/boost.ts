// The boosting loop: gradients → one tree on binned data → update predictions, with seeded
// row/feature sampling and early stopping on a validation set. Pure and deterministic: the
// same inputs and seed give bit-identical trees on any machine and in any worker.
import { Rng } from '../../util/prng.ts';
import type { BinMapper } from './binning.ts';
import { growDepthwise, growOblivious, type GrowContext, type LevelStore } from './grow.ts';
import { fitStore } from './parallel.ts';
import { huber, squaredError, type Objective } from './objective.ts';
import type { GbdtParams } from './params.ts';
import { addTreeBinned, type Tree } from './tree.ts';

export interface BinnedSet {
  codes: Uint8Array;
  n: number;
  y: ArrayLike<number>;
  w: Float64Array | null;
}

export interface BoostResult {
  baseScore: number;
  trees: Tree[];
  gain: Float64Array;
  splits: Float64Array;
  /** Validation loss after each round (empty without a validation set). */
  validationLoss: number[];
  /** Index of the best round (trees were truncated to bestIteration + 1). */
  bestIteration: number;
}

export function objectiveOf(p: GbdtParams): Objective {
  return p.objective === 'huber' ? huber(p.huber_delta) : squaredError;
}

export function boost(
  p: GbdtParams,
  bins: BinMapper,
  train: BinnedSet,
  valid: BinnedSet | null,
  nFeatures: number,
  store?: LevelStore,
): BoostResult {
  const obj = objectiveOf(p);
  const n = train.n;
  const rng = new Rng(p.seed);
  const baseScore = obj.baseScore(train.y, train.w);
  const pred = new Float64Array(n).fill(baseScore);
  const vpred = valid ? new Float64Array(valid.n).fill(baseScore) : null;
  const split = { lambda: p.lambda, gamma: p.gamma, minChildWeight: p.min_child_weight };
  const hists = store ?? fitStore({ totalSlots: bins.totalSlots, maxDepth: p.max_depth, n, codes: train.codes, offsets: bins.offsets, nBins: bins.nBins, split, shards: 1, threads: 1 });
  const ctx: GrowContext = {
    codes: train.codes,
    n,
    bins,
    gh: new Float64Array(0),
    idx: new Int32Array(0),
    lo: [],
    hi: [],
    features: Int32Array.from({ length: nFeatures }, (_, j) => j),
    maxDepth: p.max_depth,
    learningRate: p.learning_rate,
    split,
    gain: new Float64Array(nFeatures),
    splits: new Float64Array(nFeatures),
    hists,
  };
  hists.bind(ctx);
  const gh = ctx.gh;
  // Row shards: rows below `cut` are shard 0's, the rest shard 1's (level.ts).
  const cut = hists.shards === 2 ? n >> 1 : n;
  const nColSample = Math.max(1, Math.floor(p.colsample_bytree * nFeatures));
  const featureOrder = Array.from({ length: nFeatures }, (_, j) => j);
  const trees: Tree[] = [];
  const validationLoss: number[] = [];
  // Importance is recorded per tree so that trees dropped by early stopping drop theirs too.
  const perTree: { gain: Float64Array; splits: Float64Array }[] = [];
  let best = -1;
  let bestLoss = Infinity;
  // The rows a subsampled tree was not grown on (their predictions need the tree walked).
  const unsampled = p.subsample < 1 ? new Int32Array(n) : null;
  // Each tree's row draws, taken all at once: the same numbers as one rng.next() per row.
  const draws = unsampled ? new Float64Array(n) : null;
  const subsample = p.subsample;
  for (let t = 0; t < p.n_estimators; t++) {
    obj.gradients(train.y, pred, train.w, gh);
    let m = n;
    // unsampled[0..rest) are the rows outside the sample; −1: walk the tree for every row.
    let rest = 0;
    if (unsampled && draws) {
      m = 0;
      rng.fillUniform(draws);
      const idx = ctx.idx;
      for (let i = 0; i < n; i++) {
        if (draws[i]! < subsample) idx[m++] = i;
        else unsampled[rest++] = i;
      }
      if (m === 0) {
        ctx.idx[m++] = rng.int(n);
        rest = -1;
      }
    } else {
      for (let i = 0; i < n; i++) ctx.idx[i] = i;
    }
    let m0 = 0;
    while (m0 < m && ctx.idx[m0]! < cut) m0++;
    ctx.lo = hists.shards === 2 ? [0, m0] : [0];
    ctx.hi = hists.shards === 2 ? [m0, m] : [m];
    if (nColSample < nFeatures) {
      rng.shuffle(featureOrder);
      ctx.features = Int32Array.from(featureOrder.slice(0, nColSample)).sort();
    }
    ctx.gain = new Float64Array(nFeatures);
    ctx.splits = new Float64Array(nFeatures);
    const { tree, leaves } = p.tree === 'oblivious' ? growOblivious(ctx) : growDepthwise(ctx);
    trees.push(tree);
    perTree.push({ gain: ctx.gain, splits: ctx.splits });
    if (rest < 0) {
      addTreeBinned(tree, train.codes, n, bins.nBins, pred);
    } else {
      // Every sampled row is in some leaf's range: add leaf values directly (the leaf a walk of
      // the tree reaches, as the rows were partitioned by the same rules); walk it for the rest.
      for (const leaf of leaves) {
        for (let s = 0; s < leaf.lo.length; s++) for (let k = leaf.lo[s]!; k < leaf.hi[s]!; k++) pred[ctx.idx[k]!] += leaf.value;
      }
      if (rest > 0) addTreeBinned(tree, train.codes, n, bins.nBins, pred, unsampled, rest);
    }
    if (valid && vpred) {
      addTreeBinned(tree, valid.codes, valid.n, bins.nBins, vpred);
      const loss = obj.loss(valid.y, vpred, valid.w);
      validationLoss.push(loss);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = t;
      } else if (p.early_stopping_rounds !== null && t - best >= p.early_stopping_rounds) {
        break;
      }
    }
  }
  const keep = valid && p.early_stopping_rounds !== null ? best + 1 : trees.length;
  const gain = new Float64Array(nFeatures);
  const splits = new Float64Array(nFeatures);
  for (let t = 0; t < keep; t++) {
    for (let j = 0; j < nFeatures; j++) {
      gain[j] += perTree[t]!.gain[j]!;
      splits[j] += perTree[t]!.splits[j]!;
    }
  }
  return { baseScore, trees: trees.slice(0, keep), gain, splits, validationLoss, bestIteration: keep - 1 };
}
