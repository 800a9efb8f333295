// `edgelab regenerate-plots ID`: rebuild an experiment's plots from its predictions.csv.
import type { Command } from 'commander';
import { regeneratePlots } from '../workflow/regenerate-plots.ts';
import { layoutFor } from './context.ts';
import { paint, printJson } from './output.ts';
import { bytes, intOption } from './figures.ts';

export function registerRegeneratePlots(program: Command): void {
  program
    .command('regenerate-plots')
    .description("rebuild an experiment's plots (residuals, calibration, feature importance, cumulative units, ROI by edge) from its predictions.csv and its bundle's feature_importance.csv")
    .argument('<id>', 'experiment id, e.g. v2-003')
    .option('--scale <n>', 'pixel density (1 or 2)', '2')
    .option('--json', 'print what was written as JSON')
    .action(async (id: string, opts: { scale: string; json?: boolean }, cmd: Command) => {
      const r = await regeneratePlots(layoutFor(cmd), id, { scale: intOption('--scale', opts.scale, 1, 4) });
      if (opts.json) return printJson(r);
      for (const w of r.written) process.stdout.write(`${paint('wrote', 'green')} ${w.path} (${bytes(w.bytes)})\n`);
      for (const s of r.skipped) process.stdout.write(`${paint('skipped', 'yellow')} ${s.plot}: ${s.reason}\n`);
    });
}
