// `edgelab show ID`: an experiment's summary, headline metrics and every file of it.
import type { Command } from 'commander';
import { showExperiment } from '../readers/experiments.ts';
import { layoutFor } from './context.ts';
import { paint, printJson, table } from './output.ts';
import { bytes, fixed, pct } from './figures.ts';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('an experiment: its summary, headline metrics per market, status and every file with its size')
    .argument('<id>', 'experiment id, e.g. v2-003')
    .option('--json', 'print as JSON (the whole summary.json included)')
    .action((id: string, opts: { json?: boolean }, cmd: Command) => {
      const v = showExperiment(layoutFor(cmd), id);
      if (opts.json) return printJson(v);
      const out = process.stdout;
      const role = v.champion_role ? `, ${v.champion_role} champion` : '';
      out.write(`${paint(v.id, 'bold')}  ${v.name ?? ''}\n`);
      out.write(`phase ${v.phase ?? '?'}${v.phase_dir ? ` (${v.phase_dir})` : ''}, ${v.status}${role}\n`);
      out.write(`model ${v.model ?? '?'}, features ${v.feature_set ?? '?'}${v.feature_set_id ? ` (content hash ${v.feature_set_id})` : ''}, created ${v.created_at ?? '?'}\n`);
      out.write(`outputs  ${v.outputs ?? '(none)'}\nbundle   ${v.bundle ?? '(none)'}\n`);
      const markets = Object.entries(v.headline);
      if (markets.length) {
        out.write('\n' + table(
          ['market', 'rmse', 'market rmse', 'bets', 'hit rate', 'roi'],
          markets.map(([m, h]) => [m, fixed(h.rmse), fixed(h.market_rmse), h.n_bets, pct(h.hit_rate), pct(h.roi)]),
        ) + '\n');
      } else out.write('\n(no headline metrics: summary.json is missing or has none)\n');
      if (v.mlflow_runs.length) out.write(`mlflow   ${v.mlflow_runs.join(', ')}\n`);
      out.write(`\nfiles (${v.files.length}, ${bytes(v.total_bytes)})\n`);
      out.write(table(['path', 'bytes'], v.files.map((f) => [f.path, f.bytes])) + '\n');
    });
}
