// Schema of the `experiment` block that conf/experiment/v2-XXX.yaml files declare.
import { z } from '../schema-kit.ts';

export const experimentSchema = z
  .object({
    id: z.string().regex(/^v2-\d{3,}$/, 'experiment ids look like v2-001'),
    phase: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    name: z.string().min(1),
    description: z.string().default(''),
  })
  .strict();
export type ExperimentConfig = z.infer<typeof experimentSchema>;
