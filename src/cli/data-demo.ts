// `edgelab data demo`: load the simulated league into the warehouse.
import type { Command } from 'commander';
import { layoutOrDefault as layoutFor } from './context.ts'; // data commands also set up a bare directory (tests and scripts rely on it)
import { printJson } from './output.ts';
import { parseSeasonRange } from '../workflow/data-config.ts';
import { formatReveal, parseReveal } from '../data/sources/demo/live.ts';
import { UsageError } from '../util/errors.ts';
// The workflow is imported when the subcommand runs (as in the other data-*.ts): every `data`
// subcommand registers with the group, and `data status` should not load the league generator,
// the importers, the pull clients and the progress bars (≈ 130 kB of bundle) to answer.

interface Opts {
  seasons?: string;
  seed?: string;
  liveSeason?: string;
  revealWeek?: string;
  json?: boolean;
}

export function registerDataDemo(data: Command): void {
  data
    .command('demo')
    .description('generate the simulated demo league and load it into the warehouse (idempotent)')
    .option('--seasons <first-last>', 'seasons to simulate (default: conf data.demo.seasons, 2014-2025)')
    .option('--seed <n>', 'random seed (default: conf data.demo.seed, 42)')
    .option('--live-season <year|none>', 'season whose results are revealed week by week (default: conf data.demo.live_season)')
    .option('--reveal-week <N|postN|all|none>', 'reveal live-season results of regular weeks <= N (postN: and postseason weeks <= N)')
    .option('--json', 'print the load report as JSON')
    .action(async (opts: Opts, cmd: Command) => {
      const seasons = opts.seasons === undefined ? undefined : parseSeasonRange(opts.seasons);
      if (opts.seasons !== undefined && !seasons) throw new UsageError(`--seasons: expected FIRST-LAST like 2014-2025 (got ${opts.seasons})`);
      if (opts.seed !== undefined && !/^-?\d+$/.test(opts.seed)) throw new UsageError(`--seed: expected an integer (got ${opts.seed})`);
      let liveSeason: number | null | undefined;
      if (opts.liveSeason !== undefined) {
        if (opts.liveSeason === 'none') liveSeason = null;
        else if (/^\d{4}$/.test(opts.liveSeason)) liveSeason = Number(opts.liveSeason);
        else throw new UsageError(`--live-season: expected a year or none (got ${opts.liveSeason})`);
      }
      const reveal = opts.revealWeek === undefined ? undefined : parseReveal(opts.revealWeek);
      if (opts.revealWeek !== undefined && !reveal)
        throw new UsageError(`--reveal-week: expected a week 0-14, postN, all or none (got ${opts.revealWeek})`);
      const { loadDemoLeague } = await import('../workflow/data-demo.ts');
      const out = await loadDemoLeague(layoutFor(cmd), {
        seasons,
        seed: opts.seed === undefined ? undefined : Number(opts.seed),
        liveSeason,
        reveal,
      });
      if (opts.json) return printJson(out);
      const s = out.state;
      const l = out.load;
      process.stdout.write(
        `demo league seasons ${s.seasons[0]}-${s.seasons[1]}, seed ${s.seed}` +
          (s.liveSeason === null ? '' : `, live season ${s.liveSeason} revealed through ${formatReveal(s.reveal)}`) +
          `\nloaded into ${out.warehouse}: ${l.inserted} inserted, ${l.updated} updated, ${l.unchanged} unchanged, ${l.deleted} deleted` +
          ` (games ${l.tables.games.inserted + l.tables.games.updated + l.tables.games.unchanged}, fingerprint ${l.fingerprint})\n`,
      );
    });
}
