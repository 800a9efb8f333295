// `edgelab week --season S --week W`: score last week → monitor → validate → predict this week.
import type { Command } from 'commander';
import { runWeek } from '../workflow/week.ts';
import { layoutFor } from './context.ts';
import { paint, printJson } from './output.ts';
import { printPredict } from './predict.ts';
import { weekOptions, type WeekOpts } from './week-options.ts';

export function registerWeek(program: Command): void {
  program
    .command('week')
    .description('the weekly loop: score last week → monitor → validate this week → predict this week (stops at the first failure)')
    .requiredOption('--season <year>', 'season, e.g. 2025')
    .requiredOption('--week <n>', 'the week to predict')
    .option('--season-type <type>', 'regular or postseason', 'regular')
    .option('--force', 'predict although the data-quality checks failed (recorded)')
    .option('--backfill', 'predict a week already kicked off (bets marked backfilled, left out of live performance)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: WeekOpts & { force?: boolean; backfill?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const quiet = opts.json || cmd.optsWithGlobals().quiet;
      const r = await runWeek({ layout, ...weekOptions(opts), force: opts.force, backfill: opts.backfill }, (step, detail) => {
        if (!quiet) process.stdout.write(`${paint('✓', 'green')} ${step}: ${detail}\n`);
      });
      if (opts.json) return printJson(r);
      const rb = r.monitor?.latest?.rollback;
      if (rb) process.stdout.write(paint(`ROLLBACK RECOMMENDED: ${rb.message}\n`, 'red'));
      if (r.predict) printPredict(r.predict, layout.root);
    });
}
