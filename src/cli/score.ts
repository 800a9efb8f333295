// `edgelab score --season S --week W`: settle a week's bets → production/scored/<S>/weekWW_scored.csv.
import type { Command } from 'commander';
import { relative } from 'node:path';
import { scoreWeek, type ScoreResult } from '../workflow/score.ts';
import { layoutFor } from './context.ts';
import { printJson, resultCell, signed, table, wrap } from './output.ts';
import { NO_CLV_NOTE } from '../evaluation/clv.ts';
import { count, fixed } from './figures.ts';
import { weekOptions, type WeekOpts } from './week-options.ts';

export function printScore(r: ScoreResult, root: string): void {
  const out = process.stdout;
  const units = r.rows.reduce((s, x) => s + x.units_won, 0);
  const n = (res: string) => r.rows.filter((x) => x.result === res).length;
  out.write(`${r.changed ? 'wrote' : 'unchanged:'} ${relative(root, r.file)}: ${count(r.rows.length, 'bet')}, ${n('win')}-${n('loss')}-${n('push')}, ${r.pending} pending, ${signed(fixed(units), units)} units${r.settled ? ` (${r.settled} settled now)` : ''}\n`);
  if (!r.rows.length) return;
  out.write(table(
    ['game', 'market', 'side', 'line', 'price', 'units', 'outcome', 'result', 'won', 'close', 'clv'],
    r.rows.map((x) => [x.game_id, x.bet_type, x.side, x.line, x.price, fixed(x.recommended_units), x.actual_outcome, resultCell(x.result), signed(fixed(x.units_won), x.units_won), x.closing_line, signed(fixed(x.clv, 1), x.clv)]),
  ) + '\n');
  if (!r.rows.some((x) => x.clv !== null)) out.write(`${wrap(NO_CLV_NOTE, 100)}\n`);
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description("settle a week's bets against final scores → production/scored/<season>/weekWW_scored.csv")
    .requiredOption('--season <year>', 'season, e.g. 2025')
    .requiredOption('--week <n>', 'week number')
    .option('--season-type <type>', 'regular or postseason', 'regular')
    .option('--json', 'print the result as JSON')
    .action(async (opts: WeekOpts, cmd: Command) => {
      const layout = layoutFor(cmd);
      const r = await scoreWeek({ layout, ...weekOptions(opts) });
      if (opts.json) return printJson(r);
      printScore(r, layout.root);
    });
}
