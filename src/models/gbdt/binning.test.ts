import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { binValue, computeBins, quantileEdges } from './binning.ts';
import { matrixFromRows } from '../matrix.ts';

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
