// Walk-forward refits without refitting from scratch: keep ridge's running sums (XᵀWX, XᵀWy,
// …) and add each week's rows as they arrive; a solve costs O(p³), independent of history.
import { UserError } from '../util/errors.ts';
import { checkFitInputs, type Matrix } from './matrix.ts';
import { Ridge } from './ridge.ts';
import { accumulate, emptySums, solveFromSums, type RidgeSums } from './ridge-solve.ts';

export class IncrementalRidge {
  private readonly sums: RidgeSums;
  private nRowsSeen = 0;

  constructor(readonly featureNames: readonly string[], readonly alpha: number) {
    if (!(Number.isFinite(alpha) && alpha >= 0)) throw new UserError(`ridge: alpha must be a non-negative number (got ${alpha})`);
    this.sums = emptySums(featureNames.length);
  }

  get nRows(): number {
    return this.nRowsSeen;
  }

  /** Add rows (in time order) to the running sums. */
  addRows(X: Matrix, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    if (X.nRows === 0) return this;
    const w = checkFitInputs('ridge.addRows', X, y, sampleWeight);
    if (X.nCols !== this.featureNames.length || X.featureNames.some((f, j) => f !== this.featureNames[j])) {
      throw new UserError(`ridge.addRows: features [${X.featureNames.join(', ')}] differ from [${this.featureNames.join(', ')}]`);
    }
    accumulate(this.sums, X, y, w, 'ridge.addRows');
    this.nRowsSeen += X.nRows;
    return this;
  }

  /** The ridge fitted on every row added so far (same result as a batch fit on them). */
  model(alpha: number = this.alpha): Ridge {
    return Ridge.fromSolution(this.featureNames, alpha, solveFromSums(this.sums, alpha));
  }
}
