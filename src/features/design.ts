// The design matrix of a feature frame: the rows a model may use (eligible ones by default) as
// one row-major Float64Array, with the frame rows they came from for joining targets back.
import { UserError, suggest } from '../util/errors.ts';
import type { FeatureFrame, FeatureRow } from './frame.ts';

export interface DesignMatrix {
  columns: string[];
  /** n × p, row-major. */
  x: Float64Array;
  n: number;
  p: number;
  rows: FeatureRow[];
}

export function designMatrix(frame: FeatureFrame, opts: { columns?: string[]; eligibleOnly?: boolean } = {}): DesignMatrix {
  const columns = opts.columns ?? frame.columns;
  const idx = columns.map((c) => {
    const i = frame.columns.indexOf(c);
    if (i < 0) {
      const hint = suggest(c, frame.columns);
      throw new UserError(`feature set "${frame.feature_set}" has no column "${c}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    return i;
  });
  const rows = opts.eligibleOnly === false ? frame.rows : frame.rows.filter((r) => r.eligible);
  const p = columns.length;
  const x = new Float64Array(rows.length * p);
  rows.forEach((r, k) => {
    for (let j = 0; j < p; j++) x[k * p + j] = r.values[idx[j]!]!;
  });
  return { columns: [...columns], x, n: rows.length, p, rows };
}
