// Per-row feature contributions of a fitted model: base + Σ_j contribution_j = the model's
// output exactly. Ridge: contribution_j = coefficient_j · (x_j − training mean_j), base = the
// output at the training means. GBDT: TreeSHAP values (covers from the reference rows).
import type { ModelJSONBase } from './estimator.ts';
import type { Matrix } from './matrix.ts';
import type { RidgeJSON } from './ridge.ts';
import type { GbdtJSON } from './gbdt/gbdt.ts';
import { Gbdt } from './gbdt/gbdt.ts';
import { treeShap } from './gbdt/tree-shap.ts';

export interface Contributions {
  base: number;
  /** Per row of X, one value per feature (in X's column order). */
  values: Float64Array[];
  method: 'exact (linear)' | 'TreeSHAP';
}

export function explainRows(model: ModelJSONBase, X: Matrix, reference: Matrix): Contributions {
  if (model.type === 'ridge') {
    const r = model as RidgeJSON;
    const base = r.intercept + r.coefficients.reduce((s, c, j) => s + c * r.means[j]!, 0);
    const values: Float64Array[] = [];
    for (let i = 0; i < X.nRows; i++) {
      const v = new Float64Array(X.nCols);
      for (let j = 0; j < X.nCols; j++) {
        const x = X.layout === 'row' ? X.data[i * X.nCols + j]! : X.data[j * X.nRows + i]!;
        v[j] = r.coefficients[j]! * (x - r.means[j]!);
      }
      values.push(v);
    }
    return { base, values, method: 'exact (linear)' };
  }
  const g = Gbdt.fromJSON(model as GbdtJSON);
  const { base, values } = treeShap(g.trees, g.baseScore, X, reference);
  return { base, values, method: 'TreeSHAP' };
}
