// `edgelab evaluate ID --season S` / `edgelab evaluate ID --test`
import type { Command } from 'commander';
import { evaluateExperiment } from '../workflow/evaluate.ts';
import { withCallerMode } from '../util/pool.ts';
import { progressFor } from '../util/progress.ts';
import { UsageError } from '../util/errors.ts';
import { globals, layoutFor } from './context.ts';
import { paint, printJson } from './output.ts';
import { resultTable } from './train.ts';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('walk-forward evaluation of a trained experiment on one season; writes validation/walk_forward/<S>_validation.csv')
    .argument('<id>', 'experiment id (v2-XXX)')
    .option('--season <S>', 'season to evaluate (any season but the locked test season)')
    .option('--test', 'evaluate the locked test season (recorded in validation/test_ledger.json)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, opts: { season?: string; test?: boolean; json?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      let season: number | undefined;
      if (opts.season !== undefined) {
        season = Number(opts.season);
        if (!Number.isInteger(season)) throw new UsageError(`--season: '${opts.season}' is not a season (e.g. 2023)`);
      }
      const res = await withCallerMode('helps', () => evaluateExperiment({ layout: layoutFor(cmd), id, season, test: opts.test, progress: progressFor({ quiet: g.quiet || opts.json }) }));
      if (opts.json) return printJson({ id: res.id, season: res.season, test: res.isTest, prior_looks: res.priorLooks, file: res.file, metrics: res.metrics });
      const note = res.isTest
        ? paint(`test season ${res.season}: look #${res.priorLooks + 1}${res.priorLooks ? ` — it has been used ${res.priorLooks} time(s) before; every look spends it` : ''}`, res.priorLooks ? 'yellow' : 'cyan')
        : `season ${res.season}`;
      process.stdout.write(`${paint(id, 'bold')} ${note}\n\n${resultTable(res.metrics)}\n\nweekly record: ${res.file}\n`);
    });
}
