// One configuration of a sweep, evaluated the way `train` evaluates an experiment (walk-forward
// over the development seasons, the experiment's betting policy) — but on a dataset from which
// the test season and everything after it has been removed. The test season cannot reach a sweep
// fit because it is not in the data the sweep holds: no flag, override or bug can put it back.
import type { Layout } from '../../artifacts/layout.ts';
import type { EdgelabConfig } from '../../config/schema.ts';
import type { Dataset } from '../../data/schema.ts';
import { backtest } from '../../evaluation/backtest.ts';
import { weekBlock } from '../../evaluation/bootstrap.ts';
import { experimentMetrics } from '../../evaluation/experiment-metrics.ts';
import { checkData } from '../../features/index.ts';
import { canonicalJson, fingerprint } from '../../util/hash.ts';
import type { Progress } from '../../util/progress.ts';
import { UsageError } from '../../util/errors.ts';
import { evaluateSeasons, experimentConfig } from '../train/train.ts';

export interface MarketFigures {
  n_games: number;
  rmse: number;
  market_rmse: number;
  n_bets: number;
  hit_rate: number;
  units: number;
  staked: number;
  roi: number;
}

/** What a sweep keeps of one evaluated configuration (also the child run's content). */
export interface ConfigurationResult {
  sweep_id: string;
  /** Position in the plan; −1 for the baseline. */
  index: number;
  /** The swept overrides (the baseline: none). */
  overrides: string[];
  values: Record<string, unknown>;
  /** Fingerprint of the composed configuration (what actually ran). */
  config_hash: string;
  markets: Record<string, MarketFigures>;
  /** Stakes and units per week (every market the configuration bets), keyed by week block. */
  weeks: Record<string, { staked: number; units: number }>;
  duration_ms: number;
  mlflow_run_id?: string;
}

/** Keys a sweep may not vary: they decide which seasons are development and which is the test. */
export const SEASON_KEYS = ['evaluation', 'evaluation.test_season', 'evaluation.dev_seasons', 'evaluation.first_season', 'evaluation.exclude_seasons'];

/** Swept keys may not move seasons; no override at all may name the test season. */
export function refuseSeasonKeys(swept: readonly string[], fixed: readonly string[]): void {
  const bad = swept.find((k) => SEASON_KEYS.includes(k)) ?? fixed.find((k) => k === 'evaluation' || k === 'evaluation.test_season');
  if (bad) throw new UsageError(`sweep: ${bad} cannot be ${swept.includes(bad) ? 'swept' : 'overridden'} — a sweep runs on the development seasons of the project and never moves the test season`);
}

/** The dataset without the test season and anything after it (games, their lines and stats). */
export function developmentData(data: Dataset, testSeason: number): Dataset {
  const games = data.games.filter((g) => g.season < testSeason);
  const ids = new Set(games.map((g) => g.game_id));
  return { games, lines: data.lines.filter((l) => ids.has(l.game_id)), teamGames: data.teamGames.filter((t) => ids.has(t.game_id)) };
}

export interface SweepContext {
  layout: Layout;
  sweepId: string;
  /** Overrides every configuration shares (experiment=…, fixed keys). */
  fixed: string[];
  /** Development-only data (see developmentData). */
  data: Dataset;
  testSeason: number;
  devSeasons: number[];
  /** Every week the development seasons hold (the blocks of the Reality Check). */
  weeks: string[];
  progress: Progress;
}

/** The context every configuration of a sweep runs in: the data cut before the test season. */
export function sweepContext(o: { layout: Layout; sweepId: string; fixed: string[]; data: Dataset; testSeason: number; devSeasons: number[]; progress: Progress }): SweepContext {
  const data = developmentData(o.data, o.testSeason);
  const weeks = [...new Set(data.games.filter((g) => o.devSeasons.includes(g.season)).map(weekBlock))].sort();
  return { ...o, data, weeks };
}

/** Compose the configuration of fixed + swept overrides, refusing keys that move seasons. */
export function composeConfiguration(layout: Layout, fixed: readonly string[], overrides: readonly string[]): EdgelabConfig {
  return experimentConfig(layout, [...fixed, ...overrides]);
}

/** Walk-forward of one configuration over the development seasons, summarised. */
export async function evaluateConfiguration(ctx: SweepContext, index: number, overrides: string[], values: Record<string, unknown>): Promise<ConfigurationResult> {
  const started = Date.now();
  // The guarantee of this file, checked where it matters: a fit never holds a test-season game.
  const leak = ctx.data.games.find((g) => g.season >= ctx.testSeason);
  if (leak) throw new Error(`sweep: game ${leak.game_id} of season ${leak.season} reached a sweep fit (test season ${ctx.testSeason})`);
  const config = composeConfiguration(ctx.layout, ctx.fixed, overrides);
  checkData(config.features, ctx.data);
  const evaluated = await evaluateSeasons(ctx.data, config, ctx.devSeasons, ctx.progress);
  const { records, bets } = backtest(evaluated.predictions, config.betting);
  const metrics = experimentMetrics(records, bets, config.markets as ('spread' | 'total')[]);
  const markets: Record<string, MarketFigures> = {};
  for (const m of metrics) {
    if (m.season !== 'all' || m.market === 'all') continue;
    const staked = bets.filter((b) => b.bet_type === m.market).reduce((s, b) => s + b.recommended_units, 0);
    markets[m.market] = { n_games: m.n_games, rmse: m.rmse, market_rmse: m.market_rmse, n_bets: m.n_bets, hit_rate: m.hit_rate, units: m.units, staked, roi: m.roi };
  }
  const weeks: Record<string, { staked: number; units: number }> = {};
  for (const b of bets) {
    const w = (weeks[weekBlock(b)] ??= { staked: 0, units: 0 });
    w.staked += b.recommended_units;
    w.units += b.units_won;
  }
  const { experiment: _e, ...ran } = config;
  return {
    sweep_id: ctx.sweepId,
    index,
    overrides,
    values,
    config_hash: fingerprint(JSON.parse(canonicalJson(ran))),
    markets,
    weeks,
    duration_ms: Date.now() - started,
  };
}
