import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../util/prng.ts';
import { createMatrix, matrixFromRows, type Matrix } from './matrix.ts';
import { Ridge } from './ridge.ts';
import { IncrementalRidge } from './incremental-ridge.ts';
import { cholesky, choleskySolve } from './linalg.ts';
import { BLOCK_ROWS, gramSums } from './gram-parallel.ts';
import { forwardChainingBlocks } from './ridge-cv.ts';

/** Gaussian elimination with partial pivoting: an independent reference solver. */
function gaussSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/** Closed-form weighted ridge on standardised columns, intercept unpenalised. */
function referenceRidge(rows: number[][], y: number[], w: number[], alpha: number) {
  const n = rows.length, p = rows[0]!.length;
  const sw = w.reduce((a, b) => a + b, 0);
  const mu = Array.from({ length: p }, (_, j) => rows.reduce((a, r, i) => a + w[i]! * r[j]!, 0) / sw);
  const sd = Array.from({ length: p }, (_, j) => Math.sqrt(rows.reduce((a, r, i) => a + w[i]! * (r[j]! - mu[j]!) ** 2, 0) / sw));
  const ybar = y.reduce((a, v, i) => a + w[i]! * v, 0) / sw;
  const Z = rows.map((r) => r.map((v, j) => (v - mu[j]!) / sd[j]!));
  const A = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * Z[i]![j]! * Z[i]![k]!;
    return s + (j === k ? alpha : 0);
  }));
  const b = Array.from({ length: p }, (_, j) => Z.reduce((a, z, i) => a + w[i]! * z[j]! * (y[i]! - ybar), 0));
  const beta = gaussSolve(A, b);
  const coef = beta.map((bj, j) => bj / sd[j]!);
  return { coef, intercept: ybar - coef.reduce((a, c, j) => a + c * mu[j]!, 0) };
}

function dataset(n: number, p: number, seed: number) {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = Array.from({ length: p }, (_, j) => rng.normal(j * 3, 1 + j));
    rows.push(r);
    y.push(2 + r.reduce((a, v, j) => a + (j % 2 ? -0.5 : 0.7) * v, 0) + rng.normal());
    w.push(0.5 + rng.next());
  }
  const names = Array.from({ length: p }, (_, j) => `x${j}`);
  return { rows, y, w, names, X: matrixFromRows(rows, names) };
}

test('ridge coefficients equal the closed-form reference to 1e-9 (weights, alpha)', () => {
  const { rows, y, w, X } = dataset(40, 6, 1);
  for (const alpha of [0, 0.5, 10]) {
    const ref = referenceRidge(rows, y, w, alpha);
    const m = new Ridge({ alpha }).fit(X, y, { sampleWeight: w });
    m.coefficients.forEach((c, j) => assert.ok(Math.abs(c - ref.coef[j]!) < 1e-9, `alpha ${alpha} coef ${j}: ${c} vs ${ref.coef[j]}`));
    assert.ok(Math.abs(m.intercept - ref.intercept) < 1e-9);
  }
});

test('ridge hand-computed case: y = 1 + 2x exactly, alpha 0', () => {
  const X = matrixFromRows([[0], [1], [2], [3]], ['x']);
  const m = new Ridge({ alpha: 0 }).fit(X, [1, 3, 5, 7]);
  assert.ok(Math.abs(m.coefficients[0]! - 2) < 1e-12);
  assert.ok(Math.abs(m.intercept - 1) < 1e-12);
  // alpha penalises the standardised slope: x has sd √1.25, Σz² = 4, so β_std = 4·√1.25·2/(4+alpha).
  const m2 = new Ridge({ alpha: 4 }).fit(X, [1, 3, 5, 7]);
  assert.ok(Math.abs(m2.coefficients[0]! - 1) < 1e-12);
  assert.ok(Math.abs(m2.intercept - (4 - 1.5)) < 1e-12);
});

test('ridge: column-major and Float32 inputs give the same fit as row-major', () => {
  const { rows, y, names } = dataset(30, 3, 2);
  const rowM = matrixFromRows(rows, names);
  const colData = new Float64Array(30 * 3);
  rows.forEach((r, i) => r.forEach((v, j) => (colData[j * 30 + i] = v)));
  const colM = createMatrix(colData, 30, 3, names, 'col');
  const a = new Ridge({ alpha: 1 }).fit(rowM, y);
  const b = new Ridge({ alpha: 1 }).fit(colM, y);
  assert.deepEqual(Array.from(a.predict(rowM)), Array.from(b.predict(colM)));
});

