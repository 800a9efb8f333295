// A pipeline in scikit-learn's sense: imputer → scaler → estimator, fitted, saved and loaded as
// one object. A bundle stores the pipeline whole, so serving applies exactly the imputation and
// scaling training learnt; `getParams`/`clone` rebuild the same unfitted pipeline from its
// parameters, which is what a refit or a sweep needs.
import { UserError } from '../util/errors.ts';
import { MODEL_SCHEMA, MODEL_SCHEMA_VERSION, type Estimator, type FeatureImportance, type FitOptions, type ModelJSONBase } from './estimator.ts';
import { estimatorFromParams, modelFromJSON } from './factory.ts';
import type { Matrix } from './matrix.ts';
import { MeanImputer, StandardScaler } from './preprocess.ts';

export { MeanImputer, StandardScaler } from './preprocess.ts';

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
