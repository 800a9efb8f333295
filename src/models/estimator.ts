// The one estimator interface every model implements (scikit-learn in spirit), and the
// versioned envelope of a saved model. A bundle's model.json is exactly `toJSON()`.
import { UserError, UsageError, suggest } from '../util/errors.ts';
import type { Matrix } from './matrix.ts';

/** Version of the model.json layout. Bump on any incompatible change; fromJSON refuses others. */
export const MODEL_SCHEMA_VERSION = 1;
export const MODEL_SCHEMA = 'edgelab.model';

export type ModelType = 'ridge' | 'gbdt';

export interface FitOptions {
  /** Non-negative weight per row (default all 1). */
  sampleWeight?: ArrayLike<number>;
  /** Held-out set for early stopping (GBDT). Without it GBDT holds out the time-ordered tail. */
  validation?: { X: Matrix; y: ArrayLike<number>; sampleWeight?: ArrayLike<number> };
}

export interface FeatureImportance {
  feature: string;
  /** The main importance, normalised to sum to 1 over features (0 everywhere if none). */
  importance: number;
  /** GBDT: total loss reduction of the feature's splits. */
  gain?: number;
  /** GBDT: number of splits on the feature. */
  splits?: number;
  /** Ridge: coefficient on the raw (unstandardised) feature. */
  coefficient?: number;
  /** Ridge: coefficient on the standardised feature. */
  standardizedCoefficient?: number;
}

/** What every model.json looks like at its top level. */
export interface ModelJSONBase {
  schema: typeof MODEL_SCHEMA;
  version: number;
  type: ModelType;
  featureNames: string[];
  params: object;
}

export interface Estimator {
  readonly type: ModelType;
  readonly params: object;
  readonly featureNames: readonly string[];
  fit(X: Matrix, y: ArrayLike<number>, options?: FitOptions): this;
  predict(X: Matrix): Float64Array;
  featureImportance(): FeatureImportance[];
  toJSON(): ModelJSONBase;
  /** The parameters that rebuild this estimator unfitted (scikit-learn's get_params). */
  getParams(): object;
  /** A new, unfitted estimator with the same parameters (scikit-learn's clone). */
  clone(): Estimator;
}

/** Check the envelope of a saved model; throws one clear error on any mismatch. */
export function checkEnvelope(json: unknown, type?: ModelType): ModelJSONBase {
  if (!json || typeof json !== 'object') throw new UserError('model.json: not an object');
  const j = json as Partial<ModelJSONBase>;
  if (j.schema !== MODEL_SCHEMA) throw new UserError(`model.json: schema is '${String(j.schema)}', expected '${MODEL_SCHEMA}'`);
  if (j.version !== MODEL_SCHEMA_VERSION) {
    const rel = typeof j.version === 'number' && j.version > MODEL_SCHEMA_VERSION ? 'newer' : 'older or unknown';
    throw new UserError(
      `model.json: schema version ${String(j.version)} is ${rel}; this edgelab reads version ${MODEL_SCHEMA_VERSION} (refit or use the matching edgelab)`,
    );
  }
  if (type && j.type !== type) throw new UserError(`model.json: type is '${String(j.type)}', expected '${type}'`);
  if (!Array.isArray(j.featureNames)) throw new UserError('model.json: featureNames missing');
  return j as ModelJSONBase;
}

/** Reject parameter names a model does not know, with a "did you mean" hint. */
export function checkParamNames(model: string, given: object, known: readonly string[]): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      const hint = suggest(key, known);
      throw new UsageError(`${model}: unknown parameter '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; known: ${known.join(', ')}`);
    }
  }
}

/** Normalise non-negative scores so they sum to 1 (all zero stays zero). */
export function normalise(scores: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < scores.length; i++) s += scores[i]!;
  const out = new Float64Array(scores.length);
  if (s > 0) for (let i = 0; i < scores.length; i++) out[i] = scores[i]! / s;
  return out;
}
