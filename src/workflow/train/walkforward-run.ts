// Runs a walk-forward plan on one market's design matrix: for every fold, fit the model on the
// rows of its training window and predict the weeks it owns. Folds are fitted on the fold workers
// (models/fit-rows.ts: the design is shared once, each fold names its rows) when that pays.
// Also fits a "burn-in" fold (the season before the first evaluated one, predicted by one model
// trained before it) whose residuals seed the out-of-sample predictive spread.
import type { ModelConfig } from '../../config/groups/model.ts';
import type { MarketDesign } from '../../features/index.ts';
import type { Matrix } from '../../models/index.ts';
import { fitRows, fitRowsMany, parseModelConfig, rowsMatrix, shareRows, type RowSource, type RowsTask } from '../../models/index.ts';
import { IncrementalRidge } from '../../models/index.ts';
import type { Estimator } from '../../models/index.ts';
import { MeanImputer } from '../../models/index.ts';
import { inTrainingWindow, type Fold } from '../../evaluation/walkforward.ts';
import { weekOrdinal } from '../../data/schema.ts';
import type { Progress } from '../../util/progress.ts';
import { UserError } from '../../util/errors.ts';
import { Rng } from '../../util/prng.ts';
import { setCallerMode, workerThreads } from '../../util/pool.ts';

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
}

/** Rows a fold may train on: in the window, eligible, with a known target. */
export function trainingRows(design: MarketDesign, fold: Fold): number[] {
  const out: number[] = [];
  design.rows.forEach((r, i) => {
    if (r.eligible && Number.isFinite(r.target) && Number.isFinite(r.offset) && inTrainingWindow(r, fold)) out.push(i);
  });
  return out;
}

export function needsImputation(model: ModelConfig): boolean {
  return model.type === 'ridge';
}

/** The pipeline's imputer (ridge only), fitted on the column means of the training rows. */
export function fitImputer(design: MarketDesign, rows: readonly number[]): MeanImputer {
  return new MeanImputer().fit(designMatrix(design, rows));
}

/** The matrix of the given design rows (missing values imputed when an imputer is given). */
export function designMatrix(design: MarketDesign, rows: readonly number[], imputer?: MeanImputer): Matrix {
  const m = rowsMatrix(design.X, design.featureNames, rows);
  return imputer ? imputer.transform(m) : m;
}

/** The fitting target (result minus offset) of the given design rows. */
export function targetsOf(design: MarketDesign, rows: readonly number[]): Float64Array {
  const y = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = design.rows[rows[k]!]!;
    y[k] = r.target - r.offset;
  }
  return y;
}

/** Model output plus each row's offset (NaN for rows whose offset is unknown). A pipeline
 *  imputes by itself; a bare estimator takes the fold's imputer. */
export function predictRows(model: Pick<Estimator, 'predict'>, design: MarketDesign, rows: readonly number[], imputer?: MeanImputer): Float64Array {
  if (rows.length === 0) return new Float64Array(0);
  const out = model.predict(designMatrix(design, rows, imputer));
  rows.forEach((i, k) => {
    out[k] = out[k]! + design.rows[i]!.offset;
  });
  return out;
}

export interface RunOptions {
  model: ModelConfig;
  seed: number;
  workers: number;
  progress: Progress;
}

// A fold worker's start-up, paid once per process (the pool keeps its workers): loading the fit
// module (models, config schema) costs ≈ 0.25 s of CPU compiled, ≈ 1 s from the TypeScript
// sources through tsx.
const WORKER_START_S = import.meta.url.endsWith('.ts') ? 1 : 0.25;
// Set once this process has started fold workers: kept workers cost nothing more to use.
let workersStarted = false;

/** A fit's size: a FitTask, or the shape of a fold's training matrix. */
type Sized = { X: Pick<Matrix, 'nRows' | 'nCols'> };

/**
 * Estimated seconds of fitting (measured here: a GBDT costs ≈ 4 ns per row × feature × tree;
 * ridge ≈ 5 ns per row × feature × fit, and an alpha list chosen by cross-validation fits
 * every alpha on every CV split plus the final one).
 */
export function fitSeconds(tasks: readonly Sized[], model: ModelConfig): number {
  const perCell = model.type === 'gbdt' ? model.n_estimators * 4e-9 : (Array.isArray(model.alpha) ? model.alpha.length * (model.cv_folds + 1) : 1) * 5e-9;
  return tasks.reduce((s, t) => s + t.X.nRows * t.X.nCols * perCell, 0);
}

/**
 * Whether the folds go to the fold workers: when the fits take longer than the workers'
 * start-up (each of two workers does half the fits); once started, as soon as the fits
 * outweigh the messages that carry them (a few ms).
 */
export function poolWorthIt(tasks: readonly Sized[], opts: Pick<RunOptions, 'model' | 'workers'>): boolean {
  if (opts.workers <= 1) return false;
  return fitSeconds(tasks, opts.model) > (workersStarted ? 0.005 : 2 * WORKER_START_S);
}

