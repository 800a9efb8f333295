// Fit a model on some rows of one matrix and predict other rows of it (a walk-forward fold), on
// the fold workers or in this thread. The matrix and the targets are put in shared memory once
// (`shareRows`) and every task names its rows, so a fold's training matrix is built where it is
// fitted: before, the calling thread built it, structured clone copied it twice (into the message,
// then out of it, ≈ 120 MB of fresh memory per quick demo) and the model came back as model.json
// to be rebuilt and run here. A task returns the predictions only — the model's own, as fitted,
// which are those of its model.json once loaded (JSON keeps every double; tested). The config
// comes validated, so this module does not import the config schema (zod: ≈ 80 ms of CPU for
// every worker that loads it).
import type { ModelConfig } from '../config/groups/model.ts';
import { runPool } from '../util/pool.ts';
import { buildModel } from './build.ts';
import type { Estimator, ModelJSONBase } from './estimator.ts';
import { createMatrix, type Matrix } from './matrix.ts';
import { MeanImputer } from './preprocess.ts';

/** Row-major rows × featureNames.length values and one target per row, in shared memory when `shareRows` made them. */
export interface RowSource {
  X: Float64Array;
  y: Float64Array;
  featureNames: readonly string[];
}

export interface RowsTask {
  source: RowSource;
  /** Validated by parseModelConfig (factory.ts) on the calling thread: a worker does not load the schema. */
  config: ModelConfig;
  seed: number;
  /** Fill missing values with the training rows' column means (ridge's pipeline). */
  impute: boolean;
  /** Rows to fit on and rows to predict (indices into the source). */
  train: Int32Array;
  predict: Int32Array;
}

/** The source copied into SharedArrayBuffers, so that messages to the fold workers carry it without copying. */
export function shareRows(X: Float64Array, y: Float64Array, featureNames: readonly string[]): RowSource {
  const share = (a: Float64Array) => {
    const s = new Float64Array(new SharedArrayBuffer(a.byteLength));
    s.set(a);
    return s;
  };
  return { X: share(X), y: share(y), featureNames };
}

/** The matrix of the given rows of a row-major `X` with `names.length` columns. */
export function rowsMatrix(X: Float64Array, names: readonly string[], rows: ArrayLike<number>, into?: Float64Array): Matrix {
  const p = names.length;
  const data = into ?? new Float64Array(rows.length * p);
  // A plain copy: a subarray per row (or Float64Array.from with a callback) allocates and runs
  // several times slower, and this runs for every fold of every market.
  for (let k = 0; k < rows.length; k++) {
    const from = rows[k]! * p;
    const to = k * p;
    for (let j = 0; j < p; j++) data[to + j] = X[from + j]!;
  }
  return createMatrix(data, rows.length, p, names, 'row');
}

// The matrix of a fit's rows lives only while the fit (or the prediction) runs: no model keeps
// its input, and a thread runs one task at a time. So one buffer per thread serves every task:
// a fresh one per fold touched fresh memory (≈ 3.6 ms/MB here), most of what building the
// matrix cost. Matrices above the cap get their own buffer, so the one kept stays small.
const SCRATCH_CAP = 2 ** 22; // doubles (32 MiB)
let scratch = new Float64Array(0);

/** rowsMatrix in the thread's scratch buffer: valid until the next call in this thread. */
function scratchRowsMatrix(X: Float64Array, names: readonly string[], rows: ArrayLike<number>): Matrix {
  const need = rows.length * names.length;
  if (need > SCRATCH_CAP) return rowsMatrix(X, names, rows);
  if (scratch.length < need) scratch = new Float64Array(Math.min(SCRATCH_CAP, Math.max(need, Math.ceil(scratch.length * 1.5))));
  return rowsMatrix(X, names, rows, scratch.subarray(0, need));
}

/**
 * The model fitted on the task's training rows, with the imputer fitted on them (when the task
 * imputes). The task's fields come as arguments: tasks with and without rows to predict are
 * objects of two shapes, and reading both here made its optimised code (a model's whole fit
 * inlined) deoptimise and compile again in every thread.
 */
function fitOn(source: RowSource, config: ModelConfig, seed: number, impute: boolean, train: Int32Array): { model: Estimator; imputer: MeanImputer | undefined } {
  const { X, y, featureNames } = source;
  const raw = scratchRowsMatrix(X, featureNames, train);
  // The imputer is fitted on the training matrix it then fills (as the pipeline does).
  const imputer = impute ? new MeanImputer().fit(raw) : undefined;
  const target = new Float64Array(train.length);
  for (let k = 0; k < train.length; k++) target[k] = y[train[k]!]!;
  return { model: buildModel(config, { seed }).fit(imputer ? imputer.transform(raw) : raw, target), imputer };
}

/** Worker entry (and the in-thread path): fit on the task's training rows, return the model's output for its predicted rows. */
export function fitRows(t: RowsTask): Float64Array {
  const { X, featureNames } = t.source;
  const { model, imputer } = fitOn(t.source, t.config, t.seed, t.impute, t.train);
  if (t.predict.length === 0) return new Float64Array(0);
  const P = scratchRowsMatrix(X, featureNames, t.predict); // the training matrix is no longer used
  return model.predict(imputer ? imputer.transform(P) : P);
}

/** Worker entry: fit on the task's training rows and return the model's model.json (a final fit, whose model is kept). */
export function fitRowsModel(t: Omit<RowsTask, 'predict'>): ModelJSONBase {
  return fitOn(t.source, t.config, t.seed, t.impute, t.train).model.toJSON();
}

/** fitRowsModel for every task, on `workers` fold workers (≤ 1: in this thread); model.json in task order. */
export function fitRowsModels(tasks: readonly Omit<RowsTask, 'predict'>[], workers: number): Promise<ModelJSONBase[]> {
  return runPool<Omit<RowsTask, 'predict'>, ModelJSONBase>(tasks, { module: import.meta.url, fn: 'fitRowsModel', workers });
}

/** fitRows for every task, on `workers` fold workers (≤ 1: in this thread); results in task order. */
export function fitRowsMany(tasks: readonly RowsTask[], workers: number): Promise<Float64Array[]> {
  return runPool<RowsTask, Float64Array>(tasks, { module: import.meta.url, fn: 'fitRows', workers });
}
