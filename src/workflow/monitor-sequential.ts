// Per-champion pieces of `edgelab monitor` (issue 17): the tenure a week belongs to, and the
// sequential rollback test of that tenure, calibrated on the champion's development record.
import { existsSync } from 'node:fs';
import type { Layout } from '../artifacts/layout.ts';
import { experimentFile } from '../artifacts/layout.ts';
import type { MonitoringConfig } from '../config/groups/monitoring.ts';
import type { SequentialState, WeekFigures } from '../evaluation/alerts.ts';
import { calibrateCusum, cusumIncrement, type CusumDesign } from '../evaluation/sequential.ts';
import type { ScoredRow } from '../readers/dashboard-data.ts';
import { readCsvObjects } from '../readers/production.ts';
import { locateExperiment } from '../readers/experiments.ts';

/**
 * The weeks of the champion tenure that week i belongs to: the run of consecutive weeks, ending
 * at i, whose bets the same model made. A change of champion starts a new tenure, so season
 * figures, rolling windows, streaks and the sequential test restart with it.
 */
export function tenureStart(figures: readonly Pick<WeekFigures, 'model_id'>[], i: number): number {
  let start = i;
  while (start > 0 && figures[start - 1]!.model_id === figures[i]!.model_id) start--;
  return start;
}

/** A development record: all-market ROI and bets per development season (metrics.csv). */
export function devRecord(layout: Layout, id: string): { roi: number; bets_per_season: number } | null {
  const loc = locateExperiment(layout, id);
  const file = loc?.outputs ? experimentFile(loc.outputs, 'metrics') : null;
  if (!file || !existsSync(file)) return null;
  const rows = readCsvObjects(file);
  const all = rows.find((r) => r.season === 'all' && r.market === 'all');
  // per-season rows exist per market (spread, total), the all-markets row only over all seasons
  const seasons = new Set(rows.filter((r) => r.season !== 'all').map((r) => r.season)).size;
  const roi = Number(all?.roi);
  const bets = Number(all?.n_bets);
  if (!all || all.roi === '' || !Number.isFinite(roi) || !(bets > 0) || seasons === 0) return null;
  return { roi, bets_per_season: bets / seasons };
}

/**
 * Calibrations by their inputs: calibrateCusum is a pure, seeded simulation (10,000 seasons), and
 * a process that monitors week after week (the demo's live season) asks for the same ones again.
 */
const calibrated = new Map<string, CusumDesign>();

/** The CUSUM design of a champion: calibrated on its development ROI and volume (null when unknown). */
export function championDesign(layout: Layout, id: string, cfg: MonitoringConfig['rollback']): (CusumDesign & { bets_per_week: number }) | null {
  const dev = devRecord(layout, id);
  if (!dev) return null;
  const bets_per_week = dev.bets_per_season / cfg.season_weeks;
  const input = { dev_roi: dev.roi, shift_points: cfg.shift_points, bets_per_week, weeks: cfg.season_weeks, false_alarm: cfg.false_alarm, seasons: 10000 };
  const key = JSON.stringify(input);
  let d = calibrated.get(key);
  if (!d) calibrated.set(key, (d = calibrateCusum(input)));
  return { ...d, bets_per_week };
}

/**
 * The sequential test after the last of `weeks` (one tenure, chronological): the CUSUM over the
 * settled bets of the tenure's weeks in the last week's season (the calibration is per season).
 */
export function sequentialState(design: CusumDesign, weeks: readonly { season: number; rows: readonly ScoredRow[] }[]): SequentialState {
  const season = weeks.at(-1)?.season;
  let s = 0;
  let n = 0;
  let alarmed = false;
  for (const w of weeks) {
    if (w.season !== season) continue;
    for (const r of w.rows) {
      if (r.result === 'pending') continue;
      if (r.result !== 'push') n++;
      s = Math.max(0, s + cusumIncrement({ result: r.result, price: r.price }, design.dev_roi, design.shift_points));
      if (s >= design.h) alarmed = true;
    }
  }
  return { statistic: s, h: design.h, n_bets: n, alarmed, dev_roi: design.dev_roi, shift_points: design.shift_points };
}