/**
 * Start the fold workers of a pool call of `workers` threads (util/pool.ts: the caller mode
 * says whether this thread counts as one) now, while this thread does other work, so that a
 * walk-forward run later finds them loaded and compiled (the demo: while it loads its data).
 * Each worker fits small models of the given configs on seeded noise: that loads the fit module
 * and lets V8 compile the fitting code, which otherwise costs a cold worker about as much CPU
 * as its first folds. The models are discarded. Never rejects.
 */
export function startFoldWorkers(workers: number, models: readonly ModelConfig[]): Promise<void> {
  if (workers <= 1 || workersStarted) return Promise.resolve();
  workersStarted = true;
  const rng = new Rng(1);
  const n = 500;
  const p = 12;
  const X = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => X[i * p]! - X[i * p + 1]! + rng.normal(0, 3));
  const source = shareRows(X, y, Array.from({ length: p }, (_, j) => `x${j}`));
  const train = Int32Array.from({ length: n - 50 }, (_, i) => i);
  const predict = Int32Array.from({ length: 50 }, (_, i) => n - 50 + i);
  // A few dozen trees run every hot loop of a GBDT fit; more would only cost the time saved.
  const small = (c: ModelConfig): ModelConfig => (c.type === 'gbdt' ? { ...c, n_estimators: Math.min(c.n_estimators, 30) } : c);
  // One copy per worker the pool will use (the caller mode may count this thread as one).
  const tasks = models.flatMap((config) =>
    Array.from({ length: workerThreads(workers) }, (): RowsTask => ({ source, config: parseModelConfig(small(config)), seed: 1, impute: needsImputation(config), train, predict })),
  );
  // The warm-up is the workers' alone: a helping caller stands aside for it (the mode is read
  // when the call is made).
  const mode = setCallerMode('busy');
  if (mode === 'waits') setCallerMode(mode);
  const warming = fitRowsMany(tasks, workers);
  setCallerMode(mode);
  // Only an early start: a failure here is left for the walk-forward's own fits to report.
  return warming.then(
    () => undefined,
    () => {
      workersStarted = false;
    },
  );
}

/** Is every fold's training set a superset of the previous fold's (an expanding window)? */
export function nested(trains: readonly (readonly number[])[]): boolean {
  for (let k = 1; k < trains.length; k++) {
    const cur = new Set(trains[k]);
    if (!trains[k - 1]!.every((i) => cur.has(i))) return false;
  }
  return true;
}

/**
 * Ridge with one alpha on an expanding window: each fold's model comes from running sums
 * (XᵀX, Xᵀy, …) to which only the rows new since the previous fold are added — the model a batch
 * fit on the same rows gives, without refitting from scratch. Training rows are eligible rows,
 * which have no missing value, so no fold's imputation touches them. null when not applicable
 * (an alpha list chosen by cross-validation, GBDT, or a moving window).
 */
export function incrementalRidgeModels(
  design: MarketDesign,
  prepared: readonly { train: readonly number[] }[],
  opts: Pick<RunOptions, 'model'>,
): Estimator[] | null {
  if (opts.model.type !== 'ridge' || typeof opts.model.alpha !== 'number') return null;
  const trains = prepared.map((f) => f.train);
  if (!nested(trains)) return null;
  const p = design.featureNames.length;
  const finite = (i: number) => Number.isFinite(design.rows[i]!.target - design.rows[i]!.offset) && design.X.subarray(i * p, (i + 1) * p).every(Number.isFinite);
  if (!trains.every((t) => t.every(finite))) return null;
  const acc = new IncrementalRidge(design.featureNames, opts.model.alpha);
  const seen = new Set<number>();
  return trains.map((train) => {
    const fresh = train.filter((i) => !seen.has(i));
    fresh.forEach((i) => seen.add(i));
    if (fresh.length) acc.addRows(designMatrix(design, fresh), targetsOf(design, fresh));
    return acc.model();
  });
}

/** The design's matrix and fitting targets (result minus offset) for fitRows; in shared memory for the fold workers. */
export function designSource(design: MarketDesign, shared: boolean): RowSource {
  const y = targetsOf(design, design.rows.map((_, i) => i));
  return shared ? shareRows(design.X, y, design.featureNames) : { X: design.X, y, featureNames: design.featureNames };
}

/** The sizes of fits on these training rows of a design (for poolWorthIt). */
export function fitSizes(design: MarketDesign, fits: readonly { train: readonly number[] }[]): Sized[] {
  return fits.map((f) => ({ X: { nRows: f.train.length, nCols: design.featureNames.length } }));
}

/** Design row indices by week ordinal (ascending), so that each fold finds its weeks' rows without a pass over every row. */
function rowsByWeek(design: MarketDesign): Map<number, number[]> {
  const byWeek = new Map<number, number[]>();
  design.rows.forEach((r, i) => {
    const o = weekOrdinal(r.season, r.season_type, r.week);
    const list = byWeek.get(o);
    if (list) list.push(i);
    else byWeek.set(o, [i]);
  });
  return byWeek;
}

