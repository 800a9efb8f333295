// `edgelab refit [--season S]`: the champion's production model for a live season — its evaluated
// recipe refitted on every game before the season, recorded and immutable (predict makes it on
// first use; this makes it ahead of time and shows it).
import type { Command } from 'commander';
import { relative } from 'node:path';
import { refitChampion } from '../workflow/production-refit.ts';
import { layoutFor } from './context.ts';
import { printJson } from './output.ts';
import { intOption } from './figures.ts';

export function registerRefit(program: Command): void {
  program
    .command('refit')
    .description("the champion's production model for a live season: refitted through the last complete season before it (recorded, immutable)")
    .option('--season <year>', 'the live season (default: the season after the last complete one in the warehouse)')
    .option('--json', 'print the refit record as JSON')
    .action(async (opts: { season?: string; json?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const r = await refitChampion({ layout, season: intOption('--season', opts.season, 1869, 2200) });
      if (opts.json) return printJson({ made: r.made, ...r.record });
      const rec = r.record;
      process.stdout.write(
        `${r.made ? 'refitted' : 'already refitted (hashes checked)'}: ${rec.experiment_id} for ${rec.season} → ${relative(process.cwd(), r.bundle)}\n` +
          `trained on seasons ${rec.seasons.join(', ') || 'none'} (${Object.entries(rec.n_train).map(([m, n]) => `${m} ${n} games`).join(', ')}); latest kickoff ${rec.last_training_kickoff ?? '—'}\n` +
          `recorded in ${relative(process.cwd(), layout.productionRefitsLog)}${r.made ? ' and the decision log' : ''}; model.json sha256 ${rec.hashes['model.json']}\n`,
      );
    });
}
