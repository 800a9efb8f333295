// `edgelab init [DIR]`: create a project (artifacts tree, conf/, docs, .gitignore block).
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { createLayout } from '../artifacts/layout.ts';
import { packageConfDir } from '../config/confdir.ts';
import { initProject } from '../workflow/init.ts';
import { globals } from './context.ts';
import { paint, printJson } from './output.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a project: the artifacts tree, conf/ with the default configuration, docs/experiments/index.md and a .gitignore block (safe to rerun: changes nothing that exists)')
    .argument('[dir]', 'project directory (default: --project, else the current directory)')
    .option('--league <league>', 'league profile of conf/league/: nfl (nflverse), cfb (college, FBS) or demo (the default)')
    .option('--json', 'print what was created as JSON')
    .addHelpText('after', '\nExamples:\n  edgelab init --league nfl myproject\n  edgelab init --league cfb')
    .action((dir: string | undefined, opts: { json?: boolean; league?: string }, cmd: Command) => {
      const g = globals(cmd);
      const project = resolve(dir ?? g.project ?? process.env.EDGELAB_PROJECT ?? process.cwd());
      const artifacts = g.artifacts ?? process.env.EDGELAB_ARTIFACTS;
      const layout = createLayout(project, artifacts ? resolve(artifacts) : undefined);
      const report = initProject(layout, packageConfDir(), opts.league !== undefined ? { league: opts.league } : {});
      if (opts.json) return printJson(report);
      if (g.quiet) return;
      const out = process.stdout;
      if (report.created.length === 0 && report.gitignoreAdded.length === 0) {
        out.write(`${report.project}: already initialised, nothing to do\n`);
      } else {
        out.write(`initialised ${report.project}\n`);
        // Every empty directory gets a .gitkeep; listing each would drown the interesting lines.
        const keeps = report.created.filter((c) => c.endsWith('/.gitkeep')).length;
        for (const c of report.created) if (!c.endsWith('/.gitkeep')) out.write(`  ${paint('created', 'green')}  ${c}\n`);
        if (keeps) out.write(`  ${paint('created', 'green')}  ${keeps} .gitkeep files (git keeps empty directories)\n`);
        if (report.gitignoreAdded.length) out.write(`  ${paint('.gitignore', 'green')}  +${report.gitignoreAdded.length} entries\n`);
      }
      for (const k of report.kept) out.write(`  ${paint('kept', 'yellow')}     ${k} (differs from the default: yours)\n`);
      if (report.created.length) {
        const next =
          opts.league === 'nfl' ? 'edgelab data pull nflverse --seasons 2015-2025 --pbp' : opts.league === 'cfb' ? 'edgelab data import csv games.csv --table games' : 'edgelab doctor';
        out.write(`next: cd ${report.project} && ${next}\n`);
      }
    });
}
