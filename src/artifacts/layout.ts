// The artifacts tree is a contract (DESIGN.md section 4). This file is the ONLY place that knows
// a path inside it; every other module asks a Layout. Keep it free of I/O.
import { join, resolve } from 'node:path';

export type SeasonType = 'regular' | 'postseason';
export type Phase = 1 | 2 | 3;

/** Zero-padded week file stem: `week08` (regular) or `postseason_week01` (postseason). */
export function weekStem(week: number, seasonType: SeasonType = 'regular'): string {
  if (!Number.isInteger(week) || week < 0 || week > 99) throw new Error(`invalid week: ${week}`);
  const ww = String(week).padStart(2, '0');
  return seasonType === 'postseason' ? `postseason_week${ww}` : `week${ww}`;
}

/** The inverse of the production file names: `week08_bets.csv` → week 8, regular, bets. */
export function parseWeekFile(name: string): { week: number; seasonType: SeasonType; kind: 'bets' | 'scored' } | null {
  const m = /^(postseason_)?week(\d{2})_(bets|scored)\.csv$/.exec(name);
  if (!m) return null;
  return { week: Number(m[2]), seasonType: m[1] ? 'postseason' : 'regular', kind: m[3] as 'bets' | 'scored' };
}

/** The inverse of alertFile: `2025_week08.json` → season 2025, week 8, regular. */
export function parseAlertFile(name: string): { season: number; week: number; seasonType: SeasonType } | null {
  const m = /^(\d{4})_(postseason_)?week(\d{2})\.json$/.exec(name);
  return m ? { season: Number(m[1]), week: Number(m[3]), seasonType: m[2] ? 'postseason' : 'regular' } : null;
}

/** The inverse of dataQualityFile's name: `week08_validation.json` → week 8, regular. */
export function parseValidationFile(name: string): { week: number; seasonType: SeasonType } | null {
  const m = /^(postseason_)?week(\d{2})_validation\.json$/.exec(name);
  return m ? { week: Number(m[2]), seasonType: m[1] ? 'postseason' : 'regular' } : null;
}

export const PHASE_DIRS: Record<Phase, string> = {
  1: 'phase1_baseline',
  2: 'phase2_features',
  3: 'phase3_models',
};

/** The files of an experiment directory (the same names whether it is active or archived). */
export const EXPERIMENT_FILES = {
  summary: 'summary.json',
  metrics: 'metrics.csv',
  predictions: 'predictions.csv',
  config: 'config.yaml',
  plots: 'plots',
} as const;
export type ExperimentFile = keyof typeof EXPERIMENT_FILES;

/** A file of the experiment directory `dir` (from experimentDir or deprecatedOutputs). */
export function experimentFile(dir: string, file: ExperimentFile): string {
  return join(dir, EXPERIMENT_FILES[file]);
}

/** The files of a sweep directory: the plan, one result per configuration, the report. */
export const SWEEP_FILES = { plan: 'plan.json', baseline: 'baseline.json', results: 'results', report: 'report.json', reportMd: 'report.md' } as const;

/** A file of the sweep directory `dir`; `result(dir, 7)` is the seventh configuration's result. */
export function sweepFile(dir: string, file: keyof typeof SWEEP_FILES): string {
  return join(dir, SWEEP_FILES[file]);
}

export function sweepResultFile(dir: string, index: number): string {
  return join(dir, SWEEP_FILES.results, `${String(index).padStart(4, '0')}.json`);
}

/** The file names of a model bundle directory. */
export const BUNDLE_FILES = { model: 'model.json', metadata: 'metadata.json', importance: 'feature_importance.csv' } as const;

/** A file of the model bundle directory `dir` (a bundle, or a champion link to one). */
export function bundleFile(dir: string, file: keyof typeof BUNDLE_FILES): string {
  return join(dir, BUNDLE_FILES[file]);
}

/** Every directory of the tree, relative to the artifacts root, in creation order. */
export const TREE_DIRS: readonly string[] = [
  'mlruns',
  'models/baseline',
  'models/candidates',
  'models/production',
  'experiments/phase1_baseline',
  'experiments/phase2_features',
  'experiments/phase3_models',
  'experiments/promotion_tests',
  'production/predictions',
  'production/scored',
  'production/monitoring/alerts',
  'validation/data_quality',
  'validation/walk_forward',
  'analysis',
  'archive/legacy_v1',
  'archive/deprecated',
];

