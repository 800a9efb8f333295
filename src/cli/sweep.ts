// `edgelab sweep experiment=v2-004 model.max_depth=3,4,6 … [--trials N --seed S] [--workers N]
//  [--shard I/N]` and `edgelab sweep collect SWEEP [--rerun-missing]`
import type { Command } from 'commander';
import { collectSweep, finishSweep } from '../workflow/sweep/collect.ts';
import { runSweep } from '../workflow/sweep/run.ts';
import type { SweepReport } from '../workflow/sweep/report.ts';
import { progressFor } from '../util/progress.ts';
import { UsageError } from '../util/errors.ts';
import { globals, layoutFor } from './context.ts';
import { paint, printJson, table } from './output.ts';

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name}: '${v}' is not an integer ≥ ${min}`);
  return n;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');

function printReport(r: SweepReport, files: { md: string }): void {
  const rows = r.ranking.slice(0, 10).map((c) => [c.rank, `#${c.index}`, c.overrides.join(' '), c.n_bets, pct(c.hit_rate), pct(c.roi), `${c.difference >= 0 ? '+' : ''}${pct(c.difference)}`, c.naive_p.toFixed(3)]);
  const rc = r.reality_check;
  const good = rc.p_value < rc.alpha && r.ranking[0]!.difference > 0;
  process.stdout.write(
    `${paint(`sweep ${r.sweep_id}`, 'bold')}: ${r.n_results}/${r.n_configurations} configurations; baseline ${r.baseline.id} ROI ${pct(r.baseline.roi)} (${r.baseline.n_bets} bets); development seasons ${r.dev_seasons.join(', ')}\n\n` +
      table(['rank', 'config', 'overrides', 'bets', 'hit rate', 'ROI', 'vs base', 'naive p'], rows) +
      `\n${r.ranking.length > 10 ? `(${r.ranking.length - 10} more in the report)\n` : ''}\n` +
      `Reality Check over ${r.n_results}: p = ${rc.p_value.toFixed(3)} — ${paint(good ? 'the lead is not selection luck' : 'the lead is within selection luck', good ? 'green' : 'yellow')}\n` +
      `winner's ROI ${pct(rc.best_roi)}, shrunk for ${r.n_results} tried: ${pct(rc.best_roi_adjusted)}\n` +
      `${r.verdict}\n` +
      (r.missing.length ? paint(`missing: ${r.missing.join(', ')} (edgelab sweep collect ${r.sweep_id} --rerun-missing)\n`, 'yellow') : '') +
      `report: ${files.md}\n`,
  );
}

export function registerSweep(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('run many configurations walk-forward on the development seasons and rank them honestly (White\'s Reality Check)')
    .argument('[overrides...]', "experiment=v2-XXX, then swept keys: key=a,b  key=range(lo,hi[,step])  key=choice(a,b)  key=interval(lo,hi) (with --trials)")
    .option('--trials <N>', 'random search: N configurations drawn from the swept values (needed for interval)')
    .option('--seed <S>', 'seed of the random search', '0')
    .option('--workers <N>', 'worker processes on this machine', '1')
    .option('--shard <I/N>', 'run slice I of N of the plan (a batch engine array job; also JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID with EDGELAB_SHARDS=N)')
    .option('--baseline <ID>', 'experiment every configuration is compared with (default: the swept experiment)')
    .option('--no-report', 'do not write the report (shards leave it to `sweep collect`)')
    .option('--parent-run <RUN>', 'MLflow parent run for the child runs (set by the sweep for its workers)')
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  edgelab sweep experiment=v2-004 model.max_depth=3,4,6 model.learning_rate=0.03,0.1 --workers 2\n' +
        '  edgelab sweep experiment=v2-001 model.alpha=interval(1,1000) --trials 20 --seed 7\n' +
        '  edgelab sweep experiment=v2-004 model.max_depth=3,4,6 --shard 0/3     (one of three array tasks)\n' +
        '  edgelab sweep collect sw-1a2b3c4d5e6f --rerun-missing\n',
    )
    .action(
      async (
        args: string[],
        opts: { trials?: string; seed: string; workers: string; shard?: string; baseline?: string; report: boolean; parentRun?: string; json?: boolean },
        cmd: Command,
      ) => {
        const g = globals(cmd);
        const layout = layoutFor(cmd);
        const progress = progressFor({ quiet: g.quiet || opts.json });
        const out = await runSweep({
          layout,
          args,
          trials: int('--trials', opts.trials, 1),
          seed: int('--seed', opts.seed, 0),
          workers: int('--workers', opts.workers, 1),
          shard: opts.shard,
          baseline: opts.baseline,
          parentRunId: opts.parentRun,
          progress,
          entry: { script: process.argv[1]!, execArgv: process.execArgv },
        });
        const sharded = out.shard.count > 1;
        if (!opts.report || sharded || !out.complete) {
          const msg = {
            sweep_id: out.plan.sweep_id,
            shard: out.shard,
            evaluated: out.evaluated,
            already_done: out.skipped,
            complete: out.complete,
          };
          if (opts.json) return printJson(msg);
          if (!g.quiet) {
            process.stdout.write(
              `sweep ${out.plan.sweep_id}${sharded ? ` shard ${out.shard.index}/${out.shard.count}` : ''}: evaluated ${out.evaluated.length}, already done ${out.skipped.length}\n` +
                (out.complete ? `every configuration has a result: edgelab sweep collect ${out.plan.sweep_id}\n` : `when every shard has finished: edgelab sweep collect ${out.plan.sweep_id}\n`),
            );
          }
          return;
        }
        const { report, files } = await finishSweep(layout, out.plan.sweep_id);
        if (opts.json) return printJson({ ...report, files });
        printReport(report, files);
      },
    );
  sweep
    .command('collect')
    .description("gather a sweep's finished configurations (from the tracking server as well) and write its report")
    .argument('<sweep>', 'sweep id (sw-…) or its parent run id')
    .option('--rerun-missing', 'evaluate here the configurations no shard finished')
    .option('--workers <N>', 'worker processes for --rerun-missing')
    .option('--json', 'print the report as JSON')
    .action(async (id: string, o: { rerunMissing?: boolean; workers?: string; json?: boolean }, cmd: Command) => {
      // `sweep` has --json and --workers too: commander may hand them to the parent command.
      const parent = cmd.parent!.opts() as { json?: boolean; workers?: string };
      const opts = { ...o, json: o.json || parent.json, workers: o.workers ?? parent.workers ?? '1' };
      const g = globals(cmd);
      const layout = layoutFor(cmd);
      const progress = progressFor({ quiet: g.quiet || opts.json });
      const out = await collectSweep({ layout, sweep: id, rerunMissing: opts.rerunMissing, workers: int('--workers', opts.workers, 1), progress, entry: { script: process.argv[1]!, execArgv: process.execArgv } });
      if (opts.json) return printJson({ ...out.report, files: out.files, from_server: out.fromServer, rerun: out.rerun });
      if (!g.quiet && (out.fromServer || out.rerun.length)) process.stdout.write(`collected ${out.fromServer} from the tracking server; evaluated ${out.rerun.length} here\n`);
      printReport(out.report, out.files);
    });
}
