// A pipeline in scikit-learn's sense: imputer → scaler → estimator, fitted, saved and loaded as
// one object. A bundle stores the pipeline whole, so serving applies exactly the imputation and
// scaling training learnt; `getParams`/`clone` rebuild the same unfitted pipeline from its
// parameters, which is what a refit or a sweep needs.
import { UserError } from '../util/errors.ts';
import { MODEL_SCHEMA, MODEL_SCHEMA_VERSION, type Estimator, type FeatureImportance, type FitOptions, type ModelJSONBase } from './estimator.ts';
import { estimatorFromParams, modelFromJSON } from './factory.ts';
import { createMatrix, type Matrix } from './matrix.ts';

/** Column means of the finite training values; a missing (NaN) input is replaced by its mean. */
export class MeanImputer {
  readonly kind = 'mean' as const;
  means: Float64Array | null = null;

  fit(X: Matrix): this {
    const sum = new Float64Array(X.nCols);
    const n = new Float64Array(X.nCols);
    forEachCell(X, (i, j, v) => {
      if (Number.isFinite(v)) {
        sum[j] += v;
        n[j]++;
      }
    });
    // A column with no finite training value imputes 0: it carried no information in training.
    this.means = sum.map((s, j) => (n[j]! > 0 ? s / n[j]! : 0));
    return this;
  }

  transform(X: Matrix): Matrix {
    const means = fitted(this.means, 'imputer');
    checkWidth('imputer', X, means.length);
    let missing = false;
    for (let k = 0; k < X.data.length && !missing; k++) missing = !Number.isFinite(X.data[k]!);
    if (!missing) return X;
    const data = Float64Array.from(X.data);
    forEachCell(X, (i, j, v, k) => {
      if (!Number.isFinite(v)) data[k] = means[j]!;
    });
    return createMatrix(data, X.nRows, X.nCols, X.featureNames, X.layout);
  }

  getParams(): Record<string, never> {
    return {};
  }

  clone(): MeanImputer {
    return new MeanImputer();
  }

  toJSON(): { kind: 'mean'; means: number[] } {
    return { kind: 'mean', means: Array.from(fitted(this.means, 'imputer')) };
  }

  static fromJSON(j: { means?: unknown }): MeanImputer {
    if (!Array.isArray(j.means) || !j.means.every((v) => typeof v === 'number')) throw new UserError("model.json: pipeline imputer 'means' must be a list of numbers");
    const m = new MeanImputer();
    m.means = Float64Array.from(j.means as number[]);
    return m;
  }
}

/** Centre and scale each column by its training mean and standard deviation (constant → 1). */
export class StandardScaler {
  readonly kind = 'standard' as const;
  means: Float64Array | null = null;
  scales: Float64Array | null = null;

  fit(X: Matrix): this {
    const p = X.nCols;
    const mean = new Float64Array(p);
    const m2 = new Float64Array(p);
    const n = X.nRows;
    forEachCell(X, (_i, j, v) => {
      mean[j] += v;
    });
    for (let j = 0; j < p; j++) mean[j] = n > 0 ? mean[j]! / n : 0;
    forEachCell(X, (_i, j, v) => {
      m2[j] += (v - mean[j]!) ** 2;
    });
    this.means = mean;
    this.scales = m2.map((s) => {
      const sd = n > 0 ? Math.sqrt(s / n) : 0;
      return sd > 0 && Number.isFinite(sd) ? sd : 1;
    });
    return this;
  }

  transform(X: Matrix): Matrix {
    const means = fitted(this.means, 'scaler');
    const scales = fitted(this.scales, 'scaler');
    checkWidth('scaler', X, means.length);
    const data = new Float64Array(X.data.length);
    forEachCell(X, (_i, j, v, k) => {
      data[k] = (v - means[j]!) / scales[j]!;
    });
    return createMatrix(data, X.nRows, X.nCols, X.featureNames, X.layout);
  }

  getParams(): Record<string, never> {
    return {};
  }

  clone(): StandardScaler {
    return new StandardScaler();
  }

  toJSON(): { kind: 'standard'; means: number[]; scales: number[] } {
    return { kind: 'standard', means: Array.from(fitted(this.means, 'scaler')), scales: Array.from(fitted(this.scales, 'scaler')) };
  }

  static fromJSON(j: { means?: unknown; scales?: unknown }): StandardScaler {
    const nums = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (!nums(j.means) || !nums(j.scales)) throw new UserError("model.json: pipeline scaler 'means' and 'scales' must be lists of numbers");
    const s = new StandardScaler();
    s.means = Float64Array.from(j.means as number[]);
    s.scales = Float64Array.from(j.scales as number[]);
    return s;
  }
}

/** The parameters that rebuild a pipeline: which steps, and the estimator's own parameters. */
export interface PipelineParams {
  imputer: 'mean' | null;
  scaler: 'standard' | null;
  /** The estimator's model config: `{ type, ...its parameters }`. */
  estimator: { type: string } & Record<string, unknown>;
}

