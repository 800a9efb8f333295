// Schema of the `model` configuration group (conf/model/*.yaml). Owned by models/.
import { z } from '../schema-kit.ts';

const ridge = z
  .object({
    type: z.literal('ridge'),
    /** One alpha, or a list to choose from by time-ordered cross-validation. */
    alpha: z.union([z.number().nonnegative(), z.array(z.number().nonnegative()).min(1)]),
    cv_folds: z.number().int().min(2).default(5),
  })
  .strict();

const gbdt = z
  .object({
    type: z.literal('gbdt'),
    tree: z.enum(['depthwise', 'oblivious']).default('depthwise'),
    objective: z.enum(['squared_error', 'huber']).default('squared_error'),
    huber_delta: z.number().positive().default(14),
    n_estimators: z.number().int().positive(),
    learning_rate: z.number().positive(),
    max_depth: z.number().int().min(1).max(16),
    min_child_weight: z.number().nonnegative(),
    lambda: z.number().nonnegative(),
    gamma: z.number().nonnegative(),
    subsample: z.number().gt(0).max(1),
    colsample_bytree: z.number().gt(0).max(1),
    max_bins: z.number().int().min(2).max(256),
    early_stopping_rounds: z.number().int().positive().nullable(),
    validation_fraction: z.number().gt(0).lt(1),
    /** Threads inside one fit; the fitted model is identical for any value. */
    n_threads: z.number().int().min(1).max(64).default(1),
  })
  .strict();

export const modelSchema = z.discriminatedUnion('type', [ridge, gbdt]);
export type ModelConfig = z.infer<typeof modelSchema>;