export interface Layout {
  /** The project directory (holds conf/, docs/, data/ and, by default, artifacts/). */
  project: string;
  /** The artifacts root. */
  root: string;
  mlruns: string;
  modelsDir(kind: 'baseline' | 'candidates' | 'production'): string;
  /** Bundle directory of an experiment: phase 1 → models/baseline, 2/3 → models/candidates. */
  modelBundle(id: string, phase: Phase): string;
  championCurrent: string;
  championPrevious: string;
  /** The champion registry: its state and history, journalled (models/production/registry.json). */
  championRegistry: string;
  /** Journal of a promotion/rollback in progress (records still to write). */
  pendingChampionChange: string;
  /** A champion's production refit for one live season: its own immutable bundle. */
  productionRefit(id: string, season: number): string;
  /** Every production refit, one JSON object per line (with the content hashes of its bundle). */
  productionRefitsLog: string;
  experimentDir(id: string, phase: Phase): string;
  phaseDir(phase: Phase): string;
  promotionTest(candidateId: string): string;
  promotionTestsDir: string;
  /** A sweep's plan, per-configuration results and report (experiments/sweeps/<sweep id>/). */
  sweepDir(sweepId: string): string;
  sweepsDir: string;
  /** Every promotion-test attempt, one JSON object per line (written by promote-test; read for Holm). */
  promotionAttemptsLog: string;
  predictionsFile(season: number, week: number, seasonType?: SeasonType): string;
  scoredFile(season: number, week: number, seasonType?: SeasonType): string;
  /** The weekly picks report of `edgelab report`: `<season>/weekWW_report.html` and its `.md` twin. */
  reportFile(season: number, week: number, seasonType: SeasonType, format: 'html' | 'md'): string;
  predictionsDir(season?: number): string;
  scoredDir(season?: number): string;
  monitoringDir: string;
  /** Journal of predict/score runs (forced predictions, regenerations with their reasons). */
  productionLog: string;
  /** The production bankroll week by week (compounding; edgelab predict/score). */
  bankrollLedger: string;
  performanceLog: string;
  dashboardData: string;
  alertsDir: string;
  alertFile(season: number, week: number, seasonType?: SeasonType): string;
  dataQualityFile(season: number, week: number, seasonType?: SeasonType): string;
  dataQualityDir(season?: number): string;
  walkForwardFile(season: number): string;
  testLedger: string;
  analysisDir: string;
  archiveDir: string;
  deprecatedDir: string;
  legacyDir: string;
  archiveManifest: string;
  /** Journal of an archive / restore in progress (its whole plan, written before the first move). */
  pendingArchiveChange: string;
  deprecatedBundle(id: string): string;
  deprecatedOutputs(id: string): string;
  /** Where `doctor --fix` moves leftovers of interrupted writes (it never deletes them). */
  recoveredDir: string;
  /** Lock file taken by commands that change the tree. */
  lockFile: string;
  // Project files outside the artifacts root.
  confDir: string;
  experimentsIndex: string;
  idLedger: string;
  /** The pinned test and development seasons (project state under version control). */
  seasonLock: string;
  /** Lock of the id ledger (separate from lockFile, which a command may hold while allocating). */
  idLedgerLock: string;
  gitignore: string;
  decisionLog: string;
  dataDir: string;
  warehouse: string;
  rawCacheDir(source: string): string;
}

/** The log of every promotion-test attempt, one JSON object per line (contract in GUIDE.md). */
export function promotionAttemptsLog(layout: Pick<Layout, 'promotionTestsDir'>): string {
  return join(layout.promotionTestsDir, 'attempts.jsonl');
}

/** The JSON file of one promotion-test attempt (kept beside the log, in attempts/). */
export function promotionAttemptFile(layout: Pick<Layout, 'promotionTestsDir'>, name: string): string {
  return join(layout.promotionTestsDir, 'attempts', name);
}