export interface PipelineJSON {
  schema: typeof MODEL_SCHEMA;
  version: number;
  type: 'pipeline';
  featureNames: string[];
  params: PipelineParams;
  imputer: ReturnType<MeanImputer['toJSON']> | null;
  scaler: ReturnType<StandardScaler['toJSON']> | null;
  estimator: ModelJSONBase;
}

export class Pipeline {
  readonly type = 'pipeline' as const;
  readonly imputer: MeanImputer | null;
  readonly scaler: StandardScaler | null;
  estimator: Estimator;

  constructor(steps: { imputer?: MeanImputer | null; scaler?: StandardScaler | null; estimator: Estimator }) {
    this.imputer = steps.imputer ?? null;
    this.scaler = steps.scaler ?? null;
    this.estimator = steps.estimator;
  }

  /** Build an unfitted pipeline from its parameters. */
  static fromParams(params: PipelineParams): Pipeline {
    return new Pipeline({
      imputer: params.imputer === 'mean' ? new MeanImputer() : null,
      scaler: params.scaler === 'standard' ? new StandardScaler() : null,
      estimator: estimatorFromParams(params.estimator),
    });
  }

  get featureNames(): readonly string[] {
    return this.estimator.featureNames;
  }

  getParams(): PipelineParams {
    return {
      imputer: this.imputer ? 'mean' : null,
      scaler: this.scaler ? 'standard' : null,
      estimator: { type: this.estimator.type, ...(this.estimator.getParams() as Record<string, unknown>) },
    };
  }

  /** The same pipeline, unfitted. */
  clone(): Pipeline {
    return new Pipeline({ imputer: this.imputer?.clone() ?? null, scaler: this.scaler?.clone() ?? null, estimator: this.estimator.clone() });
  }

  /** What the estimator sees for inputs X (imputed, then scaled). */
  transform(X: Matrix): Matrix {
    const imputed = this.imputer ? this.imputer.transform(X) : X;
    return this.scaler ? this.scaler.transform(imputed) : imputed;
  }

  fit(X: Matrix, y: ArrayLike<number>, options: FitOptions = {}): this {
    let Z = X;
    if (this.imputer) Z = this.imputer.fit(Z).transform(Z);
    if (this.scaler) Z = this.scaler.fit(Z).transform(Z);
    const validation = options.validation ? { ...options.validation, X: this.transform(options.validation.X) } : undefined;
    this.estimator.fit(Z, y, { ...options, validation });
    return this;
  }

  /** Adopt an estimator fitted elsewhere on this pipeline's transformed inputs (worker threads). */
  withFittedEstimator(estimator: Estimator): this {
    this.estimator = estimator;
    return this;
  }

  predict(X: Matrix): Float64Array {
    return this.estimator.predict(this.transform(X));
  }

  featureImportance(): FeatureImportance[] {
    return this.estimator.featureImportance();
  }

  toJSON(): PipelineJSON {
    return {
      schema: MODEL_SCHEMA,
      version: MODEL_SCHEMA_VERSION,
      type: 'pipeline',
      featureNames: [...this.estimator.featureNames],
      params: this.getParams(),
      imputer: this.imputer?.toJSON() ?? null,
      scaler: this.scaler?.toJSON() ?? null,
      estimator: this.estimator.toJSON(),
    };
  }

  static fromJSON(json: unknown): Pipeline {
    if (!json || typeof json !== 'object') throw new UserError('model.json: pipeline is not an object');
    const j = json as Partial<PipelineJSON>;
    if (j.schema !== MODEL_SCHEMA || j.type !== 'pipeline') throw new UserError(`model.json: expected a pipeline (schema '${MODEL_SCHEMA}', type 'pipeline')`);
    if (j.version !== MODEL_SCHEMA_VERSION) throw new UserError(`model.json: pipeline schema version ${String(j.version)} is not ${MODEL_SCHEMA_VERSION} (refit or use the matching edgelab)`);
    return new Pipeline({
      imputer: j.imputer ? MeanImputer.fromJSON(j.imputer) : null,
      scaler: j.scaler ? StandardScaler.fromJSON(j.scaler) : null,
      estimator: modelFromJSON(j.estimator),
    });
  }
}

function fitted<T>(v: T | null, step: string): T {
  if (v === null) throw new UserError(`pipeline: the ${step} is not fitted`);
  return v;
}

function checkWidth(step: string, X: Matrix, p: number): void {
  if (X.nCols !== p) throw new UserError(`pipeline: the ${step} was fitted on ${p} columns, got ${X.nCols}`);
}

function forEachCell(X: Matrix, f: (i: number, j: number, v: number, k: number) => void): void {
  const { nRows: n, nCols: p, data } = X;
  if (X.layout === 'row') {
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++, k++) f(i, j, data[k]!, k);
  } else {
    for (let j = 0, k = 0; j < p; j++) for (let i = 0; i < n; i++, k++) f(i, j, data[k]!, k);
  }
}
