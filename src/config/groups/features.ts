// Schema of the `features` configuration group (conf/features/*.yaml). Owned by features/.
import { z } from '../schema-kit.ts';
import { FEATURE_STATS } from './feature-stats.ts';

const statName = z.enum(FEATURE_STATS);

export const featuresSchema = z
  .object({
    name: z.string().min(1),
    min_games: z.number().int().nonnegative(),
    ratings: z
      .object({
        enabled: z.boolean(),
        alpha: z.number().nonnegative(),
        home_advantage_prior: z.number(),
        /** Weight (in games) of the prior on home advantage; keeps it sane early in a season. */
        home_advantage_weight: z.number().nonnegative().default(20),
        blowout_cap: z.number().positive().nullable(),
        recency_half_life_weeks: z.number().positive().nullable(),
        prior_games: z.number().nonnegative(),
        carryover: z.number().min(0).max(1),
        offense_defense: z.boolean(),
      })
      .strict(),
    elo: z
      .object({
        enabled: z.boolean(),
        k: z.number().positive(),
        home_advantage: z.number(),
        mov_multiplier: z.boolean(),
        season_regression: z.number().min(0).max(1),
        initial: z.number(),
      })
      .strict(),
    stats: z
      .object({
        enabled: z.boolean(),
        columns: z.array(statName),
        weighting: z.enum(['equal', 'ewma', 'last_n']),
        alpha: z.number().gt(0).max(1),
        last_n: z.number().int().positive(),
        carryover: z.number().min(0).max(1),
        prior_games: z.number().nonnegative(),
      })
      .strict(),
    adjustment: z
      .object({
        method: z.enum(['none', 'iterative', 'ridge']),
        iterations: z.number().int().positive(),
        tolerance: z.number().positive(),
        /** Share of the previous iteration kept in each update (0 = the plain iteration). */
        damping: z.number().min(0).lt(1).default(0),
        ridge_alpha: z.number().nonnegative(),
      })
      .strict(),
    situational: z.array(z.enum(['rest', 'neutral_site', 'week', 'postseason', 'conference_game', 'home'])),
    matchup: z
      .object({
        differences: z.boolean(),
        products: z.array(z.tuple([z.string(), z.string()])),
      })
      .strict(),
    market: z
      .object({
        /** The line (spread, total) as features. */
        enabled: z.boolean(),
        /**
         * Model the market's error: the line the bets are made at is an offset, the model fits
         * outcome − market-implied outcome, and predicts market-implied + its correction.
         */
        offset: z.boolean().default(false),
      })
      .strict(),
  })
  .strict();
export type FeaturesConfig = z.infer<typeof featuresSchema>;
