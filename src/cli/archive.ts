// `edgelab archive ID --reason "…"` and `edgelab archive --restore ID`.
import type { Command } from 'commander';
import { archiveExperiment, restoreExperiment } from '../workflow/archive.ts';
import { layoutFor } from './context.ts';
import { paint, printJson } from './output.ts';

export function registerArchive(program: Command): void {
  program
    .command('archive')
    .description('move an experiment (bundle and outputs) to archive/deprecated/, record it in archive/MANIFEST.md, mark the index and its MLflow runs; refuses the current and previous champion. --restore undoes it. The id is never reused.')
    .argument('<id>', 'experiment id, e.g. v2-002')
    .option('--reason <text>', 'why (required to archive; recorded in the manifest)')
    .option('--restore', 'put an archived experiment back where it was')
    .option('--json', 'print what was done as JSON')
    .action(async (id: string, opts: { reason?: string; restore?: boolean; json?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const r = opts.restore ? await restoreExperiment(layout, id, opts.reason) : await archiveExperiment(layout, id, opts.reason);
      if (opts.json) return printJson(r);
      const out = process.stdout;
      out.write(`${paint(r.action, 'green')} ${r.id}\n`);
      for (const m of r.moves) out.write(`  ${m.from} → ${m.to}\n`);
      out.write(`  index status: ${r.status}\n`);
      out.write(`  mlflow runs ${r.action === 'archived' ? 'tagged archived=true' : 'untagged'}: ${r.mlflow_runs.join(', ') || '(none found)'}\n`);
      out.write(`  recorded in ${layout.archiveManifest}\n`);
    });
}
