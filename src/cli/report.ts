// `edgelab report --season S --week W`: the weekly picks report (HTML + Markdown).
import type { Command } from 'commander';
import { relative } from 'node:path';
import { writeWeeklyReport } from '../workflow/report/write.ts';
import { layoutFor } from './context.ts';
import { printJson } from './output.ts';
import { count } from './figures.ts';
import { weekOptions, type WeekOpts } from './week-options.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description("the weekly picks report: this week's bets with their reasons, last week's results, season to date, alert level → production/reports/<season>/weekWW_report.{html,md}")
    .requiredOption('--season <year>', 'season, e.g. 2025')
    .requiredOption('--week <n>', 'week number')
    .option('--season-type <type>', 'regular or postseason', 'regular')
    .option('--include-backfilled', 'count bets backfilled after kickoff (predict --backfill) in the season figures')
    .option('--json', 'print the report data as JSON')
    .action(async (opts: WeekOpts & { includeBackfilled?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const w = weekOptions(opts);
      const r = await writeWeeklyReport(layout, w.season, w.week, w.seasonType, opts.includeBackfilled);
      if (opts.json) return printJson({ html: r.html, markdown: r.markdown, ...r.report });
      process.stdout.write(`${r.report.label}: ${count(r.report.bets.length, 'bet')}; alert ${r.report.alert?.level ?? '—'}\nwrote ${relative(layout.root, r.html)}\nwrote ${relative(layout.root, r.markdown)}\n`);
    });
}
