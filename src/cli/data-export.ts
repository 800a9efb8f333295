// `edgelab data export csv DIR [--season S]`.
import type { Command } from 'commander';
import { layoutOrDefault as layoutFor } from './context.ts'; // data commands also set up a bare directory (tests and scripts rely on it)
import { printJson } from './output.ts';
import { UsageError } from '../util/errors.ts';

export function registerDataExport(data: Command): void {
  const exp = data.command('export').description('write warehouse data out');
  exp
    .command('csv')
    .description('games.csv, lines.csv, team_game.csv in the documented schema (data import csv reads them back)')
    .argument('<dir>', 'output directory (created if missing)')
    .option('--season <year>', 'one season only')
    .option('--json', 'print the files written as JSON')
    .action(async (dir: string, opts: { season?: string; json?: boolean }, cmd: Command) => {
      if (opts.season !== undefined && !/^\d{4}$/.test(opts.season)) throw new UsageError(`--season: expected a year (got ${opts.season})`);
      const { exportWarehouseCsv } = await import('../workflow/data-export.ts');
      const out = await exportWarehouseCsv(layoutFor(cmd), dir, opts.season === undefined ? undefined : Number(opts.season));
      if (opts.json) return printJson(out);
      process.stdout.write(out.files.map((f) => `${f.path}: ${f.rows} rows`).join('\n') + '\n');
    });
}
