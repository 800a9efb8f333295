// A sweep in MLflow: one parent run (experiment `sweeps`, run name = sweep id) and one child run
// per configuration (tag mlflow.parentRunId), each carrying the swept values as params, the
// per-market figures as metrics, and the per-week stakes and units as metric histories
// (`week_staked`, `week_units`, step = the week's ordinal season·1000 + 500·postseason + week),
// so that `sweep collect` can rebuild every result from the tracking server alone.
import type { Layout } from '../../artifacts/layout.ts';
import { createTracker } from '../../tracking/create.ts';
import type { Tracker } from '../../tracking/tracker.ts';
import type { RunRecord } from '../../tracking/types.ts';
import { flattenParams } from '../train/track.ts';
import type { ConfigurationResult, MarketFigures } from './configuration.ts';
import type { SweepPlanFile } from './run.ts';

export const SWEEP_EXPERIMENT = 'sweeps';
const FIGURES: (keyof MarketFigures)[] = ['n_games', 'rmse', 'market_rmse', 'n_bets', 'hit_rate', 'units', 'staked', 'roi'];

export function sweepTracker(layout: Layout): Tracker {
  return createTracker({ fileStoreDir: layout.mlruns, sourceDir: layout.project });
}

/** `2023-postseason-01` ↔ 2023501: the step of a week in the metric histories. */
export function weekStep(week: string): number {
  const m = /^(\d{4})-(regular|postseason)-(\d{2})$/.exec(week);
  if (!m) throw new Error(`not a week block: ${week}`);
  return Number(m[1]) * 1000 + (m[2] === 'postseason' ? 500 : 0) + Number(m[3]);
}

export function stepWeek(step: number): string {
  const season = Math.floor(step / 1000);
  const rest = step - season * 1000;
  const post = rest >= 500;
  return `${season}-${post ? 'postseason' : 'regular'}-${String(post ? rest - 500 : rest).padStart(2, '0')}`;
}

export async function openParentRun(layout: Layout, plan: SweepPlanFile): Promise<string> {
  const tracker = sweepTracker(layout);
  const existing = await tracker.searchRuns({ experimentName: SWEEP_EXPERIMENT, tags: { sweep_id: plan.sweep_id, sweep_role: 'parent' } });
  if (existing.length) return existing.sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0))[0]!.runId;
  const run = await tracker.startRun({
    experimentName: SWEEP_EXPERIMENT,
    runName: plan.sweep_id,
    tags: { sweep_id: plan.sweep_id, sweep_role: 'parent', baseline: plan.baseline, sweep_mode: plan.mode },
  });
  await run.logParams({
    // Everything `sweep collect` needs to rebuild the plan on another machine.
    args: JSON.stringify(plan.args),
    baseline: plan.baseline,
    fixed: plan.fixed.join(' ') || '(none)',
    configurations: plan.configurations.length,
    seed: plan.seed,
    trials: plan.trials ?? 'grid',
    dev_seasons: plan.dev_seasons.join(','),
    test_season: plan.test_season,
    data_fingerprint: plan.data_fingerprint,
  });
  // Child runs may be added to an ended run (MLflow does not check), and any shard may be the
  // first to open the parent: ending it at once leaves no run RUNNING forever if that shard dies.
  await run.endRun('FINISHED');
  return run.runId;
}

/** The report's headline on the parent run (tags: any process may set them on an ended run). */
export async function tagParentRun(layout: Layout, parentRunId: string, tags: Record<string, string>): Promise<void> {
  const tracker = sweepTracker(layout);
  for (const [k, v] of Object.entries(tags)) await tracker.setRunTag(parentRunId, k, v);
}

function metricsOf(res: ConfigurationResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [market, f] of Object.entries(res.markets)) for (const k of FIGURES) if (Number.isFinite(f[k])) out[`${market}_${k}`] = f[k];
  return out;
}

export async function logChildRun(layout: Layout, plan: SweepPlanFile, res: ConfigurationResult, parentRunId: string): Promise<string> {
  const tracker = sweepTracker(layout);
  const run = await tracker.startRun({
    experimentName: SWEEP_EXPERIMENT,
    runName: `${plan.sweep_id}-${String(res.index).padStart(4, '0')}`,
    parentRunId,
    tags: { sweep_id: plan.sweep_id, sweep_role: 'child', sweep_index: String(res.index), config_hash: res.config_hash },
  });
  try {
    await run.logParams({ ...flattenParams(res.values), overrides: res.overrides.join(' ') });
    await run.logMetrics({ ...metricsOf(res), duration_ms: res.duration_ms }, { step: 0 });
    const points = Object.entries(res.weeks).flatMap(([w, v]) => [
      { key: 'week_staked', value: v.staked, step: weekStep(w) },
      { key: 'week_units', value: v.units, step: weekStep(w) },
    ]);
    if (points.length) await run.logMetrics(points);
    await run.endRun('FINISHED');
  } catch (e) {
    await run.endRun('FAILED').catch(() => undefined);
    throw e;
  }
  return run.runId;
}

/** Rebuild a configuration's result from its finished child run. */
export async function resultFromRun(tracker: Tracker, plan: SweepPlanFile, run: RunRecord): Promise<ConfigurationResult> {
  const index = Number(run.tags.sweep_index);
  const c = plan.configurations[index]!;
  const markets: Record<string, MarketFigures> = {};
  for (const [key, value] of Object.entries(run.metrics)) {
    const m = /^(spread|total)_(.+)$/.exec(key);
    if (!m || !FIGURES.includes(m[2] as keyof MarketFigures)) continue;
    const f = (markets[m[1]!] ??= { n_games: NaN, rmse: NaN, market_rmse: NaN, n_bets: NaN, hit_rate: NaN, units: NaN, staked: NaN, roi: NaN });
    f[m[2] as keyof MarketFigures] = value;
  }
  const weeks: ConfigurationResult['weeks'] = {};
  for (const p of await tracker.getMetricHistory(run.runId, 'week_staked')) (weeks[stepWeek(p.step)] ??= { staked: 0, units: 0 }).staked = p.value;
  for (const p of await tracker.getMetricHistory(run.runId, 'week_units')) (weeks[stepWeek(p.step)] ??= { staked: 0, units: 0 }).units = p.value;
  return {
    sweep_id: plan.sweep_id,
    index,
    overrides: c.overrides,
    values: c.values,
    config_hash: run.tags.config_hash ?? '',
    markets,
    weeks,
    duration_ms: run.metrics.duration_ms ?? NaN,
    mlflow_run_id: run.runId,
  };
}
