// `edgelab evaluate ID --season S | --test`: the same walk-forward as training, on any season,
// written as validation/walk_forward/<S>_validation.csv (one row per experiment × week × market:
// evaluating one experiment replaces only its own rows). The test season is pinned: it is
// evaluated only with --test, and every look goes into the ledger before anything is computed.
import type { Layout } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { completeTestLook, openTestLook } from '../artifacts/test-ledger.ts';
import { backtest } from '../evaluation/backtest.ts';
import { experimentMetrics, type MetricsRow } from '../evaluation/experiment-metrics.ts';
import { weeklyRecords, type WeekRecord } from '../evaluation/metrics.ts';
import type { Market } from '../features/index.ts';
import { csvToObjects, formatCsv, type CsvValue } from '../util/csv.ts';
import { withLockSync } from '../artifacts/lock.ts';
import { existsSync, readFileSync } from 'node:fs';
import { UsageError, UserError } from '../util/errors.ts';
import type { Progress } from '../util/progress.ts';
import { readExperimentConfig } from './experiment-config.ts';
import { evaluateSeasons } from './train/train.ts';
import { loadDataset } from './train/dataset.ts';
import type { EdgelabConfig } from '../config/schema.ts';
import type { Dataset } from '../data/schema.ts';
import { lockedRoles } from './season-lock.ts';

export const WALK_FORWARD_COLUMNS = ['experiment_id', 'season', 'season_type', 'week', 'market', 'games', 'rmse', 'bets', 'wins', 'losses', 'pushes', 'units', 'roi', 'cumulative_units'] as const;

export interface EvaluateOptions {
  layout: Layout;
  id: string;
  season?: number;
  test?: boolean;
  progress: Progress;
}

export interface EvaluateResult {
  id: string;
  season: number;
  isTest: boolean;
  /** Earlier looks at this test season (when isTest). */
  priorLooks: number;
  weeks: WeekRecord[];
  metrics: MetricsRow[];
  file: string;
}

export async function evaluateExperiment(o: EvaluateOptions): Promise<EvaluateResult> {
  return writeEvaluation(await computeEvaluation(await prepareEvaluation(o)));
}

/** An evaluation whose data is read and whose look (with --test) is in the ledger: nothing computed yet. */
export interface PreparedEvaluation {
  o: EvaluateOptions;
  config: EdgelabConfig;
  data: Dataset;
  season: number;
  look: { index: number; prior: number } | null;
}

/** The computed evaluation, not yet written (walk-forward file, the look's metrics). */
export interface ComputedEvaluation {
  prepared: PreparedEvaluation;
  weeks: WeekRecord[];
  metrics: MetricsRow[];
}

// Three parts, so that the demo can compute its test look while the live season runs: the
// data is read (and the look ledgered) first, before anything changes the warehouse; the
// computing takes no lock and writes nothing; the writing is synchronous, under the lock.
/** Read the experiment's config and data, check the season, open the look (with --test). */
export async function prepareEvaluation(o: EvaluateOptions): Promise<PreparedEvaluation> {
  const { config } = readExperimentConfig(o.layout, o.id);
  const data = await loadDataset(o.layout, config);
  const roles = lockedRoles(o.layout, data.games, config.evaluation, `evaluate ${o.id}`);
  const season = o.season ?? (o.test ? roles.test : undefined);
  if (season === undefined) throw new UsageError('evaluate needs --season S (or --test for the locked test season)');
  if (season === roles.test && !o.test) {
    throw new UsageError(`season ${season} is the locked test season (pinned in ${o.layout.seasonLock}); evaluating it is a deliberate act, recorded in the test ledger: add --test`);
  }
  if (o.test && season !== roles.test) throw new UsageError(`--test evaluates the test season ${roles.test}, not ${season}`);
  if (!roles.complete.includes(season) && !data.games.some((g) => g.season === season && g.completed)) {
    throw new UserError(`season ${season} has no completed games in the warehouse`);
  }
  // The look is ledgered before anything is computed on the test season.
  const look = o.test ? openTestLook(o.layout, { experiment_id: o.id, season, at: new Date().toISOString() }) : null;
  return { o, config, data, season, look };
}

/** The walk-forward over the season, its backtest and metrics (no lock, nothing written). */
export async function computeEvaluation(p: PreparedEvaluation): Promise<ComputedEvaluation> {
  const { config, season } = p;
  const evaluated = await evaluateSeasons(p.data, config, [season], p.o.progress);
  const { records, bets } = backtest(evaluated.predictions, config.betting);
  const played = records
    .filter((r) => r.actual !== null)
    .map((r) => ({ season: r.season, season_type: r.season_type, week: r.week, game_id: r.game_id, bet_type: r.market, prediction: r.prediction, actual: r.actual }));
  const weeks = weeklyRecords(played, bets);
  const metrics = experimentMetrics(records, bets, config.markets as Market[]);
  return { prepared: p, weeks, metrics };
}

/** Write the season's walk-forward rows and complete the look; synchronous, under the project lock. */
export function writeEvaluation(c: ComputedEvaluation): EvaluateResult {
  const { o, season, look } = c.prepared;
  const { weeks, metrics } = c;
  const file = o.layout.walkForwardFile(season);
  const r4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null);
  const rows = weeks.map((w) => ({ experiment_id: o.id, ...w, rmse: r4(w.rmse), units: r4(w.units), roi: r4(w.roi), cumulative_units: r4(w.cumulative_units) }));
  withLockSync(o.layout.lockFile, () => {
    const others = existsSync(file) ? csvToObjects(readFileSync(file, 'utf8')).filter((r) => (r.experiment_id ?? '') !== o.id) : [];
    writeFileAtomic(file, formatCsv(WALK_FORWARD_COLUMNS, [...others, ...(rows as unknown as Record<string, CsvValue>[])]));
  });
  let priorLooks = 0;
  if (look) {
    const overall = metrics.find((m) => m.season === 'all' && m.market === 'spread') ?? metrics[0];
    completeTestLook(o.layout, look.index, overall ? { rmse: overall.rmse, market_rmse: overall.market_rmse, n_bets: overall.n_bets, hit_rate: overall.hit_rate, roi: overall.roi } : {});
    priorLooks = look.prior;
  }
  return { id: o.id, season, isTest: Boolean(o.test), priorLooks, weeks, metrics, file };
}
