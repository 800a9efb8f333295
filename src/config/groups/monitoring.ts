// Schema of the `monitoring` configuration group (conf/monitoring/*.yaml). Owned by workflow/monitor.
import { z } from 'zod';

export const monitoringSchema = z
  .object({
    rolling_weeks: z.number().int().positive(),
    yellow: z
      .object({
        rolling_hit_rate_below: z.number(),
        rolling_roi_below: z.number(),
        drift_p_value: z.number().gt(0).lt(1),
      })
      .strict(),
    orange: z.object({ min_warnings: z.number().int().positive(), roi_below_dev_points: z.number() }).strict(),
    red: z
      .object({
        season_hit_rate_below: z.number(),
        min_bets: z.number().int().nonnegative(),
        roi_below_dev_points: z.number(),
        roi_below_dev_weeks: z.number().int().positive(),
        max_drawdown_fraction: z.number().positive(),
      })
      .strict(),
    rollback_after_red_weeks: z.number().int().positive(),
  })
  .strict();
export type MonitoringConfig = z.infer<typeof monitoringSchema>;
