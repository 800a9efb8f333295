// The experiment index's row for a trained experiment: written by train (outputs.ts) and by
// `doctor --fix` when a kill lost it. A module of its own so that doctor, which only reads and
// repairs the tree, does not load the training code (features, models, plots) with it.
import { STATUS_MARK, type IndexRow } from '../../artifacts/experiment-index.ts';
import type { ExperimentSummary } from './outputs.ts';

/** The index row of a freshly trained experiment (also what `doctor --fix` writes when a kill lost it). */
export function trainedIndexRow(summary: ExperimentSummary): IndexRow {
  const h = summary.headline.spread ?? Object.values(summary.headline)[0];
  return {
    ID: summary.id,
    Phase: String(summary.phase),
    Date: summary.created_at.slice(0, 10),
    Model: summary.model,
    Features: summary.feature_set,
    RMSE: h ? `${h.rmse.toFixed(2)} (mkt ${h.market_rmse.toFixed(2)})` : '',
    'Hit rate': h && Number.isFinite(h.hit_rate) ? `${(h.hit_rate * 100).toFixed(1)}%` : '',
    ROI: h && Number.isFinite(h.roi) ? `${(h.roi * 100).toFixed(1)}%` : '',
    Status: STATUS_MARK.trained,
    League: summary.league,
  };
}
