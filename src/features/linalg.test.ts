import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { factorDiagonalBlock, solveSpd } from './linalg.ts';

function spd(n: number, entries: number[]): Float64Array {
  // B Bᵀ + n I is symmetric positive definite.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += entries[(i * n + k) % entries.length]! * entries[(j * n + k) % entries.length]!;
      a[i * n + j] = s + (i === j ? n : 0);
    }
  return a;
}

test('solveSpd solves A x = b (hand-computed 2x2 and random SPD systems)', () => {
  assert.deepEqual([...solveSpd(Float64Array.from([2, -1, -1, 2]), 2, Float64Array.from([10, -10]))].map((v) => +v.toFixed(12)), [10 / 3, -10 / 3].map((v) => +v.toFixed(12)));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 64 }), (n, e) => {
      const a = spd(n, e);
      const b = Float64Array.from({ length: n }, (_, i) => i - 1.5);
      const x = solveSpd(Float64Array.from(a), n, Float64Array.from(b));
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
        assert.ok(Math.abs(s - b[i]!) < 1e-8);
      }
    }),
  );
});

test('factorDiagonalBlock equals the dense solve of the whole system', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 40 }), (m, k, e) => {
      const n = m + k;
      const full = spd(n, e);
      // Make the top-left block diagonal, keeping the matrix SPD by diagonal dominance.
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) full[i * n + j] = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(full[i * n + j]!);
        full[i * n + i] = s + 1 + Math.abs(full[i * n + i]!);
      }
      const b = Float64Array.from({ length: n }, (_, i) => (i % 3) - 1);
      const dense = solveSpd(Float64Array.from(full), n, Float64Array.from(b));
      const d1 = Float64Array.from({ length: m }, (_, i) => full[i * n + i]!);
      const c = new Float64Array(m * k);
      const a22 = new Float64Array(k * k);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) c[i * k + j] = full[i * n + m + j]!;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) a22[i * k + j] = full[(m + i) * n + m + j]!;
      const { x1, x2 } = factorDiagonalBlock(m, k, d1, c, a22)(b.slice(0, m), b.slice(m));
      [...x1, ...x2].forEach((v, i) => assert.ok(Math.abs(v - dense[i]!) < 1e-9, `${v} vs ${dense[i]}`));
    }),
  );
});
