// Hand-written Float64Array kernels for least squares: a register-tiled Gram matrix and a
// Cholesky solve. Generic matrix libraries on npm are 7-80× slower than this on the hot path
// (../shared/STACK.md), and ridge spends nearly all its time here.
import { UserError } from '../util/errors.ts';

/** Rows per cache block of the Gram kernel: 8 columns × 1024 rows × 8 bytes = 64 KiB. */
const ROW_BLOCK = 1024;

/**
 * Upper triangle (and mirrored lower) of ZᵀZ for column-major Z (n rows, p columns, p a
 * multiple of 4 — pad with zero columns). Returns p×p row-major. 4×4 register tiles: each
 * loaded value is used four times, which is what makes plain JS reach ~1 multiply-add/cycle.
 */
export function gram(Z: Float64Array, n: number, p: number): Float64Array {
  if (p % 4 !== 0) throw new Error('gram: column count must be a multiple of 4');
  const G = new Float64Array(p * p);
  const all: number[] = [];
  for (let jb = 0; jb < p; jb += 4) all.push(jb);
  gramTiles(Z, n, p, G, all);
  mirrorUpper(G, p);
  return G;
}

/** Copy the upper triangle of a p×p row-major matrix into its lower triangle. */
export function mirrorUpper(G: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) G[k * p + j] = G[j * p + k]!;
}

/**
 * The upper-triangle 4×4 tiles of ZᵀZ whose first column index is in `rowBlocks` (multiples
 * of 4), accumulated into G. Disjoint row blocks can be computed by different threads.
 */
export function gramTiles(Z: Float64Array, n: number, p: number, G: Float64Array, rowBlocks: readonly number[]): void {
  for (let r0 = 0; r0 < n; r0 += ROW_BLOCK) {
    const r1 = Math.min(n, r0 + ROW_BLOCK);
    for (const jb of rowBlocks) {
      const a0 = jb * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
      for (let kb = jb; kb < p; kb += 4) {
        const b0 = kb * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (let i = r0; i < r1; i++) {
          const x0 = Z[a0 + i]!, x1 = Z[a1 + i]!, x2 = Z[a2 + i]!, x3 = Z[a3 + i]!;
          const y0 = Z[b0 + i]!, y1 = Z[b1 + i]!, y2 = Z[b2 + i]!, y3 = Z[b3 + i]!;
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
          s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
          s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
        }
        let o = jb * p + kb;
        G[o] += s00; G[o + 1] += s01; G[o + 2] += s02; G[o + 3] += s03; o += p;
        G[o] += s10; G[o + 1] += s11; G[o + 2] += s12; G[o + 3] += s13; o += p;
        G[o] += s20; G[o + 1] += s21; G[o + 2] += s22; G[o + 3] += s23; o += p;
        G[o] += s30; G[o + 1] += s31; G[o + 2] += s32; G[o + 3] += s33;
      }
    }
  }
}

/** Zᵀv for column-major Z (n×p). */
export function gramVector(Z: Float64Array, n: number, p: number, v: Float64Array): Float64Array {
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const base = j * n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += Z[base + i]! * v[i]!;
      s1 += Z[base + i + 1]! * v[i + 1]!;
      s2 += Z[base + i + 2]! * v[i + 2]!;
      s3 += Z[base + i + 3]! * v[i + 3]!;
    }
    for (; i < n; i++) s0 += Z[base + i]! * v[i]!;
    out[j] = s0 + s1 + s2 + s3;
  }
  return out;
}

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
