// MLflow REST wire format: key/value lists, protobuf-JSON records → edgelab records, log-batch
// splitting and tag filters. (Artifact locations: artifact-store.ts.)
import { decodeDouble } from './rest-client.ts';
import type { ExperimentRecord, ModelVersionRecord, RunRecord, RunStatus } from './types.ts';
import { MAX_ENTITIES_PER_BATCH, MAX_METRICS_PER_BATCH, MAX_PARAMS_TAGS_PER_BATCH } from './validation.ts';

export type KV = { key: string; value: string };
// Response bodies are MLflow protobuf JSON; fields are read defensively below.
export type Json = Record<string, any>;

export const kvList = (r: Record<string, string>): KV[] => Object.entries(r).map(([key, value]) => ({ key, value }));
export const kvRecord = (l: unknown): Record<string, string> =>
  Object.fromEntries(((l as KV[] | undefined) ?? []).map((t) => [t.key, t.value ?? '']));
export const numOrNull = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

export interface WireMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

/** MLflow rejects a log-batch body over 1,000,000 bytes; keep a margin for the envelope. */
export const MAX_BATCH_BODY_BYTES = 950_000;

export interface BatchPart {
  metrics: WireMetric[];
  params: KV[];
  tags: KV[];
}

/**
 * Split one logical batch into requests within MLflow's limits: ≤ 1000 metrics, ≤ 100 params,
 * ≤ 100 tags, ≤ 1000 entities and ≤ ~1 MB of JSON each; order within each kind is kept.
 */
export function splitBatch(metrics: WireMetric[], params: KV[], tags: KV[]): BatchPart[] {
  const out: BatchPart[] = [];
  const cur = { m: 0, p: 0, t: 0 };
  while (cur.m < metrics.length || cur.p < params.length || cur.t < tags.length) {
    const part: BatchPart = { metrics: [], params: [], tags: [] };
    let bytes = 0;
    let n = 0;
    const take = <T>(src: T[], key: 'm' | 'p' | 't', into: T[], max: number) => {
      while (cur[key] < src.length && into.length < max && n < MAX_ENTITIES_PER_BATCH) {
        const size = Buffer.byteLength(JSON.stringify(src[cur[key]])) + 1;
        if (n > 0 && bytes + size > MAX_BATCH_BODY_BYTES) return;
        into.push(src[cur[key]++]!);
        bytes += size;
        n++;
      }
    };
    take(params, 'p', part.params, MAX_PARAMS_TAGS_PER_BATCH);
    take(tags, 't', part.tags, MAX_PARAMS_TAGS_PER_BATCH);
    take(metrics, 'm', part.metrics, MAX_METRICS_PER_BATCH);
    out.push(part);
  }
  return out;
}

export function toRunRecord(run: Json): RunRecord {
  const info = run.info ?? {};
  const data = run.data ?? {};
  const metrics: Record<string, number> = {};
  for (const m of (data.metrics ?? []) as Json[]) metrics[m.key] = decodeDouble(m.value);
  const params = kvRecord(data.params);
  const tags = kvRecord(data.tags);
  return {
    runId: info.run_id ?? info.run_uuid,
    experimentId: String(info.experiment_id),
    runName: info.run_name ?? tags['mlflow.runName'] ?? '',
    status: (info.status ?? 'RUNNING') as RunStatus,
    startTime: numOrNull(info.start_time),
    endTime: numOrNull(info.end_time),
    lifecycleStage: info.lifecycle_stage ?? 'active',
    artifactUri: info.artifact_uri ?? '',
    userId: info.user_id ?? '',
    params,
    tags,
    metrics,
  };
}

export function toModelVersion(v: Json): ModelVersionRecord {
  return {
    name: v.name,
    version: Number(v.version),
    runId: v.run_id ?? null,
    source: v.source ?? '',
    status: v.status ?? 'READY',
    currentStage: v.current_stage ?? 'None',
    description: v.description ?? null,
    creationTimestamp: numOrNull(v.creation_timestamp),
    lastUpdatedTimestamp: numOrNull(v.last_updated_timestamp),
    tags: kvRecord(v.tags),
  };
}

/** SQL-ish filter MLflow's search accepts: tags.`k` = 'v' AND … */
export function tagFilter(tags: Record<string, string>): string {
  const q = (v: string) => (v.includes("'") ? `"${v.replace(/"/g, '\\"')}"` : `'${v}'`);
  return Object.entries(tags)
    .map(([k, v]) => `tags.\`${k}\` = ${q(v)}`)
    .join(' AND ');
}

export function toExperimentRecord(e: Json): ExperimentRecord {
  return {
    experimentId: String(e.experiment_id),
    name: e.name,
    artifactLocation: e.artifact_location ?? '',
    lifecycleStage: e.lifecycle_stage ?? 'active',
    creationTime: numOrNull(e.creation_time),
    lastUpdateTime: numOrNull(e.last_update_time),
    tags: kvRecord(e.tags),
  };
}
