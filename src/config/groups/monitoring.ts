// Schema of the `monitoring` configuration group (conf/monitoring/*.yaml). Owned by workflow/monitor.
import { z } from 'zod';

export const monitoringSchema = z
  .object({
    rolling_weeks: z.number().int().positive(),
    yellow: z
      .object({
        min_bets: z.number().int().nonnegative(),
        rolling_hit_rate_below: z.number(),
        rolling_roi_below: z.number(),
        drift_p_value: z.number().gt(0).lt(1),
      })
      .strict(),
    orange: z.object({ min_warnings: z.number().int().positive(), min_bets: z.number().int().nonnegative(), roi_below_dev_points: z.number() }).strict(),
    red: z
      .object({
        season_hit_rate_below: z.number(),
        min_bets: z.number().int().nonnegative(),
        max_drawdown_fraction: z.number().positive(),
      })
      .strict(),
    rollback: z
      .object({
        shift_points: z.number().positive(),
        false_alarm: z.number().gt(0).lt(1),
        season_weeks: z.number().int().positive(),
      })
      .strict(),
  })
  .strict();
export type MonitoringConfig = z.infer<typeof monitoringSchema>;
