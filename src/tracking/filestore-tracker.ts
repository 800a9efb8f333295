// The Tracker over an MLflow file store directory.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { writeFilesAtomicBatch } from '../artifacts/atomic-batch.ts';
import { UserError } from '../util/errors.ts';
import {
  findExperimentByName,
  findRunDir,
  listExperiments,
  listFilesRecursive,
  listRuns,
  readMetricHistory,
  readRegisteredModel,
  readRunDir,
} from './filestore-reader.ts';
import { createModelVersion, createRegisteredModel, deleteModelAlias, setModelAlias } from './filestore-registry.ts';
import { createRunDir, getOrCreateExperiment, newRunId, setRunStatus, writeMetrics, writeParams, writeTags } from './filestore-writer.ts';
import { systemTags } from './system-tags.ts';
import {
  metricPoints,
  paramText,
  type MetricOptions,
  type MetricPoint,
  type ParamValue,
  type RegisterModelVersionOptions,
  type RunHandle,
  type StartRunOptions,
  type Tracker,
} from './tracker.ts';
import type { RunRecord, TerminalStatus } from './types.ts';
import { validateArtifactPath, validateTag } from './validation.ts';

/** A run without a name gets `run-<first 8 hex of its id>`. */
export function defaultRunName(opts: StartRunOptions, runId: string): string {
  return opts.runName ?? `run-${runId.slice(0, 8)}`;
}

class FileRun implements RunHandle {
  constructor(
    readonly runId: string,
    readonly experimentId: string,
    readonly runName: string,
    private readonly dir: string,
  ) {}

  async logParams(params: Record<string, ParamValue>): Promise<void> {
    const text: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) text[k] = paramText(v);
    await writeParams(this.dir, this.runId, text);
  }

  async logMetric(key: string, value: number, opts: MetricOptions = {}): Promise<void> {
    writeMetrics(this.dir, metricPoints([{ key, value }], opts));
  }

  async logMetrics(metrics: Record<string, number> | MetricPoint[], opts?: MetricOptions): Promise<void> {
    writeMetrics(this.dir, metricPoints(metrics, opts));
  }

  async setTag(key: string, value: string): Promise<void> {
    await writeTags(this.dir, { [key]: value });
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    await writeTags(this.dir, tags);
  }

  async logArtifact(file: string, artifactPath = ''): Promise<void> {
    validateArtifactPath(artifactPath);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`artifact file not found: ${file}`);
    writeFileAtomic(join(this.dir, 'artifacts', artifactPath, basename(file)), readFileSync(file));
  }

  async logArtifacts(dir: string, artifactPath = ''): Promise<void> {
    validateArtifactPath(artifactPath);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`artifact directory not found: ${dir}`);
    await writeFilesAtomicBatch(listFilesRecursive(dir).map((rel) => ({ target: join(this.dir, 'artifacts', artifactPath, rel), data: readFileSync(join(dir, rel)) })));
  }

  async endRun(status: TerminalStatus = 'FINISHED', endTime = Date.now()): Promise<void> {
    setRunStatus(this.dir, status, endTime);
  }
}

export class FileStoreTracker implements Tracker {
  readonly kind = 'file' as const;
  constructor(
    readonly location: string,
    private readonly sourceDir: string = process.cwd(),
  ) {}

  async startRun(opts: StartRunOptions): Promise<RunHandle> {
    const exp = getOrCreateExperiment(this.location, opts.experimentName, opts.experimentTags);
    if (opts.parentRunId && !findRunDir(this.location, opts.parentRunId)) {
      throw new UserError(`parent run ${opts.parentRunId} not found in ${this.location}`);
    }
    const startTime = opts.startTime ?? Date.now();
    const runId = newRunId();
    const name = defaultRunName(opts, runId);
    const tags: Record<string, string> = {
      ...systemTags({ runName: name, userId: opts.userId, sourceDir: this.sourceDir }),
      ...(opts.tags ?? {}),
    };
    if (opts.parentRunId) tags['mlflow.parentRunId'] = opts.parentRunId;
    const userId = tags['mlflow.user']!;
    const { dir } = await createRunDir(this.location, { runId, experimentId: exp.experimentId, runName: name, userId, startTime, tags });
    return new FileRun(runId, exp.experimentId, name, dir);
  }

  private locate(runId: string): { dir: string; experimentId: string } {
    const loc = findRunDir(this.location, runId);
    if (!loc) throw new UserError(`run ${runId} not found in ${this.location}`);
    return loc;
  }

  async getRun(runId: string): Promise<RunRecord> {
    const loc = this.locate(runId);
    return readRunDir(loc.dir, loc.experimentId, runId)!;
  }

  async setRunTag(runId: string, key: string, value: string): Promise<void> {
    await writeTags(this.locate(runId).dir, { [key]: value });
  }

  async deleteRunTag(runId: string, key: string): Promise<void> {
    validateTag(key, '');
    rmSync(join(this.locate(runId).dir, 'tags', key), { force: true });
  }

  async getMetricHistory(runId: string, key: string) {
    return readMetricHistory(this.locate(runId).dir, key);
  }

  async searchRuns(opts: { experimentName: string; tags?: Record<string, string> }): Promise<RunRecord[]> {
    const exp = findExperimentByName(this.location, opts.experimentName);
    if (!exp) return [];
    const want = Object.entries(opts.tags ?? {});
    return listRuns(this.location, exp.experimentId).filter((r) => r.lifecycleStage === 'active' && want.every(([k, v]) => r.tags[k] === v));
  }

  async listExperiments() {
    return listExperiments(this.location);
  }

  async createRegisteredModel(name: string, opts?: { tags?: Record<string, string>; description?: string }) {
    createRegisteredModel(this.location, name, opts);
  }

  async registerModelVersion(opts: RegisterModelVersionOptions) {
    this.locate(opts.runId);
    const path = opts.artifactPath ?? 'model';
    validateArtifactPath(path);
    return createModelVersion(this.location, {
      name: opts.name,
      runId: opts.runId,
      source: opts.source ?? `runs:/${opts.runId}/${path}`,
      tags: opts.tags,
      description: opts.description,
    });
  }

  async getRegisteredModel(name: string) {
    return readRegisteredModel(this.location, name);
  }

  async setAlias(name: string, alias: string, version: number) {
    setModelAlias(this.location, name, alias, version);
  }

  async deleteAlias(name: string, alias: string) {
    deleteModelAlias(this.location, name, alias);
  }
}
