// Runs a walk-forward plan on one market's design matrix: for every fold, fit the model on the
// rows of its training window and predict the weeks it owns. Folds are fitted on the worker pool.
// Also fits a "burn-in" fold (the season before the first evaluated one, predicted by one model
// trained before it) whose residuals seed the out-of-sample predictive spread.
import type { ModelConfig } from '../../config/groups/model.ts';
import type { MarketDesign } from '../../features/design.ts';
import { createMatrix, type Matrix } from '../../models/matrix.ts';
import { fitMany, type FitTask } from '../../models/fit_many.ts';
import type { Estimator } from '../../models/estimator.ts';
import { inPredictWeeks, inTrainingWindow, type Fold } from '../../evaluation/walkforward.ts';
import type { Progress } from '../../util/progress.ts';
import { UserError } from '../../util/errors.ts';

export interface Imputer {
  /** Column means of the training rows; NaN inputs are replaced by them (ridge only). */
  means: number[];
}

export interface FittedFold {
  fold: Fold;
  nTrain: number;
  /** Design row indices predicted by this fold. */
  predicted: number[];
  predictions: Float64Array;
}

export interface WalkForwardResult {
  market: MarketDesign['market'];
  folds: FittedFold[];
  /** Out-of-sample prediction per design row (NaN where no fold predicted the row). */
  oos: Float64Array;
  /** Index of the fold that predicted each row (-1 none). */
  foldOf: Int32Array;
}

/** Rows a fold may train on: in the window, eligible, with a known target. */
export function trainingRows(design: MarketDesign, fold: Fold): number[] {
  const out: number[] = [];
  design.rows.forEach((r, i) => {
    if (r.eligible && Number.isFinite(r.target) && inTrainingWindow(r, fold)) out.push(i);
  });
  return out;
}

export function needsImputation(model: ModelConfig): boolean {
  return model.type === 'ridge';
}

export function fitImputer(design: MarketDesign, rows: readonly number[]): Imputer {
  const p = design.featureNames.length;
  const sum = new Float64Array(p);
  const n = new Float64Array(p);
  for (const i of rows) {
    for (let j = 0; j < p; j++) {
      const v = design.X[i * p + j]!;
      if (Number.isFinite(v)) {
        sum[j] += v;
        n[j]++;
      }
    }
  }
  return { means: Array.from(sum, (s, j) => (n[j]! > 0 ? s / n[j]! : 0)) };
}

/** The matrix of the given design rows (NaN replaced by the imputer's means when given). */
export function designMatrix(design: MarketDesign, rows: readonly number[], imputer?: Imputer): Matrix {
  const p = design.featureNames.length;
  const data = new Float64Array(rows.length * p);
  rows.forEach((i, k) => {
    for (let j = 0; j < p; j++) {
      const v = design.X[i * p + j]!;
      data[k * p + j] = imputer && !Number.isFinite(v) ? imputer.means[j]! : v;
    }
  });
  return createMatrix(data, rows.length, p, design.featureNames, 'row');
}

export interface RunOptions {
  model: ModelConfig;
  seed: number;
  workers: number;
  progress: Progress;
}

/** Fit one model per fold (in parallel) and predict each fold's weeks. */
export async function runWalkForward(design: MarketDesign, folds: readonly Fold[], opts: RunOptions): Promise<WalkForwardResult> {
  const impute = needsImputation(opts.model);
  const prepared = folds.map((fold) => {
    const train = trainingRows(design, fold);
    const predicted: number[] = [];
    design.rows.forEach((r, i) => {
      if (inPredictWeeks(r, fold)) predicted.push(i);
    });
    if (train.length < 2 * design.featureNames.length + 10) {
      const w = fold.predict[0]!;
      throw new UserError(
        `${design.market}: only ${train.length} training games before ${w.season} ${w.season_type} week ${w.week} ` +
          `(need at least ${2 * design.featureNames.length + 10}); load more seasons or raise evaluation.first_season's coverage`,
      );
    }
    const imputer = impute ? fitImputer(design, train) : undefined;
    return { fold, train, predicted, imputer };
  });
  const tasks: FitTask[] = prepared.map((f) => ({
    config: opts.model,
    seed: opts.seed,
    X: designMatrix(design, f.train, f.imputer),
    y: Float64Array.from(f.train, (i) => design.rows[i]!.target),
  }));
  opts.progress.start(tasks.length, `${design.market}: walk-forward folds`);
  const models: Estimator[] = [];
  // Fit in chunks so progress moves; each chunk runs on the pool in parallel.
  const chunk = Math.max(opts.workers * 2, 4);
  for (let k = 0; k < tasks.length; k += chunk) {
    const part = tasks.slice(k, k + chunk);
    const fitted = opts.workers <= 1 || opts.model.type === 'ridge' ? await fitMany(part, { workers: 1 }) : await fitMany(part, { workers: opts.workers });
    models.push(...fitted);
    opts.progress.tick(part.length);
  }
  opts.progress.stop();
  const oos = new Float64Array(design.rows.length).fill(NaN);
  const foldOf = new Int32Array(design.rows.length).fill(-1);
  const fitted: FittedFold[] = prepared.map((f, k) => {
    const predictions = f.predicted.length ? models[k]!.predict(designMatrix(design, f.predicted, f.imputer)) : new Float64Array(0);
    f.predicted.forEach((i, j) => {
      oos[i] = predictions[j]!;
      foldOf[i] = k;
    });
    return { fold: f.fold, nTrain: f.train.length, predicted: f.predicted, predictions };
  });
  return { market: design.market, folds: fitted, oos, foldOf };
}
