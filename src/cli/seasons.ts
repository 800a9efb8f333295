// `edgelab seasons` / `edgelab seasons --set-test YEAR [--dev A,B] --reason "…"`
import type { Command } from 'commander';
import { moveSeasons, showSeasons } from '../workflow/seasons.ts';
import { UsageError } from '../util/errors.ts';
import { layoutFor } from './context.ts';
import { paint, printJson } from './output.ts';

function season(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`${flag}: '${text}' is not a season (e.g. 2023)`);
  return n;
}

export function registerSeasons(program: Command): void {
  program
    .command('seasons')
    .description('show the pinned test and development seasons, or move them deliberately (recorded in the decision log)')
    .option('--set-test <YEAR>', 'move the test season (needs --reason)')
    .option('--dev <SEASONS>', 'with --set-test: the development seasons, comma-separated (default: as many as now, just before the test season)')
    .option('--reason <TEXT>', 'why the seasons move (recorded)')
    .option('--json', 'print the lock as JSON')
    .action(async (opts: { setTest?: string; dev?: string; reason?: string; json?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      if (opts.setTest === undefined) {
        if (opts.dev !== undefined || opts.reason !== undefined) throw new UsageError('--dev and --reason go with --set-test YEAR');
        const lock = showSeasons(layout);
        if (opts.json) return printJson(lock);
        if (!lock) return void process.stdout.write(`no seasons pinned yet: the first edgelab train pins them (${layout.seasonLock})\n`);
        process.stdout.write(
          `test season ${paint(String(lock.test_season), 'bold')}; development seasons ${lock.dev_seasons.join(', ')}\n` +
            `pinned ${lock.pinned_at} by ${lock.pinned_by}; ${lock.history.length} pinning(s) in ${layout.seasonLock}\n`,
        );
        return;
      }
      if (!opts.reason?.trim()) throw new UsageError('--set-test needs --reason "…" (it is recorded in the decision log)');
      const dev = opts.dev?.split(',').map((s) => season(s.trim(), '--dev'));
      const { before, after } = await moveSeasons({ layout, test: season(opts.setTest, '--set-test'), dev, reason: opts.reason });
      if (opts.json) return printJson({ before, after });
      process.stdout.write(`test season ${before?.test_season ?? '—'} → ${paint(String(after.test_season), 'bold')}; development seasons ${after.dev_seasons.join(', ')} (recorded in ${layout.seasonLock} and ${layout.decisionLog})\n`);
    });
}
