// `edgelab init`: a project directory with the artifacts tree, the default configuration, the
// experiments index and the git strategy. Idempotent; never overwrites a file the user changed.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import type { Layout } from '../artifacts/layout.ts';
import { ensureTree } from '../artifacts/tree.ts';
import { mergeGitignore } from './gitignore.ts';
import { UsageError } from '../util/errors.ts';

export const EXPERIMENTS_INDEX = `# Experiments

One row per experiment id (\`v2-XXX\`, sequential across phases, never reused). The
machine-readable ledger of ids is \`ids.json\` beside this file.

| ID | Phase | Date | Model | Features | RMSE | Hit rate | ROI | Status | League |
|---|---|---|---|---|---|---|---|---|---|
`;

export interface InitReport {
  project: string;
  /** Files and directories created (relative to the project; directories end with `/`). */
  created: string[];
  /** Default conf files left alone because the project's copy differs (the user changed it). */
  kept: string[];
  /** .gitignore entries appended. */
  gitignoreAdded: string[];
}

function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...filesUnder(join(dir, d.name), rel));
    else if (d.isFile()) out.push(rel);
  }
  return out;
}

const sameDir = (a: string, b: string) => existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);

/** The leagues `init --league` knows: the option files of conf/league/. */
export function leagueOptions(packageConfDir: string): string[] {
  const dir = join(packageConfDir, 'league');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

const LEAGUE_ENTRY = /^(\s*-\s*league:\s*)(\S+)(.*)$/m;

/** config.yaml with its `- league: X` entry set to `league`. */
export function withLeague(configYaml: string, league: string): string {
  if (!LEAGUE_ENTRY.test(configYaml)) throw new UsageError('conf/config.yaml has no `- league: …` entry in its defaults list; add `  - league: ' + league + '` before `- optional experiment: null`');
  return configYaml.replace(LEAGUE_ENTRY, (_, a: string, _old: string, rest: string) => `${a}${league}${rest}`);
}

export function initProject(layout: Layout, packageConfDir: string, opts: { league?: string } = {}): InitReport {
  const rel = (p: string) => relative(layout.project, p);
  const report: InitReport = { project: layout.project, created: [], kept: [], gitignoreAdded: [] };
  const leagues = leagueOptions(packageConfDir);
  if (opts.league !== undefined && !leagues.includes(opts.league)) {
    throw new UsageError(`--league ${opts.league}: unknown league (choose one of ${leagues.join(', ')})`);
  }
  report.created.push(...ensureTree(layout));

  // conf/: copy each default the project lacks; a differing copy is the user's and stays.
  if (!sameDir(packageConfDir, layout.confDir)) {
    for (const f of filesUnder(packageConfDir)) {
      const target = join(layout.confDir, f);
      let text = readFileSync(join(packageConfDir, f));
      if (f === 'config.yaml' && opts.league !== undefined) {
        const base = text.toString('utf8');
        text = Buffer.from(withLeague(base, opts.league));
        // A config.yaml that differs from the default only in its league is ours to switch.
        if (existsSync(target)) {
          const mine = readFileSync(target, 'utf8');
          if (mine !== text.toString('utf8') && leagues.some((l) => withLeague(base, l) === mine)) {
            writeFileAtomic(target, text);
            report.created.push(`${rel(target)} (league ${opts.league})`);
            continue;
          }
        }
      }
      if (!existsSync(target)) {
        writeFileAtomic(target, text);
        report.created.push(rel(target));
      } else if (!readFileSync(target).equals(text)) {
        report.kept.push(rel(target));
      }
    }
  }
  if (!existsSync(layout.experimentsIndex)) {
    writeFileAtomic(layout.experimentsIndex, EXPERIMENTS_INDEX);
    report.created.push(rel(layout.experimentsIndex));
  }
  const before = existsSync(layout.gitignore) ? readFileSync(layout.gitignore, 'utf8') : '';
  const { text, added } = mergeGitignore(before);
  if (added.length > 0) {
    writeFileAtomic(layout.gitignore, text);
    if (before === '') report.created.push(rel(layout.gitignore));
    report.gitignoreAdded = added;
  }
  return report;
}
