// Logging an experiment to MLflow through the Tracker: flattened config params (never stringified
// dicts), overall metrics, per-season metrics with the season as step, tags, and the experiment
// directory as artifacts.
import type { Layout, Phase } from '../../artifacts/layout.ts';
import { PHASE_DIRS } from '../../artifacts/layout.ts';
import { createTracker } from '../../tracking/create.ts';
import type { ParamValue } from '../../tracking/tracker.ts';
import type { MetricsRow } from '../../evaluation/experiment-metrics.ts';

/** `{a: {b: 1, c: [2, 3]}}` → `{'a.b': 1, 'a.c': '[2, 3]'}` (lists as text, objects flattened). */
export function flattenParams(value: unknown, prefix = '', out: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = 'null';
    return out;
  }
  if (Array.isArray(value)) {
    out[prefix] = `[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]`;
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flattenParams(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out[prefix] = value as ParamValue;
  return out;
}

export interface TrackInput {
  layout: Layout;
  id: string;
  phase: Phase;
  config: unknown;
  metrics: MetricsRow[];
  tags: Record<string, string>;
  experimentDir: string;
  /** The model bundle, logged as the run's `model/` artifacts (the registry points there). */
  bundleDir: string;
  /** Called with the run id before the artifacts are logged (the summary names its run). */
  onRunStarted?: (runId: string) => void;
}

const METRIC_KEYS = ['rmse', 'mae', 'bias', 'market_rmse', 'market_mae', 'n_games', 'n_bets', 'hit_rate', 'units', 'roi', 'brier', 'log_loss', 'max_drawdown_units', 'longest_losing_streak'] as const;

/** Log one experiment as one MLflow run (experiment named after the phase). Returns the run id. */
export async function trackExperiment(t: TrackInput): Promise<string> {
  const tracker = createTracker({ fileStoreDir: t.layout.mlruns, sourceDir: t.layout.project });
  const run = await tracker.startRun({
    experimentName: PHASE_DIRS[t.phase],
    experimentTags: { phase: String(t.phase) },
    runName: t.id,
    tags: { experiment_id: t.id, phase: String(t.phase), ...t.tags },
  });
  try {
    await run.logParams(flattenParams(t.config));
    for (const row of t.metrics) {
      const vals: Record<string, number> = {};
      for (const k of METRIC_KEYS) {
        const v = row[k];
        if (typeof v === 'number' && !Number.isNaN(v)) vals[row.season === 'all' ? `${row.market}_${k}` : `${row.market}_${k}_by_season`] = v;
      }
      await run.logMetrics(vals, row.season === 'all' ? { step: 0 } : { step: row.season });
    }
    t.onRunStarted?.(run.runId);
    await run.logArtifacts(t.experimentDir);
    await run.logArtifacts(t.bundleDir, 'model');
    await run.endRun('FINISHED');
  } catch (e) {
    await run.endRun('FAILED').catch(() => undefined);
    throw e;
  }
  return run.runId;
}
