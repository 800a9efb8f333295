// Schema of the `evaluation` configuration group (conf/evaluation/*.yaml). Owned by evaluation/.
import { z } from '../schema-kit.ts';

export const evaluationSchema = z
  .object({
    first_season: z.number().int(),
    exclude_seasons: z.array(z.number().int()),
    dev_seasons: z.number().int().positive(),
    /** null = the last complete season in the warehouse. */
    test_season: z.number().int().nullable(),
    max_train_seasons: z.number().int().positive().nullable(),
    refit_every: z.number().int().positive(),
    bet_line: z.enum(['closing', 'opening']),
    include_postseason: z.boolean(),
    workers: z.number().int().positive().nullable(),
  })
  .strict();
export type EvaluationConfig = z.infer<typeof evaluationSchema>;