/** The rows inPredictWeeks accepts for this fold, ascending. */
function predictedRows(byWeek: ReadonlyMap<number, readonly number[]>, fold: Fold): number[] {
  const ordinals = [...new Set(fold.predict.map((s) => s.ordinal))];
  const rows = ordinals.flatMap((o) => byWeek.get(o) ?? []);
  return ordinals.length > 1 ? rows.sort((a, b) => a - b) : rows;
}

/** One fit and the folds (indices, ascending) whose training rows are exactly its rows. */
export interface SharedFit {
  train: readonly number[];
  folds: number[];
}

/**
 * The folds grouped by identical training rows (same rows, same order). Early weeks of a season
 * often train on the same rows (its first games are not yet eligible: too little history), and
 * a fit depends only on its training rows, the config and the seed, while both models predict
 * each row on its own (ridge: intercept + Σ coefficient × value; GBDT: baseScore + Σ trees): so
 * one fit predicting the group's rows together gives each fold the numbers its own fit gave.
 */
export function sharedFits(prepared: readonly { train: readonly number[] }[]): SharedFit[] {
  const fits: SharedFit[] = [];
  // Candidates by size and end rows; a match is then checked row by row.
  const byKey = new Map<string, SharedFit[]>();
  prepared.forEach((f, k) => {
    const t = f.train;
    const key = `${t.length}:${t[0]}:${t[t.length - 1]}`;
    const same = byKey.get(key)?.find((g) => sameRows(g.train, t));
    if (same) return void same.folds.push(k);
    const fit: SharedFit = { train: t, folds: [k] };
    fits.push(fit);
    const list = byKey.get(key);
    if (list) list.push(fit);
    else byKey.set(key, [fit]);
  });
  return fits;
}

function sameRows(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Fit one model per fold (on the fold workers when that pays) and predict each fold's weeks. */
export async function runWalkForward(design: MarketDesign, folds: readonly Fold[], opts: RunOptions): Promise<WalkForwardResult> {
  const impute = needsImputation(opts.model);
  const byWeek = rowsByWeek(design);
  const prepared = folds.map((fold) => {
    const train = trainingRows(design, fold);
    const predicted = predictedRows(byWeek, fold);
    if (train.length < 2 * design.featureNames.length + 10) {
      const w = fold.predict[0]!;
      throw new UserError(
        `${design.market}: only ${train.length} training games before ${w.season} ${w.season_type} week ${w.week} ` +
          `(need at least ${2 * design.featureNames.length + 10}); load more seasons or raise evaluation.first_season's coverage`,
      );
    }
    return { fold, train, predicted };
  });
  opts.progress.start(prepared.length, `${design.market}: walk-forward folds`);
  // Model output per fold for its predicted rows (offsets not yet added).
  const outputs: Float64Array[] = [];
  const incremental = incrementalRidgeModels(design, prepared, opts);
  if (incremental) {
    prepared.forEach((f, k) => {
      // The fold's imputer fills the predicted rows (its training rows have no missing value).
      const imputer = impute ? fitImputer(design, f.train) : undefined;
      outputs.push(f.predicted.length ? incremental[k]!.predict(designMatrix(design, f.predicted, imputer)) : new Float64Array(0));
    });
    opts.progress.tick(prepared.length);
  } else {
    const fits = sharedFits(prepared);
    const pooled = poolWorthIt(fitSizes(design, fits), opts);
    const source = designSource(design, pooled);
    const config = parseModelConfig(opts.model); // checked here: the workers take it as it is
    const tasks: RowsTask[] = fits.map((f) => ({
      source,
      config,
      seed: opts.seed,
      impute,
      train: Int32Array.from(f.train),
      predict: Int32Array.from(f.folds.flatMap((k) => prepared[k]!.predicted)),
    }));
    const fitOutputs: Float64Array[] = [];
    if (pooled) {
      // One pool for every fold (kept workers: the start-up is paid once per process).
      workersStarted = true;
      fitOutputs.push(...(await fitRowsMany(tasks, opts.workers)));
      opts.progress.tick(prepared.length);
    } else {
      tasks.forEach((t, g) => {
        fitOutputs.push(fitRows(t));
        opts.progress.tick(fits[g]!.folds.length);
      });
    }
    // Each fold's share of its fit's output, in the order its rows were appended.
    outputs.length = prepared.length;
    fits.forEach((f, g) => {
      let at = 0;
      for (const k of f.folds) {
        const m = prepared[k]!.predicted.length;
        outputs[k] = fitOutputs[g]!.slice(at, at + m);
        at += m;
      }
    });
  }
  opts.progress.stop();
  const oos = new Float64Array(design.rows.length).fill(NaN);
  const fitted: FittedFold[] = prepared.map((f, k) => {
    const predictions = outputs[k]!;
    f.predicted.forEach((i, j) => {
      predictions[j] = predictions[j]! + design.rows[i]!.offset;
      oos[i] = predictions[j]!;
    });
    return { fold: f.fold, nTrain: f.train.length, predicted: f.predicted, predictions };
  });
  return { market: design.market, folds: fitted, oos };
}
