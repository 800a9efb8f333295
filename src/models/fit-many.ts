// Fit several models at once (walk-forward folds, alpha/seed sweeps) on the worker pool.
// Each task is fitted by `fitTask` in a worker and comes back as model.json, so the result is
// the same model that a save → load would give, whatever the worker count.
import type { ModelConfig } from '../config/groups/model.ts';
import { runPool } from '../util/pool.ts';
import type { FitOptions, ModelJSONBase, Estimator } from './estimator.ts';
import { createModel, modelFromJSON } from './factory.ts';
import type { Matrix } from './matrix.ts';

export interface FitTask {
  config: ModelConfig;
  seed?: number;
  X: Matrix;
  y: ArrayLike<number>;
  options?: FitOptions;
}

/** Worker entry: fit one task, return its model.json. */
export function fitTask(task: FitTask): ModelJSONBase {
  return createModel(task.config, { seed: task.seed }).fit(task.X, task.y, task.options).toJSON();
}

/** Fit every task; models come back in task order. `workers` ≤ 1 fits in this thread. */
export async function fitMany(tasks: readonly FitTask[], options: { workers?: number } = {}): Promise<Estimator[]> {
  const jsons = await runPool<FitTask, ModelJSONBase>(tasks, {
    // This module itself, whether it runs as TypeScript source or as compiled dist/ JavaScript.
    module: import.meta.url,
    fn: 'fitTask',
    workers: options.workers,
  });
  return jsons.map(modelFromJSON);
}
