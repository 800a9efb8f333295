// Schema of the `monitoring` configuration group (conf/monitoring/*.yaml). Owned by workflow/monitor.
//
// Tolerant of the format written before issue 17: a project keeps the conf/monitoring/alerts.yaml
// that `init` copied, so an older project has no per-rule minimum bets and no `rollback` section,
// and carries the retired red rule (`red.roi_below_dev_points`, `red.roi_below_dev_weeks`) and
// `rollback_after_red_weeks`. The missing keys take the shipped values; the retired ones are
// accepted and dropped (the rollback advice is now the calibrated CUSUM, docs/monitoring.md), so
// the old file loads and monitors with today's rules.
import { z } from '../schema-kit.ts';

/** The shipped values of the keys an older alerts.yaml lacks (conf/monitoring/alerts.yaml). */
export const MONITORING_DEFAULTS = {
  yellowMinBets: 30,
  orangeMinBets: 50,
  rollback: { shift_points: 10, false_alarm: 0.05, season_weeks: 17 },
} as const;

const rollbackSchema = z
  .object({
    shift_points: z.number().positive(),
    false_alarm: z.number().gt(0).lt(1),
    season_weeks: z.number().int().positive(),
  })
  .strict();

export const monitoringSchema = z
  .object({
    rolling_weeks: z.number().int().positive(),
    yellow: z
      .object({
        min_bets: z.number().int().nonnegative().default(MONITORING_DEFAULTS.yellowMinBets),
        rolling_hit_rate_below: z.number(),
        rolling_roi_below: z.number(),
        drift_p_value: z.number().gt(0).lt(1),
      })
      .strict(),
    orange: z
      .object({
        min_warnings: z.number().int().positive(),
        min_bets: z.number().int().nonnegative().default(MONITORING_DEFAULTS.orangeMinBets),
        roi_below_dev_points: z.number(),
      })
      .strict(),
    red: z
      .object({
        season_hit_rate_below: z.number(),
        min_bets: z.number().int().nonnegative(),
        max_drawdown_fraction: z.number().positive(),
        /** Retired (before issue 17): accepted from older projects, not used. */
        roi_below_dev_points: z.number().optional(),
        /** Retired (before issue 17): accepted from older projects, not used. */
        roi_below_dev_weeks: z.number().int().positive().optional(),
      })
      .strict(),
    rollback: rollbackSchema.default({ ...MONITORING_DEFAULTS.rollback }),
    /** Count bets backfilled after kickoff (predict --backfill) as live performance by default
     *  (monitor, roi, report; the dashboard follows monitor). Never the bankroll ledger. Absent:
     *  false (an older project's alerts.yaml lacks it). */
    include_backfilled: z.boolean().optional(),
    /** Retired (before issue 17): the advice came after this many red weeks; now the CUSUM decides. */
    rollback_after_red_weeks: z.number().int().positive().optional(),
  })
  .strict()
  .transform(({ rollback_after_red_weeks: _retired, red, ...rest }) => {
    const { roi_below_dev_points: _p, roi_below_dev_weeks: _w, ...redNow } = red;
    return { ...rest, red: redNow };
  });
export type MonitoringConfig = z.infer<typeof monitoringSchema>;
