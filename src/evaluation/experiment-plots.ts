// The five plots of an experiment, as Vega-Lite specs and as PNG bytes, from its records (so
// training and `edgelab regenerate-plots` draw exactly the same charts).
import type { PredictionRecord } from './backtest.ts';
import { residualsSpec, type Spec } from './plots.ts';
import { edgeSpec, edgeTable, gameCalibrationSpec, gameCalibrationTable, importanceSpec, weeklyCumulativeSpec, type GameProbability } from './plots-uncertainty.ts';
import { rasterisePng, renderSvg } from './render.ts';
import type { BetType, ScoredBet } from './types.ts';
import type { KeyNumbers } from './key-numbers.ts';

export const PLOT_NAMES = ['residuals', 'calibration', 'feature_importance', 'cumulative_units', 'roi_by_edge'] as const;
export type PlotName = (typeof PLOT_NAMES)[number];

/** The specs; feature importance only when importance rows are given. */
export function experimentPlotSpecs(
  id: string,
  played: readonly (GameProbability & { bet_type: BetType; prediction: number; actual: number | null })[],
  bets: readonly ScoredBet[],
  importance: readonly { feature: string; importance: number }[] | null,
  keyNumbers?: KeyNumbers,
): Partial<Record<PlotName, Spec>> {
  const specs: Partial<Record<PlotName, Spec>> = {
    residuals: residualsSpec(played, `${id}: residuals`),
    calibration: gameCalibrationSpec(gameCalibrationTable(played, undefined, keyNumbers), `${id}: cover-probability calibration`),
    cumulative_units: weeklyCumulativeSpec(bets, `${id}: cumulative units`),
    roi_by_edge: edgeSpec(edgeTable(bets), `${id}: ROI by edge`),
  };
  if (importance) specs.feature_importance = importanceSpec(importance, `${id}: feature importance`);
  return specs;
}

/** `market: feature` labels, so both markets' importances share one chart. */
export function importanceLabels(rows: readonly { market?: string; feature: string; importance: number }[]): { feature: string; importance: number }[] {
  return rows.map((r) => ({ feature: r.market ? `${r.market}: ${r.feature}` : r.feature, importance: r.importance }));
}

export async function renderExperimentPlots(
  id: string,
  records: readonly PredictionRecord[],
  bets: readonly ScoredBet[],
  importance: readonly { market: string; feature: string; importance: number }[],
  keyNumbers?: KeyNumbers,
): Promise<Record<string, Uint8Array>> {
  const played = records.map((r) => ({ bet_type: r.market, prediction: r.prediction, actual: r.actual, sigma: r.sigma, line: r.line }));
  const specs = experimentPlotSpecs(id, played, bets, importanceLabels(importance), keyNumbers);
  // Each SVG is drawn here while the helper thread rasterises the one before (render.ts).
  const pngs: Promise<Uint8Array>[] = [];
  for (const name of PLOT_NAMES) {
    const png = rasterisePng(await renderSvg(specs[name]!));
    png.catch(() => {}); // its failure is Promise.all's below, not an unhandled rejection meanwhile
    pngs.push(png);
  }
  const bytes = await Promise.all(pngs);
  return Object.fromEntries(PLOT_NAMES.map((name, i) => [`${name}.png`, bytes[i]!]));
}