test('ridge: the alpha CV scores the same for row-major (read in place), column-major and Float32 inputs, typed or plain targets', () => {
  const d = dataset(60, 3, 2);
  const { y, names } = d;
  const rows = d.rows.map((r) => r.map(Math.fround)); // values a Float32Array holds exactly
  const rowM = matrixFromRows(rows, names);
  const colData = new Float64Array(60 * 3);
  rows.forEach((r, i) => r.forEach((v, j) => (colData[j * 60 + i] = v)));
  const fit = (X: Matrix, target: ArrayLike<number>) => new Ridge({ alpha: [0.1, 1, 10], cv_folds: 3 }).fit(X, target);
  const a = fit(rowM, y);
  assert.equal(a.cvScores.length, 3);
  for (const b of [fit(createMatrix(colData, 60, 3, names, 'col'), y), fit(rowM, Float64Array.from(y)), fit(createMatrix(Float32Array.from(rowM.data), 60, 3, names), y)]) {
    assert.deepEqual(b.cvScores, a.cvScores);
    assert.equal(b.alpha, a.alpha);
  }
  assert.deepEqual(Array.from(rowM.data), rows.flat(), 'the CV leaves the input as it was');
});

test('ridge: constant feature gets coefficient 0, not an error', () => {
  const X = matrixFromRows([[1, 5], [2, 5], [3, 5], [4, 5]], ['x', 'c']);
  const m = new Ridge({ alpha: 0 }).fit(X, [2, 4, 6, 8]);
  assert.equal(m.coefficients[1], 0);
  assert.ok(Math.abs(m.coefficients[0]! - 2) < 1e-12);
});

test('ridge: alpha list chosen by forward-chaining CV', () => {
  assert.deepEqual(forwardChainingBlocks(10, 4), [0, 2, 4, 6, 8, 10]);
  const { X, y } = dataset(200, 4, 3);
  const m = new Ridge({ alpha: [1e-3, 1, 1e6], cv_folds: 4 }).fit(X, y);
  assert.equal(m.cvScores.length, 3);
  // A huge alpha shrinks everything to the mean: it must lose on data with a real signal.
  assert.notEqual(m.alpha, 1e6);
  assert.ok(m.cvScores[2]!.mse > m.cvScores[0]!.mse);
});

test('incremental ridge equals batch ridge', () => {
  const { X, y, w, rows, names } = dataset(90, 5, 4);
  const inc = new IncrementalRidge(names, 2);
  for (let s = 0; s < 90; s += 30) inc.addRows(matrixFromRows(rows.slice(s, s + 30), names), y.slice(s, s + 30), w.slice(s, s + 30));
  const a = inc.model();
  const b = new Ridge({ alpha: 2 }).fit(X, y, { sampleWeight: w });
  a.coefficients.forEach((c, j) => assert.ok(Math.abs(c - b.coefficients[j]!) < 1e-9 * (1 + Math.abs(c))));
  assert.ok(Math.abs(a.intercept - b.intercept) < 1e-9 * (1 + Math.abs(b.intercept)));
  assert.equal(inc.nRows, 90);
});

test('ridge: save → load → predictions bit-identical', () => {
  const { X, y } = dataset(50, 4, 5);
  const m = new Ridge({ alpha: [0.1, 10], cv_folds: 3 }).fit(X, y);
  const back = Ridge.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(Array.from(back.predict(X)), Array.from(m.predict(X)));
  assert.equal(back.alpha, m.alpha);
});

test('ridge: bad input errors are clear', () => {
  const X = matrixFromRows([[1, 2], [3, NaN], [5, 6]], ['a', 'b']);
  assert.throws(() => new Ridge().fit(X, [1, 2, 3]), /feature 'b' has a missing .* row 1/);
  const ok = matrixFromRows([[1], [2], [3]], ['a']);
  assert.throws(() => new Ridge().fit(ok, [1, 2]), /X has 3 rows but y has 2/);
  assert.throws(() => new Ridge().fit(ok, [1, Infinity, 2]), /target y\[1\] is not finite/);
  assert.throws(() => new Ridge().fit(matrixFromRows([], ['a']), []), /empty matrix/);
  assert.throws(() => new Ridge({ alpah: 1 } as never), /unknown parameter 'alpah' \(did you mean 'alpha'\?\)/);
  const m = new Ridge().fit(ok, [1, 2, 4]);
  const json = { ...m.toJSON(), version: 99 };
  assert.throws(() => Ridge.fromJSON(json), /schema version 99 is newer/);
  assert.throws(() => m.predict(matrixFromRows([[1]], ['z'])), /feature 0 is 'z', the model expects 'a'/);
});

