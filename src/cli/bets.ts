// `edgelab bets --season S --week W`: that week's bets, scored when the scored file exists.
import type { Command } from 'commander';
import { weekBets } from '../readers/production.ts';
import { layoutFor } from './context.ts';
import { printJson, resultCell, signed, table, wrap } from './output.ts';
import { choiceOption, count, fixed, intOption, pct, pick } from './figures.ts';
import { clvText, NO_CLV_NOTE } from '../evaluation/clv.ts';

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
      if (b.rows.length === 0) {
        out.write('no bets this week (the model found no game worth a bet; edgelab predict says why)\n');
        return;
      }
      // Fits 100 columns: the pick carries side and line (the market follows from the side: home/away
      // spread, over/under total), the edge is in points for the pick; game ids are in --json.
      const cols = ['matchup', 'pick', 'price', 'edge', 'cover', 'units'];
      if (b.scored) cols.push('result', 'won', 'clv');
      out.write(table(cols, b.rows.map((r) => {
        const row = [`${r.away_team ?? '?'} @ ${r.home_team ?? '?'}`, pick(r.side ?? '', r.line ?? ''), r.price, fixed(Math.abs(Number(r.edge)), 1), pct(r.cover_probability === undefined || r.cover_probability === '' ? null : Number(r.cover_probability)), r.recommended_units];
        if (b.scored) row.push(resultCell(r.result ?? ''), signed(fixed(r.units_won), Number(r.units_won)), r.clv === undefined || r.clv === '' ? '' : signed(fixed(r.clv, 1), Number(r.clv)));
        return row;
      })) + '\n');
      const t = b.totals;
      out.write(`${count(t.bets, 'bet')}, ${fixed(t.staked)} units staked`);
      if (b.scored) out.write(`; ${t.wins}-${t.losses}-${t.pushes}${t.pending ? `, ${t.pending} pending` : ''}, ${signed(fixed(t.units_won), t.units_won)} units, roi ${signed(pct(t.roi), t.roi)}, hit rate ${pct(t.hit_rate)}`);
      if (b.scored) out.write(t.n_clv ? `\nclosing-line value: mean ${clvText(t.clv, t.clv_prob)} over ${count(t.n_clv, 'bet')} (points better than the close; in brackets the win probability gained)` : `\n${wrap(NO_CLV_NOTE, 100)}`);
      out.write('\n');
    });
}
