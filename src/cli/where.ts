// `edgelab where champion|ID`: where things are in the artifacts tree.
import type { Command } from 'commander';
import { ID_PATTERN, requireExperiment, whereChampion, type ChampionInfo } from '../readers/experiments.ts';
import { UsageError } from '../util/errors.ts';
import { layoutFor } from './context.ts';
import { paint, printJson } from './output.ts';

export function registerWhere(program: Command): void {
  program
    .command('where')
    .description('where things are: `where champion` (current and previous champion: id and bundle), `where ID` (an experiment\'s outputs and bundle)')
    .argument('<what>', 'champion, or an experiment id such as v2-003')
    .option('--json', 'print as JSON')
    .action((what: string, opts: { json?: boolean }, cmd: Command) => {
      const layout = layoutFor(cmd);
      const out = process.stdout;
      if (what === 'champion') {
        const w = whereChampion(layout);
        if (opts.json) return printJson(w);
        const line = (role: string, c: ChampionInfo | null) =>
          out.write(`${role.padEnd(9)} ${c ? `${c.id}  ${c.bundle}${c.state === 'dangling' ? paint('  (dangling: the bundle is missing; run `edgelab doctor`)', 'red') : ''}` : '(none)'}\n`);
        line('current', w.current);
        line('previous', w.previous);
        if (!w.current) out.write('no champion yet: promote one with `edgelab promote ID`\n');
        return;
      }
      if (!ID_PATTERN.test(what)) throw new UsageError(`where: expected "champion" or an experiment id such as v2-003, got ${JSON.stringify(what)}`);
      const loc = requireExperiment(layout, what);
      if (opts.json) return printJson(loc);
      out.write(`${loc.id}${loc.archived ? paint('  (archived)', 'yellow') : ''}\n`);
      out.write(`outputs  ${loc.outputs ?? '(none)'}\n`);
      out.write(`bundle   ${loc.bundle ?? '(none)'}\n`);
    });
}
