// Schema of the `data` configuration group (conf/data/*.yaml). Owned by data/.
import { z } from '../schema-kit.ts';

export const qualitySchema = z
  .object({
    max_abs_spread: z.number().positive(),
    total_min: z.number(),
    total_max: z.number(),
    max_points: z.number().int().positive(),
    outlier_sd: z.number().positive(),
    max_null_rate: z.record(z.string(), z.number().min(0).max(1)),
    missing_line: z.enum(['warn', 'fail']),
  })
  .strict();

export const dataSchema = z
  .object({
    /** The league profile this config came from (conf/league/; `custom` when none). */
    league: z.string().min(1).default('custom'),
    sport: z.enum(['cfb', 'nfl']),
    source: z.enum(['demo', 'csv', 'nflverse', 'cfbd']),
    warehouse: z.string().min(1),
    line_provider_preference: z.array(z.string()).min(1),
    demo: z
      .object({
        seasons: z.string().regex(/^\d{4}-\d{4}$/),
        seed: z.number().int(),
        live_season: z.number().int(),
      })
      .strict(),
    quality: qualitySchema,
    /** College: keep only games between two FBS teams (see conf/league/cfb.yaml). */
    fbs_only: z.boolean().default(false),
    fbs_conferences: z.array(z.string().min(1)).default([]),
    /** Where `data pull nflverse` downloads release files from (a mirror or a test server). */
    nflverse_base_url: z.string().url().default('https://github.com/nflverse/nflverse-data/releases/download'),
  })
  .strict();
export type DataConfig = z.infer<typeof dataSchema>;
export type QualityConfig = z.infer<typeof qualitySchema>;
