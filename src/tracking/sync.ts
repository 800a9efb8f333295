// Copy a local MLflow file store to a tracking server: experiments (with tags), runs (params,
// full metric histories, tags, artifacts, status and times, nested-run parents remapped),
// registered models (tags, description, versions, aliases). Idempotent: a copied run carries
// `edgelab.source_run_id`, and `edgelab.sync_state=complete` once everything of it arrived; a
// run copied halfway (a crash) is deleted on the server and copied again.
import { join } from 'node:path';
import { listExperiments, listFilesRecursive, listRegisteredModels, listRuns, readMetricHistories } from './filestore-reader.ts';
import type { RestTracker } from './rest-tracker.ts';
import type { ExperimentRecord, RunRecord, TerminalStatus } from './types.ts';
import { faultPoint } from '../util/fault.ts';

export const SOURCE_RUN_TAG = 'edgelab.source_run_id';
export const SYNC_STATE_TAG = 'edgelab.sync_state';
export const SOURCE_VERSION_TAG = 'edgelab.source_model_version';

export interface SyncOptions {
  /** Only this experiment (by name). */
  experiment?: string;
  onProgress?: (message: string) => void;
}

export interface SyncReport {
  target: string;
  experiments: { name: string; localId: string; remoteId: string; copied: number; skipped: number; replaced: number; running: number }[];
  runsCopied: number;
  runsSkipped: number;
  runsReplaced: number;
  metricPoints: number;
  artifactsUploaded: number;
  modelVersionsCreated: number;
  modelVersionsSkipped: number;
  aliasesSet: number;
  notes: string[];
}

/** Parents before children, then by start time, so a parent's remote id is known first. */
function parentFirst(runs: RunRecord[]): RunRecord[] {
  const ids = new Set(runs.map((r) => r.runId));
  const depth = (r: RunRecord, seen = new Set<string>()): number => {
    const p = r.tags['mlflow.parentRunId'];
    if (!p || !ids.has(p) || seen.has(p)) return 0;
    seen.add(p);
    return 1 + depth(runs.find((x) => x.runId === p)!, seen);
  };
  return [...runs].sort((a, b) => depth(a) - depth(b) || (a.startTime ?? 0) - (b.startTime ?? 0));
}

async function copyRun(root: string, exp: ExperimentRecord, run: RunRecord, remoteExpId: string, target: RestTracker, idMap: Map<string, string>, report: SyncReport) {
  const runDir = join(root, exp.experimentId, run.runId);
  const tags: Record<string, string> = { ...run.tags, [SOURCE_RUN_TAG]: run.runId };
  const parent = run.tags['mlflow.parentRunId'];
  if (parent) {
    if (idMap.has(parent)) tags['mlflow.parentRunId'] = idMap.get(parent)!;
    else report.notes.push(`run ${run.runId}: parent ${parent} not copied; kept its local id in mlflow.parentRunId`);
  }
  const remote = await target.createRun(remoteExpId, { runName: run.runName, startTime: run.startTime ?? Date.now(), userId: run.userId, tags });
  const metrics = Object.values(readMetricHistories(runDir)).flat();
  await remote.logBatch(
    metrics,
    Object.entries(run.params).map(([key, value]) => ({ key, value })),
    [],
  );
  report.metricPoints += metrics.length;
  const artifactsDir = join(runDir, 'artifacts');
  for (const rel of listFilesRecursive(artifactsDir)) {
    const slash = rel.lastIndexOf('/');
    await remote.logArtifact(join(artifactsDir, rel), slash < 0 ? '' : rel.slice(0, slash));
    report.artifactsUploaded++;
  }
  if (run.status !== 'RUNNING' && run.status !== 'SCHEDULED') await remote.endRun(run.status as TerminalStatus, run.endTime ?? undefined);
  // A kill here leaves a remote copy without the 'complete' mark: the next sync replaces it.
  faultPoint('mlflow-sync:before-complete');
  await remote.setTag(SYNC_STATE_TAG, 'complete');
  idMap.set(run.runId, remote.runId);
}

