// Build an unfitted estimator from a model config that parseModelConfig (factory.ts) has already
// validated. Kept apart from the factory so that the fold workers, which get validated configs,
// do not load the config schema and zod (≈ 80 ms of CPU per worker thread).
import type { ModelConfig } from '../config/groups/model.ts';
import type { Estimator } from './estimator.ts';
import { Gbdt } from './gbdt/gbdt.ts';
import { Ridge } from './ridge.ts';

export interface CreateOptions {
  /** Seed for GBDT's row/feature sampling (the composed config's top-level `seed`). */
  seed?: number;
}

/** The estimator of a validated model config (parseModelConfig's output). */
export function buildModel(c: ModelConfig, options: CreateOptions = {}): Estimator {
  if (c.type === 'ridge') return new Ridge({ alpha: c.alpha, cv_folds: c.cv_folds });
  const { type: _type, ...params } = c;
  return new Gbdt({ ...params, seed: options.seed ?? 0 });
}
