// `edgelab train experiment=v2-XXX`: compose the config, read the warehouse, build point-in-time
// features, run the walk-forward evaluation per market, bet with the policy, and write every
// artifact the tree promises (experiment dir, model bundle, MLflow run, index row).
import { existsSync, renameSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { cores } from '../../util/cores.ts';
import type { Layout, Phase } from '../../artifacts/layout.ts';
import { registerId } from '../../artifacts/ids.ts';
import { checkIndex } from '../../artifacts/experiment-index.ts';
import { withLock } from '../../artifacts/lock.ts';
import { everChampion } from '../../artifacts/champion.ts';
import { faultPoint } from '../../util/fault.ts';
import { loadConfig } from '../../config/load.ts';
import { resolveConfDir } from '../../config/confdir.ts';
import type { EdgelabConfig } from '../../config/schema.ts';
import { betLines } from '../../features/index.ts';
import { weekOrdinal, type Dataset, type Game } from '../../data/schema.ts';
import { buildFeaturesForWeeks, checkData, featureSetId, weeksOf } from '../../features/index.ts';
import { buildMarketDesign, type Market, type MarketDesign } from '../../features/index.ts';
import { planFolds, seasonRoles, weekSlots, type Fold, type SeasonRoles } from '../../evaluation/walkforward.ts';
import { backtest, sigmaAtCuts, type MarketPredictions } from '../../evaluation/backtest.ts';
import { resultKnownMs } from '../../features/index.ts';
import { planDevSeasons, SeasonPlanError } from '../../evaluation/season-plan.ts';
import { noGamesMessage } from '../league-hint.ts';
import { experimentMetrics, type MetricsRow } from '../../evaluation/experiment-metrics.ts';
import { UsageError, UserError } from '../../util/errors.ts';
import type { Progress } from '../../util/progress.ts';
import { runWalkForward, trainingRows, fitImputer, needsImputation, poolWorthIt, designSource, fitSizes } from './walkforward-run.ts';
import { featureReference, type FeatureReference } from '../../evaluation/drift.ts';
import { fitRowsModels, modelFromJSON, parseModelConfig, Pipeline } from '../../models/index.ts';
import type { MarketRecipe, Recipe } from '../recipe.ts';
import { writeExperiment, type ExperimentSummary, type WriteInput } from './outputs.ts';
import { startExperimentPlots } from '../../evaluation/experiment-plots.ts';
import { warmPlotThreads } from '../../evaluation/plot-threads.ts';
import { lockedRoles } from '../season-lock.ts';
import { loadDataset } from './dataset.ts';

export interface TrainOptions {
  layout: Layout;
  overrides: string[];
  force?: boolean;
  progress: Progress;
  log?: (line: string) => void;
}

export interface TrainResult {
  summary: ExperimentSummary;
  metrics: MetricsRow[];
  experimentDir: string;
  bundleDir: string;
  runId: string;
}

/** Compose the configuration of an experiment; `experiment=` is required. */
export function experimentConfig(layout: Layout, overrides: string[]): EdgelabConfig & { experiment: NonNullable<EdgelabConfig['experiment']> } {
  const { config } = loadConfig({ confDir: resolveConfDir(layout.confDir), overrides });
  if (!config.experiment) throw new UsageError('train needs an experiment: edgelab train experiment=v2-001 (see conf/experiment/)');
  return config as EdgelabConfig & { experiment: NonNullable<EdgelabConfig['experiment']> };
}

/** The season before `season` that may be trained on and is complete (for the burn-in fold). */
function burnInSeason(complete: readonly number[], config: EdgelabConfig, before: number): number | undefined {
  const ok = complete.filter((s) => s < before && s >= config.evaluation.first_season && !config.evaluation.exclude_seasons.includes(s));
  return ok[ok.length - 1];
}

/**
 * One fold predicting a whole season with a model fitted before its first kickoff (burn-in for
 * sigma, the final model, a production refit). `future`: a season not in the warehouse yet is
 * predicted by a model fitted on every game known now.
 */
export function seasonFold(games: readonly Game[], season: number, config: EdgelabConfig, future = false): Fold {
  const slots = weekSlots(games, config.evaluation.include_postseason).filter((s) => s.season === season);
  const first = weekSlots(games, true).find((s) => s.season === season);
  if (!first && !future) throw new UserError(`season ${season} has no games in the warehouse`);
  return {
    predict: slots,
    trainBefore: first?.cut ?? Infinity,
    trainFromSeason: config.evaluation.max_train_seasons === null ? config.evaluation.first_season : Math.max(config.evaluation.first_season, season - config.evaluation.max_train_seasons),
    excludeSeasons: [...config.evaluation.exclude_seasons],
  };
}

export function workerCount(config: EdgelabConfig): number {
  return config.evaluation.workers ?? Math.max(1, Math.min(cores(), 4));
}

export interface EvaluatedMarkets {
  designs: MarketDesign[];
  predictions: MarketPredictions[];
  folds: Fold[];
  burnIn: number;
}

/**
 * Walk-forward over `seasons` for every market: burn-in fold for the first predictive spread,
 * then one model per fold, sigma per fold from residuals known before it.
 */
export async function evaluateSeasons(
  data: Dataset,
  config: EdgelabConfig,
  seasons: number[],
  progress: Progress,
): Promise<EvaluatedMarkets> {
  // Only the complete seasons matter here (a sweep's data holds no test season at all).
  const roles = seasonRoles(data.games, { ...config.evaluation, test_season: null });
  const burnIn = burnInSeason(roles.complete, config, Math.min(...seasons));
  if (burnIn === undefined) {
    throw new UserError(`no complete season before ${Math.min(...seasons)} to estimate the predictive spread; load earlier seasons or lower evaluation.first_season`);
  }
  const lastSeason = Math.max(...seasons);
  const featureSeasons = [...new Set(data.games.map((g) => g.season))].filter((s) => s >= config.evaluation.first_season - 1 && s <= lastSeason);
  const targets = weeksOf(data, featureSeasons);
  progress.log(`features: ${config.features.name} over ${targets.length} weeks`);
  const frame = buildFeaturesForWeeks(data, config.features, targets, { lineProviders: config.data.line_provider_preference, betLine: config.evaluation.bet_line });
  const games = new Map(data.games.map((g) => [g.game_id, g]));
  const folds = planFolds(data.games, seasons, config.evaluation);
  const burnFold = seasonFold(data.games, burnIn, config);
  const designs: MarketDesign[] = [];
  const predictions: MarketPredictions[] = [];
  for (const market of config.markets as Market[]) {
    const lines = betLines(data.lines, config.data.line_provider_preference, market, config.evaluation.bet_line);
    const design = buildMarketDesign(frame, games, lines, market, config.evaluation.bet_line, config.features.market.offset);
    const wf = await runWalkForward(design, [burnFold, ...folds], { model: config.model, seed: config.seed, workers: workerCount(config), progress });
    const residuals = wf.folds.map((f) => f.predicted.map((i, j) => ({ known: resultKnownMs(design.rows[i]!.kickoff), residual: design.rows[i]!.target - f.predictions[j]! })));
    const sigmas = sigmaAtCuts(
      residuals[0]!.map((r) => r.residual),
      residuals.slice(1).flat(),
      wf.folds.slice(1).map((f) => f.fold.trainBefore),
    );
    const sigma = new Float64Array(design.rows.length).fill(NaN);
    const oos = new Float64Array(design.rows.length).fill(NaN);
    wf.folds.slice(1).forEach((f, k) => {
      f.predicted.forEach((i, j) => {
        oos[i] = f.predictions[j]!;
        sigma[i] = sigmas[k]!;
      });
    });
    designs.push(design);
    predictions.push({ design, oos, sigma });
  }
  return { designs, predictions, folds, burnIn };
}

/** Fit the final model of each market on every game before `beforeSeason` (the test season). */
export async function fitFinalModels(
  data: Dataset,
  config: EdgelabConfig,
  beforeSeason: number,
  evaluated: EvaluatedMarkets,
): Promise<{ recipes: MarketRecipe[]; importance: FeatureImportanceRow[] }> {
  // The final predictive spread: every out-of-sample residual of the evaluated seasons.
  const sigmas = evaluated.predictions.map((p) => {
    let ss = 0;
    let n = 0;
    p.design.rows.forEach((r, i) => {
      const e = r.target - p.oos[i]!;
      if (Number.isFinite(e)) (ss += e * e), n++;
    });
    return n > 0 ? Math.sqrt(ss / n) : NaN;
  });
  return fitMarketRecipes(evaluated.designs, config, seasonFold(data.games, beforeSeason, config), sigmas, workerCount(config));
}

export type FeatureImportanceRow = { market: Market; feature: string; importance: number; gain?: number; splits?: number; coefficient?: number };

/**
 * One fitted recipe per market design on the training rows of `fold`, with the given predictive
 * spreads: the final model of an experiment, and the production refit of a champion. `workers`:
 * threads the fits may use (on the fold workers, only when those are already running).
 */
export async function fitMarketRecipes(
  designs: readonly MarketDesign[],
  config: Pick<EdgelabConfig, 'model' | 'seed'>,
  fold: Fold,
  sigmas: readonly number[],
  workers = 1,
): Promise<{ recipes: MarketRecipe[]; importance: FeatureImportanceRow[] }> {
  const recipes: MarketRecipe[] = [];
  const importance: FeatureImportanceRow[] = [];
  const checked = parseModelConfig(config.model); // checked here: the fold workers take it as it is
  const tasks = designs.map((design) => {
    const rows = trainingRows(design, fold);
    // The pipeline's imputer; the fit fits the same one on the same rows where it runs.
    const imputer = needsImputation(config.model) ? fitImputer(design, rows) : undefined;
    return { design, rows, train: rows, imputer };
  });
  // Two or three final fits: side by side on the fold workers once they are running, never
  // worth starting them for. Each fold worker builds its training matrix from the shared design.
  const pooled = poolWorthIt(tasks.flatMap((t) => fitSizes(t.design, [t])), { model: config.model, workers });
  const fits = tasks.map((t) => ({ source: designSource(t.design, pooled), config: checked, seed: config.seed, impute: t.imputer !== undefined, train: Int32Array.from(t.rows) }));
  const models = (await fitRowsModels(fits, pooled ? workers : 1)).map(modelFromJSON);
  tasks.forEach((t, k) => {
    const model = models[k]!;
    recipes.push({
      market: t.design.market,
      model_config: config.model,
      pipeline: new Pipeline({ imputer: t.imputer ?? null, estimator: model }).toJSON(),
      feature_names: t.design.featureNames,
      sigma: sigmas[k]!,
      n_train: t.rows.length,
      feature_reference: featureReferences(t.design, t.rows),
    });
    for (const fi of model.featureImportance()) importance.push({ market: t.design.market, ...fi });
  });
  return { recipes, importance };
}

/** The drift reference of every feature over the final model's training rows (raw values). */
function featureReferences(design: MarketDesign, rows: readonly number[]): Record<string, FeatureReference> {
  const p = design.featureNames.length;
  const out: Record<string, FeatureReference> = {};
  const values = new Float64Array(rows.length);
  design.featureNames.forEach((name, j) => {
    for (let k = 0; k < rows.length; k++) values[k] = design.X[rows[k]! * p + j]!;
    const ref = featureReference(values); // (it copies what it keeps)
    if (ref) out[name] = ref;
  });
  return out;
}

/** The development seasons the league's calendar lets a walk-forward evaluate (with why, if fewer). */
export function leaguePlan(roles: SeasonRoles, config: EdgelabConfig): { dev: number[]; note: string } {
  try {
    return planDevSeasons(roles, config.evaluation, config.data.league);
  } catch (e) {
    if (e instanceof SeasonPlanError) throw new UserError(e.message);
    throw e;
  }
}

export async function trainExperiment(opts: TrainOptions): Promise<TrainResult> {
  return writeTrained(await computeExperiment(opts));
}

/** A trained experiment in memory: everything `writeTrained` writes (plots may still be drawing). */
export interface ComputedExperiment {
  opts: TrainOptions;
  started: number;
  config: ReturnType<typeof experimentConfig>;
  experimentDir: string;
  bundleDir: string;
  write: Omit<WriteInput, 'layout' | 'config' | 'durations'>;
  durations: { evaluation_ms: number; final_fit_ms: number };
}

/**
 * The computing part of a train: checks, id registration, the season pin, features, the
 * walk-forward, the backtest, the final fit, the plots started. Takes no project lock, so the
 * demo computes the next experiment while this one's outputs are written (`writeTrained`).
 */
export async function computeExperiment(opts: TrainOptions): Promise<ComputedExperiment> {
  const { layout, progress } = opts;
  const started = Date.now();
  const config = experimentConfig(layout, opts.overrides);
  const { id, phase } = config.experiment;
  const experimentDir = layout.experimentDir(id, phase as Phase);
  const bundleDir = layout.modelBundle(id, phase as Phase);
  // Trained things are immutable once promoted: a retrain is a new id, never a bundle replaced
  // under the champion link (or the rollback target) with nothing recorded.
  if (opts.force && everChampion(layout, id)) {
    throw new UserError(
      `${id} has been promoted (${layout.championCurrent}, registry history); its bundle and outputs are immutable. ` +
        `Retrain under a new id: edgelab experiment new --phase ${phase} --features ${config.features.name} --model ${config.model.type === 'gbdt' ? 'gbdt' : 'ridge'}, then edgelab train experiment=<new id>`,
    );
  }
  if (!opts.force && (existsSync(experimentDir) || existsSync(bundleDir))) {
    throw new UserError(`${id} already has artifacts (${existsSync(experimentDir) ? experimentDir : bundleDir}); rerun with --force to archive them and train again`);
  }
  checkIndex(layout); // a damaged index is refused before anything is written
  registerId(layout, id, { phase: phase as Phase, name: config.experiment.name });
  const data = await loadDataset(layout, config);
  if (data.games.length === 0) throw new UserError(await noGamesMessage(layout, config));
  checkData(config.features, data);
  const roles = lockedRoles(layout, data.games, config.evaluation, `train ${id}`, { training: true, planDev: (r) => leaguePlan(r, config) });
  if (roles.note) progress.log(roles.note);
  if (roles.dev.length === 0) throw new UserError(`no development season before the test season ${roles.test}; load more seasons`);
  progress.log(`${id}: phase ${phase}, features ${config.features.name}, model ${config.model.type}; development seasons ${roles.dev.join(', ')}, test season ${roles.test} (pinned in ${layout.seasonLock})`);
  warmPlotThreads(); // the plots' helper threads load vega and resvg while the walk-forward runs
  const t0 = Date.now();
  const evaluated = await evaluateSeasons(data, config, roles.dev, progress);
  const tEval = Date.now() - t0;
  const { records, bets } = backtest(evaluated.predictions, config.betting);
  const metrics = experimentMetrics(records, bets, config.markets as Market[]);
  // Four of the five plots need only the records and bets: drawn aside while the final fit runs.
  const plots = startExperimentPlots(id, records, bets, config.betting.key_numbers ?? undefined);
  const t1 = Date.now();
  const final = await fitFinalModels(data, config, roles.test, evaluated);
  const tFinal = Date.now() - t1;
  const recipe: Recipe = {
    experiment_id: id,
    phase: phase as 1 | 2 | 3,
    feature_set: { name: config.features.name, id: featureSetId(config.features), config: config.features },
    bet_line: config.evaluation.bet_line,
    line_provider_preference: config.data.line_provider_preference,
    betting: config.betting,
    trained_before: { season: roles.test, ordinal: weekOrdinal(roles.test, 'regular', 0) },
    markets: Object.fromEntries(final.recipes.map((r) => [r.market, r])),
  };
  const write = { recipe, records, bets, metrics, importance: final.importance, roles: { dev: roles.dev, test: roles.test, burnIn: evaluated.burnIn }, data, plots };
  return { opts, started, config, experimentDir, bundleDir, write, durations: { evaluation_ms: tEval, final_fit_ms: tFinal } };
}

/** The writing part of a train, under the project lock: archive (--force), outputs, MLflow, index. */
export async function writeTrained(c: ComputedExperiment): Promise<TrainResult> {
  const { opts, config, experimentDir, bundleDir } = c;
  const { layout } = opts;
  const { id } = config.experiment;
  return await withLock(layout.lockFile, async () => {
    // Checked again under the lock: another train of this id may have finished meanwhile.
    if (!opts.force && (existsSync(experimentDir) || existsSync(bundleDir))) {
      throw new UserError(`${id} was trained by another edgelab process while this one ran (${existsSync(experimentDir) ? experimentDir : bundleDir}); nothing was written — rerun with --force to archive those outputs and train again`);
    }
    if (opts.force) archiveOldOutputs(layout, id, experimentDir, bundleDir);
    faultPoint('train:after-archive-old');
    const written = await writeExperiment({ layout, config, ...c.write, durations: { ...c.durations, total_ms: Date.now() - c.started } });
    return { ...written, metrics: c.write.metrics, experimentDir, bundleDir };
  });
}

/** --force: move the old outputs of an id aside under archive/deprecated (never deleted). */
function archiveOldOutputs(layout: Layout, id: string, experimentDir: string, bundleDir: string): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const [from, to] of [
    [experimentDir, layout.deprecatedOutputs(id)],
    [bundleDir, layout.deprecatedBundle(id)],
  ] as const) {
    if (!existsSync(from)) continue;
    const target = `${to}.replaced-${stamp}`;
    mkdirSync(dirname(target), { recursive: true });
    renameSync(from, target);
  }
}
