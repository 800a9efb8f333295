// The one input type of every model: a dense numeric matrix with named columns. Row-major or
// column-major, Float64Array or Float32Array, so callers hand over what they already have
// without a copy; NaN means "missing" (GBDT routes it, ridge refuses it).
import { UserError } from '../util/errors.ts';

export type FloatArray = Float64Array | Float32Array;
export type Layout = 'row' | 'col';

export interface Matrix {
  readonly data: FloatArray;
  readonly nRows: number;
  readonly nCols: number;
  /** 'row': element (i, j) at i*nCols + j; 'col': at j*nRows + i. */
  readonly layout: Layout;
  readonly featureNames: readonly string[];
}

/** Build and validate a matrix from a flat buffer. */
export function createMatrix(
  data: FloatArray,
  nRows: number,
  nCols: number,
  featureNames: readonly string[],
  layout: Layout = 'row',
): Matrix {
  if (!Number.isInteger(nRows) || !Number.isInteger(nCols) || nRows < 0 || nCols < 0) {
    throw new UserError(`matrix: bad shape ${nRows}×${nCols}`);
  }
  if (data.length !== nRows * nCols) {
    throw new UserError(`matrix: data has ${data.length} values, expected ${nRows}×${nCols} = ${nRows * nCols}`);
  }
  if (featureNames.length !== nCols) {
    throw new UserError(`matrix: ${featureNames.length} feature names for ${nCols} columns`);
  }
  const seen = new Set<string>();
  for (const name of featureNames) {
    if (seen.has(name)) throw new UserError(`matrix: duplicate feature name '${name}'`);
    seen.add(name);
  }
  return { data, nRows, nCols, layout, featureNames: [...featureNames] };
}

/** Matrix from an array of rows (each row ordered like featureNames). */
export function matrixFromRows(rows: readonly ArrayLike<number>[], featureNames: readonly string[]): Matrix {
  const nCols = featureNames.length;
  const data = new Float64Array(rows.length * nCols);
  rows.forEach((row, i) => {
    if (row.length !== nCols) throw new UserError(`matrix: row ${i} has ${row.length} values, expected ${nCols}`);
    for (let j = 0; j < nCols; j++) data[i * nCols + j] = row[j]!;
  });
  return createMatrix(data, rows.length, nCols, featureNames, 'row');
}

/** Matrix from named columns (all the same length). */
export function matrixFromColumns(columns: Readonly<Record<string, ArrayLike<number>>>): Matrix {
  const names = Object.keys(columns);
  const nRows = names.length ? columns[names[0]!]!.length : 0;
  const data = new Float64Array(nRows * names.length);
  names.forEach((name, j) => {
    const col = columns[name]!;
    if (col.length !== nRows) throw new UserError(`matrix: column '${name}' has ${col.length} rows, expected ${nRows}`);
    for (let i = 0; i < nRows; i++) data[j * nRows + i] = col[i]!;
  });
  return createMatrix(data, nRows, names.length, names, 'col');
}

/** Element (i, j). Convenient, not for hot loops. */
export function at(m: Matrix, i: number, j: number): number {
  return m.layout === 'row' ? m.data[i * m.nCols + j]! : m.data[j * m.nRows + i]!;
}

/** Column j as a Float64Array (a copy). */
export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.nRows);
  if (m.layout === 'col') out.set(m.data.subarray(j * m.nRows, (j + 1) * m.nRows));
  else for (let i = 0, k = j; i < m.nRows; i++, k += m.nCols) out[i] = m.data[k]!;
  return out;
}

/** Rows [start, end) as a new matrix of the same layout. */
export function sliceRows(m: Matrix, start: number, end: number): Matrix {
  return takeRows(m, Array.from({ length: end - start }, (_, k) => start + k));
}

/**
 * Rows [start, end) to read: for a row-major matrix a view of its buffer (its rows are one
 * stretch of it: the ridge CV reads its blocks so, where a copy per block and fold was a third of
 * the CV's time, and a GBDT fit its early-stopping split), else a copy (sliceRows).
 */
export function rowRange(m: Matrix, start: number, end: number): Matrix {
  if (m.layout !== 'row') return sliceRows(m, start, end);
  return { data: m.data.subarray(start * m.nCols, end * m.nCols), nRows: end - start, nCols: m.nCols, layout: 'row', featureNames: m.featureNames };
}

/** The given rows, in the given order, as a new matrix of the same layout. */
export function takeRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const n = rows.length;
  const p = m.nCols;
  const data = m.data instanceof Float32Array ? new Float32Array(n * p) : new Float64Array(n * p);
  if (m.layout === 'row') {
    for (let k = 0; k < n; k++) data.set(m.data.subarray(rows[k]! * p, rows[k]! * p + p), k * p);
  } else {
    for (let j = 0; j < p; j++) {
      const base = j * m.nRows;
      for (let k = 0; k < n; k++) data[j * n + k] = m.data[base + rows[k]!]!;
    }
  }
  return { data, nRows: n, nCols: p, layout: m.layout, featureNames: m.featureNames };
}

/** Validate (X, y, weights) for fitting; returns weights as Float64Array or null (all 1). */
export function checkFitInputs(
  what: string,
  X: Matrix,
  y: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): Float64Array | null {
  if (X.nRows === 0 || X.nCols === 0) throw new UserError(`${what}: empty matrix (${X.nRows}×${X.nCols})`);
  if (X.data.length !== X.nRows * X.nCols) {
    throw new UserError(`${what}: matrix data has ${X.data.length} values, expected ${X.nRows * X.nCols}`);
  }
  if (X.featureNames.length !== X.nCols) {
    throw new UserError(`${what}: ${X.featureNames.length} feature names for ${X.nCols} columns`);
  }
  if (y.length !== X.nRows) throw new UserError(`${what}: X has ${X.nRows} rows but y has ${y.length}`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new UserError(`${what}: target y[${i}] is not finite (${y[i]})`);
  }
  if (!sampleWeight) return null;
  if (sampleWeight.length !== X.nRows) {
    throw new UserError(`${what}: X has ${X.nRows} rows but sampleWeight has ${sampleWeight.length}`);
  }
  const w = Float64Array.from(sampleWeight);
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i]!) || w[i]! < 0) throw new UserError(`${what}: sampleWeight[${i}] is not a finite non-negative number (${w[i]})`);
    total += w[i]!;
  }
  if (!(total > 0)) throw new UserError(`${what}: sample weights sum to zero`);
  return w;
}

/** Check that X at prediction time has the columns the model was fitted on, in order. */
export function checkPredictInputs(what: string, X: Matrix, featureNames: readonly string[]): void {
  if (X.nCols !== featureNames.length) {
    throw new UserError(`${what}: model was fitted on ${featureNames.length} features, X has ${X.nCols}`);
  }
  for (let j = 0; j < featureNames.length; j++) {
    if (X.featureNames[j] !== featureNames[j]) {
      throw new UserError(`${what}: feature ${j} is '${X.featureNames[j]}', the model expects '${featureNames[j]}'`);
    }
  }
}
