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
    .option('--no-market', 'a raw rating model: no market offset and no line feature (not comparable with v2-002…v2-005; the file says so)')
    .option('--json', 'print the id and file as JSON')
    .action((opts: { phase: string; features?: string; model?: string; name?: string; description?: string; market: boolean; json?: boolean }, cmd: Command) => {
      const phase = Number(opts.phase);
      if (phase !== 1 && phase !== 2 && phase !== 3) throw new UsageError(`--phase: '${opts.phase}' is not 1, 2 or 3`);
      const res = newExperiment(layoutFor(cmd), { phase, features: opts.features, model: opts.model, name: opts.name, description: opts.description, market: opts.market });
      if (opts.json) return printJson(res);
      const warn = opts.market ? '' : 'warning: --no-market: no market offset and no line feature; RMSE and bets are not comparable with v2-002…v2-005\n';
      process.stdout.write(`${warn}${res.id}: ${res.file} (market offset and line feature ${opts.market ? 'on, as in v2-002…v2-005' : 'OFF'})\nnext: edgelab train experiment=${res.id}\n`);
    });
}
