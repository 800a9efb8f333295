// Tagging an experiment's MLflow runs (archived=true on archive, removed on restore) through the
// Tracker, so that it works on the local file store and on a tracking server alike.
import type { Tracker } from '../tracking/tracker.ts';

export interface TagChange {
  runId: string;
  key: string;
  /** The tag's value before the change (null: it had none), for undo. */
  prior: string | null;
}

/** The runs of experiment `id` in any experiment of the store: run name or experiment_id tag. */
export async function trackedRunsOf(tracker: Tracker, id: string): Promise<{ runId: string; tags: Record<string, string> }[]> {
  const out: { runId: string; tags: Record<string, string> }[] = [];
  for (const exp of await tracker.listExperiments()) {
    for (const r of await tracker.searchRuns({ experimentName: exp.name })) {
      if (r.runName === id || r.tags['mlflow.runName'] === id || r.tags.experiment_id === id) out.push({ runId: r.runId, tags: r.tags });
    }
  }
  return out.sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
}

/** Set tag `key` to `value` (or remove it when value is null) on every run of experiment `id`. */
export async function setExperimentRunTag(tracker: Tracker, id: string, key: string, value: string | null): Promise<TagChange[]> {
  const changes: TagChange[] = [];
  for (const run of await trackedRunsOf(tracker, id)) {
    changes.push({ runId: run.runId, key, prior: run.tags[key] ?? null });
    await setOrDelete(tracker, run.runId, key, value);
  }
  return changes;
}

function setOrDelete(tracker: Tracker, runId: string, key: string, value: string | null): Promise<void> {
  return value === null ? tracker.deleteRunTag(runId, key) : tracker.setRunTag(runId, key, value);
}

/** Put every tag back as it was before `changes`. */
export async function undoTagChanges(tracker: Tracker, changes: TagChange[]): Promise<void> {
  for (const c of [...changes].reverse()) await setOrDelete(tracker, c.runId, c.key, c.prior);
}
