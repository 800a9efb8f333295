// Histogram gradient-boosted trees as an edgelab estimator: binning, early-stopping hold-out
// (the time-ordered tail), boosting, raw-value prediction, importance and save/load.
import { UserError } from '../../util/errors.ts';
import {
  checkEnvelope,
  MODEL_SCHEMA,
  MODEL_SCHEMA_VERSION,
  normalise,
  type Estimator,
  type FeatureImportance,
  type FitOptions,
  type ModelJSONBase,
} from '../estimator.ts';
import { checkFitInputs, checkPredictInputs, rowRange, type Matrix } from '../matrix.ts';
import { binMatrix, computeBins } from './binning.ts';
import { boost, type BinnedSet } from './boost.ts';
import { gbdtParams, type GbdtParams } from './params.ts';
import { fitStore } from './parallel.ts';
import { buildForest, predictForest, type Forest } from './predict.ts';
import { treeFromJSON, treeToJSON, type Tree, type TreeJSON } from './tree.ts';

/** Rows × features from which rows are cut into two shards (and a second thread may help). */
const MIN_CELLS_FOR_SHARDS = 100_000;

export interface GbdtJSON extends ModelJSONBase {
  type: 'gbdt';
  params: GbdtParams;
  baseScore: number;
  bestIteration: number;
  trees: TreeJSON[];
  importance: { gain: number[]; splits: number[] };
  validationLoss: number[];
}

export class Gbdt implements Estimator {
  readonly type = 'gbdt' as const;
  readonly params: GbdtParams;
  featureNames: string[] = [];
  baseScore = NaN;
  trees: Tree[] = [];
  bestIteration = -1;
  validationLoss: number[] = [];
  private gain: Float64Array = new Float64Array(0);
  private splitCount: Float64Array = new Float64Array(0);
  private fitted = false;
  /** The trees flattened for prediction; rebuilt when `trees` is replaced. */
  private forest: Forest | null = null;

  constructor(params: Partial<GbdtParams> = {}) {
    this.params = gbdtParams(params);
  }

  fit(X: Matrix, y: ArrayLike<number>, options: FitOptions = {}): this {
    const w = checkFitInputs('gbdt.fit', X, y, options.sampleWeight);
    const p = this.params;
    let trainX = X;
    let trainY: ArrayLike<number> = y;
    let trainW = w;
    let validX: Matrix | null = null;
    let validY: ArrayLike<number> | null = null;
    let validW: Float64Array | null = null;
    if (options.validation) {
      const v = options.validation;
      validW = checkFitInputs('gbdt.fit (validation)', v.X, v.y, v.sampleWeight);
      checkPredictInputs('gbdt.fit (validation)', v.X, X.featureNames);
      validX = v.X;
      validY = v.y;
    } else if (p.early_stopping_rounds !== null) {
      // Hold out the most recent rows (rows are in time order): stopping is judged on the future.
      const nValid = Math.ceil(p.validation_fraction * X.nRows);
      const nTrain = X.nRows - nValid;
      if (nTrain < 1 || nValid < 1) {
        throw new UserError(`gbdt.fit: ${X.nRows} rows are too few to hold out ${p.validation_fraction} for early stopping`);
      }
      // Views where the layout allows (binning only reads them), and plain copies of y.
      trainX = rowRange(X, 0, nTrain);
      validX = rowRange(X, nTrain, X.nRows);
      const ty = new Float64Array(nTrain);
      for (let i = 0; i < nTrain; i++) ty[i] = y[i]!;
      const vy = new Float64Array(nValid);
      for (let i = 0; i < nValid; i++) vy[i] = y[nTrain + i]!;
      trainY = ty;
      validY = vy;
      trainW = w ? w.slice(0, nTrain) : null;
      validW = w ? w.slice(nTrain) : null;
    }
    const bins = computeBins(trainX, p.max_bins, trainW);
    const train: BinnedSet = { codes: binMatrix(trainX, bins), n: trainX.nRows, y: trainY, w: trainW };
    const valid: BinnedSet | null = validX ? { codes: binMatrix(validX, bins), n: validX.nRows, y: validY!, w: validW } : null;
    // Large data is cut into two row shards, which a second thread can take (level.ts); the
    // cut depends on the size only, so the model does not depend on the thread count.
    const shards = train.n * X.nCols >= MIN_CELLS_FOR_SHARDS ? 2 : 1;
    const split = { lambda: p.lambda, gamma: p.gamma, minChildWeight: p.min_child_weight };
    const store = fitStore({ totalSlots: bins.totalSlots, maxDepth: p.max_depth, n: train.n, codes: train.codes, offsets: bins.offsets, nBins: bins.nBins, split, shards, threads: p.n_threads });
    let r;
    try {
      r = boost(p, bins, train, valid, X.nCols, store);
    } finally {
      store.close();
    }
    this.featureNames = [...X.featureNames];
    this.baseScore = r.baseScore;
    this.trees = r.trees.map(stripBins);
    this.bestIteration = r.bestIteration;
    this.validationLoss = r.validationLoss;
    this.gain = r.gain;
    this.splitCount = r.splits;
    this.fitted = true;
    return this;
  }

  getParams(): GbdtParams {
    return { ...this.params };
  }

  clone(): Gbdt {
    return new Gbdt(this.getParams());
  }

  private check(): void {
    if (!this.fitted) throw new UserError('gbdt: model is not fitted');
  }

  predict(X: Matrix): Float64Array {
    this.check();
    checkPredictInputs('gbdt.predict', X, this.featureNames);
    if (this.forest?.trees !== this.trees) this.forest = buildForest(this.trees);
    return predictForest(this.forest, this.baseScore, X);
  }

  featureImportance(): FeatureImportance[] {
    this.check();
    const imp = normalise(this.gain);
    return this.featureNames.map((feature, j) => ({
      feature,
      importance: imp[j]!,
      gain: this.gain[j]!,
      splits: this.splitCount[j]!,
    }));
  }

  toJSON(): GbdtJSON {
    this.check();
    return {
      schema: MODEL_SCHEMA,
      version: MODEL_SCHEMA_VERSION,
      type: 'gbdt',
      featureNames: [...this.featureNames],
      params: { ...this.params },
      baseScore: this.baseScore,
      bestIteration: this.bestIteration,
      trees: this.trees.map(treeToJSON),
      importance: { gain: Array.from(this.gain), splits: Array.from(this.splitCount) },
      validationLoss: [...this.validationLoss],
    };
  }

  static fromJSON(json: unknown): Gbdt {
    const j = checkEnvelope(json, 'gbdt') as unknown as GbdtJSON;
    const m = new Gbdt(j.params);
    const p = j.featureNames.length;
    if (typeof j.baseScore !== 'number') throw new UserError("model.json: gbdt 'baseScore' must be a number");
    if (!Array.isArray(j.trees)) throw new UserError("model.json: gbdt 'trees' must be a list");
    m.featureNames = [...j.featureNames];
    m.baseScore = j.baseScore;
    m.trees = j.trees.map((t, k) => treeFromJSON(t, p, k));
    m.bestIteration = j.bestIteration;
    m.validationLoss = j.validationLoss ?? [];
    m.gain = Float64Array.from(j.importance?.gain ?? new Array<number>(p).fill(0));
    m.splitCount = Float64Array.from(j.importance?.splits ?? new Array<number>(p).fill(0));
    m.fitted = true;
    return m;
  }
}

function stripBins(t: Tree): Tree {
  const { bin: _bin, ...rest } = t;
  return rest as Tree;
}
