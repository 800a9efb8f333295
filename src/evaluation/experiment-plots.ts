// The five plots of an experiment, as Vega-Lite specs and as PNG bytes, from its records (so
// training and `edgelab regenerate-plots` draw exactly the same charts).
import type { PredictionRecord } from './backtest.ts';
import { residualsSpec, type Spec } from './plots.ts';
import { edgeSpec, edgeTable, gameCalibrationSpec, gameCalibrationTable, importanceSpec, weeklyCumulativeSpec, type GameProbability } from './plots-uncertainty.ts';
import { renderPng } from './plot-threads.ts';
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
  if (importance) specs.feature_importance = importancePlotSpec(id, importance);
  return specs;
}

const importancePlotSpec = (id: string, rows: readonly { feature: string; importance: number }[]) => importanceSpec(rows, `${id}: feature importance`);

/** `market: feature` labels, so both markets' importances share one chart. */
export function importanceLabels(rows: readonly { market?: string; feature: string; importance: number }[]): { feature: string; importance: number }[] {
  return rows.map((r) => ({ feature: r.market ? `${r.market}: ${r.feature}` : r.feature, importance: r.importance }));
}

/**
 * The plots of one training, started as soon as their inputs exist: the four drawn from the
 * walk-forward's records and bets at once (on helper threads, while the final models are fitted),
 * feature importance when `finish` brings it. Nothing is written here; `finish` resolves with
 * every PNG, or rejects with the first failure (a started plot's failure is never unhandled).
 */
export interface ExperimentPlotsStarted {
  finish(importance: readonly { market: string; feature: string; importance: number }[]): Promise<Record<string, Uint8Array>>;
}

export function startExperimentPlots(id: string, records: readonly PredictionRecord[], bets: readonly ScoredBet[], keyNumbers?: KeyNumbers): ExperimentPlotsStarted {
  const played = records.map((r) => ({ bet_type: r.market, prediction: r.prediction, actual: r.actual, sigma: r.sigma, line: r.line }));
  const specs = experimentPlotSpecs(id, played, bets, null, keyNumbers);
  const pngs = new Map<PlotName, Promise<Uint8Array>>();
  const draw = (name: PlotName, spec: Spec) => {
    const png = renderPng(spec);
    png.catch(() => {}); // its failure is finish's, not an unhandled rejection meanwhile
    pngs.set(name, png);
  };
  for (const name of PLOT_NAMES) if (specs[name]) draw(name, specs[name]);
  return {
    async finish(importance) {
      draw('feature_importance', importancePlotSpec(id, importanceLabels(importance)));
      const bytes = await Promise.all(PLOT_NAMES.map((name) => pngs.get(name)!));
      return Object.fromEntries(PLOT_NAMES.map((name, i) => [`${name}.png`, bytes[i]!]));
    },
  };
}
