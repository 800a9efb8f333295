// The one interface edgelab logs through. Two implementations: the MLflow file store
// (default, `artifacts/mlruns`) and MLflow's REST API (`MLFLOW_TRACKING_URI=http(s)://…`).
import type { ExperimentRecord, MetricRecord, ModelVersionRecord, RegisteredModelRecord, RunRecord, TerminalStatus } from './types.ts';

export type ParamValue = string | number | boolean;

export interface StartRunOptions {
  /** Experiment name; created when missing. */
  experimentName: string;
  /** Tags of the experiment, applied only when this call creates it. */
  experimentTags?: Record<string, string>;
  runName?: string;
  tags?: Record<string, string>;
  /** Makes this a nested run (tag `mlflow.parentRunId`). */
  parentRunId?: string;
  /** Epoch ms; defaults to now (sync uses it to keep the original times). */
  startTime?: number;
  /** Overrides the `mlflow.user` system tag and user_id. */
  userId?: string;
}

export interface MetricOptions {
  step?: number;
  /** Epoch ms; defaults to now. */
  timestamp?: number;
}

export interface MetricPoint extends MetricOptions {
  key: string;
  value: number;
}

export interface RunHandle {
  readonly runId: string;
  readonly experimentId: string;
  readonly runName: string;
  /** Params are immutable: the same value again is fine, a different one throws naming the key. */
  logParams(params: Record<string, ParamValue>): Promise<void>;
  logMetric(key: string, value: number, opts?: MetricOptions): Promise<void>;
  /** A record (all at one step/timestamp) or a list of points. */
  logMetrics(metrics: Record<string, number> | MetricPoint[], opts?: MetricOptions): Promise<void>;
  setTag(key: string, value: string): Promise<void>;
  setTags(tags: Record<string, string>): Promise<void>;
  /** Copy one file to `artifacts/<artifactPath>/<basename>`. */
  logArtifact(file: string, artifactPath?: string): Promise<void>;
  /** Copy a directory's contents to `artifacts/<artifactPath>/`. */
  logArtifacts(dir: string, artifactPath?: string): Promise<void>;
  endRun(status?: TerminalStatus, endTime?: number): Promise<void>;
}

export interface RegisterModelVersionOptions {
  name: string;
  runId: string;
  /** Path of the model inside the run's artifacts (default `model`), giving `runs:/<runId>/<path>`. */
  artifactPath?: string;
  /** An explicit source URI (overrides artifactPath). */
  source?: string;
  tags?: Record<string, string>;
  description?: string;
}

export interface SearchRunsOptions {
  experimentName: string;
  /** Every tag must equal the given value. */
  tags?: Record<string, string>;
}

export interface Tracker {
  readonly kind: 'file' | 'rest';
  /** Where runs go: a directory for the file store, the server URL for REST. */
  readonly location: string;
  startRun(opts: StartRunOptions): Promise<RunHandle>;
  getRun(runId: string): Promise<RunRecord>;
  /** Set a tag on an existing run (promotion, archiving mark runs after they ended). */
  setRunTag(runId: string, key: string, value: string): Promise<void>;
  /** Remove a tag from a run (no error when it has none). */
  deleteRunTag(runId: string, key: string): Promise<void>;
  getMetricHistory(runId: string, key: string): Promise<MetricRecord[]>;
  searchRuns(opts: SearchRunsOptions): Promise<RunRecord[]>;
  listExperiments(): Promise<ExperimentRecord[]>;
  /** Creates the registered model if missing (tags/description apply only then). */
  createRegisteredModel(name: string, opts?: { tags?: Record<string, string>; description?: string }): Promise<void>;
  /** Creates the registered model if missing, then a new version. */
  registerModelVersion(opts: RegisterModelVersionOptions): Promise<ModelVersionRecord>;
  getRegisteredModel(name: string): Promise<RegisteredModelRecord | undefined>;
  setAlias(name: string, alias: string, version: number): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
}

/** Params are stored as text; this is how a JS value becomes that text. */
export function paramText(v: ParamValue): string {
  return typeof v === 'string' ? v : String(v);
}

/** Normalise logMetrics' two input shapes to points. */
export function metricPoints(metrics: Record<string, number> | MetricPoint[], opts: MetricOptions = {}): Required<MetricPoint>[] {
  const now = Date.now();
  const list: MetricPoint[] = Array.isArray(metrics) ? metrics : Object.entries(metrics).map(([key, value]) => ({ key, value }));
  return list.map((m) => ({
    key: m.key,
    value: m.value,
    step: m.step ?? opts.step ?? 0,
    timestamp: m.timestamp ?? opts.timestamp ?? now,
  }));
}
