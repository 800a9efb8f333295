// GBDT hyper-parameters: names and meanings follow XGBoost (and conf/model/gbdt*.yaml).
import { UserError } from '../../util/errors.ts';
import { checkParamNames } from '../estimator.ts';

export interface GbdtParams {
  /** 'depthwise' (XGBoost-style) or 'oblivious' (CatBoost-style: one split per level). */
  tree: 'depthwise' | 'oblivious';
  objective: 'squared_error' | 'huber';
  /** Huber: residuals beyond ±delta count linearly (robust to blowouts). */
  huber_delta: number;
  n_estimators: number;
  learning_rate: number;
  max_depth: number;
  /** Minimum hessian sum (= weighted row count for these objectives) in each child. */
  min_child_weight: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Minimum loss reduction to make a split (XGBoost's min_split_loss). */
  gamma: number;
  /** Share of rows sampled (Bernoulli, seeded) for each tree. */
  subsample: number;
  /** Share of features sampled for each tree. */
  colsample_bytree: number;
  /** Bins per feature, ≤ 256 (uint8 codes); a feature with missing values spends one on them. */
  max_bins: number;
  /** Stop when the validation loss has not improved for this many rounds (null: never). */
  early_stopping_rounds: number | null;
  /** Without an explicit validation set, the time-ordered tail share held out for stopping. */
  validation_fraction: number;
  seed: number;
  /** Threads inside one fit (each level split by rows, then by features). The model is identical for any value. */
  n_threads: number;
}

export const GBDT_DEFAULTS: GbdtParams = {
  tree: 'depthwise',
  objective: 'squared_error',
  huber_delta: 1,
  n_estimators: 100,
  learning_rate: 0.1,
  max_depth: 6,
  min_child_weight: 1,
  lambda: 1,
  gamma: 0,
  subsample: 1,
  colsample_bytree: 1,
  max_bins: 256,
  early_stopping_rounds: null,
  validation_fraction: 0.1,
  seed: 0,
  n_threads: 1,
};

const NAMES = Object.keys(GBDT_DEFAULTS) as (keyof GbdtParams)[];

export function gbdtParams(given: Partial<GbdtParams>): GbdtParams {
  checkParamNames('gbdt', given, NAMES);
  const p: GbdtParams = { ...GBDT_DEFAULTS, ...given };
  const bad = (key: string, rule: string): never => {
    throw new UserError(`gbdt: parameter '${key}' must be ${rule} (got ${JSON.stringify((p as unknown as Record<string, unknown>)[key])})`);
  };
  if (p.tree !== 'depthwise' && p.tree !== 'oblivious') bad('tree', "'depthwise' or 'oblivious'");
  if (p.objective !== 'squared_error' && p.objective !== 'huber') bad('objective', "'squared_error' or 'huber'");
  const pos = (k: keyof GbdtParams) => (typeof p[k] === 'number' && (p[k] as number) > 0) || bad(k, 'a positive number');
  const nonneg = (k: keyof GbdtParams) => (typeof p[k] === 'number' && (p[k] as number) >= 0) || bad(k, 'a non-negative number');
  const int = (k: keyof GbdtParams, lo: number, hi: number) =>
    (Number.isInteger(p[k]) && (p[k] as number) >= lo && (p[k] as number) <= hi) || bad(k, `an integer in [${lo}, ${hi}]`);
  pos('huber_delta');
  pos('learning_rate');
  nonneg('min_child_weight');
  nonneg('lambda');
  nonneg('gamma');
  int('n_estimators', 1, 1e6);
  int('max_depth', 1, 16);
  int('max_bins', 2, 256);
  int('seed', -(2 ** 31), 2 ** 32);
  int('n_threads', 1, 64);
  if (!(p.subsample > 0 && p.subsample <= 1)) bad('subsample', 'in (0, 1]');
  if (!(p.colsample_bytree > 0 && p.colsample_bytree <= 1)) bad('colsample_bytree', 'in (0, 1]');
  if (!(p.validation_fraction > 0 && p.validation_fraction < 1)) bad('validation_fraction', 'in (0, 1)');
  if (p.early_stopping_rounds !== null) int('early_stopping_rounds', 1, 1e6);
  return p;
}
