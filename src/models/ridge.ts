// Ridge regression: standardisation inside the model (so a saved model predicts raw inputs),
// an unpenalised intercept, sample weights, and alpha chosen by time-ordered cross-validation
// when given a list. Missing values are refused with the feature's name: imputation belongs
// to the design matrix, where it is visible and versioned, not hidden in here.
import { UserError } from '../util/errors.ts';
import {
  checkEnvelope,
  checkParamNames,
  MODEL_SCHEMA,
  MODEL_SCHEMA_VERSION,
  normalise,
  type Estimator,
  type FeatureImportance,
  type FitOptions,
  type ModelJSONBase,
} from './estimator.ts';
import { checkFitInputs, checkPredictInputs, type Matrix } from './matrix.ts';
import { accumulate, checkFinite, emptySums, solveFromSums, type RidgeSolution } from './ridge-solve.ts';
import { chooseAlpha, type AlphaScore } from './ridge-cv.ts';

export interface RidgeParams {
  /** One penalty, or a list to choose from by forward-chaining CV. In units of Σw·residual². */
  alpha: number | number[];
  /** Number of forward-chaining folds when alpha is a list. */
  cv_folds: number;
}

export const RIDGE_DEFAULTS: RidgeParams = { alpha: 1, cv_folds: 5 };
const RIDGE_PARAM_NAMES = ['alpha', 'cv_folds'] as const;

export interface RidgeJSON extends ModelJSONBase {
  type: 'ridge';
  params: { alpha: number | number[]; cv_folds: number };
  /** The alpha actually used (the CV choice when params.alpha is a list). */
  alpha: number;
  intercept: number;
  coefficients: number[];
  standardizedCoefficients: number[];
  means: number[];
  scales: number[];
  cvScores: AlphaScore[];
}

export class Ridge implements Estimator {
  readonly type = 'ridge' as const;
  readonly params: RidgeParams;
  featureNames: string[] = [];
  alpha = NaN;
  cvScores: AlphaScore[] = [];
  private solution: RidgeSolution | null = null;

  constructor(params: Partial<RidgeParams> = {}) {
    checkParamNames('ridge', params, RIDGE_PARAM_NAMES);
    this.params = { ...RIDGE_DEFAULTS, ...params };
    const alphas = Array.isArray(this.params.alpha) ? this.params.alpha : [this.params.alpha];
    if (alphas.length === 0 || alphas.some((a) => !(Number.isFinite(a) && a >= 0))) {
      throw new UserError(`ridge: alpha must be a non-negative number or a non-empty list of them (got ${JSON.stringify(this.params.alpha)})`);
    }
    if (!Number.isInteger(this.params.cv_folds) || this.params.cv_folds < 2) {
      throw new UserError(`ridge: cv_folds must be an integer ≥ 2 (got ${this.params.cv_folds})`);
    }
  }

  fit(X: Matrix, y: ArrayLike<number>, options: FitOptions = {}): this {
    const w = checkFitInputs('ridge.fit', X, y, options.sampleWeight);
    const alphas = Array.isArray(this.params.alpha) ? this.params.alpha : [this.params.alpha];
    if (alphas.length > 1) {
      // CV sums slices of X, whose row numbers are not X's: validate X as a whole first.
      checkFinite('ridge.fit', X);
      const choice = chooseAlpha(X, y, w, alphas, this.params.cv_folds);
      this.alpha = choice.alpha;
      this.cvScores = choice.scores;
    } else {
      this.alpha = alphas[0]!;
      this.cvScores = [];
    }
    const sums = emptySums(X.nCols);
    accumulate(sums, X, y, w, 'ridge.fit');
    this.solution = solveFromSums(sums, this.alpha);
    this.featureNames = [...X.featureNames];
    return this;
  }

  getParams(): RidgeParams {
    return { alpha: Array.isArray(this.params.alpha) ? [...this.params.alpha] : this.params.alpha, cv_folds: this.params.cv_folds };
  }

  clone(): Ridge {
    return new Ridge(this.getParams());
  }

  /** Adopt a solution computed elsewhere (IncrementalRidge). */
  static fromSolution(featureNames: readonly string[], alpha: number, solution: RidgeSolution): Ridge {
    const m = new Ridge({ alpha });
    m.featureNames = [...featureNames];
    m.alpha = alpha;
    m.solution = solution;
    return m;
  }

  private fitted(): RidgeSolution {
    if (!this.solution) throw new UserError('ridge: model is not fitted');
    return this.solution;
  }

  get intercept(): number {
    return this.fitted().intercept;
  }

  get coefficients(): Float64Array {
    return this.fitted().coefficients;
  }

  predict(X: Matrix): Float64Array {
    const s = this.fitted();
    checkPredictInputs('ridge.predict', X, this.featureNames);
    checkFinite('ridge.predict', X);
    const n = X.nRows;
    const p = X.nCols;
    const out = new Float64Array(n).fill(s.intercept);
    for (let j = 0; j < p; j++) {
      const c = s.coefficients[j]!;
      if (c === 0) continue;
      if (X.layout === 'col') for (let i = 0, k = j * n; i < n; i++, k++) out[i] += c * X.data[k]!;
      else for (let i = 0, k = j; i < n; i++, k += p) out[i] += c * X.data[k]!;
    }
    return out;
  }

  featureImportance(): FeatureImportance[] {
    const s = this.fitted();
    const imp = normalise(Array.from(s.standardized, Math.abs));
    return this.featureNames.map((feature, j) => ({
      feature,
      importance: imp[j]!,
      coefficient: s.coefficients[j]!,
      standardizedCoefficient: s.standardized[j]!,
    }));
  }

  toJSON(): RidgeJSON {
    const s = this.fitted();
    return {
      schema: MODEL_SCHEMA,
      version: MODEL_SCHEMA_VERSION,
      type: 'ridge',
      featureNames: [...this.featureNames],
      params: { alpha: this.params.alpha, cv_folds: this.params.cv_folds },
      alpha: this.alpha,
      intercept: s.intercept,
      coefficients: Array.from(s.coefficients),
      standardizedCoefficients: Array.from(s.standardized),
      means: Array.from(s.means),
      scales: Array.from(s.scales),
      cvScores: this.cvScores,
    };
  }

  static fromJSON(json: unknown): Ridge {
    const j = checkEnvelope(json, 'ridge') as RidgeJSON;
    const p = j.featureNames.length;
    for (const key of ['coefficients', 'standardizedCoefficients', 'means', 'scales'] as const) {
      if (!Array.isArray(j[key]) || j[key].length !== p) throw new UserError(`model.json: ridge '${key}' must have ${p} numbers`);
    }
    if (typeof j.intercept !== 'number') throw new UserError("model.json: ridge 'intercept' must be a number");
    const m = new Ridge(j.params);
    m.featureNames = [...j.featureNames];
    m.alpha = j.alpha;
    m.cvScores = j.cvScores ?? [];
    m.solution = {
      intercept: j.intercept,
      coefficients: Float64Array.from(j.coefficients),
      standardized: Float64Array.from(j.standardizedCoefficients),
      means: Float64Array.from(j.means),
      scales: Float64Array.from(j.scales),
    };
    return m;
  }
}
