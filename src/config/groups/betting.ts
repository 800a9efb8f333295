// Schema of the `betting` configuration group (conf/betting/*.yaml). Owned by evaluation/.
import { z } from '../schema-kit.ts';

const marketPolicy = z
  .object({
    edge_threshold: z.number().nonnegative(),
    min_cover_probability: z.number().min(0).max(1),
    min_expected_value: z.number(),
  })
  .strict();

export const bettingSchema = z
  .object({
    markets: z.object({ spread: marketPolicy, total: marketPolicy }).strict(),
    eligibility: z
      .object({
        min_prior_games: z.number().int().nonnegative(),
        max_abs_prediction: z.number().positive(),
      })
      .strict(),
    stake: z
      .object({
        method: z.enum(['flat', 'fixed_fractional', 'kelly']),
        flat_units: z.number().positive(),
        base_fraction: z.number().positive(),
        per_point: z.number().nonnegative(),
        max_multiplier: z.number().positive(),
        kelly_fraction: z.number().positive().max(1),
        kelly_cap: z.number().positive(),
      })
      .strict(),
    limits: z
      .object({
        max_bets_per_week: z.number().int().positive(),
        one_per_game_market: z.boolean(),
        max_stake_fraction: z.number().positive().max(1),
        max_weekly_exposure: z.number().positive().max(1),
      })
      .strict(),
    bankroll: z.number().positive(),
    unit_size: z.number().positive(),
    default_price: z.number(),
    /**
     * Key numbers of the league's final margins (the NFL profile sets them; absent = the smooth
     * discretised normal; `betting.key_numbers=null` turns them off): spread cover and push probabilities put this share of games on each
     * margin (src/evaluation/key-numbers.ts, docs/leagues.md).
     */
    key_numbers: z
      .object({
        /** Standard deviation of the league's final margins, the population the shares describe. */
        population_sd: z.number().positive(),
        margins: z
          .array(z.object({ margin: z.number().int().nonnegative(), share: z.number().gt(0).lt(1) }).strict())
          .min(1)
          .refine((ms) => new Set(ms.map((m) => m.margin)).size === ms.length, 'each margin once'),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type BettingConfig = z.infer<typeof bettingSchema>;
