// `edgelab roi [--season S]`: the current figures from the performance log.
import type { Command } from 'commander';
import { roiReport } from '../readers/production.ts';
import { warehouseSeasons } from '../workflow/data-status.ts';
import { loadConfig } from '../config/load.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { layoutFor } from './context.ts';
import { levelCell, printJson, signed, table, wrap } from './output.ts';
import { NO_CLV_NOTE } from '../evaluation/clv.ts';
import { fixed, intOption, pct } from './figures.ts';

export function registerRoi(program: Command): void {
  program
    .command('roi')
    .description('current production figures from production/monitoring/performance_log.csv: latest week and per-season totals')
    .option('--season <year>', 'only this season')
    .option('--include-backfilled', 'add bets backfilled after kickoff (predict --backfill) to the live figures')
    .option('--json', 'print as JSON (the log rows included)')
    .action(async (opts: { season?: string; json?: boolean; includeBackfilled?: boolean }, cmd: Command) => {
      const season = intOption('--season', opts.season, 1869, 2200);
      const layout = layoutFor(cmd);
      // the warehouse tells a season not scored yet from one the project does not have
      const dataSeasons = season === undefined ? [] : await warehouseSeasons(layout);
      const includeBackfilled = opts.includeBackfilled ?? loadConfig({ confDir: resolveConfDir(layout.confDir) }).config.monitoring.include_backfilled;
      const r = roiReport(layout, season, { includeBackfilled, dataSeasons });
      if (opts.json) return printJson(r);
      const out = process.stdout;
      if (r.rows.length === 0) {
        const what = season === undefined ? `no scored week yet (${r.log} is empty)` : `no bets of ${season} are scored yet (${r.log} has no week of ${season})`;
        out.write(wrap(`${what}: a week's bets are scored after its games — ` +
          'edgelab week for the next week scores the last one first (or edgelab score --season S --week W, then edgelab monitor)', 100) + '\n');
        return;
      }
      const l = r.latest;
      const n = (v: unknown) => (typeof v === 'number' ? v : null);
      if (l) {
        out.write(`latest: ${l.season} week ${l.week}${l.season_type && l.season_type !== 'regular' ? ` (${l.season_type})` : ''}, model ${l.model_id ?? '?'}, alert ${levelCell(typeof l.alert_level === 'string' ? l.alert_level : null) || 'none'}\n`);
        const rolling = n(l.rolling_roi) === null && n(l.rolling_hit_rate) === null ? 'rolling roi and hit rate — (no settled bets in the window yet)' : `rolling roi ${signed(pct(n(l.rolling_roi)), n(l.rolling_roi))}, rolling hit rate ${pct(n(l.rolling_hit_rate))}`;
        out.write(`cumulative units ${signed(fixed(n(l.cumulative_units)), n(l.cumulative_units))}, ${rolling}, drawdown ${fixed(n(l.drawdown))}\n\n`);
      }
      out.write(table(
        ['season', 'weeks', 'bets', 'w-l-p', 'units', 'roi', 'hit rate', 'clv', 'models', 'last alert'],
        r.seasons.map((s) => [s.season, s.weeks, s.bets, `${s.wins}-${s.losses}-${s.pushes}`, signed(fixed(s.units), s.units), signed(pct(s.roi), s.roi), pct(s.hit_rate), signed(fixed(s.clv, 1), s.clv), s.model_ids.join(' '), levelCell(s.last_alert_level)]),
      ) + '\n');
      if (r.backfilled.bets) out.write(`${wrap(`${r.backfilled.bets} backfilled bet(s) (predicted after kickoff) ${r.backfilled.included ? 'included' : 'left out (--include-backfilled or monitoring.include_backfilled=true adds them)'}`, 100)}\n`);
      out.write(r.seasons.some((s) => s.clv !== null) ? 'clv: mean closing-line value, points better than the close (edgelab bets shows it per bet)\n' : `${wrap(NO_CLV_NOTE, 100)}\n`);
    });
}
