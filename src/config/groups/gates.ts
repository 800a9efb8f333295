// Schema of the `gates` configuration group (conf/gates/phase2.yaml, phase3.yaml). Owned by evaluation/.
import { z } from '../schema-kit.ts';

export const gatesSchema = z
  .object({
    phase: z.union([z.literal(2), z.literal(3)]),
    /** The market this phase is judged on; a promote-test on another market is exploratory. */
    market: z.enum(['all', 'spread', 'total']).default('all'),
    performance: z.object({ min_roi_lift: z.number(), min_hit_rate_lift: z.number() }).strict(),
    volume: z.object({ min_bets: z.number().int().nonnegative() }).strict(),
    significance: z
      .object({
        min_confidence: z.number().min(0).max(1),
        n_bootstrap: z.number().int().positive(),
        block: z.enum(['week', 'game']),
        seed: z.number().int(),
      })
      .strict(),
    stability: z.object({ quarters: z.number().int().positive(), min_wins: z.number().int().nonnegative() }).strict(),
    degradation: z.object({ max_worse: z.number().nonnegative() }).strict(),
  })
  .strict();
export type GatesConfig = z.infer<typeof gatesSchema>;