/** Copy the file store at `root` to the server behind `target`. */
export async function syncStore(root: string, target: RestTracker, opts: SyncOptions = {}): Promise<SyncReport> {
  const say = opts.onProgress ?? (() => undefined);
  const report: SyncReport = {
    target: target.location, experiments: [], runsCopied: 0, runsSkipped: 0, runsReplaced: 0, metricPoints: 0,
    artifactsUploaded: 0, modelVersionsCreated: 0, modelVersionsSkipped: 0, aliasesSet: 0, notes: [],
  };
  const experiments = listExperiments(root).filter((e) => e.lifecycleStage === 'active' && (!opts.experiment || e.name === opts.experiment));
  const idMap = new Map<string, string>(); // local run id → remote run id
  // Every target artifact location is checked before anything is copied: a server whose
  // artifacts edgelab cannot write gets a refusal, not runs marked complete without their files.
  for (const exp of experiments) {
    if (exp.experimentId === '0' && listRuns(root, '0').every((r) => r.lifecycleStage !== 'active')) continue;
    await target.checkArtifactsWritable(exp.name);
  }
  for (const exp of experiments) {
    const runs = listRuns(root, exp.experimentId).filter((r) => r.lifecycleStage === 'active');
    if (runs.length === 0 && exp.experimentId === '0') continue; // MLflow's empty Default
    const remoteExpId = await target.getOrCreateExperiment(exp.name, exp.tags);
    const row = { name: exp.name, localId: exp.experimentId, remoteId: remoteExpId, copied: 0, skipped: 0, replaced: 0, running: 0 };
    const already = new Map<string, RunRecord[]>();
    for (const r of await target.searchRunsRaw([remoteExpId], `tags.\`${SOURCE_RUN_TAG}\` != ''`)) {
      const src = r.tags[SOURCE_RUN_TAG];
      if (src) already.set(src, [...(already.get(src) ?? []), r]);
    }
    for (const run of parentFirst(runs)) {
      if (run.status === 'RUNNING' || run.status === 'SCHEDULED') {
        row.running++;
        report.notes.push(`run ${run.runId} (${run.runName}) is still ${run.status}; not copied`);
        continue;
      }
      const copies = already.get(run.runId) ?? [];
      const done = copies.find((c) => c.tags[SYNC_STATE_TAG] === 'complete');
      if (done) {
        idMap.set(run.runId, done.runId);
        row.skipped++;
        continue;
      }
      for (const partial of copies) await target.deleteRun(partial.runId);
      if (copies.length) row.replaced++;
      say(`copying run ${run.runName} (${run.runId})`);
      await copyRun(root, exp, run, remoteExpId, target, idMap, report);
      row.copied++;
      faultPoint('mlflow-sync:after-run');
    }
    report.experiments.push(row);
    report.runsCopied += row.copied;
    report.runsSkipped += row.skipped;
    report.runsReplaced += row.replaced;
  }
  await syncRegistry(root, target, idMap, report);
  return report;
}

async function syncRegistry(root: string, target: RestTracker, idMap: Map<string, string>, report: SyncReport): Promise<void> {
  for (const model of listRegisteredModels(root)) {
    const wanted = model.versions.filter((v) => v.runId && idMap.has(v.runId));
    for (const v of model.versions) {
      if (!v.runId || !idMap.has(v.runId)) {
        report.modelVersionsSkipped++;
        report.notes.push(`model ${model.name} version ${v.version}: its run ${v.runId ?? '(none)'} was not copied; version skipped`);
      }
    }
    // The model is created even when none of its versions can be copied, so the registry's
    // names, tags and description arrive on their own.
    await target.createRegisteredModel(model.name, { tags: model.tags, description: model.description ?? undefined });
    const remoteVersions = await target.searchModelVersions(model.name);
    const versionMap = new Map<number, number>(); // local → remote version
    for (const rv of remoteVersions) {
      const src = Number(rv.tags[SOURCE_VERSION_TAG]);
      if (Number.isInteger(src)) versionMap.set(src, rv.version);
    }
    for (const v of wanted) {
      if (versionMap.has(v.version)) {
        report.modelVersionsSkipped++;
        continue;
      }
      const remoteRun = idMap.get(v.runId!)!;
      // runs:/<local id>/path → runs:/<remote id>/path; other sources are copied as they are.
      const source = v.source.replace(`runs:/${v.runId}/`, `runs:/${remoteRun}/`);
      const created = await target.registerModelVersion({
        name: model.name,
        runId: remoteRun,
        source,
        tags: { ...v.tags, [SOURCE_VERSION_TAG]: String(v.version) },
        description: v.description ?? undefined,
      });
      versionMap.set(v.version, created.version);
      report.modelVersionsCreated++;
    }
    for (const [alias, local] of Object.entries(model.aliases)) {
      const remote = versionMap.get(local);
      if (remote === undefined) {
        report.notes.push(`model ${model.name} alias ${alias}: version ${local} not on the server; alias not set`);
        continue;
      }
      await target.setAlias(model.name, alias, remote);
      report.aliasesSet++;
    }
  }
}
