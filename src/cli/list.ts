// `edgelab list [--phase N] [--status S]`: every experiment with artifacts, one line each.
import type { Command } from 'commander';
import { listExperiments, mainMarket, STATUSES } from '../readers/experiments.ts';
import { layoutFor } from './context.ts';
import { printJson, signed, table } from './output.ts';
import { choiceOption, fixed, intOption, pct } from './figures.ts';
import type { Phase } from '../artifacts/layout.ts';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list experiments (active and archived) with status and headline figures (spread market, else the first)')
    .option('--phase <n>', 'only phase 1, 2 or 3')
    .option('--status <status>', `only one status: ${STATUSES.join('|')}`)
    .option('--json', 'print as JSON')
    .action((opts: { phase?: string; status?: string; json?: boolean }, cmd: Command) => {
      const phase = intOption('--phase', opts.phase, 1, 3) as Phase | undefined;
      const status = choiceOption('--status', opts.status, STATUSES);
      const rows = listExperiments(layoutFor(cmd), { phase, status });
      if (opts.json) return printJson(rows.map(({ files: _f, total_bytes: _t, mlflow_runs: _m, ...v }) => v));
      if (rows.length === 0) {
        // Say what there is instead, so an empty answer is not mistaken for an empty project.
        const all = phase === undefined && status === undefined ? [] : listExperiments(layoutFor(cmd), {});
        const asked = [phase !== undefined ? `phase ${phase}` : '', status ? `status ${status}` : ''].filter(Boolean).join(', ');
        const have = all.map((v) => `${v.id} (phase ${v.phase}, ${v.status})`).join(', ');
        return void process.stdout.write(
          all.length ? `no experiment with ${asked}; there are: ${have}\n` : 'no experiments yet (edgelab train experiment=v2-001)\n',
        );
      }
      process.stdout.write(table(
        ['id', 'phase', 'status', 'model', 'features', 'rmse', 'hit rate', 'roi', 'created'],
        rows.map((v) => {
          const m = mainMarket(v);
          const status = v.champion_role === 'previous' ? `${v.status} (previous champion)` : v.status;
          return [v.id, v.phase, status, v.model, v.feature_set, fixed(m?.rmse), pct(m?.hit_rate), signed(pct(m?.roi), m?.roi), v.created_at?.slice(0, 10)];
        }),
      ) + '\n');
    });
}
