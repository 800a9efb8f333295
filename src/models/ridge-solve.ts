// Ridge's sufficient statistics and solve. Batch fits and walk-forward refits share this: the
// model only ever sees weighted sums (Σw, Σwx, Σwxxᵀ, Σwy, Σwxy), kept relative to a shift so
// that centring stays accurate when feature means are large compared to their spread.
import { UserError } from '../util/errors.ts';
import { cholesky, choleskySolve, gramVector } from './linalg.ts';
import { gramParallel, wantsHelper } from './gram-parallel.ts';
import type { Matrix } from './matrix.ts';

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

// The transposed copy of X is reused across fits (walk-forward refits, CV, benchmarks): touching
// freshly allocated memory costs ≈ 3.6 ms/MB here (STACK.md), more than the Gram of a small fit.
// Kept up to 64 MiB; accumulate is synchronous and waits for the helper, so one buffer suffices.
const SCRATCH_MAX = 64 << 20;
let scratchBuf: { data: Float64Array; shared: boolean } | null = null;
function scratch(length: number, shared: boolean): Float64Array {
  if (scratchBuf && scratchBuf.shared === shared && scratchBuf.data.length >= length) return scratchBuf.data.subarray(0, length);
  const data = shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
  if (length * 8 <= SCRATCH_MAX) scratchBuf = { data, shared };
  return data;
}

/** Add rows to the sums in place (the first call fixes the shift at that batch's means). */
export function accumulate(s: RidgeSums, X: Matrix, y: ArrayLike<number>, w: Float64Array | null): void {
  const n = X.nRows;
  const p = s.p;
  if (n === 0) return;
  const sqw = new Float64Array(n);
  let bw = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    sqw[i] = Math.sqrt(wi);
    bw += wi;
  }
  const p4 = (p + 3) & ~3;
  // x, column-major and zero-padded to a multiple of 4 columns for the Gram kernel. Row-major
  // input is transposed in row blocks so that both sides stay in cache.
  const Z = scratch(n * p4, wantsHelper(n, p4));
  // The padding columns must be zero (a reused buffer holds the last fit's values there).
  Z.fill(0, n * p, n * p4);
  if (X.layout === 'col') {
    Z.set(X.data.subarray(0, n * p));
  } else {
    const B = 128;
    for (let i0 = 0; i0 < n; i0 += B) {
      const i1 = Math.min(n, i0 + B);
      for (let j = 0; j < p; j++) {
        const base = j * n;
        for (let i = i0, k = i0 * p + j; i < i1; i++, k += p) Z[base + i] = X.data[k]!;
      }
    }
  }
  if (s.sw === 0) {
    // Shift by this batch's weighted means so the Gram below is (nearly) centred.
    let my = 0;
    for (let i = 0; i < n; i++) my += (w ? w[i]! : 1) * y[i]!;
    s.shiftY = bw > 0 ? my / bw : 0;
    for (let j = 0; j < p; j++) {
      const base = j * n;
      let a = 0;
      if (w) for (let i = 0; i < n; i++) a += w[i]! * Z[base + i]!;
      else for (let i = 0; i < n; i++) a += Z[base + i]!;
      s.shiftX[j] = bw > 0 ? a / bw : 0;
    }
  }
  // √w·(x − c), in place.
  for (let j = 0; j < p; j++) {
    const c = s.shiftX[j]!;
    const base = j * n;
    if (w) for (let i = 0; i < n; i++) Z[base + i] = sqw[i]! * (Z[base + i]! - c);
    else for (let i = 0; i < n; i++) Z[base + i] = Z[base + i]! - c;
  }
  const yz = new Float64Array(n);
  for (let i = 0; i < n; i++) yz[i] = sqw[i]! * (y[i]! - s.shiftY);
  const G = gramParallel(Z, n, p4);
  const b = gramVector(Z, n, p4, yz);
  const ones = gramVector(Z, n, p4, sqw);
  for (let j = 0; j < p; j++) {
    s.sx[j] += ones[j]!;
    s.sxy[j] += b[j]!;
    for (let k = 0; k < p; k++) s.sxx[j * p + k] += G[j * p4 + k]!;
  }
  let syAdd = 0;
  for (let i = 0; i < n; i++) syAdd += sqw[i]! * yz[i]!;
  s.sy += syAdd;
  s.sw += bw;
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
