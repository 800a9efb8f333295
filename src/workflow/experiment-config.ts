// Reading back the resolved configuration an experiment was trained with (its config.yaml), so
// evaluation and promotion use exactly what training used, whatever conf/ says today.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import { edgelabConfigSchema, type EdgelabConfig } from '../config/schema.ts';
import { parseYaml } from '../config/files.ts';
import { UserError } from '../util/errors.ts';
import { requireExperiment } from '../readers/experiments.ts';
import { KeptByText } from '../util/kept.ts';

export type ExperimentResolvedConfig = EdgelabConfig & { experiment: NonNullable<EdgelabConfig['experiment']> };

// Each config.yaml parsed and checked once per content: a promotion test reads both experiments'
// four times (their records and their comparability), the demo's phases the benchmark's again and
// again. Read every time and compared by its whole text; each caller gets its own copy.
const parsedConfigs = new KeptByText<ExperimentResolvedConfig>(32);

export function readExperimentConfig(layout: Layout, id: string): { config: ExperimentResolvedConfig; dir: string } {
  const loc = requireExperiment(layout, id);
  if (!loc.outputs) throw new UserError(`${id} has no experiment directory (only a bundle at ${loc.bundle}); train it again`);
  if (loc.archived) throw new UserError(`${id} is archived (${loc.outputs}); restore it first: edgelab archive --restore ${id}`);
  const file = join(loc.outputs, 'config.yaml');
  if (!existsSync(file)) throw new UserError(`${file} is missing; the experiment directory is incomplete`);
  const config = parsedConfigs.get(file, readFileSync(file, 'utf8'), (text) => {
    const parsed = edgelabConfigSchema.safeParse(parseYaml(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UserError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message} (written by another edgelab version?)`);
    }
    if (!parsed.data.experiment) throw new UserError(`${file} has no experiment block`);
    return parsed.data as ExperimentResolvedConfig;
  });
  return { config: structuredClone(config), dir: loc.outputs };
}
