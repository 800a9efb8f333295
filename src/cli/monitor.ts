// `edgelab monitor`: rebuild performance_log.csv, alerts/ and dashboard_data.json; print the alert.
import type { Command } from 'commander';
import { relative } from 'node:path';
import { monitor, type MonitorResult } from '../workflow/monitor.ts';
import { layoutFor } from './context.ts';
import { levelCell, paint, printJson, signed, table, wrap } from './output.ts';
import { fixed, pct } from './figures.ts';
import type { AlertLevel } from '../evaluation/alerts.ts';

const COLOR = { green: 'green', yellow: 'yellow', orange: 'yellow', red: 'red' } as const;
const ICON: Record<AlertLevel, string> = { green: '🟢', yellow: '🟡', orange: '🟠', red: '🔴' };

export function printMonitor(r: MonitorResult, root: string): void {
  const out = process.stdout;
  out.write(table(
    ['season', 'week', 'model', 'bets', 'w-l-p', 'pend', 'units', 'roi', 'cum', 'roll roi', 'roll hit', 'clv', 'drawdown', 'alert'],
    r.rows.slice(-8).map((x) => [x.season, `${x.season_type === 'postseason' ? 'P' : ''}${x.week}`, x.model_id, x.bets, `${x.wins}-${x.losses}-${x.pushes}`, x.pending, signed(fixed(x.units), x.units), signed(pct(x.roi), x.roi), signed(fixed(x.cumulative_units), x.cumulative_units), signed(pct(x.rolling_roi), x.rolling_roi), pct(x.rolling_hit_rate), fixed(x.clv, 1), fixed(x.drawdown), levelCell(x.alert_level)]),
  ) + '\n');
  if (r.rows.length && r.rows.every((x) => x.clv === null)) out.write('clv —: bets made at the closing line have no closing-line value (0 by construction)\n');
  const a = r.latest;
  if (!a) {
    out.write('no scored weeks yet (edgelab score --season S --week W)\n');
  } else {
    out.write(`${ICON[a.level]} ${paint(a.level.toUpperCase(), COLOR[a.level])} — ${a.season} ${a.season_type === 'postseason' ? 'postseason ' : ''}week ${a.week}, ${a.model_id}\n`);
    for (const x of a.reasons) out.write(`  - [${x.level}] ${x.message}\n`);
    if (a.drift_note) out.write(`  (drift: ${a.drift_note})\n`);
    else out.write(`  drift: ${a.drift.filter((d) => d.drifted).length} of ${a.drift.length} features differ from the training data\n`);
    if (a.rollback) out.write(paint(`ROLLBACK RECOMMENDED: ${a.rollback.message}\n`, 'red'));
  }
  if (r.backfilled.bets) out.write(`${wrap(`${r.backfilled.bets} backfilled bet(s) (predicted after kickoff) ${r.backfilled.included ? 'INCLUDED in these figures (--include-backfilled or monitoring.include_backfilled)' : 'left out of these figures (--include-backfilled or monitoring.include_backfilled=true counts them)'}`, 100)}\n`);
  out.write(`wrote ${relative(root, r.files.performance_log)}, ${relative(root, r.files.dashboard)}, ${r.files.alerts.length} alert files\n`);
}

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('rebuild production/monitoring: performance_log.csv, alerts/<season>_weekWW.json, dashboard_data.json')
    .option('--include-backfilled', 'count bets backfilled after kickoff (predict --backfill) as live performance')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean; includeBackfilled?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const r = await monitor({ layout, includeBackfilled: opts.includeBackfilled });
      if (opts.json) return printJson(r);
      printMonitor(r, layout.root);
    });
}
