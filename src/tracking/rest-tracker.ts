// The Tracker over an MLflow tracking server (REST API 2.0).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { checkArtifactLocation, putArtifact, type ArtifactContext } from './artifact-store.ts';
import { listFilesRecursive } from './filestore-reader.ts';
import { decodeDouble, encodeDouble, MlflowRestClient, MlflowRestError, type RestClientOptions } from './rest-client.ts';
import { kvList, kvRecord, numOrNull, splitBatch, tagFilter, toExperimentRecord, toModelVersion, toRunRecord, type Json, type KV, type WireMetric } from './rest-wire.ts';
import { systemTags } from './system-tags.ts';
import {
  metricPoints,
  paramText,
  type MetricOptions,
  type MetricPoint,
  type ParamValue,
  type RegisterModelVersionOptions,
  type RunHandle,
  type SearchRunsOptions,
  type StartRunOptions,
  type Tracker,
} from './tracker.ts';
import type { ExperimentRecord, MetricRecord, ModelVersionRecord, RegisteredModelRecord, RunRecord, TerminalStatus } from './types.ts';
import {
  MAX_PARAMS_TAGS_PER_BATCH,
  validateArtifactPath,
  validateExperimentName,
  validateMetric,
  validateParam,
  validateTag,
} from './validation.ts';

/** Proto3 JSON omits empty repeated fields; so does MLflow's client (rest-3.10/02 #1, 05 #7). */
const nonEmpty = <T>(l: T[]): T[] | undefined => (l.length ? l : undefined);

export class RestRun implements RunHandle {
  constructor(
    private readonly client: MlflowRestClient,
    readonly runId: string,
    readonly experimentId: string,
    readonly runName: string,
    readonly artifactUri: string,
    private readonly artifacts: ArtifactContext,
  ) {}

  /** log-batch, split into as many requests as MLflow's limits need. */
  async logBatch(metrics: WireMetric[], params: KV[], tags: KV[]): Promise<number> {
    for (const m of metrics) validateMetric(m.key, m.value, m.timestamp, m.step);
    for (const p of params) validateParam(p.key, p.value);
    for (const t of tags) validateTag(t.key, t.value);
    const parts = splitBatch(metrics, params, tags);
    for (const part of parts) {
      await this.client.call('POST', 'runs/log-batch', {
        run_id: this.runId,
        metrics: nonEmpty(part.metrics.map((m) => ({ key: m.key, value: encodeDouble(m.value), timestamp: m.timestamp, step: m.step }))),
        params: nonEmpty(part.params),
        tags: nonEmpty(part.tags),
      });
    }
    return parts.length;
  }

  async logParams(params: Record<string, ParamValue>): Promise<void> {
    await this.logBatch([], Object.entries(params).map(([key, v]) => ({ key, value: paramText(v) })), []);
  }

  async logMetric(key: string, value: number, opts: MetricOptions = {}): Promise<void> {
    await this.logBatch(metricPoints([{ key, value }], opts), [], []);
  }

  async logMetrics(metrics: Record<string, number> | MetricPoint[], opts?: MetricOptions): Promise<void> {
    await this.logBatch(metricPoints(metrics, opts), [], []);
  }

  async setTag(key: string, value: string): Promise<void> {
    validateTag(key, value);
    await this.client.call('POST', 'runs/set-tag', { run_uuid: this.runId, key, value, run_id: this.runId });
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    await this.logBatch([], [], kvList(tags));
  }

  /** Where MLflow's client would put it: the run's artifact_uri (proxy, shared path or S3). */
  private async put(rel: string, file: string): Promise<void> {
    await putArtifact(this.artifactUri, rel, readFileSync(file), this.artifacts);
  }

  async logArtifact(file: string, artifactPath = ''): Promise<void> {
    validateArtifactPath(artifactPath);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`artifact file not found: ${file}`);
    const rel = artifactPath ? `${artifactPath}/${basename(file)}` : basename(file);
    await this.put(rel, file);
  }

  async logArtifacts(dir: string, artifactPath = ''): Promise<void> {
    validateArtifactPath(artifactPath);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`artifact directory not found: ${dir}`);
    for (const rel of listFilesRecursive(dir)) {
      await this.put(artifactPath ? `${artifactPath}/${rel}` : rel, join(dir, rel));
    }
  }

  async endRun(status: TerminalStatus = 'FINISHED', endTime = Date.now()): Promise<void> {
    await this.client.call('POST', 'runs/update', { run_uuid: this.runId, status, end_time: endTime, run_id: this.runId });
  }
}

export class RestTracker implements Tracker {
  readonly kind = 'rest' as const;
  readonly client: MlflowRestClient;
  private readonly experimentIds = new Map<string, string>();
  private readonly checkedLocations = new Set<string>();
  readonly artifacts: ArtifactContext;

