import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { binMatrix, binValue, computeBins, quantileEdges } from './binning.ts';
import { createMatrix, matrixFromRows } from '../matrix.ts';
import { Rng } from '../../util/prng.ts';
import { RadixSorter } from './radix-sort.ts';

test('binning: few distinct values get one bin each, edges at midpoints', () => {
  assert.deepEqual(Array.from(quantileEdges(Float64Array.from([1, 1, 2, 4, 4, 4]), 255)), [1.5, 3]);
  const e = quantileEdges(Float64Array.from([1, 1, 2, 4]), 255);
  assert.equal(binValue(e, 1), 0);
  assert.equal(binValue(e, 2), 1);
  assert.equal(binValue(e, 4), 2);
  assert.equal(binValue(e, 100), 2);
  assert.equal(binValue(e, NaN), 3); // the missing code = number of value bins
  // Quantiles: 100 distinct values into 4 bins of 25.
  const q = quantileEdges(Float64Array.from({ length: 100 }, (_, i) => i), 4);
  assert.deepEqual(Array.from(q), [24.5, 49.5, 74.5]);
});

test('binning: constant and all-missing features have one value bin', () => {
  const b = computeBins(matrixFromRows([[5, NaN], [5, NaN]], ['c', 'm']), 256);
  assert.deepEqual(Array.from(b.nBins), [1, 1]);
  assert.deepEqual(Array.from(b.offsets), [0, 2]);
});

test('binning: 256 value bins without missing values (NaN then bins right), 255 with them', () => {
  const vals = Array.from({ length: 1000 }, (_, i) => [i]);
  const full = computeBins(matrixFromRows(vals, ['x']), 256);
  assert.equal(full.nBins[0], 256);
  assert.equal(binValue(full.edges[0]!, NaN), 255);
  assert.equal(binValue(full.edges[0]!, 999), 255);
  const withNaN = computeBins(matrixFromRows([...vals, [NaN]], ['x']), 256);
  assert.equal(withNaN.nBins[0], 255);
  assert.equal(binValue(withNaN.edges[0]!, NaN), 255);
  assert.equal(binValue(withNaN.edges[0]!, 999), 254);
});

test('property: bins are monotone, ≤ max, and code ≤ s ⟺ x ≤ edge[s]', () => {
  const values = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -5, max: 5 })), { minLength: 1, maxLength: 400 });
  fc.assert(
    fc.property(values, fc.integer({ min: 2, max: 256 }), (vs, maxBins) => {
      const maxValueBins = Math.min(maxBins - 1, 255);
      const sorted = Float64Array.from(vs).sort();
      const edges = quantileEdges(sorted, maxValueBins);
      if (edges.length + 1 > Math.max(1, maxValueBins)) return false;
      for (let k = 1; k < edges.length; k++) if (!(edges[k]! > edges[k - 1]!)) return false;
      const distinct = new Set(vs).size;
      if (distinct <= maxValueBins && edges.length !== distinct - 1) return false;
      for (const x of vs) {
        const c = binValue(edges, x);
        for (let s = 0; s < edges.length; s++) if ((c <= s) !== (x <= edges[s]!)) return false;
      }
      for (let i = 1; i < sorted.length; i++) if (binValue(edges, sorted[i - 1]!) > binValue(edges, sorted[i]!)) return false;
      return true;
    }),
    { numRuns: 300 },
  );
});

test('property: radix sort orders like a comparison sort (±0, ±∞, subnormals, ties) and carries its payload', () => {
  const special = fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 1e-310, 3);
  const value = fc.oneof(fc.double({ noNaN: true }), special, fc.integer({ min: -3, max: 3 }));
  fc.assert(
    fc.property(fc.array(value, { maxLength: 300 }), (vs) => {
      const v = Float64Array.from(vs);
      const idx = Float64Array.from(vs, (_, i) => i);
      new RadixSorter(vs.length + 5, true).sort(v, vs.length, idx);
      const want = Float64Array.from(vs).sort();
      for (let i = 0; i < vs.length; i++) {
        if (v[i] !== want[i]) return false; // -0 === 0: either order of the two is sorted
        if (!Object.is(vs[idx[i]!], v[i])) return false; // the payload moved with its value
      }
      return new Set(idx).size === vs.length;
    }),
    { numRuns: 300 },
  );
});

test('property (weighted quantile sketch): every bin holds < W/B + the heaviest value, cuts only between values', () => {
  const row = fc.tuple(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -100, max: 100, noNaN: true })), fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 5, noNaN: true })));
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 400 }), fc.integer({ min: 2, max: 64 }), (rows, B) => {
      rows.sort((a, b) => a[0] - b[0]);
      const x = Float64Array.from(rows, (r) => r[0]);
      const w = Float64Array.from(rows, (r) => r[1]);
      const edges = quantileEdges(x, B, w);
      if (edges.length > B - 1) return false;
      const total = w.reduce((s, v) => s + v, 0);
      // Weight of each distinct value; the sketch's error bound is the heaviest one (ε = wmax / W).
      const byValue = new Map<number, number>();
      rows.forEach(([v, wt]) => byValue.set(v, (byValue.get(v) ?? 0) + wt));
      const wmax = Math.max(...byValue.values());
      if (byValue.size <= B && edges.length !== byValue.size - 1) return false;
      const binWeight = new Float64Array(edges.length + 1);
      rows.forEach(([v, wt]) => (binWeight[binValue(edges, v)] += wt));
      const tol = 1e-9 * total;
      return binWeight.every((bw) => bw < total / B + wmax + tol) && binWeight.every((bw) => bw > 0);
    }),
    { numRuns: 300 },
  );
});

test('binning: an integer sample weight counts as that many copies of the row; zero weight as none', () => {
  const rng = new Rng(31);
  const rows = Array.from({ length: 900 }, () => [Math.round(rng.normal() * 50) / 10, rng.next()]);
  const weights = rows.map((_, i) => (i % 7 === 0 ? 0 : 1 + (i % 3)));
  const copies = rows.flatMap((r, i) => new Array<number[]>(weights[i]!).fill(r));
  const weighted = computeBins(matrixFromRows(rows, ['a', 'b']), 64, Float64Array.from(weights));
  const replicated = computeBins(matrixFromRows(copies, ['a', 'b']), 64);
  assert.deepEqual(weighted.edges.map((e) => Array.from(e)), replicated.edges.map((e) => Array.from(e)));
  assert.equal(weighted.edges[1]!.length, 63);
  // Unweighted, the weights' effect is visible: the edges differ.
  assert.notDeepEqual(computeBins(matrixFromRows(rows, ['a', 'b']), 64).edges.map((e) => Array.from(e)), replicated.edges.map((e) => Array.from(e)));
});

test('binning: column-major and row-major inputs give the same bins and codes', () => {
  const rng = new Rng(5);
  const n = 300;
  const rows = Array.from({ length: n }, (_, i) => [rng.normal(), i % 9 === 0 ? NaN : rng.next(), i % 4]);
  const R = matrixFromRows(rows, ['a', 'b', 'c']);
  const col = new Float64Array(n * 3);
  rows.forEach((r, i) => r.forEach((v, j) => (col[j * n + i] = v)));
  const C = createMatrix(col, n, 3, ['a', 'b', 'c'], 'col');
  const br = computeBins(R, 32);
  assert.deepEqual(computeBins(C, 32), br);
  assert.deepEqual(binMatrix(C, br), binMatrix(R, br));
  assert.deepEqual(Array.from(br.nBins), [32, 31, 4]);
});
