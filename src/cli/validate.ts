// `edgelab validate --season S [--week W]`: the weekly data-quality reports.
import type { Command } from 'commander';
import { layoutOrDefault as layoutFor } from './context.ts'; // data checks also run on a bare directory
import { paint, printJson, table } from './output.ts';
import { validateData } from '../workflow/validate.ts';
import { UsageError } from '../util/errors.ts';
import type { SeasonType } from '../artifacts/layout.ts';

interface Opts {
  season: string;
  week?: string;
  seasonType?: string;
  json?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the data of a week (or every week of a season) and write data-quality reports; exit 1 on failure')
    .requiredOption('--season <year>', 'season to check')
    .option('--week <n>', 'week to check (default: every week of the season)')
    .option('--season-type <type>', 'regular | postseason (default: regular with --week, both without)')
    .option('--json', 'print the reports as JSON')
    .action(async (opts: Opts, cmd: Command) => {
      if (!/^\d{4}$/.test(opts.season)) throw new UsageError(`--season: expected a year (got ${opts.season})`);
      if (opts.week !== undefined && !/^\d{1,2}$/.test(opts.week)) throw new UsageError(`--week: expected a week number (got ${opts.week})`);
      if (opts.seasonType !== undefined && opts.seasonType !== 'regular' && opts.seasonType !== 'postseason')
        throw new UsageError(`--season-type: expected regular or postseason (got ${opts.seasonType})`);
      const out = await validateData(layoutFor(cmd), {
        season: Number(opts.season),
        week: opts.week === undefined ? undefined : Number(opts.week),
        seasonType: opts.seasonType as SeasonType | undefined,
      });
      process.exitCode = out.status === 'fail' ? 1 : 0;
      if (opts.json) return printJson({ status: out.status, reports: out.reports.map((r) => ({ file: r.file, ...r.report })) });
      const color = { pass: 'green', warn: 'yellow', fail: 'red' } as const;
      const rows = out.reports.map(({ file, report }) => {
        const bad = report.checks.filter((c) => c.status !== 'pass');
        return [
          report.season_type,
          report.week,
          paint(report.status, color[report.status]),
          report.counts.games,
          bad.map((c) => `${c.id} (${c.count})`).join(', '),
          file,
        ];
      });
      process.stdout.write(table(['type', 'week', 'status', 'games', 'findings', 'report'], rows) + '\n');
      process.stdout.write(`overall: ${paint(out.status, color[out.status])}\n`);
    });
}
