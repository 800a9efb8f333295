// `edgelab predict --season S --week W`: the champion's bets for a week (immutable file).
import type { Command } from 'commander';
import { predictWeek, type PredictResult } from '../workflow/predict.ts';
import { layoutFor } from './context.ts';
import { paint, printJson, table } from './output.ts';
import { count, fixed, pct, pick } from './figures.ts';
import { relative } from 'node:path';
import { noBetsLine } from '../evaluation/pass-reasons.ts';
import { weekOptions, type WeekOpts } from './week-options.ts';


export function printPredict(r: PredictResult, root: string): void {
  const out = process.stdout;
  const file = relative(root, r.file);
  const what = {
    written: `wrote ${file}`,
    unchanged: `${file} already holds these bets; left untouched`,
    regenerated: `regenerated ${file} (the old file is kept as ${r.replaced ? relative(root, r.replaced) : '?'})`,
    kept: `${file}: ${r.note?.replace(r.file, '').replace(/^ /, '') ?? 'kept'}`,
  }[r.action];
  const model = r.production_model ? `; production model ${r.production_model.bundle}${r.production_model.made ? ' (refitted now, recorded)' : ''}` : '';
  out.write(`${what}\n${r.action === 'kept' ? 'model' : 'champion'} ${r.model_id}${model}; ${r.games} games, ${r.candidates} candidates, ${count(r.bets.length, 'bet')}; data quality ${r.quality.status}${r.quality.forced ? paint(' (FORCED)', 'red') : ''}\n`);
  if (r.backfilled) out.write(paint('BACKFILLED: the week had kicked off; these bets are marked and left out of live performance and monitoring\n', 'yellow'));
  if (!r.bets.length) {
    if (r.action !== 'kept') out.write(`no bets this week: ${noBetsLine(r.candidates, r.not_bet)}\n`);
    return;
  }
  out.write(table(
    ['matchup', 'pick', 'price', 'model', 'edge', 'cover', 'ev', 'units'],
    r.bets.map((b) => [`${b.away_team} @ ${b.home_team}`, pick(b.side, b.line), b.price, fixed(b.prediction, 1), fixed(Math.abs(b.edge), 1), pct(b.cover_probability), fixed(b.expected_value, 3), fixed(b.recommended_units)]),
  ) + '\n');
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description("the champion's bets for a week → production/predictions/<season>/weekWW_bets.csv (immutable)")
    .requiredOption('--season <year>', 'season, e.g. 2025')
    .requiredOption('--week <n>', 'week number')
    .option('--season-type <type>', 'regular or postseason', 'regular')
    .option('--force', 'predict although the data-quality report is missing or failed (recorded)')
    .option('--regenerate', 'replace an existing, different bets file (before the first kickoff; needs --reason)')
    .option('--backfill', 'predict a week already kicked off: bets marked backfilled, left out of live performance and monitoring')
    .option('--reason <text>', 'why (recorded in production/production_log.jsonl)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: WeekOpts & { force?: boolean; regenerate?: boolean; reason?: string; backfill?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const r = await predictWeek({ layout, ...weekOptions(opts), force: opts.force, regenerate: opts.regenerate, reason: opts.reason, backfill: opts.backfill });
      if (opts.json) return printJson(r);
      printPredict(r, layout.root);
    });
}
