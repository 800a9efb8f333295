// `edgelab demo [--dir DIR] [--seed N] [--quick] [--serve]` — what `npm run demo` runs.
import type { Command } from 'commander';
import { runDemo } from '../workflow/demo.ts';
import { progressFor, silentProgress } from '../util/progress.ts';
import { UsageError } from '../util/errors.ts';
import { globals } from './context.ts';
import { paint } from './output.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole method on the built-in demo league: baseline, feature and model experiments with gated promotion, the test season, the live season week by week')
    .option('--dir <dir>', 'project directory to create', 'edgelab-demo')
    .option('--seed <n>', 'seed of the demo league', '42')
    .option('--quick', 'fewer seasons and smaller models (under a minute)')
    .option('--serve', 'start the dashboard at the end')
    .action(async (opts: { dir: string; seed: string; quick?: boolean; serve?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed: '${opts.seed}' is not an integer`);
      const t0 = Date.now();
      const say = g.quiet ? () => undefined : (line: string) => process.stdout.write(line + '\n');
      const res = await runDemo({ dir: opts.dir, seed, quick: Boolean(opts.quick), progress: g.quiet ? silentProgress : progressFor({}), say });
      say(`\n${paint('done', 'green')} in ${((Date.now() - t0) / 1000).toFixed(0)} s — champion ${paint(res.champion, 'bold')}`);
      say(`  experiments: ${res.layout.experimentsIndex}`);
      say(`  decisions:   ${res.layout.decisionLog}`);
      say(`  artifacts:   ${res.layout.root}`);
    });
}
