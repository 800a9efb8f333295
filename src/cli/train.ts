// `edgelab train experiment=v2-001 [group=option …] [key=value …] [--force]`
import type { Command } from 'commander';
import { trainExperiment } from '../workflow/train/train.ts';
import { withCallerMode } from '../util/pool.ts';
import { progressFor } from '../util/progress.ts';
import { globals, layoutFor } from './context.ts';
import { paint, printJson, table } from './output.ts';
import type { MetricsRow } from '../evaluation/experiment-metrics.ts';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');

export function resultTable(metrics: readonly MetricsRow[]): string {
  const rows = metrics.filter((m) => m.season === 'all' && m.market !== 'all');
  return table(
    ['market', 'games', 'model RMSE', 'market RMSE', 'bets', 'W-L-P', 'hit rate', 'units', 'ROI'],
    rows.map((m) => [m.market, m.n_games, f2(m.rmse), f2(m.market_rmse), m.n_bets, `${m.wins}-${m.losses}-${m.pushes}`, pct(m.hit_rate), f2(m.units), pct(m.roi)]),
  );
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train and evaluate an experiment walk-forward (development seasons only; the test season stays locked)')
    .argument('[overrides...]', 'experiment=v2-XXX, then group=option, key=value, +key=value, ~key')
    .option('--force', 'retrain an id that already has artifacts (the old outputs are archived first)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  edgelab train experiment=v2-001\n  edgelab train experiment=v2-004 model.max_depth=4 --force')
    .action(async (overrides: string[], opts: { force?: boolean; json?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const layout = layoutFor(cmd);
      const progress = progressFor({ quiet: g.quiet || opts.json });
      const res = await withCallerMode('helps', () => trainExperiment({ layout, overrides, force: opts.force, progress }));
      if (opts.json) return printJson({ summary: res.summary, metrics: res.metrics, experiment_dir: res.experimentDir, bundle_dir: res.bundleDir });
      const s = res.summary;
      process.stdout.write(
        `${paint(s.id, 'bold')} ${s.name} — phase ${s.phase}, ${s.model} on ${s.feature_set} (${s.feature_set_id}); ` +
          `development seasons ${s.dev_seasons.join(', ')}; test season ${s.test_season} locked\n\n${resultTable(res.metrics)}\n\n` +
          `experiment: ${res.experimentDir}\nbundle:     ${res.bundleDir}\nmlflow run: ${res.runId}\n`,
      );
    });
}