  constructor(
    opts: RestClientOptions,
    private readonly sourceDir: string = process.cwd(),
  ) {
    this.client = new MlflowRestClient(opts);
    this.artifacts = { client: this.client, clientOptions: opts, env: opts.env ?? process.env };
  }

  /**
   * The artifact location runs of experiment `name` get: its own, or for an experiment not yet
   * created the server's default root (the Default experiment's location minus `/0`, as
   * recorded in rest-3.10/04b). Undefined when the server does not tell.
   */
  async artifactLocationFor(name: string): Promise<{ uri: string; isRoot: boolean } | undefined> {
    const exp = await this.getExperimentByName(name);
    if (exp) return exp.artifactLocation ? { uri: exp.artifactLocation, isRoot: false } : undefined;
    try {
      const r = await this.client.call<Json>('GET', 'experiments/get', { experiment_id: '0' });
      const loc = String((r.experiment as Json | undefined)?.artifact_location ?? '');
      return loc ? { uri: loc.replace(/\/0\/*$/, '').replace(/:$/, ':/'), isRoot: true } : undefined;
    } catch (e) {
      if (e instanceof MlflowRestError && e.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw e;
    }
  }

  /** Refuse (UserError naming the location and the fix) when edgelab cannot write experiment `name`'s artifacts. */
  async checkArtifactsWritable(name: string): Promise<void> {
    const loc = await this.artifactLocationFor(name);
    if (loc === undefined || this.checkedLocations.has(loc.uri)) return;
    await checkArtifactLocation(loc.uri, `MLflow experiment '${name}' on ${this.client.baseUrl}`, this.artifacts, loc.isRoot);
    this.checkedLocations.add(loc.uri);
  }

  /** The server URL with any password masked (it goes into messages and reports). */
  get location(): string {
    return this.client.display;
  }

  async getExperimentByName(name: string): Promise<ExperimentRecord | undefined> {
    try {
      const r = await this.client.call<Json>('GET', 'experiments/get-by-name', { experiment_name: name });
      return toExperimentRecord(r.experiment as Json);
    } catch (e) {
      if (e instanceof MlflowRestError && e.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw e;
    }
  }

  async getOrCreateExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    validateExperimentName(name);
    const cached = this.experimentIds.get(name);
    if (cached) return cached;
    let exp = await this.getExperimentByName(name);
    if (!exp) {
      try {
        const r = await this.client.call<Json>('POST', 'experiments/create', { name, tags: nonEmpty(kvList(tags)) });
        this.experimentIds.set(name, String(r.experiment_id));
        return String(r.experiment_id);
      } catch (e) {
        // Another client created it between our lookup and create.
        if (!(e instanceof MlflowRestError && e.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw e;
        exp = await this.getExperimentByName(name);
        if (!exp) throw e;
      }
    }
    this.experimentIds.set(name, exp.experimentId);
    return exp.experimentId;
  }

  /** Create a run with exactly these tags (no system tags added): what sync needs. */
  async createRun(experimentId: string, opts: { runName: string; startTime: number; userId?: string; tags: Record<string, string> }): Promise<RestRun> {
    for (const [k, v] of Object.entries(opts.tags)) validateTag(k, v);
    const tags = kvList(opts.tags);
    // runs/create takes tags too, but a run may carry more than one request's worth.
    const first = tags.slice(0, MAX_PARAMS_TAGS_PER_BATCH);
    const r = await this.client.call<Json>('POST', 'runs/create', {
      experiment_id: experimentId,
      user_id: opts.userId,
      run_name: opts.runName,
      start_time: opts.startTime,
      tags: nonEmpty(first),
    });
    const info = (r.run as Json).info as Json;
    const run = new RestRun(this.client, info.run_id ?? info.run_uuid, experimentId, info.run_name ?? opts.runName, info.artifact_uri ?? '', this.artifacts);
    if (tags.length > first.length) await run.logBatch([], [], tags.slice(first.length));
    return run;
  }

  async startRun(opts: StartRunOptions): Promise<RestRun> {
    // Nothing is created on the server when its artifacts could not be written afterwards.
    await this.checkArtifactsWritable(opts.experimentName);
    const experimentId = await this.getOrCreateExperiment(opts.experimentName, opts.experimentTags);
    const runName = opts.runName ?? `run-${Date.now().toString(36)}`;
    const tags = { ...systemTags({ runName, userId: opts.userId, sourceDir: this.sourceDir }), ...(opts.tags ?? {}) };
    if (opts.parentRunId) tags['mlflow.parentRunId'] = opts.parentRunId;
    return this.createRun(experimentId, { runName, startTime: opts.startTime ?? Date.now(), userId: tags['mlflow.user'], tags });
  }

  async getRun(runId: string): Promise<RunRecord> {
    const r = await this.client.call<Json>('GET', 'runs/get', { run_uuid: runId, run_id: runId });
    return toRunRecord(r.run as Json);
  }

  async setRunTag(runId: string, key: string, value: string): Promise<void> {
    validateTag(key, value);
    await this.client.call('POST', 'runs/set-tag', { run_uuid: runId, key, value, run_id: runId });
  }

  async deleteRunTag(runId: string, key: string): Promise<void> {
    try {
      await this.client.call('POST', 'runs/delete-tag', { run_id: runId, key });
    } catch (e) {
      // MLflow answers RESOURCE_DOES_NOT_EXIST for a tag the run does not have: that is the goal.
      if (!/RESOURCE_DOES_NOT_EXIST|No tag with name/i.test((e as Error).message)) throw e;
    }
  }

  async deleteRun(runId: string): Promise<void> {
    await this.client.call('POST', 'runs/delete', { run_id: runId });
  }

  async getMetricHistory(runId: string, key: string): Promise<MetricRecord[]> {
    const out: MetricRecord[] = [];
    let token: string | undefined;
    do {
      // max_results is required in practice: without it some servers return one page silently.
      const r = await this.client.call<Json>('GET', 'metrics/get-history', { run_uuid: runId, metric_key: key, run_id: runId, max_results: 25000, page_token: token });
      for (const m of (r.metrics ?? []) as Json[]) {
        out.push({ key: m.key, value: decodeDouble(m.value), timestamp: Number(m.timestamp), step: Number(m.step ?? 0) });
      }
      token = r.next_page_token || undefined;
    } while (token);
    return out;
  }

  /** All active runs of experiment ids matching an MLflow filter string. */
  async searchRunsRaw(experimentIds: string[], filter = ''): Promise<RunRecord[]> {
    const out: RunRecord[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.call<Json>('POST', 'runs/search', {
        experiment_ids: experimentIds,
        filter,
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1000,
        page_token: token,
      });
      for (const run of (r.runs ?? []) as Json[]) out.push(toRunRecord(run));
      token = r.next_page_token || undefined;
    } while (token);
    return out;
  }

  async searchRuns(opts: SearchRunsOptions): Promise<RunRecord[]> {
    const exp = await this.getExperimentByName(opts.experimentName);
    if (!exp) return [];
    return this.searchRunsRaw([exp.experimentId], tagFilter(opts.tags ?? {}));
  }

  async listExperiments(): Promise<ExperimentRecord[]> {
    const out: ExperimentRecord[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.call<Json>('POST', 'experiments/search', { max_results: 1000, page_token: token, view_type: 'ACTIVE_ONLY' });
      for (const e of (r.experiments ?? []) as Json[]) out.push(toExperimentRecord(e));
      token = r.next_page_token || undefined;
    } while (token);
    return out;
  }

  async createRegisteredModel(name: string, opts: { tags?: Record<string, string>; description?: string } = {}): Promise<void> {
    try {
      await this.client.call('POST', 'registered-models/create', { name, tags: nonEmpty(kvList(opts.tags ?? {})), description: opts.description });
    } catch (e) {
      if (!(e instanceof MlflowRestError && e.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw e;
    }
  }

  async registerModelVersion(opts: RegisterModelVersionOptions): Promise<ModelVersionRecord> {
    const path = opts.artifactPath ?? 'model';
    validateArtifactPath(path);
    await this.createRegisteredModel(opts.name);
    const r = await this.client.call<Json>('POST', 'model-versions/create', {
      name: opts.name,
      source: opts.source ?? `runs:/${opts.runId}/${path}`,
      run_id: opts.runId,
      tags: nonEmpty(kvList(opts.tags ?? {})),
      description: opts.description,
    });
    return toModelVersion(r.model_version as Json);
  }

  async searchModelVersions(name: string): Promise<ModelVersionRecord[]> {
    const out: ModelVersionRecord[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.call<Json>('GET', 'model-versions/search', { filter: `name = '${name.replace(/'/g, "\\'")}'`, max_results: 10000, page_token: token });
      for (const v of (r.model_versions ?? []) as Json[]) out.push(toModelVersion(v));
      token = r.next_page_token || undefined;
    } while (token);
    return out.sort((a, b) => a.version - b.version);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModelRecord | undefined> {
    let m: Json;
    try {
      m = (await this.client.call<Json>('GET', 'registered-models/get', { name })).registered_model as Json;
    } catch (e) {
      if (e instanceof MlflowRestError && e.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw e;
    }
    const aliases: Record<string, number> = {};
    for (const a of (m.aliases ?? []) as Json[]) aliases[a.alias] = Number(a.version);
    return {
      name: m.name,
      description: m.description ?? null,
      creationTimestamp: numOrNull(m.creation_timestamp),
      lastUpdatedTimestamp: numOrNull(m.last_updated_timestamp),
      tags: kvRecord(m.tags),
      aliases,
      versions: await this.searchModelVersions(name),
    };
  }

  async setAlias(name: string, alias: string, version: number): Promise<void> {
    await this.client.call('POST', 'registered-models/alias', { name, alias, version: String(version) });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.client.call('DELETE', 'registered-models/alias', { name, alias });
  }
}
