// A pipeline's preprocessing steps (imputer, scaler), apart from pipeline.ts so that code which
// only imputes (the fold workers, models/fit-rows.ts) does not load the model factory and, with it,
// the config schema.
import { UserError } from '../util/errors.ts';
import { createMatrix, type Matrix } from './matrix.ts';

// The imputer's scan and fill are functions of their own: inlined in transform, the scan's loop
// was compiled on stack while scanning a matrix without a missing value, before the code after
// it had ever run, and the next matrix with one deoptimised it — on every such call (34 times in
// a quick demo). Alone, each loop is compiled once.
function anyMissing(data: Matrix['data']): boolean {
  for (let k = 0; k < data.length; k++) if (!Number.isFinite(data[k]!)) return true;
  return false;
}

/** A copy of the data with each missing cell set to its column's mean. */
function filledWith(values: Matrix['data'], means: Float64Array, layout: Matrix['layout'], nRows: number, p: number): Float64Array {
  const data = Float64Array.from(values);
  if (layout === 'row') {
    for (let k = 0; k < data.length; k += p) for (let j = 0; j < p; j++) if (!Number.isFinite(data[k + j]!)) data[k + j] = means[j]!;
  } else {
    for (let j = 0, k = 0; j < p; j++) for (let i = 0; i < nRows; i++, k++) if (!Number.isFinite(data[k]!)) data[k] = means[j]!;
  }
  return data;
}

/** Column means of the finite training values; a missing (NaN) input is replaced by its mean. */
export class MeanImputer {
  readonly kind = 'mean' as const;
  means: Float64Array | null = null;

  fit(X: Matrix): this {
    const p = X.nCols;
    const sum = new Float64Array(p);
    const n = new Float64Array(p);
    const { data, nRows } = X;
    // Plain loops, not forEachCell's callback: this runs for every walk-forward fold. Each
    // column's values are still added in row order.
    if (X.layout === 'row') {
      for (let k = 0; k < nRows * p; k += p) {
        for (let j = 0; j < p; j++) {
          const v = data[k + j]!;
          if (Number.isFinite(v)) {
            sum[j] += v;
            n[j]++;
          }
        }
      }
    } else {
      for (let j = 0; j < p; j++) {
        for (let k = j * nRows; k < (j + 1) * nRows; k++) {
          const v = data[k]!;
          if (Number.isFinite(v)) {
            sum[j] += v;
            n[j]++;
          }
        }
      }
    }
    // A column with no finite training value imputes 0: it carried no information in training.
    this.means = sum.map((s, j) => (n[j]! > 0 ? s / n[j]! : 0));
    return this;
  }

  transform(X: Matrix): Matrix {
    const means = fitted(this.means, 'imputer');
    checkWidth('imputer', X, means.length);
    if (!anyMissing(X.data)) return X;
    return createMatrix(filledWith(X.data, means, X.layout, X.nRows, X.nCols), X.nRows, X.nCols, X.featureNames, X.layout);
  }

  getParams(): Record<string, never> {
    return {};
  }

  clone(): MeanImputer {
    return new MeanImputer();
  }

  toJSON(): { kind: 'mean'; means: number[] } {
    return { kind: 'mean', means: Array.from(fitted(this.means, 'imputer')) };
  }

  static fromJSON(j: { means?: unknown }): MeanImputer {
    if (!Array.isArray(j.means) || !j.means.every((v) => typeof v === 'number')) throw new UserError("model.json: pipeline imputer 'means' must be a list of numbers");
    const m = new MeanImputer();
    m.means = Float64Array.from(j.means as number[]);
    return m;
  }
}

/** Centre and scale each column by its training mean and standard deviation (constant → 1). */
export class StandardScaler {
  readonly kind = 'standard' as const;
  means: Float64Array | null = null;
  scales: Float64Array | null = null;

  fit(X: Matrix): this {
    const p = X.nCols;
    const mean = new Float64Array(p);
    const m2 = new Float64Array(p);
    const n = X.nRows;
    forEachCell(X, (_i, j, v) => {
      mean[j] += v;
    });
    for (let j = 0; j < p; j++) mean[j] = n > 0 ? mean[j]! / n : 0;
    forEachCell(X, (_i, j, v) => {
      m2[j] += (v - mean[j]!) ** 2;
    });
    this.means = mean;
    this.scales = m2.map((s) => {
      const sd = n > 0 ? Math.sqrt(s / n) : 0;
      return sd > 0 && Number.isFinite(sd) ? sd : 1;
    });
    return this;
  }

  transform(X: Matrix): Matrix {
    const means = fitted(this.means, 'scaler');
    const scales = fitted(this.scales, 'scaler');
    checkWidth('scaler', X, means.length);
    const data = new Float64Array(X.data.length);
    forEachCell(X, (_i, j, v, k) => {
      data[k] = (v - means[j]!) / scales[j]!;
    });
    return createMatrix(data, X.nRows, X.nCols, X.featureNames, X.layout);
  }

  getParams(): Record<string, never> {
    return {};
  }

  clone(): StandardScaler {
    return new StandardScaler();
  }

  toJSON(): { kind: 'standard'; means: number[]; scales: number[] } {
    return { kind: 'standard', means: Array.from(fitted(this.means, 'scaler')), scales: Array.from(fitted(this.scales, 'scaler')) };
  }

  static fromJSON(j: { means?: unknown; scales?: unknown }): StandardScaler {
    const nums = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (!nums(j.means) || !nums(j.scales)) throw new UserError("model.json: pipeline scaler 'means' and 'scales' must be lists of numbers");
    const s = new StandardScaler();
    s.means = Float64Array.from(j.means as number[]);
    s.scales = Float64Array.from(j.scales as number[]);
    return s;
  }
}

function fitted<T>(v: T | null, step: string): T {
  if (v === null) throw new UserError(`pipeline: the ${step} is not fitted`);
  return v;
}

function checkWidth(step: string, X: Matrix, p: number): void {
  if (X.nCols !== p) throw new UserError(`pipeline: the ${step} was fitted on ${p} columns, got ${X.nCols}`);
}

function forEachCell(X: Matrix, f: (i: number, j: number, v: number, k: number) => void): void {
  const { nRows: n, nCols: p, data } = X;
  if (X.layout === 'row') {
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++, k++) f(i, j, data[k]!, k);
  } else {
    for (let j = 0, k = 0; j < p; j++) for (let i = 0; i < n; i++, k++) f(i, j, data[k]!, k);
  }
}