test('property: Cholesky solve recovers x from (AᵀA + I) x', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1e6 }), (p, seed) => {
      const rng = new Rng(seed);
      const n = p + 3;
      const Z = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal()));
      const A = new Float64Array(p * p);
      for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) A[j * p + k] = Z.reduce((s, z) => s + z[j]! * z[k]!, 0) + (j === k ? 1 : 0);
      const x = Array.from({ length: p }, () => rng.normal());
      const b = Array.from({ length: p }, (_, j) => x.reduce((s, xk, k) => s + A[j * p + k]! * xk, 0));
      const got = choleskySolve(cholesky(A, p), p, b);
      return x.every((v, j) => Math.abs(v - got[j]!) < 1e-8 * (1 + Math.abs(v)));
    }),
    { numRuns: 200 },
  );
});

test('property: the Gram kernel equals the naive sums for any shape (blocks, halves, padding)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 3 * BLOCK_ROWS + 5 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 1e6 }), (n, p, seed) => {
      const rng = new Rng(seed);
      const data = Float64Array.from({ length: n * p }, () => rng.normal(3, 2));
      const y = Float64Array.from({ length: n }, () => rng.normal());
      const shift = Float64Array.from({ length: p }, () => 3);
      const X = createMatrix(data, n, p, Array.from({ length: p }, (_, j) => `x${j}`));
      const g = gramSums(X, y, null, shift, 0);
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < p; k++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += (data[i * p + j]! - 3) * (data[i * p + k]! - 3);
          if (Math.abs(g.G[j * p + k]! - s) > 1e-9 * (1 + Math.abs(s))) return false;
        }
      }
      return true;
    }),
    { numRuns: 25 },
  );
});

test('ridge Gram sums: WebAssembly and JavaScript kernels, one and two threads, agree bit for bit and equal the naive sums', async () => {
  const { setRidgeThreads } = await import('./gram-parallel.ts');
  const { gramKernel, jsKernel } = await import('./gram-kernel.ts');
  // npm ci / the test runner build the .wasm: a missing one would silently cost 4× in speed.
  assert.equal(gramKernel().kind, process.env.EDGELAB_NO_WASM === '1' ? 'js' : 'wasm');
  const rng = new Rng(8);
  const n = 2 * BLOCK_ROWS + 77; // a partial block in the second half
  const p = 7; // odd: the SIMD pair loop's scalar tail, and padding after the augmented columns
  // Values a float32 holds exactly, so that a Float32Array input must give the same bits.
  const data = Float64Array.from({ length: n * p }, () => Math.fround(rng.normal(5, 2)));
  const y = Float64Array.from({ length: n }, () => rng.normal(1, 3));
  const w = Float64Array.from({ length: n }, () => rng.next() * 2);
  const shift = Float64Array.from({ length: p }, () => 5 + rng.normal());
  const names = Array.from({ length: p }, (_, j) => `x${j}`);
  const rowM = createMatrix(data, n, p, names);
  const colData = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) colData[j * n + i] = data[i * p + j]!;
  const colM = createMatrix(colData, n, p, names, 'col');
  const flat = (g: { G: Float64Array; sx: Float64Array; sxy: Float64Array; sy: number }) => [...g.G, ...g.sx, ...g.sxy, g.sy];
  try {
    setRidgeThreads(1);
    const one = flat(gramSums(rowM, y, w, shift, 0.5));
    assert.deepEqual(flat(gramSums(rowM, y, w, shift, 0.5, jsKernel())), one);
    assert.deepEqual(flat(gramSums(colM, y, w, shift, 0.5)), one);
    assert.deepEqual(flat(gramSums(createMatrix(Float32Array.from(data), n, p, names), y, w, shift, 0.5)), one);
    setRidgeThreads(2);
    assert.deepEqual(flat(gramSums(rowM, y, w, shift, 0.5)), one);
    // The naive sums, z = √w(x − shift), yz = √w(y − 0.5).
    const z = (i: number, j: number) => Math.sqrt(w[i]!) * (data[i * p + j]! - shift[j]!);
    const close = (got: number, want: number) => assert.ok(Math.abs(got - want) <= 1e-10 * (1 + Math.abs(want)), `${got} vs ${want}`);
    const g = gramSums(rowM, y, w, shift, 0.5);
    for (let j = 0; j < p; j++) {
      let sx = 0, sxy = 0;
      for (let i = 0; i < n; i++) (sx += Math.sqrt(w[i]!) * z(i, j)), (sxy += z(i, j) * Math.sqrt(w[i]!) * (y[i]! - 0.5));
      close(g.sx[j]!, sx);
      close(g.sxy[j]!, sxy);
      for (let k = 0; k < p; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += z(i, j) * z(i, k);
        close(g.G[j * p + k]!, s);
      }
    }
    let sy = 0;
    for (let i = 0; i < n; i++) sy += w[i]! * (y[i]! - 0.5);
    close(g.sy, sy);
  } finally {
    setRidgeThreads(null);
  }
});

