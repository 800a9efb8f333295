// Reads an MLflow file store (what MLflow 3.x writes and what our writer writes): experiments,
// runs with params / tags / metric histories, registered models with versions and aliases.
// Read-only; tolerant of what MLflow tolerates (missing metrics/ dirs, legacy int ids).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseMetricFile, parseYaml } from './format.ts';
import {
  RUN_STATUS_NAME,
  latestMetric,
  type ExperimentRecord,
  type MetricRecord,
  type ModelVersionRecord,
  type RegisteredModelRecord,
  type RunRecord,
} from './types.ts';

export const TRASH_DIR = '.trash';
export const MODELS_DIR = 'models';

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function subdirs(dir: string): string[] {
  if (!isDir(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() || (d.isSymbolicLink() && isDir(join(dir, d.name))))
    .map((d) => d.name)
    .sort();
}

/** Files under `dir`, recursively, as '/'-joined relative paths (keys like `a/b` are nested files). */
export function listFilesRecursive(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!isDir(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') && e.name.includes('.tmp-')) continue; // our in-flight temp files
      const p = join(d, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && isDir(p))) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** A directory of raw key files (params, tags): no trailing newline is added or stripped. */
export function readKeyFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of listFilesRecursive(dir)) out[key] = readFileSync(join(dir, key), 'utf8');
  return out;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

function readMeta(dir: string): Record<string, unknown> | undefined {
  const file = join(dir, 'meta.yaml');
  if (!existsSync(file)) return undefined;
  return parseYaml(readFileSync(file, 'utf8'), file);
}

export function readExperiment(root: string, experimentId: string): ExperimentRecord | undefined {
  const dir = join(root, experimentId);
  const meta = readMeta(dir);
  if (!meta) return undefined;
  return {
    experimentId: str(meta.experiment_id ?? experimentId),
    name: str(meta.name),
    artifactLocation: str(meta.artifact_location),
    lifecycleStage: str(meta.lifecycle_stage || 'active'),
    creationTime: numOrNull(meta.creation_time),
    lastUpdateTime: numOrNull(meta.last_update_time),
    tags: readKeyFiles(join(dir, 'tags')),
  };
}

/** All experiments of the store (active and deleted; `.trash` and `models` are not experiments). */
export function listExperiments(root: string): ExperimentRecord[] {
  const out: ExperimentRecord[] = [];
  for (const name of subdirs(root)) {
    if (name === TRASH_DIR || name === MODELS_DIR || name.startsWith('.')) continue;
    const e = readExperiment(root, name);
    if (e) out.push(e);
  }
  return out;
}

export function findExperimentByName(root: string, name: string): ExperimentRecord | undefined {
  return listExperiments(root).find((e) => e.name === name && e.lifecycleStage === 'active');
}

export function readMetricHistory(runDir: string, key: string): MetricRecord[] {
  const file = join(runDir, 'metrics', key);
  if (!existsSync(file)) return [];
  return parseMetricFile(readFileSync(file, 'utf8'), file).map((p) => ({ key, ...p }));
}

/** Every metric's full history of a run. */
export function readMetricHistories(runDir: string): Record<string, MetricRecord[]> {
  const out: Record<string, MetricRecord[]> = {};
  for (const key of listFilesRecursive(join(runDir, 'metrics'))) out[key] = readMetricHistory(runDir, key);
  return out;
}

export function readRunDir(runDir: string, experimentId: string, runId: string): RunRecord | undefined {
  const meta = readMeta(runDir);
  if (!meta) return undefined;
  const metrics: Record<string, number> = {};
  for (const [key, hist] of Object.entries(readMetricHistories(runDir))) {
    const last = latestMetric(hist);
    if (last) metrics[key] = last.value;
  }
  const tags = readKeyFiles(join(runDir, 'tags'));
  const code = Number(meta.status);
  return {
    runId: str(meta.run_id ?? meta.run_uuid ?? runId),
    experimentId: str(meta.experiment_id ?? experimentId),
    runName: str(meta.run_name ?? tags['mlflow.runName']),
    status: RUN_STATUS_NAME[code] ?? (typeof meta.status === 'string' ? (meta.status as RunRecord['status']) : 'RUNNING'),
    startTime: numOrNull(meta.start_time),
    endTime: numOrNull(meta.end_time),
    lifecycleStage: str(meta.lifecycle_stage || 'active'),
    artifactUri: str(meta.artifact_uri),
    userId: str(meta.user_id),
    params: readKeyFiles(join(runDir, 'params')),
    tags,
    metrics,
  };
}

/** Run ids of an experiment (directories holding a meta.yaml). */
export function listRunIds(root: string, experimentId: string): string[] {
  const dir = join(root, experimentId);
  return subdirs(dir).filter((d) => d !== 'tags' && existsSync(join(dir, d, 'meta.yaml')));
}

/** Runs of an experiment, oldest first. */
export function listRuns(root: string, experimentId: string): RunRecord[] {
  const runs: RunRecord[] = [];
  for (const id of listRunIds(root, experimentId)) {
    const r = readRunDir(join(root, experimentId, id), experimentId, id);
    if (r) runs.push(r);
  }
  return runs.sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0) || a.runId.localeCompare(b.runId));
}

