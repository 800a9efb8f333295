// Ridge's sufficient statistics and solve. Batch fits and walk-forward refits share this: the
// model only ever sees weighted sums (Σw, Σwx, Σwxxᵀ, Σwy, Σwxy), kept relative to a shift so
// that centring stays accurate when feature means are large compared to their spread.
import { UserError } from '../util/errors.ts';
import { cholesky, choleskySolve } from './linalg.ts';
import { BLOCK_ROWS, gramSums } from './gram-parallel.ts';
import { at, type Matrix } from './matrix.ts';

export interface RidgeSums {
  p: number;
  /** Σw */
  sw: number;
  /** Per-feature shift c (the first batch's weighted means) and target shift. */
  shiftX: Float64Array;
  shiftY: number;
  /** Σw(x−c), Σw(x−c)(x−c)ᵀ (p×p row-major), Σw(y−cy), Σw(x−c)(y−cy), Σw(y−cy)². */
  sx: Float64Array;
  sxx: Float64Array;
  sy: number;
  sxy: Float64Array;
}

export interface RidgeSolution {
  intercept: number;
  /** Coefficients on raw features. */
  coefficients: Float64Array;
  /** Coefficients on standardised features ((x − mean) / scale). */
  standardized: Float64Array;
  means: Float64Array;
  /** Weighted population standard deviation per feature (0 for a constant feature). */
  scales: Float64Array;
}

/** A feature with a weighted variance below this share of its mean square is constant. */
const CONSTANT_TOL = 1e-12;

export function emptySums(p: number): RidgeSums {
  return { p, sw: 0, shiftX: new Float64Array(p), shiftY: 0, sx: new Float64Array(p), sxx: new Float64Array(p * p), sy: 0, sxy: new Float64Array(p) };
}

/** Refuse NaN/±Infinity inputs, naming the feature: ridge needs an imputed design matrix. */
export function checkFinite(what: string, X: Matrix): void {
  const { data, nRows, nCols, layout } = X;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) {
      const i = layout === 'row' ? Math.floor(k / nCols) : k % nRows;
      const j = layout === 'row' ? k % nCols : Math.floor(k / nRows);
      throw new UserError(
        `${what}: feature '${X.featureNames[j]}' has a missing or non-finite value (${data[k]}) in row ${i}; ridge needs complete inputs — impute in the design matrix`,
      );
    }
  }
}

/**
 * Add rows to the sums in place (the first call fixes the shift, see `firstShift`). A missing
 * or infinite x makes its column's Σz² non-finite: then `checkFinite` names it (as `what`) and
 * the sums are left untouched. So callers need no separate pass over X to validate it.
 */
export function accumulate(s: RidgeSums, X: Matrix, y: ArrayLike<number>, w: Float64Array | null, what = 'ridge'): void {
  const n = X.nRows;
  const p = s.p;
  if (n === 0) return;
  let bw = 0;
  for (let i = 0; i < n; i++) bw += w ? w[i]! : 1;
  if (s.sw === 0) firstShift(s, X, y, w);
  const g = gramSums(X, y, w, s.shiftX, s.shiftY);
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(g.G[j * p + j]!)) {
      checkFinite(what, X);
      break; // finite but huge values overflowed: left to the solve, as before
    }
  }
  for (let j = 0; j < p; j++) {
    s.sx[j] += g.sx[j]!;
    s.sxy[j] += g.sxy[j]!;
  }
  for (let k = 0; k < p * p; k++) s.sxx[k] += g.G[k]!;
  s.sy += g.sy;
  s.sw += bw;
}

/**
 * The shift: weighted means of the batch's first block of rows (plain means when those rows
 * weigh nothing). Any value near the means keeps the shifted Gram (nearly) centred, which is
 * all accuracy needs; taking it from one block spares a pass over X.
 */
function firstShift(s: RidgeSums, X: Matrix, y: ArrayLike<number>, w: Float64Array | null): void {
  const m = Math.min(X.nRows, BLOCK_ROWS);
  let bw = 0;
  if (w) for (let i = 0; i < m; i++) bw += w[i]!;
  const weight = (i: number) => (bw > 0 ? w![i]! : 1);
  const total = bw > 0 ? bw : m;
  let my = 0;
  for (let i = 0; i < m; i++) my += weight(i) * y[i]!;
  s.shiftY = my / total;
  for (let j = 0; j < s.p; j++) {
    let a = 0;
    for (let i = 0; i < m; i++) a += weight(i) * at(X, i, j);
    s.shiftX[j] = a / total;
  }
}

/**
 * Solve ridge from sums: minimise Σw(y − b0 − Σβ_j z_j)² + α‖β‖² on standardised z_j, the
 * intercept unpenalised (scikit-learn's Ridge on StandardScaler output, with weights).
 */
export function solveFromSums(s: RidgeSums, alpha: number): RidgeSolution {
  const p = s.p;
  if (!(s.sw > 0)) throw new UserError('ridge: no rows (or zero total weight) to fit on');
  const sw = s.sw;
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  const active: number[] = [];
  for (let j = 0; j < p; j++) {
    const mx = s.sx[j]! / sw;
    means[j] = s.shiftX[j]! + mx;
    const v = s.sxx[j * p + j]! / sw - mx * mx;
    const ms = s.sxx[j * p + j]! / sw;
    if (v > CONSTANT_TOL * Math.max(ms, 1e-300) && v > 0) {
      scales[j] = Math.sqrt(v);
      active.push(j);
    }
  }
  const my = s.sy / sw;
  const q = active.length;
  const A = new Float64Array(q * q);
  const rhs = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    const j = active[a]!;
    const mj = s.sx[j]! / sw;
    for (let c = 0; c < q; c++) {
      const k = active[c]!;
      const cov = s.sxx[j * p + k]! - sw * mj * (s.sx[k]! / sw);
      A[a * q + c] = cov / (scales[j]! * scales[k]!);
    }
    A[a * q + a] += alpha;
    rhs[a] = (s.sxy[j]! - sw * mj * my) / scales[j]!;
  }
  const standardized = new Float64Array(p);
  if (q > 0) {
    let beta: Float64Array;
    try {
      beta = choleskySolve(cholesky(A, q), q, rhs);
    } catch {
      throw new UserError(`ridge: the standardised Gram matrix is singular (collinear features) at alpha=${alpha}; use alpha > 0`);
    }
    for (let a = 0; a < q; a++) standardized[active[a]!] = beta[a]!;
  }
  const coefficients = new Float64Array(p);
  let intercept = s.shiftY + my;
  for (let j = 0; j < p; j++) {
    if (scales[j]! > 0) {
      coefficients[j] = standardized[j]! / scales[j]!;
      intercept -= coefficients[j]! * means[j]!;
    }
  }
  return { intercept, coefficients, standardized, means, scales };
}
