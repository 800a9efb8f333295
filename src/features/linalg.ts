// Dense symmetric positive-definite solves for the small ridge systems of ratings and opponent
// adjustment (a few hundred unknowns). Hand-written because the general matrix packages are
// 30x slower (STACK.md) and these fits run once per week per feature set.

/** Dot product of a[i..i+len) and a[j..j+len), unrolled by four (the Cholesky hot loop). */
function dot(a: Float64Array, i: number, j: number, len: number): number {
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

/** In-place Cholesky factorisation of the n×n row-major SPD matrix `a` (lower triangle used). */
export function cholesky(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j]! - dot(a, rj, rj, j);
    if (!(d > 0)) throw new Error(`cholesky: matrix not positive definite at column ${j}`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j]! - dot(a, ri, rj, j)) / ljj;
    }
  }
}

/** Solve L Lᵀ x = b with the factor from `cholesky`; b is overwritten with x and returned. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
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

/** Solve the SPD system a x = b (a is destroyed). */
export function solveSpd(a: Float64Array, n: number, b: Float64Array): Float64Array {
  cholesky(a, n);
  return choleskySolve(a, n, b);
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
  cholesky(a22, k);
  return (r1, r2) => {
    const x2 = Float64Array.from(r2);
    for (let t = 0; t < m; t++) {
      const row = t * k;
      const f = r1[t]! / d1[t]!;
      for (const j of rows[t]!) x2[j] -= c[row + j]! * f;
    }
    choleskySolve(a22, k, x2);
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
