// Seeded synthetic data for the model tests and benchmark: Friedman #1
// (y = 10 sin(π x0 x1) + 20 (x2 − ½)² + 10 x3 + 5 x4 + N(0, noise²); the other features are noise).
import { Rng } from '../../src/util/prng.ts';
import { createMatrix, type Matrix } from '../../src/models/matrix.ts';

export function friedman1(n: number, p: number, seed: number, noise = 1): { X: Matrix; y: Float64Array } {
  if (p < 5) throw new Error('friedman1 needs at least 5 features');
  const rng = new Rng(seed);
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = rng.next();
    const x = data.subarray(i * p, i * p + p);
    y[i] = 10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]! + noise * rng.normal();
  }
  return { X: createMatrix(data, n, p, Array.from({ length: p }, (_, j) => `x${j}`)), y };
}

export function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s / a.length);
}
