// Choosing ridge's alpha by time-ordered (forward-chaining) cross-validation: rows are in time
// order; split them into k+1 contiguous blocks; fold i fits on blocks 0..i and scores block
// i+1. A model never sees the future of the rows it is scored on, as in walk-forward use.
import { UserError } from '../util/errors.ts';
import { rowRange, type Matrix } from './matrix.ts';
import { accumulate, emptySums, solveFromSums } from './ridge-solve.ts';

export interface AlphaScore {
  alpha: number;
  /** Weighted mean squared error over all validation blocks. */
  mse: number;
}

/** Block boundaries of forward-chaining CV: k+1 contiguous blocks over n rows. */
export function forwardChainingBlocks(n: number, folds: number): number[] {
  const bounds: number[] = [];
  for (let b = 0; b <= folds + 1; b++) bounds.push(Math.round((b * n) / (folds + 1)));
  return bounds;
}

export function chooseAlpha(
  X: Matrix,
  y: ArrayLike<number>,
  w: Float64Array | null,
  alphas: readonly number[],
  folds: number,
): { alpha: number; scores: AlphaScore[] } {
  if (X.nRows < 2 * (folds + 1)) {
    throw new UserError(`ridge: ${X.nRows} rows are too few for ${folds}-fold time-ordered CV of alpha (need ≥ ${2 * (folds + 1)})`);
  }
  const bounds = forwardChainingBlocks(X.nRows, folds);
  const sse = new Float64Array(alphas.length);
  let totalW = 0;
  const sums = emptySums(X.nCols);
  for (let f = 0; f < folds; f++) {
    // Grow the training sums by one block, then score the next block for every alpha.
    const a = bounds[f]!, b = bounds[f + 1]!, c = bounds[f + 2]!;
    accumulate(sums, rowRange(X, a, b), ArrayBuffer.isView(y) ? (y as Float64Array).subarray(a, b) : Array.prototype.slice.call(y, a, b), w ? w.subarray(a, b) : null);
    const V = rowRange(X, b, c);
    const p = V.nCols;
    const data = V.data;
    alphas.forEach((alpha, k) => {
      const s = solveFromSums(sums, alpha);
      const coef = s.coefficients;
      for (let i = 0; i < V.nRows; i++) {
        let pred = s.intercept;
        if (V.layout === 'row') for (let j = 0, o = i * p; j < p; j++) pred += coef[j]! * data[o + j]!;
        else for (let j = 0; j < p; j++) pred += coef[j]! * data[j * V.nRows + i]!;
        const wi = w ? w[b + i]! : 1;
        const r = y[b + i]! - pred;
        sse[k] += wi * r * r;
        if (k === 0) totalW += wi;
      }
    });
  }
  const scores = alphas.map((alpha, k) => ({ alpha, mse: sse[k]! / totalW }));
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k]!.mse < scores[best]!.mse) best = k;
  return { alpha: alphas[best]!, scores };
}
