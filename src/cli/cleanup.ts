// `edgelab cleanup [--older-than 30d] [--apply]`: dry run by default.
import type { Command } from 'commander';
import { applyCleanup, planCleanup } from '../workflow/cleanup.ts';
import { layoutFor } from './context.ts';
import { paint, printJson, table } from './output.ts';
import { bytes } from './figures.ts';

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description('delete what can be regenerated: experiment CSVs over 1 MiB and plots older than the limit, scored results of seasons more than one season before the latest. Never MLflow, model bundles, summaries, configs or production predictions. Dry run unless --apply.')
    .option('--older-than <age>', 'age limit for CSVs and plots: <n>h, <n>d or <n>w', '30d')
    .option('--apply', 'delete the files (default: only list them)')
    .option('--json', 'print the plan (or what was deleted) as JSON')
    .action((opts: { olderThan: string; apply?: boolean; json?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const plan = opts.apply ? applyCleanup(layout, { olderThan: opts.olderThan }) : planCleanup(layout, { olderThan: opts.olderThan });
      if (opts.json) return printJson(plan);
      const out = process.stdout;
      if (plan.items.length === 0) return void out.write(`nothing to clean up (limit ${plan.older_than}, latest season ${plan.latest_season ?? 'none'})\n`);
      out.write(table(['path', 'kind', 'bytes', 'modified'], plan.items.map((i) => [i.path, i.kind, i.bytes, i.modified.slice(0, 10)])) + '\n');
      const total = `${plan.items.length} files, ${bytes(plan.total_bytes)}`;
      out.write(plan.applied ? `${paint('deleted', 'green')} ${total}\n` : `dry run: would delete ${total}; run again with --apply to delete them\n`);
    });
}
