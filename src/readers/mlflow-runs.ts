// The run directories of an experiment id in the local MLflow file store (for `show` and the
// dashboard): a reader of the artifacts tree; tagging goes through the Tracker (workflow/mlflow-tag.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

