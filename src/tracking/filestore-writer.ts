// Writes MLflow's file-store format byte for byte as MLflow 3.11 does (see the fixture under
// shared/fixtures/mlflow). Safety across processes: experiments, runs and model versions appear
// by renaming a complete directory into place; meta.yaml and tags are replaced atomically;
// params are created exclusively (link(2) of a complete temp file, so a value is never torn
// and a concurrent different value loses with an error); metric lines are O_APPEND writes of one
// short line each; name → id decisions (experiments, model versions) happen under a lock.
import { appendFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomInt, randomUUID } from 'node:crypto';
import { writeDirAtomic, writeDirAtomicAsync, writeFileAtomic } from '../artifacts/atomic.ts';
import { writeFilesAtomicBatch } from '../artifacts/atomic-batch.ts';
import { withLockSync } from '../artifacts/lock.ts';
import { dumpYaml, metricLine, parseYaml, type YamlValue } from './format.ts';
import { findExperimentByName, listExperiments, TRASH_DIR } from './filestore-reader.ts';
import { RUN_STATUS_CODE, type ExperimentRecord, type RunStatus } from './types.ts';
import { TrackingValidationError, validateExperimentName, validateMetric, validateParam, validateTag } from './validation.ts';
import { storeLockFile } from './store-lock.ts';

export const DEFAULT_EXPERIMENT_ID = '0';


export function fileUri(path: string): string {
  return pathToFileURL(resolve(path)).href;
}

/** MLflow's `_generate_unique_integer_id`: an 18-digit decimal string without a leading zero. */
export function newExperimentId(): string {
  let s = String(randomInt(1, 10));
  for (let i = 1; i < 18; i++) s += String(randomInt(0, 10));
  return s;
}

export function newRunId(): string {
  return randomUUID().replace(/-/g, '');
}

function experimentMeta(root: string, id: string, name: string, now: number): Record<string, YamlValue> {
  return {
    artifact_location: fileUri(join(root, id)),
    creation_time: now,
    experiment_id: id,
    last_update_time: now,
    lifecycle_stage: 'active',
    name,
    trace_location: null,
    workspace: 'default',
  };
}

/** Create the store root with MLflow's Default experiment `0` and `.trash` (idempotent). */
export function ensureStore(root: string): void {
  if (existsSync(join(root, DEFAULT_EXPERIMENT_ID, 'meta.yaml')) && existsSync(join(root, TRASH_DIR))) return;
  mkdirSync(root, { recursive: true });
  withLockSync(storeLockFile(root), () => {
    mkdirSync(join(root, TRASH_DIR), { recursive: true });
    if (existsSync(join(root, DEFAULT_EXPERIMENT_ID, 'meta.yaml'))) return;
    writeDirAtomic(join(root, DEFAULT_EXPERIMENT_ID), (tmp) => {
      writeFileAtomic(join(tmp, 'meta.yaml'), dumpYaml(experimentMeta(root, DEFAULT_EXPERIMENT_ID, 'Default', Date.now())));
    });
  });
}

/** The experiment named `name`, created (with `tags`) when missing; the name check runs under the store lock. */
export function getOrCreateExperiment(root: string, name: string, tags: Record<string, string> = {}): ExperimentRecord {
  validateExperimentName(name);
  for (const [k, v] of Object.entries(tags)) validateTag(k, v);
  ensureStore(root);
  const found = findExperimentByName(root, name);
  if (found) return found;
  return withLockSync(storeLockFile(root), () => {
    const again = findExperimentByName(root, name);
    if (again) return again;
    const deleted = listExperiments(root).find((e) => e.name === name);
    if (deleted) {
      throw new TrackingValidationError(`Experiment '${name}' exists in the deleted state (id ${deleted.experimentId}); restore it in MLflow or use another name.`);
    }
    let id = newExperimentId();
    while (existsSync(join(root, id))) id = newExperimentId();
    const now = Date.now();
    writeDirAtomic(join(root, id), (tmp) => {
      writeFileAtomic(join(tmp, 'meta.yaml'), dumpYaml(experimentMeta(root, id, name, now)));
      for (const [k, v] of Object.entries(tags)) writeFileAtomic(join(tmp, 'tags', k), v);
    });
    return {
      experimentId: id,
      name,
      artifactLocation: fileUri(join(root, id)),
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags: { ...tags },
    };
  });
}

export interface NewRunSpec {
  runId?: string;
  experimentId: string;
  runName: string;
  userId: string;
  startTime: number;
  /** All tags, system tags included. */
  tags: Record<string, string>;
}

