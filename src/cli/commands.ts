// Every command of the CLI, one file each, loaded only when it runs: `edgelab --help` and
// `--version` import none of them (nor their dependencies: DuckDB, vega, zod, hono). `summary`
// is the one-line entry of the top-level help; the command's own file holds its full description
// and options. Add a command by adding its entry (one line: .gitattributes merges this file with
// the union driver); commands.test.ts checks that each file registers the commands named here.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<RegisterCommand>;
}

// promote.ts registers three commands; they share its loader so it is registered once.
const promoteFile = async () => (await import('./promote.ts')).registerPromote;

export const commands: CommandEntry[] = [
  { name: 'init', summary: 'create a project: artifacts tree, conf/, experiment index, .gitignore block', load: async () => (await import('./init.ts')).registerInit },
  { name: 'doctor', summary: 'check the project (tree, champion links, Node, config, MLflow store)', load: async () => (await import('./doctor.ts')).registerDoctor },
  { name: 'config', summary: 'the composed configuration (conf/ plus overrides)', load: async () => (await import('./config.ts')).registerConfig },
  { name: 'data', summary: 'the data warehouse: load the demo league, import, pull, inspect and export data', load: async () => (await import('./data.ts')).registerData },
  { name: 'validate', summary: 'check the data of a week or season and write data-quality reports', load: async () => (await import('./validate.ts')).registerValidate },
  { name: 'archive', summary: 'move an experiment to archive/deprecated/ (--restore undoes it)', load: async () => (await import('./archive.ts')).registerArchive },
  { name: 'bets', summary: "a week's bets, with results when scored", load: async () => (await import('./bets.ts')).registerBets },
  { name: 'cleanup', summary: 'delete what can be regenerated (dry run unless --apply)', load: async () => (await import('./cleanup.ts')).registerCleanup },
  { name: 'dashboard', summary: 'serve a read-only web page of the champion, figures, charts and bets', load: async () => (await import('./dashboard.ts')).registerDashboard },
  { name: 'demo', summary: 'run the whole method on the built-in demo league', load: async () => (await import('./demo.ts')).registerDemo },
  { name: 'evaluate', summary: 'walk-forward evaluation of a trained experiment on one season', load: async () => (await import('./evaluate.ts')).registerEvaluate },
  { name: 'experiment', summary: 'manage experiment configurations', load: async () => (await import('./experiment.ts')).registerExperiment },
  { name: 'features', summary: 'point-in-time features (conf/features/*.yaml)', load: async () => (await import('./features.ts')).registerFeatures },
  { name: 'list', summary: 'list experiments with status and headline figures', load: async () => (await import('./list.ts')).registerList },
  { name: 'mlflow', summary: 'work with MLflow: copy local runs to a tracking server', load: async () => (await import('./mlflow.ts')).registerMlflow },
  { name: 'monitor', summary: 'rebuild production/monitoring: performance log, alerts, dashboard data', load: async () => (await import('./monitor.ts')).registerMonitor },
  { name: 'predict', summary: "the champion's bets for a week (immutable)", load: async () => (await import('./predict.ts')).registerPredict },
  { name: 'promote-test', summary: 'gate a candidate against the baseline (paired block bootstrap)', load: promoteFile },
  { name: 'promote', summary: 'make an experiment the champion (needs a passed promotion test)', load: promoteFile },
  { name: 'rollback', summary: 'make the previous champion current again', load: promoteFile },
  { name: 'refit', summary: "the champion's production model for a live season (recorded, immutable)", load: async () => (await import('./refit.ts')).registerRefit },
  { name: 'regenerate-plots', summary: "rebuild an experiment's plots from its outputs", load: async () => (await import('./regenerate-plots.ts')).registerRegeneratePlots },
  { name: 'report', summary: "the weekly picks report: one HTML file and its Markdown twin", load: async () => (await import('./report.ts')).registerReport },
  { name: 'roi', summary: 'current production figures: latest week and per-season totals', load: async () => (await import('./roi.ts')).registerRoi },
  { name: 'runs', summary: 'list tracked runs with key metrics', load: async () => (await import('./runs.ts')).registerRuns },
  { name: 'score', summary: "settle a week's bets against final scores", load: async () => (await import('./score.ts')).registerScore },
  { name: 'seasons', summary: 'the pinned test and development seasons (moved only with a reason)', load: async () => (await import('./seasons.ts')).registerSeasons },
  { name: 'show', summary: 'an experiment: summary, headline metrics, status and files', load: async () => (await import('./show.ts')).registerShow },
  { name: 'sweep', summary: 'tune on the development seasons, ranked with a Reality Check', load: async () => (await import('./sweep.ts')).registerSweep },
  { name: 'train', summary: 'train and evaluate an experiment walk-forward (development seasons)', load: async () => (await import('./train.ts')).registerTrain },
  { name: 'week', summary: 'the weekly loop: score → monitor → validate → predict', load: async () => (await import('./week.ts')).registerWeek },
  { name: 'where', summary: 'where things are: the champion, an experiment', load: async () => (await import('./where.ts')).registerWhere },
];

/** Global options that take a value (so their value is not mistaken for a command name). */
const VALUED = new Set(['--project', '--artifacts']);

/**
 * The command an argument list runs (`edgelab -q train …`, `edgelab help train`), or undefined
 * when it names none (top-level help, --version, an unknown word).
 */
export function commandOf(argv: readonly string[]): CommandEntry | undefined {
  let helpSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (VALUED.has(a)) i++;
      continue;
    }
    if (a === 'help' && !helpSeen) {
      helpSeen = true;
      continue;
    }
    return commands.find((c) => c.name === a);
  }
  return undefined;
}
