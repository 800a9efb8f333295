// The whole composed configuration: one zod schema built from the group schemas (each group file
// is owned by the module that reads it; this file only assembles them).
import { z } from './schema-kit.ts';
import { bettingSchema } from './groups/betting.ts';
import { dataSchema } from './groups/data.ts';
import { evaluationSchema } from './groups/evaluation.ts';
import { experimentSchema } from './groups/experiment.ts';
import { featuresSchema } from './groups/features.ts';
import { gatesSchema } from './groups/gates.ts';
import { modelSchema } from './groups/model.ts';
import { monitoringSchema } from './groups/monitoring.ts';

export const marketSchema = z.enum(['spread', 'total']);
export type Market = z.infer<typeof marketSchema>;

export const edgelabConfigSchema = z
  .object({
    seed: z.number().int(),
    markets: z.array(marketSchema).min(1),
    data: dataSchema,
    features: featuresSchema,
    model: modelSchema,
    evaluation: evaluationSchema,
    betting: bettingSchema,
    gates: gatesSchema,
    monitoring: monitoringSchema,
    experiment: experimentSchema.optional(),
  })
  .strict();

export type EdgelabConfig = z.infer<typeof edgelabConfigSchema>;