/** Locate a run by id anywhere in the store: its directory and experiment id. */
export function findRunDir(root: string, runId: string): { dir: string; experimentId: string } | undefined {
  for (const exp of subdirs(root)) {
    if (exp === TRASH_DIR || exp === MODELS_DIR) continue;
    const dir = join(root, exp, runId);
    if (existsSync(join(dir, 'meta.yaml'))) return { dir, experimentId: exp };
  }
  return undefined;
}

export function readRun(root: string, runId: string): RunRecord | undefined {
  const loc = findRunDir(root, runId);
  return loc ? readRunDir(loc.dir, loc.experimentId, runId) : undefined;
}

function readModelVersion(dir: string): ModelVersionRecord | undefined {
  const meta = readMeta(dir);
  if (!meta) return undefined;
  return {
    name: str(meta.name),
    version: Number(meta.version),
    runId: meta.run_id === null || meta.run_id === undefined ? null : str(meta.run_id),
    source: str(meta.source),
    status: str(meta.status || 'READY'),
    currentStage: str(meta.current_stage || 'None'),
    description: meta.description === null || meta.description === undefined ? null : str(meta.description),
    creationTimestamp: numOrNull(meta.creation_timestamp),
    lastUpdatedTimestamp: numOrNull(meta.last_updated_timestamp),
    tags: readKeyFiles(join(dir, 'tags')),
  };
}

export function readRegisteredModel(root: string, name: string): RegisteredModelRecord | undefined {
  const dir = join(root, MODELS_DIR, name);
  const meta = readMeta(dir);
  if (!meta) return undefined;
  // The aliases/ files are what MLflow reads; meta.yaml's copy is informational.
  const aliases: Record<string, number> = {};
  for (const [alias, version] of Object.entries(readKeyFiles(join(dir, 'aliases')))) aliases[alias] = Number(version.trim());
  const versions: ModelVersionRecord[] = [];
  for (const d of subdirs(dir)) {
    if (!/^version-\d+$/.test(d)) continue;
    const v = readModelVersion(join(dir, d));
    if (v && v.currentStage !== 'Deleted_Internal') versions.push(v);
  }
  versions.sort((a, b) => a.version - b.version);
  return {
    name: str(meta.name ?? name),
    description: meta.description === null || meta.description === undefined ? null : str(meta.description),
    creationTimestamp: numOrNull(meta.creation_timestamp),
    lastUpdatedTimestamp: numOrNull(meta.last_updated_timestamp),
    tags: readKeyFiles(join(dir, 'tags')),
    aliases,
    versions,
  };
}

export function listRegisteredModels(root: string): RegisteredModelRecord[] {
  const out: RegisteredModelRecord[] = [];
  for (const name of subdirs(join(root, MODELS_DIR))) {
    const m = readRegisteredModel(root, name);
    if (m) out.push(m);
  }
  return out;
}

export interface StoreSnapshot {
  experiments: ExperimentRecord[];
  runs: RunRecord[];
  models: RegisteredModelRecord[];
}

/** Everything in the store at once (tests and `edgelab runs`). */
export function readStore(root: string): StoreSnapshot {
  const experiments = listExperiments(root);
  return {
    experiments,
    runs: experiments.flatMap((e) => listRuns(root, e.experimentId)),
    models: listRegisteredModels(root),
  };
}
