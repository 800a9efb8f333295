// The demo's printed summary (issue 20): each live week's line says why a week placed no bets,
// and the final alert says which rule raised it and how it sits beside the season's figures — a
// yellow while the season is far ahead of the development ROI is a recent slump, not a season
// gone wrong, and the line says so instead of leaving the colour unexplained.
import type { AlertFile, MonitorResult } from './monitor.ts';
import type { PredictResult } from './predict.ts';
import { noBetsLine } from '../evaluation/pass-reasons.ts';
import { count } from '../util/plural.ts';

export const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);

export const LEVEL_MARK: Record<string, string> = { green: '🟢 green', yellow: '🟡 yellow', orange: '🟠 orange', red: '🔴 red' };

/** What each level means (conf/monitoring/alerts.yaml, docs/monitoring.md). */
const LEVEL_MEANING: Record<string, string> = {
  yellow: 'one warning: watch it',
  orange: 'two warnings, or the season well below the development ROI: consider a rollback',
  red: 'roll back, or find out why now',
};

/** "12 bets placed", or "0 bets placed (46 candidates, none bet: …)". */
export function betsPlacedLine(predict: Pick<PredictResult, 'bets' | 'candidates' | 'not_bet'> | null | undefined): string {
  const n = predict?.bets.length ?? 0;
  const placed = `${String(n).padStart(2)} ${n === 1 ? 'bet placed ' : 'bets placed'}`;
  return n > 0 || !predict ? placed : `${placed} (${noBetsLine(predict.candidates, predict.not_bet)})`;
}

/** The season's record from the performance log: "season 100-65-3, +25.91u, ROI 15.4%". */
export function seasonLine(m: Pick<MonitorResult, 'rows'> | null, season: number): string {
  const rows = (m?.rows ?? []).filter((r) => r.season === season);
  if (rows.length === 0) return 'no scored bets yet';
  const w = rows.reduce((s, r) => s + r.wins, 0);
  const l = rows.reduce((s, r) => s + r.losses, 0);
  const p = rows.reduce((s, r) => s + r.pushes, 0);
  const units = rows.reduce((s, r) => s + r.units, 0);
  const staked = rows.reduce((s, r) => s + r.staked, 0);
  return `season ${w}-${l}-${p}, ${units >= 0 ? '+' : ''}${units.toFixed(2)}u, ROI ${staked > 0 ? pct(units / staked) : '—'}`;
}

/** The level, and for anything but green the rules that raised it and what the level asks of you. */
export function alertExplained(a: Pick<AlertFile, 'level' | 'reasons' | 'figures' | 'sequential' | 'model_id'> | null): string {
  if (!a) return '—';
  const mark = LEVEL_MARK[a.level] ?? a.level;
  if (a.level === 'green') return `${mark} (no warning)`;
  const why = a.reasons.map((r) => r.message).join('; ');
  const rollingOnly = a.reasons.every((r) => r.rule === 'rolling_hit_rate' || r.rule === 'rolling_roi');
  const dev = a.sequential?.dev_roi ?? null;
  const season = a.figures.season_roi;
  let context = '';
  if (rollingOnly && season !== null) {
    const vsDev = dev === null ? '' : `, ${Math.abs((season - dev) * 100).toFixed(1)} points ${season >= dev ? 'above' : 'below'} ${a.model_id}'s development ROI ${pct(dev)}`;
    context = ` — a warning about the last weeks only; the season stands at ROI ${pct(season)} over ${count(a.figures.season_bets, 'bet')}${vsDev}`;
  }
  return `${mark} (${LEVEL_MEANING[a.level] ?? ''}): ${why}${context}`;
}
