// `edgelab sweep collect SWEEP`: gather a sweep's finished child runs from the tracking server
// (shards on other machines log there), write them as local results, report, and — with
// --rerun-missing — evaluate here whatever no shard finished.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sweepFile, sweepResultFile, type Layout } from '../../artifacts/layout.ts';
import { writeJsonAtomic } from '../../artifacts/atomic.ts';
import { UsageError } from '../../util/errors.ts';
import type { Progress } from '../../util/progress.ts';
import { buildReport, writeReport, type SweepReport } from './report.ts';
import { recordSweepAttempts } from '../promotion-attempts.ts';
import { ensureBaseline, existingResults, prepareSweep, readSweep, runSweep, type SweepOptions } from './run.ts';
import { resultFromRun, SWEEP_EXPERIMENT, sweepTracker, tagParentRun } from './tracking.ts';

export interface CollectOptions {
  layout: Layout;
  /** Sweep id (sw-…) or the parent run's id. */
  sweep: string;
  rerunMissing?: boolean;
  workers?: number;
  progress: Progress;
  entry?: SweepOptions['entry'];
}

export interface CollectOutcome {
  sweepId: string;
  fromServer: number;
  rerun: number[];
  report: SweepReport;
  files: { json: string; md: string };
}

export async function collectSweep(o: CollectOptions): Promise<CollectOutcome> {
  const tracker = sweepTracker(o.layout);
  const runs = await tracker.searchRuns({ experimentName: SWEEP_EXPERIMENT });
  const parent = runs.find((r) => r.tags.sweep_role === 'parent' && (r.tags.sweep_id === o.sweep || r.runId === o.sweep));
  const sweepId = parent?.tags.sweep_id ?? (o.sweep.startsWith('sw-') ? o.sweep : undefined);
  if (!sweepId) throw new UsageError(`no sweep ${o.sweep} on ${tracker.location} (give a sweep id sw-… or its parent run id)`);
  // The plan comes from this machine's sweep directory, or — when other machines ran the sweep —
  // from the parent run's parameters; either way it is rebuilt on this warehouse and must match.
  const local = existsSync(sweepFile(o.layout.sweepDir(sweepId), 'plan')) ? readSweep(o.layout, sweepId).plan : null;
  if (!local && !parent) throw new UsageError(`sweep ${sweepId} has no parent run on ${tracker.location} and no plan here`);
  const source = local
    ? { args: local.args, trials: local.trials ?? undefined, seed: local.seed, baseline: local.baseline }
    : {
        args: JSON.parse(parent!.params.args ?? '[]') as string[],
        trials: parent!.params.trials && parent!.params.trials !== 'grid' ? Number(parent!.params.trials) : undefined,
        seed: Number(parent!.params.seed ?? 0),
        baseline: parent!.params.baseline,
      };
  const { plan, ctx } = await prepareSweep({ layout: o.layout, ...source, progress: o.progress });
  if (plan.sweep_id !== sweepId) {
    throw new UsageError(`the plan rebuilt here is ${plan.sweep_id}, not ${sweepId}: this warehouse holds other data than the shards read (data fingerprint ${plan.data_fingerprint}); collect where the shards' warehouse snapshot is`);
  }
  if (!plan.parent_run_id && parent) {
    plan.parent_run_id = parent.runId;
    writeJsonAtomic(sweepFile(o.layout.sweepDir(sweepId), 'plan'), plan);
  }
  const have = existingResults(o.layout.sweepDir(sweepId));
  let fromServer = 0;
  for (const run of runs) {
    if (run.tags.sweep_id !== sweepId || run.tags.sweep_role !== 'child' || run.status !== 'FINISHED') continue;
    const index = Number(run.tags.sweep_index);
    if (!Number.isInteger(index) || !plan.configurations[index] || have.has(index)) continue;
    const res = await resultFromRun(tracker, plan, run);
    const file = sweepResultFile(o.layout.sweepDir(sweepId), index);
    mkdirSync(dirname(file), { recursive: true });
    writeJsonAtomic(file, res);
    have.add(index);
    fromServer++;
  }
  let rerun: number[] = [];
  if (o.rerunMissing && have.size < plan.configurations.length) {
    const out = await runSweep({ layout: o.layout, args: plan.args, trials: plan.trials ?? undefined, seed: plan.seed, baseline: plan.baseline, workers: o.workers, progress: o.progress, entry: o.entry, parentRunId: plan.parent_run_id ?? parent?.runId });
    rerun = out.evaluated;
  }
  await ensureBaseline(ctx, plan);
  const { report, files } = await finishSweep(o.layout, sweepId);
  return { sweepId, fromServer, rerun, report, files };
}

/** Build and write the report from what the sweep directory holds; tag the parent run with it. */
export async function finishSweep(layout: Layout, sweepId: string): Promise<{ report: SweepReport; files: { json: string; md: string } }> {
  const { plan, baseline, results } = readSweep(layout, sweepId);
  if (!baseline) throw new UsageError(`sweep ${sweepId}: the baseline ${plan.baseline} has not been evaluated yet; run the sweep (or one shard of it) first`);
  const report = buildReport(plan, baseline, results);
  const files = writeReport(layout, report);
  // A complete sweep of a phase-2/3 experiment joins the promotion-attempts log: a later
  // promote-test of its winner (or of anything else in the phase) counts all K configurations.
  if (report.missing.length === 0 && (plan.phase === 2 || plan.phase === 3)) {
    const judged = new Map(report.ranking.map((r) => [r.index, r]));
    recordSweepAttempts(
      layout,
      plan.configurations.map((c) => ({
        at: new Date().toISOString(),
        phase: plan.phase === 3 ? 'phase3' : 'phase2',
        candidate: `${plan.sweep_id}#${c.index}`,
        baseline: plan.baseline,
        market: plan.market,
        exploratory: false,
        passed: false,
        p_value: judged.get(c.index)?.naive_p ?? 1,
        alpha: report.reality_check.alpha,
        file: files.json,
        candidate_hashes: {} as never,
        baseline_hashes: {} as never,
      })),
    );
  }
  if (plan.parent_run_id) {
    await tagParentRun(layout, plan.parent_run_id, {
      reality_check_p: report.reality_check.p_value.toFixed(4),
      best_index: String(report.reality_check.best_index),
      best_roi: report.reality_check.best_roi.toFixed(4),
      best_roi_adjusted: report.reality_check.best_roi_adjusted.toFixed(4),
      n_results: `${report.n_results}/${report.n_configurations}`,
      verdict: report.verdict.slice(0, 5000),
    });
  }
  return { report, files };
}
