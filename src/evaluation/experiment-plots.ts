// The five plots of an experiment, rendered to PNG bytes from its records (so they can be rebuilt
// from predictions.csv at any time).
import type { PredictionRecord } from './backtest.ts';
import { calibrationSpec, cumulativeUnitsSpec, featureImportanceSpec, reliabilityTable, residualsSpec, roiByEdgeSpec, roiByEdgeTable } from './plots.ts';
import { renderPng } from './render.ts';
import type { ScoredBet } from './types.ts';

export const PLOT_FILES = ['residuals.png', 'calibration.png', 'feature_importance.png', 'cumulative_units.png', 'roi_by_edge.png'] as const;

export async function renderExperimentPlots(
  id: string,
  records: readonly PredictionRecord[],
  bets: readonly ScoredBet[],
  importance: readonly { feature: string; importance: number }[],
): Promise<Record<(typeof PLOT_FILES)[number], Uint8Array>> {
  const played = records.map((r) => ({ bet_type: r.market, prediction: r.prediction, actual: r.actual }));
  const rel = reliabilityTable(bets.map((b) => ({ cover_probability: b.cover_probability, result: b.result })));
  return {
    'residuals.png': await renderPng(residualsSpec(played, `${id}: residuals`)),
    'calibration.png': await renderPng(calibrationSpec(rel, `${id}: cover-probability calibration`)),
    'feature_importance.png': await renderPng(featureImportanceSpec(importance, 20, `${id}: feature importance`)),
    'cumulative_units.png': await renderPng(cumulativeUnitsSpec(bets, `${id}: cumulative units`)),
    'roi_by_edge.png': await renderPng(roiByEdgeSpec(roiByEdgeTable(bets), `${id}: ROI by edge`)),
  };
}
