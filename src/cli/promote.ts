// `edgelab promote-test`, `edgelab promote`, `edgelab rollback`
import type { Command } from 'commander';
import { runPromotionTest } from '../workflow/promotion-test.ts';
import { promote, rollback, type ChampionChange } from '../workflow/champion-change.ts';
import { GATE_NAMES, type GateName, type Market, type PromotionTest } from '../evaluation/gates.ts';
import { comparisonLines } from '../evaluation/compared-games.ts';
import { UsageError } from '../util/errors.ts';
import { layoutFor } from './context.ts';
import { paint, printJson, table, wrap } from './output.ts';

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(2)}%`);

/** The gates as a table that fits 100 columns; each gate's detail follows on its own lines. */
export function gateTable(t: PromotionTest): string {
  const fmt = (v: number | null) => (v === null ? 'n/a' : Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(1));
  const rows = table(
    ['gate', 'result', 'value', 'threshold'],
    GATE_NAMES.map((n) => {
      const g = t.gates[n];
      return [n, g.passed ? paint('pass', 'green') : paint('FAIL', 'red'), fmt(g.value), fmt(g.threshold)];
    }),
  );
  const details = GATE_NAMES.filter((n) => t.gates[n].detail).map((n) => wrap(`${n}: ${t.gates[n].detail}`, 98, '    ').replace(/^/, '  '));
  return details.length ? `${rows}\n\n${details.join('\n')}` : rows;
}

function changeLine(c: ChampionChange): string {
  const what = c.action === 'rollback' ? 'rolled back to' : c.action === 'establish' ? 'established benchmark' : c.action === 'force-promote' ? 'force-promoted' : 'promoted';
  const attempt = c.attempt ? `\npromotion-test attempt #${c.attempt.number}; ${c.attempt.preceding} earlier attempt(s) for ${c.current.id} preceded it` : '';
  if (c.action === 'rollback') {
    return `${what} ${paint(c.current.id, 'bold')} (champion_current → ${c.current.bundle}); rolled back from ${c.previous?.id ?? 'none'}; next rollback target: ${c.below?.id ?? 'none'}\n`;
  }
  return `${what} ${paint(c.current.id, 'bold')} (champion_current → ${c.current.bundle})${c.previous ? `; previous: ${c.previous.id}` : ''}${attempt}\n`;
}

export function registerPromote(program: Command): void {
  program
    .command('promote-test')
    .description('gate a candidate against the baseline on the games both were evaluated on (paired block bootstrap)')
    .requiredOption('--baseline <id>', 'the benchmark experiment (usually the champion)')
    .requiredOption('--candidate <id>', 'the phase-2 or phase-3 candidate')
    .option('--market <m>', 'all | spread | total; default: the market conf/gates judges the phase on (another one is exploratory and cannot promote)')
    .option('--override <gate>', 'override a gate (only stability), with --reason')
    .option('--reason <text>', 'why the override is justified (recorded)')
    .option('--json', 'print the promotion-test JSON')
    .action((opts: { baseline: string; candidate: string; market?: string; override?: string; reason?: string; json?: boolean }, cmd: Command) => {
      if (opts.market !== undefined && !['all', 'spread', 'total'].includes(opts.market)) throw new UsageError(`--market: '${opts.market}' is not all, spread or total`);
      if (opts.override && !GATE_NAMES.includes(opts.override as GateName)) throw new UsageError(`--override: unknown gate '${opts.override}' (gates: ${GATE_NAMES.join(', ')})`);
      if (opts.override && !opts.reason) throw new UsageError(`--override ${opts.override} needs --reason "…"`);
      const overrides = opts.override ? [{ gate: opts.override as GateName, reason: opts.reason! }] : [];
      const { test, file, compared } = runPromotionTest({ layout: layoutFor(cmd), baselineId: opts.baseline, candidateId: opts.candidate, market: opts.market as Market | undefined, overrides });
      // A candidate that does not pass is a failed check (exit 1), in text and in --json alike.
      if (!test.passed) process.exitCode = 1;
      if (opts.json) return printJson(test);
      const verdict = test.passed ? paint('PASSED — eligible for promotion', 'green') : paint('NOT PASSED — keep the baseline', 'red');
      process.stdout.write(
        `attempt #${test.attempt}${test.exploratory ? ` — EXPLORATORY (the phase is judged on ${test.judged_market}; this cannot promote)` : ''}\n` +
        `${test.candidate_id} vs ${test.baseline_id}, ${comparisonLines(test, compared).join('\n')}\n` +
          `P(candidate better) ${test.confidence.toFixed(3)}, 95% CI of the ROI difference [${pct(test.ci95[0])}, ${pct(test.ci95[1])}]` +
          // (on a line of its own: appended, the line ran to 105 columns with long ids)
          `${test.baseline_convention === 'stands_aside' ? `\n            (against ${test.baseline_id} standing aside)` : ''}\n\n` +
          `${gateTable(test)}\n\n${verdict}\n${file}\n`,
      );
    });
  program
    .command('promote')
    .description('make an experiment the champion (needs a passed promotion test against the current champion)')
    .argument('<id>', 'experiment id')
    .option('--force', 'promote without a passed test (needs --reason; recorded)')
    .option('--reason <text>', 'why (recorded in docs/decisions/decision_log.md)')
    .option('--json', 'print the change as JSON')
    .action(async (id: string, opts: { force?: boolean; reason?: string; json?: boolean }, cmd: Command) => {
      const c = await promote({ layout: layoutFor(cmd), id, force: opts.force, reason: opts.reason });
      if (opts.json) return printJson(c);
      process.stdout.write(changeLine(c));
    });
  program
    .command('rollback')
    .description("return to the previous champion in the registry's history (or --to ID); never to a model just rolled back from without --force")
    .requiredOption('--reason <text>', 'why (recorded in docs/decisions/decision_log.md)')
    .option('--to <id>', 'roll back to this experiment instead of the previous champion')
    .option('--force', 'with --to: reinstate a model that was rolled back from (recorded)')
    .option('--json', 'print the change as JSON')
    .action(async (opts: { reason: string; to?: string; force?: boolean; json?: boolean }, cmd: Command) => {
      const c = await rollback({ layout: layoutFor(cmd), reason: opts.reason, to: opts.to, force: opts.force });
      if (opts.json) return printJson(c);
      process.stdout.write(changeLine(c));
    });
}
