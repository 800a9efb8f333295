// The plain way to predict with trees, kept as the tests' reference: one tree at a time over
// every row, straight from the Tree objects (the product predicts through a flattened forest,
// src/models/gbdt/predict.ts, and must give bit-identical results).
import type { Matrix } from '../../src/models/matrix.ts';
import type { Tree } from '../../src/models/gbdt/tree.ts';

/** Add each tree's output for every row of X to `out`, trees in order. */
export function addTreesRaw(trees: readonly Tree[], X: Matrix, out: Float64Array): void {
  const { data, nRows: n, nCols: p } = X;
  const rowMajor = X.layout === 'row';
  const rs = rowMajor ? p : 1; // stride between rows
  const cs = rowMajor ? 1 : n; // stride between columns
  for (const t of trees) {
    if (t.kind === 'depthwise') {
      const { feature, threshold, defaultLeft, left, right, value } = t;
      for (let i = 0; i < n; i++) {
        const base = i * rs;
        let node = 0;
        let f = feature[0]!;
        while (f >= 0) {
          const x = data[base + f * cs]!;
          node = (x !== x ? defaultLeft[node] === 1 : x <= threshold[node]!) ? left[node]! : right[node]!;
          f = feature[node]!;
        }
        out[i] += value[node]!;
      }
    } else {
      const { feature, threshold, defaultLeft, leaves } = t;
      const depth = feature.length;
      for (let i = 0; i < n; i++) {
        const base = i * rs;
        let k = 0;
        for (let d = 0; d < depth; d++) {
          const x = data[base + feature[d]! * cs]!;
          const goLeft = x !== x ? defaultLeft[d] === 1 : x <= threshold[d]!;
          k = (k << 1) | (goLeft ? 0 : 1);
        }
        out[i] += leaves[k]!;
      }
    }
  }
}
