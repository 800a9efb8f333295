// Writing an experiment: the model bundle, the experiment directory (metrics.csv,
// predictions.csv, plots/, config.yaml, summary.json), the MLflow run and the index row. All
// bytes are rendered first; the two directories are written atomically; if tracking fails they
// are removed again, so a failed train leaves the tree as it was.
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { experimentFile, type Layout, type Phase } from '../../artifacts/layout.ts';
import { writeDirAtomic, writeFileAtomic } from '../../artifacts/atomic.ts';
import { faultPoint } from '../../util/fault.ts';
import { writeBundle } from '../../artifacts/bundle.ts';
import { contentHashes, HASHED_OUTPUTS, type ContentHashes } from '../../artifacts/content-hashes.ts';
import { sha256 } from '../../util/hash.ts';
import { upsertIndexRow } from '../../artifacts/experiment-index.ts';
import { trainedIndexRow } from './index-row.ts';
import type { EdgelabConfig } from '../../config/schema.ts';
import type { Dataset } from '../../data/schema.ts';
import { seasonFingerprints } from './season-fingerprints.ts';
import type { PredictionRecord } from '../../evaluation/backtest.ts';
import { METRICS_COLUMNS, type MetricsRow } from '../../evaluation/experiment-metrics.ts';
import { formatPredictions } from '../../evaluation/experiment-records.ts';
import { startExperimentPlots, type ExperimentPlotsStarted } from '../../evaluation/experiment-plots.ts';
import type { ScoredBet } from '../../evaluation/types.ts';
import { formatCsv, type CsvValue } from '../../util/csv.ts';
import type { Recipe } from '../recipe.ts';
import { packageVersion } from '../../util/version.ts';
import { trackExperiment } from './track.ts';
import { edgelabCommit, sourceCommit } from '../../tracking/system-tags.ts';
import { configAsRun } from './config-as-run.ts';

export interface Headline {
  n_games: number;
  rmse: number;
  market_rmse: number;
  n_bets: number;
  hit_rate: number;
  roi: number;
  units: number;
}

export interface ExperimentSummary {
  id: string;
  phase: number;
  name: string;
  description: string;
  markets: string[];
  feature_set: string;
  feature_set_id: string;
  /** League profile, sport and data source of the games trained on. */
  league: string;
  sport: string;
  data_source: string;
  model: string;
  model_config: unknown;
  headline: Record<string, Headline>;
  dev_seasons: number[];
  test_season: number;
  burn_in_season: number;
  data_fingerprints: Record<string, string>;
  git_commit: string | null;
  edgelab_version: string;
  seed: number;
  durations: Record<string, number>;
  mlflow_run_id: string;
  created_at: string;
  /** sha256 of the bundle's files and of predictions.csv, metrics.csv, config.yaml as written. */
  content_hashes?: ContentHashes;
}

function headlineOf(metrics: readonly MetricsRow[]): Record<string, Headline> {
  const out: Record<string, Headline> = {};
  for (const m of metrics) {
    if (m.season !== 'all') continue;
    out[m.market] = { n_games: m.n_games, rmse: m.rmse, market_rmse: m.market_rmse, n_bets: m.n_bets, hit_rate: m.hit_rate, roi: m.roi, units: m.units };
  }
  return out;
}

const r4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v);

export interface WriteInput {
  layout: Layout;
  config: EdgelabConfig & { experiment: NonNullable<EdgelabConfig['experiment']> };
  recipe: Recipe;
  records: PredictionRecord[];
  bets: ScoredBet[];
  metrics: MetricsRow[];
  importance: { market: string; feature: string; importance: number; gain?: number; splits?: number; coefficient?: number }[];
  roles: { dev: number[]; test: number; burnIn: number };
  data: Dataset;
  durations: Record<string, number>;
  /** The plots, if the caller started them early (startExperimentPlots on these records and bets). */
  plots?: ExperimentPlotsStarted;
}

