// `edgelab demo [--dir DIR] [--seed N] [--quick] [--serve]` — what `npm run demo` runs.
import type { Command } from 'commander';
import { runDemo, type DemoResult } from '../workflow/demo.ts';
import { alertExplained } from '../workflow/demo-summary.ts';
import { progressFor, silentProgress } from '../util/progress.ts';
import { UsageError } from '../util/errors.ts';
import { globals } from './context.ts';
import { paint, signed, table, verdictCell, wrap } from './output.ts';
import { intOption } from './figures.ts';

const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);

/** Every experiment's development figures against the market, and its gate verdict. */
export function summaryTable(res: DemoResult): string {
  const trained = [res.phase1, ...res.phase2.trained, ...res.phase3.trained];
  const tests = [...res.phase2.tests, ...res.phase3.tests];
  return table(
    ['id', 'phase', 'model', 'features', 'spread RMSE', 'market', 'bets', 'hit rate', 'ROI', 'gates'],
    trained.map((t) => {
      const s = t.summary;
      const all = t.metrics.filter((m) => m.season === 'all' && m.market !== 'all');
      const spread = all.find((m) => m.market === 'spread');
      const bets = all.reduce((a, m) => a + m.n_bets, 0);
      const wins = all.reduce((a, m) => a + m.wins, 0);
      const losses = all.reduce((a, m) => a + m.losses, 0);
      const units = all.reduce((a, m) => a + m.units, 0);
      const staked = all.reduce((a, m) => a + m.staked, 0);
      const test = tests.find((x) => x.candidate_id === s.id);
      const verdict = s.id === res.champion ? 'champion' : test ? (test.passed ? 'passed' : 'not passed') : 'benchmark';
      return [s.id, s.phase, s.model, s.feature_set, spread ? spread.rmse.toFixed(2) : '—', spread ? spread.market_rmse.toFixed(2) : '—', bets, pct(wins + losses ? wins / (wins + losses) : NaN), signed(pct(staked ? units / staked : NaN), staked ? units / staked : null), verdictCell(verdict)];
    }),
  );
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole method on the built-in demo league: baseline, feature and model experiments with gated promotion, the test season, the live season week by week')
    .option('--dir <dir>', 'project directory to create', 'edgelab-demo')
    .option('--seed <n>', 'seed of the demo league', '42')
    .option('--quick', 'six seasons and smaller models instead of twelve (quicker)')
    .option('--serve', 'start the dashboard at the end (Ctrl-C stops it)')
    .option('--port <n>', 'dashboard port with --serve', '8765')
    .action(async (opts: { dir: string; seed: string; quick?: boolean; serve?: boolean; port: string }, cmd: Command) => {
      const g = globals(cmd);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed: '${opts.seed}' is not an integer`);
      const port = intOption('--port', opts.port, 0, 65535)!;
      const t0 = Date.now();
      // The next training's progress bar (stderr) may be on screen while a step's line is
      // printed (trainings overlap): clear it first; the bar redraws below at its next update.
      const say = g.quiet
        ? () => undefined
        : (line: string) => {
            if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
            process.stdout.write(line + '\n');
          };
      const res = await runDemo({ dir: opts.dir, seed, quick: Boolean(opts.quick), progress: g.quiet ? silentProgress : progressFor({}), say });
      say(`\n${summaryTable(res)}`);
      say('development seasons; RMSE on the spread (market: the closing line\'s), bets, hit rate and ROI over both markets');
      const season = res.live.final?.rows.filter((r) => r.season === res.plan.liveSeason) ?? [];
      const units = season.reduce((a, r) => a + r.units, 0);
      const staked = season.reduce((a, r) => a + r.staked, 0);
      say(
        `live season ${res.plan.liveSeason}: ${season.reduce((a, r) => a + r.wins, 0)}-${season.reduce((a, r) => a + r.losses, 0)}-${season.reduce((a, r) => a + r.pushes, 0)}, ` +
          `${units >= 0 ? '+' : ''}${units.toFixed(2)} units, ROI ${staked > 0 ? `${((100 * units) / staked).toFixed(1)}%` : '—'}` +
          (res.live.rollbacks.length ? `; rolled back to ${res.live.rollbacks.join(', ')}` : ''),
      );
      say(wrap(`final alert ${alertExplained(res.live.final?.latest ?? null)}`, 100, '  '));
      say(`\n${paint('done', 'green')} in ${((Date.now() - t0) / 1000).toFixed(0)} s — champion ${paint(res.champion, 'bold')}`);
      say(`  experiments: ${res.layout.experimentsIndex}`);
      say(`  decisions:   ${res.layout.decisionLog}`);
      say(`  artifacts:   ${res.layout.root}`);
      if (opts.serve) await (await import('./dashboard.ts')).serveUntilStopped(res.layout, { port, host: '127.0.0.1' });
    });
}
