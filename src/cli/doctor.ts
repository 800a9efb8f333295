// `edgelab doctor [--fix]`: report what is wrong with a project and how to fix it.
import type { Command } from 'commander';
import { runDoctor, type CheckStatus } from '../workflow/doctor.ts';
import { layoutFor } from './context.ts';
import { paint, printJson, type Color } from './output.ts';

const LABEL: Record<CheckStatus, [string, Color]> = { ok: ['ok  ', 'green'], warn: ['warn', 'yellow'], fail: ['FAIL', 'red'] };

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the project (artifacts tree, champion links, symlinks, Node version, config, MLflow store); exit 0 healthy, 1 otherwise')
    .option('--fix', 'create missing directories and remove leftovers of interrupted writes')
    .option('--json', 'print the checks as JSON')
    .action(async (opts: { fix?: boolean; json?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      // --fix completes a journalled promotion/rollback or archive/restore first (they need the async
      // MLflow client). Loaded only then: the champion change and the tracker are not part of a check.
      const completed = opts.fix ? await (await import('../workflow/doctor-repair.ts')).completeInterruptedWork(layout) : [];
      const report = runDoctor(layout, { fix: opts.fix ?? false });
      for (const c of completed) report.checks.push({ name: c.name, status: 'ok', message: c.message, advice: [], fixed: true });
      process.exitCode = report.healthy ? 0 : 1;
      if (opts.json) return printJson(report);
      const out = process.stdout;
      out.write(`project ${report.project}\n`);
      out.write(`state   ${report.state}\n`);
      const width = Math.max(...report.checks.map((c) => c.name.length));
      for (const c of report.checks) {
        const [label, color] = LABEL[c.status];
        out.write(`  ${paint(label, color)}  ${c.name.padEnd(width)}  ${c.fixed ? paint('fixed: ', 'green') : ''}${c.message}\n`);
        for (const a of c.advice) out.write(`        ${' '.repeat(width)}  -> ${a}\n`);
      }
      const fails = report.checks.filter((c) => c.status === 'fail').length;
      const warns = report.checks.filter((c) => c.status === 'warn').length;
      out.write(
        report.healthy
          ? `${paint('healthy', 'green')}${warns ? ` (${warns} warning${warns > 1 ? 's' : ''})` : ''}\n`
          : `${paint(`${fails} problem${fails > 1 ? 's' : ''}`, 'red')}${opts.fix ? '' : '; `edgelab doctor --fix` repairs what it safely can'}\n`,
      );
    });
}
