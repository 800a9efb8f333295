// `edgelab experiment new`: allocate the next free id and write its conf/experiment file, so a
// new experiment starts from a declared, reviewable config rather than ad-hoc overrides.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout, Phase } from '../artifacts/layout.ts';
import { allocateId } from '../artifacts/ids.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { listOptions } from '../config/files.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { UsageError, suggest } from '../util/errors.ts';

export interface NewExperimentOptions {
  phase: Phase;
  features?: string;
  model?: string;
  name?: string;
  description?: string;
  /** false: a raw rating model without the market offset (said loudly in the file). */
  market?: boolean;
}

function checkOption(confDir: string, group: string, option: string | undefined): void {
  if (option === undefined) return;
  const options = listOptions(confDir, group);
  if (!options.includes(option)) {
    const hint = suggest(option, options);
    throw new UsageError(`no ${group} option '${option}' in ${join(confDir, group)}${hint ? `; did you mean ${hint}?` : ''} (options: ${options.join(', ')})`);
  }
}

/** The block every canonical experiment (conf/experiment/v2-00*.yaml) carries. */
export const MARKET_BLOCK = `# Model the market's error: the bet line is an offset and a feature, so the model predicts
# market + correction. Against a sharp closing line this is how an edge can be found at all
# (see docs/features.md, "Market").
features:
  market:
    enabled: true
    offset: true
`;

export function newExperiment(layout: Layout, o: NewExperimentOptions): { id: string; file: string } {
  const confDir = resolveConfDir(layout.confDir);
  if (!existsSync(join(layout.confDir, 'config.yaml'))) throw new UsageError(`no project configuration at ${layout.confDir}; run edgelab init first`);
  checkOption(confDir, 'features', o.features);
  checkOption(confDir, 'model', o.model);
  const features = o.features ?? (o.phase === 1 ? 'minimal' : 'opponent_adjusted');
  const model = o.model ?? (o.phase === 3 ? 'gbdt' : 'ridge');
  const name = o.name ?? `${model}_${features}`;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new UsageError(`--name '${name}': use letters, digits, _ . -`);
  const id = allocateId(layout, { phase: o.phase, name });
  const file = join(layout.confDir, 'experiment', `${id}.yaml`);
  const gates = o.phase === 3 ? '\n  - override /gates: phase3' : o.phase === 2 ? '\n  - override /gates: phase2' : '';
  writeFileAtomic(
    file,
    `# Phase ${o.phase} experiment, created by edgelab experiment new.\nexperiment:\n  id: ${id}\n  phase: ${o.phase}\n  name: ${name}\n  description: ${JSON.stringify(o.description ?? `${model} on ${features}`)}\ndefaults:\n  - override /features: ${features}\n  - override /model: ${model}${gates}\n` +
      (o.market === false
        ? `# NOT on the footing of v2-002…v2-005: no market offset and no line feature (--no-market), so this\n# is a raw rating model; its RMSE and bets are not comparable with experiments that model the\n# market's error, and a promotion test against one of them compares different questions.\nfeatures:\n  market:\n    enabled: false\n    offset: false\n`
        : MARKET_BLOCK),
  );
  return { id, file };
}
