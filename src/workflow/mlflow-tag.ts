// Tagging an experiment's MLflow runs in the local file store (archived=true on archive, removed
// on restore). This is the one place that does so: when the Tracker (src/tracking/) lands, swap
// the body of `setExperimentRunTag` for a Tracker call; callers keep the same contract (set or
// remove one tag on every run of the id, returning what is needed to undo it).
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../artifacts/atomic.ts';

export interface TagChange {
  /** The run's directory in the file store. */
  runDir: string;
  runId: string;
  key: string;
  /** The tag's value before the change (null: it had none), for undo. */
  prior: string | null;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readTag(runDir: string, key: string): string | null {
  const p = join(runDir, 'tags', key);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}

/** Run directories (mlruns/<experiment>/<run>/) whose run name or experiment_id tag is `id`. */
export function findRunsOf(mlruns: string, id: string): string[] {
  if (!isDir(mlruns)) return [];
  const runs: string[] = [];
  for (const exp of readdirSync(mlruns).sort()) {
    // `.trash` holds deleted experiments and `models` the registry: neither holds live runs.
    if (exp.startsWith('.') || exp === 'models') continue;
    const expDir = join(mlruns, exp);
    if (!isDir(expDir)) continue;
    for (const run of readdirSync(expDir).sort()) {
      const runDir = join(expDir, run);
      if (!isDir(runDir) || !existsSync(join(runDir, 'meta.yaml'))) continue;
      if (readTag(runDir, 'mlflow.runName') === id || readTag(runDir, 'experiment_id') === id) runs.push(runDir);
    }
  }
  return runs;
}

/**
 * Set tag `key` to `value` (or remove it when value is null) on every run of experiment `id`.
 * Tags are raw files without a trailing newline (MLflow's format), written atomically.
 */
export function setExperimentRunTag(mlruns: string, id: string, key: string, value: string | null): TagChange[] {
  const changes: TagChange[] = [];
  for (const runDir of findRunsOf(mlruns, id)) {
    const prior = readTag(runDir, key);
    changes.push({ runDir, runId: basename(runDir), key, prior });
    writeOrRemove(runDir, key, value);
  }
  return changes;
}

function writeOrRemove(runDir: string, key: string, value: string | null): void {
  const p = join(runDir, 'tags', key);
  if (value === null) rmSync(p, { force: true });
  else writeFileAtomic(p, value);
}

/** Put every tag back as it was before `changes`. */
export function undoTagChanges(changes: TagChange[]): void {
  for (const c of [...changes].reverse()) writeOrRemove(c.runDir, c.key, c.prior);
}
