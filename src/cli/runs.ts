// `edgelab runs`: list tracked runs with key metrics, from whichever store is configured.
import type { Command } from 'commander';
import { artifactsPathCaveat, createTracker } from '../tracking/create.ts';
import { listRunRows } from '../tracking/query.ts';
import { runsTable } from './runs-table.ts';
import { globals, layoutFor } from './context.ts';
import { paint, printJson } from './output.ts';

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list tracked runs, newest first: per market RMSE vs the market, bets, hit rate, ROI (file store, or MLFLOW_TRACKING_URI)')
    .option('--experiment <name>', 'only this experiment')
    .option('--json', 'print runs as JSON')
    .action(async (opts: { experiment?: string; json?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const tracker = createTracker({ fileStoreDir: layout.mlruns });
      const rows = await listRunRows(tracker, opts.experiment);
      if (opts.json) {
        printJson({
          store: tracker.location,
          runs: rows.map(({ experiment, run }) => ({ experiment, ...run })),
        });
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`no runs in ${tracker.location}\n`);
        return;
      }
      process.stdout.write(runsTable(rows) + '\n');
      const caveat = tracker.kind === 'file' ? artifactsPathCaveat(tracker.location) : undefined;
      if (caveat && !globals(cmd).quiet) process.stderr.write(`${paint('note:', 'yellow', process.stderr)} ${caveat}\n`);
    });
}