export async function writeExperiment(w: WriteInput): Promise<{ summary: ExperimentSummary; runId: string; bundleDir: string }> {
  const { layout, config } = w;
  const { id, phase, name, description } = config.experiment;
  const expDir = layout.experimentDir(id, phase as Phase);
  const bundleDir = layout.modelBundle(id, phase as Phase);
  const seasons = [...new Set(w.data.games.map((g) => g.season))].sort((a, b) => a - b);
  const fingerprints = seasonFingerprints(w.data, seasons);
  const version = packageVersion();
  const now = new Date().toISOString();
  const summaryBase = {
    id,
    phase,
    name,
    description: description ?? '',
    markets: config.markets,
    feature_set: config.features.name,
    feature_set_id: w.recipe.feature_set.id,
    league: config.data.league,
    sport: config.data.sport,
    data_source: config.data.source,
    model: config.model.type === 'gbdt' ? `gbdt_${config.model.tree}` : 'ridge',
    model_config: config.model,
    headline: headlineOf(w.metrics),
    dev_seasons: w.roles.dev,
    test_season: w.roles.test,
    burn_in_season: w.roles.burnIn,
    data_fingerprints: fingerprints,
    git_commit: sourceCommit(layout.project) ?? null,
    edgelab_version: version,
    seed: config.seed,
    durations: w.durations,
    created_at: now,
  };
  // Everything rendered before anything is written.
  const plotsDrawn = (w.plots ?? startExperimentPlots(id, w.records, w.bets, config.betting.key_numbers ?? undefined)).finish(w.importance);
  const metricsCsv = formatCsv(METRICS_COLUMNS, w.metrics.map((m) => Object.fromEntries(METRICS_COLUMNS.map((c) => [c, typeof m[c] === 'number' ? r4(m[c] as number) : m[c]]))) as Record<string, CsvValue>[]);
  const predictionsCsv = formatPredictions(w.records);
  const configYaml = `# Resolved configuration of ${id} (edgelab ${version}, ${now})\n${stringify(config)}`;
  plotsDrawn.catch(() => {}); // a failure is the await's below, even if formatting throws first
  const plots = await plotsDrawn;

  writeBundle(bundleDir, {
    model: w.recipe,
    metadata: { ...summaryBase, config },
    importance: {
      columns: ['market', 'feature', 'importance', 'gain', 'splits', 'coefficient'],
      rows: w.importance.map((fi) => ({ market: fi.market, feature: fi.feature, importance: r4(fi.importance), gain: fi.gain, splits: fi.splits, coefficient: fi.coefficient })),
    },
  });
  // The hashes of exactly the bytes written (the bundle read back, the outputs from memory).
  const bytes: Record<string, string> = { 'metrics.csv': metricsCsv, 'predictions.csv': predictionsCsv, 'config.yaml': configYaml };
  const hashes: ContentHashes = {
    bundle: contentHashes(null, bundleDir).bundle,
    outputs: Object.fromEntries(HASHED_OUTPUTS.map((n) => [n, sha256(bytes[n]!)])),
  };
  const summaryText = (runId: string) => JSON.stringify({ ...summaryBase, mlflow_run_id: runId, content_hashes: hashes }, null, 2) + '\n';
  faultPoint('train:after-bundle');
  writeDirAtomic(expDir, (tmp) => {
    writeFileSync(experimentFile(tmp, 'metrics'), metricsCsv);
    writeFileSync(experimentFile(tmp, 'predictions'), predictionsCsv);
    writeFileSync(join(tmp, 'config.yaml'), configYaml);
    writeFileSync(experimentFile(tmp, 'summary'), summaryText(''));
    mkdirSync(join(tmp, 'plots'));
    for (const [f, bytes] of Object.entries(plots)) writeFileSync(join(tmp, 'plots', f), bytes);
  });
  faultPoint('train:after-outputs');
  let runId: string;
  try {
    const own = edgelabCommit();
    runId = await trackExperiment({
      layout,
      id,
      phase: phase as Phase,
      config: await configAsRun(layout, config),
      metrics: w.metrics,
      tags: {
        feature_set_id: w.recipe.feature_set.id,
        feature_set: config.features.name,
        model: summaryBase.model,
        league: config.data.league,
        sport: config.data.sport,
        ...(summaryBase.git_commit ? { git_commit: summaryBase.git_commit } : {}),
        'edgelab.version': version,
        ...(own ? { 'edgelab.git_commit': own } : {}),
        ...Object.fromEntries(Object.entries(fingerprints).map(([season, fp]) => [`data_fingerprint.${season}`, fp])),
      },
      experimentDir: expDir,
      bundleDir,
      // The logged summary.json must name its run: rewrite it before the artifacts go out.
      onRunStarted: (started) => writeFileAtomic(experimentFile(expDir, 'summary'), summaryText(started)),
    });
  } catch (e) {
    rmSync(expDir, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
    throw e;
  }
  faultPoint('train:after-mlflow');
  // The summary names its MLflow run (written when the run started; again here in case the
  // tracker did not call back): a file replaced atomically, directories are never replaced.
  writeFileAtomic(experimentFile(expDir, 'summary'), summaryText(runId));
  faultPoint('train:after-summary');
  const summary: ExperimentSummary = { ...summaryBase, mlflow_run_id: runId, content_hashes: hashes };
  upsertIndexRow(layout, trainedIndexRow(summary));
  return { summary, runId, bundleDir };
}