export function createLayout(project: string, artifactsRoot?: string): Layout {
  const proj = resolve(project);
  const root = resolve(artifactsRoot ?? join(proj, 'artifacts'));
  const a = (...p: string[]) => join(root, ...p);
  const phaseDir = (phase: Phase) => a('experiments', PHASE_DIRS[phase]);
  return {
    project: proj,
    root,
    mlruns: a('mlruns'),
    modelsDir: (kind) => a('models', kind),
    modelBundle: (id, phase) => a('models', phase === 1 ? 'baseline' : 'candidates', id),
    championCurrent: a('models', 'production', 'champion_current'),
    championRegistry: a('models', 'production', 'registry.json'),
    championPrevious: a('models', 'production', 'champion_previous'),
    pendingChampionChange: a('models', 'production', 'pending_change.json'),
    productionRefit: (id, season) => a('models', 'production', 'refits', `${id}_for_${season}`),
    productionRefitsLog: a('models', 'production', 'refits.jsonl'),
    experimentDir: (id, phase) => join(phaseDir(phase), id),
    phaseDir,
    promotionTest: (candidateId) => a('experiments', 'promotion_tests', `${candidateId}_vs_baseline.json`),
    promotionTestsDir: a('experiments', 'promotion_tests'),
    sweepDir: (sweepId) => a('experiments', 'sweeps', sweepId),
    sweepsDir: a('experiments', 'sweeps'),
    promotionAttemptsLog: a('experiments', 'promotion_tests', 'attempts.jsonl'),
    predictionsFile: (season, week, st = 'regular') =>
      a('production', 'predictions', String(season), `${weekStem(week, st)}_bets.csv`),
    scoredFile: (season, week, st = 'regular') =>
      a('production', 'scored', String(season), `${weekStem(week, st)}_scored.csv`),
    reportFile: (season, week, st, format) => a('production', 'reports', String(season), `${weekStem(week, st)}_report.${format}`),
    predictionsDir: (season) => (season === undefined ? a('production', 'predictions') : a('production', 'predictions', String(season))),
    scoredDir: (season) => (season === undefined ? a('production', 'scored') : a('production', 'scored', String(season))),
    monitoringDir: a('production', 'monitoring'),
    productionLog: a('production', 'production_log.jsonl'),
    bankrollLedger: a('production', 'bankroll.csv'),
    performanceLog: a('production', 'monitoring', 'performance_log.csv'),
    dashboardData: a('production', 'monitoring', 'dashboard_data.json'),
    alertsDir: a('production', 'monitoring', 'alerts'),
    alertFile: (season, week, st = 'regular') =>
      a('production', 'monitoring', 'alerts', `${season}_${weekStem(week, st)}.json`),
    dataQualityFile: (season, week, st = 'regular') =>
      a('validation', 'data_quality', String(season), `${weekStem(week, st)}_validation.json`),
    dataQualityDir: (season) => (season === undefined ? a('validation', 'data_quality') : a('validation', 'data_quality', String(season))),
    walkForwardFile: (season) => a('validation', 'walk_forward', `${season}_validation.csv`),
    testLedger: a('validation', 'test_ledger.json'),
    analysisDir: a('analysis'),
    archiveDir: a('archive'),
    deprecatedDir: a('archive', 'deprecated'),
    legacyDir: a('archive', 'legacy_v1'),
    archiveManifest: a('archive', 'MANIFEST.md'),
    pendingArchiveChange: a('archive', 'pending_archive.json'),
    deprecatedBundle: (id) => a('archive', 'deprecated', id),
    deprecatedOutputs: (id) => a('archive', 'deprecated', `${id}_outputs`),
    recoveredDir: a('archive', 'recovered'),
    lockFile: a('.edgelab.lock'),
    confDir: join(proj, 'conf'),
    experimentsIndex: join(proj, 'docs', 'experiments', 'index.md'),
    idLedger: join(proj, 'docs', 'experiments', 'ids.json'),
    seasonLock: join(proj, 'docs', 'experiments', 'season_lock.json'),
    idLedgerLock: join(proj, 'docs', 'experiments', '.ids.lock'),
    gitignore: join(proj, '.gitignore'),
    decisionLog: join(proj, 'docs', 'decisions', 'decision_log.md'),
    dataDir: join(proj, 'data'),
    warehouse: join(proj, 'data', 'warehouse.duckdb'),
    rawCacheDir: (source) => join(proj, 'data', 'raw', source),
  };
}
