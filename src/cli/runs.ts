// `edgelab runs`: list tracked runs with key metrics, from whichever store is configured.
import type { Command } from 'commander';
import { artifactsPathCaveat, createTracker } from '../tracking/create.ts';
import { listRunRows, metricColumns } from '../tracking/query.ts';
import { globals, layoutFor } from './context.ts';
import { paint, printJson, table } from './output.ts';

function fmtMetric(v: number | undefined): string {
  if (v === undefined) return '';
  if (Number.isNaN(v)) return 'NaN';
  return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

function fmtTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list tracked runs with key metrics (file store, or MLFLOW_TRACKING_URI)')
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
      const cols = metricColumns(rows.map((r) => r.run));
      process.stdout.write(
        table(
          ['experiment', 'run', 'id', 'status', 'started', ...cols],
          rows.map(({ experiment, run }) => [
            experiment,
            run.runName,
            run.runId.slice(0, 8),
            run.status,
            fmtTime(run.startTime),
            ...cols.map((c) => fmtMetric(run.metrics[c])),
          ]),
        ) + '\n',
      );
      const caveat = tracker.kind === 'file' ? artifactsPathCaveat(tracker.location) : undefined;
      if (caveat && !globals(cmd).quiet) process.stderr.write(`${paint('note:', 'yellow', process.stderr)} ${caveat}\n`);
    });
}
