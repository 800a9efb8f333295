// The boosting loop: gradients → one tree on binned data → update predictions, with seeded
// row/feature sampling and early stopping on a validation set. Pure and deterministic: the
// same inputs and seed give bit-identical trees on any machine and in any worker.
import { Rng } from '../../util/prng.ts';
import type { BinMapper } from './binning.ts';
import { growDepthwise, growOblivious, type GrowContext, type LevelStore } from './grow.ts';
import { fitStore } from './parallel.ts';
import { huber, squaredError, type Objective } from './objective.ts';
import type { GbdtParams } from './params.ts';
import { addDepthwiseBinned, addObliviousBinned, type Tree } from './tree.ts';
import type { LeafRange } from './grow.ts';

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
  const nColSample = Math.max(1, Math.floor(p.colsample_bytree * nFeatures));
  const rounds: Rounds = {
    ctx,
    rng,
    subsample: p.subsample,
    // The rows a subsampled tree was not grown on (their predictions need the tree walked).
    unsampled: p.subsample < 1 ? new Int32Array(n) : null,
    // Each tree's row draws, taken all at once: the same numbers as one rng.next() per row.
    draws: p.subsample < 1 ? new Float64Array(n) : null,
    // Row shards: rows below `cut` are shard 0's, the rest shard 1's (level.ts).
    cut: hists.shards === 2 ? n >> 1 : n,
    nColSample,
    nFeatures,
    featureOrder: Array.from({ length: nFeatures }, (_, j) => j),
  };
  // The tree kind is chosen here, per tree, not in the functions that do a round's work: this
  // loop runs a few calls per tree and stays unoptimised, while sampleRows, the grow functions,
  // addLeaves and the walks are each compiled once per thread whatever the kinds of fits that
  // come. As one function, the whole round was compiled on stack and again whole in each thread,
  // and again when a thread met its second tree kind or parameter object: 11 TurboFan compiles in
  // a quick demo, the costliest of all its compiles. Same arithmetic in the same order: the same
  // trees.
  const oblivious = p.tree === 'oblivious';
  // The trees grown below are of this kind.
  const walk = (oblivious ? addObliviousBinned : addDepthwiseBinned) as (t: Tree, codes: Uint8Array, n: number, nBins: Int32Array, out: Float64Array, rows?: Int32Array | null, count?: number) => void;
  const trees: Tree[] = [];
  const validationLoss: number[] = [];
  // Importance is recorded per tree so that trees dropped by early stopping drop theirs too.
  const perTree: { gain: Float64Array; splits: Float64Array }[] = [];
  let best = -1;
  let bestLoss = Infinity;
  for (let t = 0; t < p.n_estimators; t++) {
    obj.gradients(train.y, pred, train.w, ctx.gh);
    const rest = sampleRows(rounds);
    const grown = oblivious ? growOblivious(ctx) : growDepthwise(ctx);
    const tree = grown.tree;
    trees.push(tree);
    perTree.push({ gain: ctx.gain, splits: ctx.splits });
    if (rest < 0) {
      walk(tree, train.codes, n, bins.nBins, pred);
    } else {
      // Every sampled row is in some leaf's range: add leaf values directly (the leaf a walk of
      // the tree reaches, as the rows were partitioned by the same rules); walk it for the rest.
      addLeaves(grown.leaves, ctx.idx, pred);
      if (rest > 0) walk(tree, train.codes, n, bins.nBins, pred, rounds.unsampled, rest);
    }
    if (valid && vpred) {
      walk(tree, valid.codes, valid.n, bins.nBins, vpred);
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

/** What a boosting round's row and feature sampling reads and keeps (one per fit). */
interface Rounds {
  ctx: GrowContext;
  rng: Rng;
  subsample: number;
  unsampled: Int32Array | null;
  draws: Float64Array | null;
  cut: number;
  nColSample: number;
  nFeatures: number;
  featureOrder: number[];
}

/**
 * A round's rows (ctx.idx, ctx.lo/hi per shard) and features (ctx.features), and fresh importance
 * accumulators; returns how many rows were left out (in r.unsampled[0..rest)), or −1 when the tree
 * must be walked for every row.
 */
function sampleRows(r: Rounds): number {
  const { ctx, unsampled, draws } = r;
  const n = ctx.n;
  const idx = ctx.idx;
  let m = n;
  // unsampled[0..rest) are the rows outside the sample; −1: walk the tree for every row.
  let rest = 0;
  if (unsampled && draws) {
    m = 0;
    r.rng.fillUniform(draws);
    const subsample = r.subsample;
    for (let i = 0; i < n; i++) {
      if (draws[i]! < subsample) idx[m++] = i;
      else unsampled[rest++] = i;
    }
    if (m === 0) {
      idx[m++] = r.rng.int(n);
      rest = -1;
    }
  } else {
    for (let i = 0; i < n; i++) idx[i] = i;
  }
  let m0 = 0;
  while (m0 < m && idx[m0]! < r.cut) m0++;
  ctx.lo = ctx.hists.shards === 2 ? [0, m0] : [0];
  ctx.hi = ctx.hists.shards === 2 ? [m0, m] : [m];
  if (r.nColSample < r.nFeatures) {
    r.rng.shuffle(r.featureOrder);
    ctx.features = Int32Array.from(r.featureOrder.slice(0, r.nColSample)).sort();
  }
  ctx.gain = new Float64Array(r.nFeatures);
  ctx.splits = new Float64Array(r.nFeatures);
  return rest;
}

/** Each leaf's value added to the predictions of its rows. */
function addLeaves(leaves: readonly LeafRange[], idx: Int32Array, pred: Float64Array): void {
  for (const leaf of leaves) {
    for (let s = 0; s < leaf.lo.length; s++) for (let k = leaf.lo[s]!; k < leaf.hi[s]!; k++) pred[idx[k]!] += leaf.value;
  }
}
