// Plain records that both stores (file store reader, REST client) return, in MLflow's terms.

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type TerminalStatus = 'FINISHED' | 'FAILED' | 'KILLED';

/** MLflow's RunStatus enum as stored in meta.yaml (an integer). */
export const RUN_STATUS_CODE: Record<RunStatus, number> = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 };
export const RUN_STATUS_NAME: Record<number, RunStatus> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };

export interface ExperimentRecord {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
  creationTime: number | null;
  lastUpdateTime: number | null;
  tags: Record<string, string>;
}

export interface MetricRecord {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface RunRecord {
  runId: string;
  experimentId: string;
  runName: string;
  status: RunStatus;
  startTime: number | null;
  endTime: number | null;
  lifecycleStage: string;
  artifactUri: string;
  userId: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Latest value of each metric (largest step, then timestamp). */
  metrics: Record<string, number>;
}

export interface ModelVersionRecord {
  name: string;
  version: number;
  runId: string | null;
  source: string;
  status: string;
  currentStage: string;
  description: string | null;
  creationTimestamp: number | null;
  lastUpdatedTimestamp: number | null;
  tags: Record<string, string>;
}

export interface RegisteredModelRecord {
  name: string;
  description: string | null;
  creationTimestamp: number | null;
  lastUpdatedTimestamp: number | null;
  tags: Record<string, string>;
  /** alias → version number */
  aliases: Record<string, number>;
  versions: ModelVersionRecord[];
}

/** The latest point of a history as MLflow picks it: max by (step, timestamp), later wins ties. */
export function latestMetric(history: MetricRecord[]): MetricRecord | undefined {
  let best: MetricRecord | undefined;
  for (const m of history) {
    if (!best || m.step > best.step || (m.step === best.step && m.timestamp >= best.timestamp)) best = m;
  }
  return best;
}