test('ridge: a fit on 3000×12 rows matches the closed-form reference to 1e-9 (the helper thread at work)', async () => {
  const { setRidgeThreads } = await import('./gram-parallel.ts');
  const { rows, y, w, X } = dataset(3000, 12, 9);
  const ref = referenceRidge(rows, y, w, 3);
  try {
    setRidgeThreads(2);
    const two = new Ridge({ alpha: 3 }).fit(X, y, { sampleWeight: w });
    setRidgeThreads(1);
    const one = new Ridge({ alpha: 3 }).fit(X, y, { sampleWeight: w });
    assert.deepEqual([...two.coefficients, two.intercept], [...one.coefficients, one.intercept]);
    one.coefficients.forEach((c, j) => assert.ok(Math.abs(c - ref.coef[j]!) <= 1e-9 * Math.abs(ref.coef[j]!), `coef ${j}: ${c} vs ${ref.coef[j]}`));
    assert.ok(Math.abs(one.intercept - ref.intercept) <= 1e-9 * (1 + Math.abs(ref.intercept)));
  } finally {
    setRidgeThreads(null);
  }
});

test('incremental ridge: rows with a missing value are refused by name and leave the running sums untouched', () => {
  const { rows, y, names } = dataset(60, 3, 10);
  const inc = new IncrementalRidge(names, 1).addRows(matrixFromRows(rows.slice(0, 40), names), y.slice(0, 40));
  const before = inc.model().coefficients;
  const bad = rows.slice(40).map((r) => [...r]);
  bad[5]![2] = Infinity;
  assert.throws(() => inc.addRows(matrixFromRows(bad, names), y.slice(40)), /ridge\.addRows: feature 'x2' has a missing or non-finite value \(Infinity\) in row 5/);
  assert.deepEqual([...inc.model().coefficients], [...before]);
  assert.equal(inc.nRows, 40);
});

test('ridge: the reused kernel heap leaves no trace — a fit after a bigger one matches the first fit bit for bit, and the reference solver', () => {
  const data = (n: number, p: number, seed: number) => {
    const rng = new Rng(seed);
    const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal(1, 2)));
    const y = rows.map((r) => 3 + r.reduce((s, v, j) => s + (j % 3 === 0 ? v : -0.5 * v), 0) + rng.normal());
    return { X: matrixFromRows(rows, Array.from({ length: p }, (_, j) => `x${j}`)), y, rows };
  };
  const small = data(300, 7, 1); // 7 columns: one zero-padded column in the 4-wide Gram kernel
  const big = data(900, 13, 2);
  const first = new Ridge({ alpha: 0.5 }).fit(small.X, small.y).coefficients;
  new Ridge({ alpha: 0.5 }).fit(big.X, big.y);
  const again = new Ridge({ alpha: 0.5 }).fit(small.X, small.y).coefficients;
  assert.deepEqual([...again], [...first]);
  // And the value itself: standardised normal equations solved independently.
  const n = small.rows.length;
  const p = 7;
  const mean = Array.from({ length: p }, (_, j) => small.rows.reduce((s, r) => s + r[j]!, 0) / n);
  const sd = Array.from({ length: p }, (_, j) => Math.sqrt(small.rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / n));
  const Z = small.rows.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!));
  const ybar = small.y.reduce((s, v) => s + v, 0) / n;
  const A = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => Z.reduce((s, z) => s + z[a]! * z[b]!, 0) + (a === b ? 0.5 : 0)));
  const rhs = Array.from({ length: p }, (_, a) => Z.reduce((s, z, i) => s + z[a]! * (small.y[i]! - ybar), 0));
  const beta = gaussSolve(A, rhs);
  beta.forEach((bz, j) => assert.ok(Math.abs(bz / sd[j]! - first[j]!) < 1e-9, `coefficient ${j}: ${first[j]} vs ${bz / sd[j]!}`));
});
