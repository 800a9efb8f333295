import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../../util/prng.ts';
import { createMatrix } from '../matrix.ts';
import { binValue, computeBins } from './binning.ts';
import { combine, exactSummary, SummaryBuilder, type Summary } from './quantile-summary.ts';

const sortedPairs = (xs: number[], ws: number[]) => {
  const o = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  return { v: Float64Array.from(o, (i) => xs[i]!), w: Float64Array.from(o, (i) => ws[i]!) };
};
const summaryOf = (xs: number[], ws: number[]): Summary => {
  const { v, w } = sortedPairs(xs, ws);
  return exactSummary(v, v.length, w);
};
const entries = (s: Summary) => Array.from({ length: s.size }, (_, j) => [s.value[j]!, s.rmin[j]!, s.rmax[j]!, s.wmin[j]!]);
const close = (a: number[][], b: number[][]) => a.length === b.length && a.every((r, j) => r.every((x, k) => Math.abs(x - b[j]![k]!) <= 1e-9 * (1 + Math.abs(x))));

const rows = fc.array(fc.tuple(fc.integer({ min: -30, max: 30 }), fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 3, noNaN: true }))), { minLength: 1, maxLength: 200 });

test('property: merging two exact summaries gives the exact summary of all their rows', () => {
  fc.assert(
    fc.property(rows, rows, (a, b) => {
      const merged = combine(summaryOf(a.map((r) => r[0]), a.map((r) => r[1])), summaryOf(b.map((r) => r[0]), b.map((r) => r[1])));
      const all = [...a, ...b];
      return close(entries(merged), entries(summaryOf(all.map((r) => r[0]), all.map((r) => r[1]))));
    }),
    { numRuns: 200 },
  );
});

test('property (sketch): chunks merged and pruned keep every true rank inside [rmin, rmax], uncertain by ≤ (levels + 1)/(K − 1) of the weight', () => {
  const big = fc.array(fc.tuple(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 3, noNaN: true }))), { minLength: 50, maxLength: 1500 });
  fc.assert(
    fc.property(big, fc.integer({ min: 8, max: 64 }), fc.integer({ min: 16, max: 200 }), (data, K, chunk) => {
      const sb = new SummaryBuilder(K);
      for (let s = 0; s < data.length; s += chunk) {
        const part = data.slice(s, s + chunk);
        sb.add(summaryOf(part.map((r) => r[0]), part.map((r) => r[1])));
      }
      const S = sb.finish();
      const W = data.reduce((t, r) => t + r[1], 0);
      const levels = Math.ceil(Math.log2(Math.ceil(data.length / chunk))) + 1;
      if (S.size > K || Math.abs(S.rmax[S.size - 1]! - W) > 1e-9 * W) return false;
      for (let j = 0; j < S.size; j++) {
        const v = S.value[j]!;
        let below = 0;
        let atOrBelow = 0;
        for (const [x, w] of data) {
          if (x < v) below += w;
          if (x <= v) atOrBelow += w;
        }
        if (S.rmin[j]! > below + 1e-9 * W || S.rmax[j]! < atOrBelow - 1e-9 * W) return false;
        if (S.rmax[j]! - S.rmin[j]! - S.wmin[j]! > ((levels + 1) / (K - 1)) * W + 1e-9 * W) return false;
      }
      return true;
    }),
    { numRuns: 60 },
  );
});

test('binning beyond one chunk (200,000 rows) sketches the edges: every bin holds W/256 within the sketch error', () => {
  const rng = new Rng(19);
  const n = 210_000;
  const xs = Float64Array.from({ length: n }, () => rng.normal() ** 3);
  const w = Float64Array.from({ length: n }, () => 0.5 + rng.next());
  const e = computeBins(createMatrix(xs, n, 1, ['x']), 256, w).edges[0]!;
  assert.equal(e.length, 255);
  const mass = new Float64Array(256);
  for (let i = 0; i < n; i++) mass[binValue(e, xs[i]!)] += w[i]!;
  const W = w.reduce((s, v) => s + v, 0);
  // Two chunks: the summary's rank uncertainty is ≤ (levels + 1)/(K − 1) = 3/2047 of W, i.e.
  // ≤ 0.375 of a bin at each edge, so a bin's weight is W/256 ± 0.75 W/256 (plus one row).
  const inBins = Array.from(mass, (m) => (m * 256) / W);
  assert.ok(Math.max(...inBins) <= 1.75 && Math.min(...inBins) >= 0.25, `bin weights ${Math.min(...inBins)}–${Math.max(...inBins)} of W/256`);
});
