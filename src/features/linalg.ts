// Dense symmetric positive-definite solves for the small ridge systems of ratings and opponent
// adjustment (a few hundred unknowns). Hand-written because the general matrix packages are
// 30x slower (STACK.md) and these fits run once per week per feature set.
import { choleskyInPlace, choleskySolveInPlace } from '../models/index.ts';

/** Solve the SPD system a x = b (a is destroyed). */
export function solveSpd(a: Float64Array, n: number, b: Float64Array): Float64Array {
  choleskyInPlace(a, n);
  return choleskySolveInPlace(a, n, b);
}

/**
 * Factor the SPD system [[diag(d1), C], [Cᵀ, A22]] through the Schur complement of its diagonal
 * block: the team-by-opponent ridge systems have this shape (offense unknowns never meet each
 * other), which turns an (m+k)³ solve into a k³ one, and one factor serves many right-hand
 * sides. C is m×k row-major and mostly zeros; A22 (k×k) is destroyed.
 */
export function factorDiagonalBlock(
  m: number,
  k: number,
  d1: Float64Array,
  c: Float64Array,
  a22: Float64Array,
): (r1: Float64Array, r2: Float64Array) => { x1: Float64Array; x2: Float64Array } {
  const rows: Int32Array[] = [];
  const idx = new Int32Array(k);
  for (let t = 0; t < m; t++) {
    const row = t * k;
    let n = 0;
    for (let j = 0; j < k; j++) if (c[row + j] !== 0) idx[n++] = j;
    const nz = idx.slice(0, n);
    rows.push(nz);
    const inv = 1 / d1[t]!;
    for (let p = 0; p < n; p++) {
      const j = nz[p]!;
      const cj = c[row + j]! * inv;
      const rj = j * k;
      for (let q = 0; q < n; q++) {
        const l = nz[q]!;
        a22[rj + l] -= cj * c[row + l]!;
      }
    }
  }
  choleskyInPlace(a22, k);
  return (r1, r2) => {
    const x2 = Float64Array.from(r2);
    for (let t = 0; t < m; t++) {
      const row = t * k;
      const f = r1[t]! / d1[t]!;
      for (const j of rows[t]!) x2[j] -= c[row + j]! * f;
    }
    choleskySolveInPlace(a22, k, x2);
    const x1 = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      const row = t * k;
      let s = r1[t]!;
      for (const j of rows[t]!) s -= c[row + j]! * x2[j]!;
      x1[t] = s / d1[t]!;
    }
    return { x1, x2 };
  };
}
