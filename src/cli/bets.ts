// `edgelab bets --season S --week W`: that week's bets, scored when the scored file exists.
import type { Command } from 'commander';
import { weekBets } from '../readers/production.ts';
import { layoutFor } from './context.ts';
import { printJson, resultCell, signed, table } from './output.ts';
import { choiceOption, count, fixed, intOption, pct } from './figures.ts';

export function registerBets(program: Command): void {
  program
    .command('bets')
    .description("a week's bets (production/predictions), with results when scored (production/scored)")
    .requiredOption('--season <year>', 'season, e.g. 2025')
    .requiredOption('--week <n>', 'week number')
    .option('--season-type <type>', 'regular or postseason', 'regular')
    .option('--json', 'print as JSON (every column of the file)')
    .action((opts: { season: string; week: string; seasonType: string; json?: boolean }, cmd: Command) => {
      const season = intOption('--season', opts.season, 1869, 2200)!;
      const week = intOption('--week', opts.week, 0, 99)!;
      const st = choiceOption('--season-type', opts.seasonType, ['regular', 'postseason'] as const)!;
      const b = weekBets(layoutFor(cmd), season, week, st);
      if (opts.json) return printJson(b);
      const out = process.stdout;
      out.write(`${season} week ${week} (${st}) — ${b.scored ? 'scored' : 'not scored yet'}: ${b.file}\n`);
      const cols = ['game', 'matchup', 'market', 'side', 'line', 'price', 'edge', 'cover p', 'units'];
      if (b.scored) cols.push('result', 'won');
      out.write(table(cols, b.rows.map((r) => {
        const row = [r.game_id, `${r.away_team ?? '?'} @ ${r.home_team ?? '?'}`, r.bet_type, r.side, r.line, r.price, fixed(r.edge, 1), pct(r.cover_probability === undefined || r.cover_probability === '' ? null : Number(r.cover_probability)), r.recommended_units];
        if (b.scored) row.push(resultCell(r.result ?? ''), signed(fixed(r.units_won), Number(r.units_won)));
        return row;
      })) + '\n');
      const t = b.totals;
      out.write(`${count(t.bets, 'bet')}, ${fixed(t.staked)} units staked`);
      if (b.scored) out.write(`; ${t.wins}-${t.losses}-${t.pushes}${t.pending ? `, ${t.pending} pending` : ''}, ${signed(fixed(t.units_won), t.units_won)} units, roi ${signed(pct(t.roi), t.roi)}, hit rate ${pct(t.hit_rate)}`);
      out.write('\n');
    });
}
