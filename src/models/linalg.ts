// Hand-written Float64Array Cholesky factorisation and solve (ridge's Gram matrix is in
// gram-kernel.ts). Generic matrix libraries on npm are 7-80× slower than this on the hot path
// (../shared/STACK.md).
import { UserError } from '../util/errors.ts';

/** Dot product of a[i..i+len) and a[j..j+len), unrolled by four (the Cholesky hot loop). */
function dotRows(a: Float64Array, i: number, j: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[i + k]! * a[j + k]!;
    s1 += a[i + k + 1]! * a[j + k + 1]!;
    s2 += a[i + k + 2]! * a[j + k + 2]!;
    s3 += a[i + k + 3]! * a[j + k + 3]!;
  }
  for (; k < len; k++) s0 += a[i + k]! * a[j + k]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * In-place Cholesky factorisation of the n×n row-major SPD matrix `a` (lower triangle used and
 * overwritten with L). The one kernel for ridge (models/) and ratings/adjustment (features/).
 */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j]! - dotRows(a, rj, rj, j);
    if (!(d > 0)) throw new UserError(`cholesky: matrix is not positive definite (pivot ${j} = ${d})`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j]! - dotRows(a, ri, rj, j)) / ljj;
    }
  }
}

/** Solve L Lᵀ x = b with the factor from `choleskyInPlace`; b is overwritten with x and returned. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  return b;
}

/**
 * Cholesky factor of a symmetric positive-definite p×p row-major matrix: returns L (lower,
 * row-major) with A = L Lᵀ, leaving A untouched. Throws if A is not positive definite.
 */
export function cholesky(A: Float64Array, p: number): Float64Array {
  const L = Float64Array.from(A);
  choleskyInPlace(L, p);
  for (let i = 0; i < p; i++) L.fill(0, i * p + i + 1, (i + 1) * p); // keep only the lower triangle
  return L;
}

/** Solve (L Lᵀ) x = b given the Cholesky factor L (b is left untouched). */
export function choleskySolve(L: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  return choleskySolveInPlace(L, p, Float64Array.from(b));
}