/** Create a run directory (meta.yaml, metrics/, params/, artifacts/, tags/) in one rename. */
export async function createRunDir(root: string, spec: NewRunSpec): Promise<{ runId: string; dir: string }> {
  for (const [k, v] of Object.entries(spec.tags)) validateTag(k, v);
  const runId = spec.runId ?? newRunId();
  const dir = join(root, spec.experimentId, runId);
  const meta: Record<string, YamlValue> = {
    artifact_uri: `${fileUri(dir)}/artifacts`,
    end_time: null,
    entry_point_name: '',
    experiment_id: spec.experimentId,
    lifecycle_stage: 'active',
    run_id: runId,
    run_name: spec.runName,
    // MLflow 3.x no longer writes run_uuid but ignores it; MLflow ≤ 2.x requires it.
    run_uuid: runId,
    source_name: '',
    source_type: 4,
    source_version: '',
    start_time: spec.startTime,
    status: RUN_STATUS_CODE.RUNNING,
    tags: [],
    user_id: spec.userId,
  };
  await writeDirAtomicAsync(dir, async (tmp) => {
    for (const sub of ['metrics', 'params', 'artifacts', 'tags']) mkdirSync(join(tmp, sub), { recursive: true });
    const files = [{ target: join(tmp, 'meta.yaml'), data: dumpYaml(meta) }];
    for (const [k, v] of Object.entries(spec.tags)) files.push({ target: join(tmp, 'tags', k), data: v });
    await writeFilesAtomicBatch(files);
  });
  return { runId, dir };
}

/** Rewrite a meta.yaml with `patch` applied (other fields, even unknown ones, kept). */
export function patchMeta(dir: string, patch: Record<string, YamlValue>): Record<string, YamlValue> {
  const file = join(dir, 'meta.yaml');
  const meta = parseYaml(readFileSync(file, 'utf8'), file) as Record<string, YamlValue>;
  const next = { ...meta, ...patch };
  writeFileAtomic(file, dumpYaml(next));
  return next;
}

export function setRunStatus(runDir: string, status: RunStatus, endTime: number | null): void {
  patchMeta(runDir, { status: RUN_STATUS_CODE[status], end_time: endTime });
}

/**
 * Log params: all validated and compared first, so a bad or conflicting key changes nothing.
 * Re-logging the same value is a no-op; a different value throws naming the key.
 */
export async function writeParams(runDir: string, runId: string, params: Record<string, string>): Promise<void> {
  for (const [k, v] of Object.entries(params)) validateParam(k, v);
  const conflict = (key: string, old: string, value: string) =>
    new TrackingValidationError(
      `param '${key}' of run ${runId} was already logged with value '${old}'; cannot change it to '${value}' (MLflow params are immutable)`,
    );
  const todo: [string, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    const file = join(runDir, 'params', key);
    if (existsSync(file)) {
      const old = readFileSync(file, 'utf8');
      if (old !== value) throw conflict(key, old, value);
    } else todo.push([key, value]);
  }
  // The files' fsyncs in flight together, one directory fsync at the end (each file still atomic).
  const keyOf = new Map(todo.map(([key, value]) => [join(runDir, 'params', key), { key, value }]));
  await writeFilesAtomicBatch(
    todo.map(([key, value]) => ({ target: join(runDir, 'params', key), data: value })),
    (tmp, file) => linkParam(tmp, file, () => {
      const { key, value } = keyOf.get(file)!;
      const old = readFileSync(file, 'utf8');
      if (old !== value) throw conflict(key, old, value);
    }),
  );
}

/** Place a complete temporary param file by link(2): an existing file is never replaced. */
function linkParam(tmp: string, file: string, onExisting: () => void): void {
  try {
    linkSync(tmp, file); // fails with EEXIST if another writer got there first
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    onExisting(); // the same value is fine, a different one throws
  } finally {
    rmSync(tmp, { force: true });
  }
}

export interface MetricWrite {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export function writeMetrics(runDir: string, metrics: MetricWrite[]): void {
  for (const m of metrics) validateMetric(m.key, m.value, m.timestamp, m.step);
  // Each metric file's new lines (in the order given) go out in one short write with O_APPEND:
  // concurrent appenders interleave whole writes, so whole lines, never bytes.
  const lines = new Map<string, string>();
  for (const m of metrics) {
    const file = join(runDir, 'metrics', m.key);
    lines.set(file, (lines.get(file) ?? '') + metricLine(m.timestamp, m.value, m.step));
  }
  const made = new Set<string>();
  for (const [file, text] of lines) {
    const dir = dirname(file);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true }), made.add(dir);
    appendFileSync(file, text);
  }
}

export async function writeTags(runDir: string, tags: Record<string, string>): Promise<void> {
  for (const [k, v] of Object.entries(tags)) validateTag(k, v);
  await writeFilesAtomicBatch(Object.entries(tags).map(([k, v]) => ({ target: join(runDir, 'tags', k), data: v })));
}
