// `edgelab experiment new --phase N [--features NAME] [--model NAME] [--name NAME]`
import type { Command } from 'commander';
import { newExperiment } from '../workflow/experiment-new.ts';
import { UsageError } from '../util/errors.ts';
import { layoutFor } from './context.ts';
import { printJson } from './output.ts';

export function registerExperiment(program: Command): void {
  const exp = program.command('experiment').description('manage experiment configurations');
  exp
    .command('new')
    .description('write conf/experiment/<next id>.yaml for a new experiment (the id is reserved at once)')
    .requiredOption('--phase <n>', '1 (baseline), 2 (features) or 3 (models)')
    .option('--features <name>', 'feature set (conf/features/NAME.yaml)')
    .option('--model <name>', 'model (conf/model/NAME.yaml)')
    .option('--name <name>', 'short name (default: <model>_<features>)')
    .option('--description <text>', 'one line on what it tests')
    .option('--json', 'print the id and file as JSON')
    .action((opts: { phase: string; features?: string; model?: string; name?: string; description?: string; json?: boolean }, cmd: Command) => {
      const phase = Number(opts.phase);
      if (phase !== 1 && phase !== 2 && phase !== 3) throw new UsageError(`--phase: '${opts.phase}' is not 1, 2 or 3`);
      const res = newExperiment(layoutFor(cmd), { phase, features: opts.features, model: opts.model, name: opts.name, description: opts.description });
      if (opts.json) return printJson(res);
      process.stdout.write(`${res.id}: ${res.file}\nnext: edgelab train experiment=${res.id}\n`);
    });
}
