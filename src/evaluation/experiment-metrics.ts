// metrics.csv of an experiment: one row per season × market plus each market's overall row and
// an all-markets betting row. The market line's own accuracy is computed on the same games as
// the model's, side by side, because "better than the market" is the only claim that matters.
import { marketImplied, type Market } from '../features/index.ts';
import type { PredictionRecord } from './backtest.ts';
import { bettingMetrics, predictionMetrics, type BettingMetrics } from './metrics.ts';
import type { ScoredBet } from './types.ts';

export interface MetricsRow extends BettingMetrics {
  season: number | 'all';
  market: Market | 'all';
  n_games: number;
  rmse: number;
  mae: number;
  bias: number;
  market_rmse: number;
  market_mae: number;
}

export const METRICS_COLUMNS = [
  'season',
  'market',
  'n_games',
  'rmse',
  'mae',
  'bias',
  'market_rmse',
  'market_mae',
  'n_bets',
  'wins',
  'losses',
  'pushes',
  'hit_rate',
  'units',
  'staked',
  'roi',
  'avg_edge',
  'clv_points',
  'brier',
  'log_loss',
  'max_drawdown_units',
  'longest_losing_streak',
] as const;

function row(season: number | 'all', market: Market | 'all', recs: readonly PredictionRecord[], bets: readonly ScoredBet[]): MetricsRow {
  // Prediction accuracy on games that were played and had a closing line: the same games for the
  // model and for the market.
  const same = market === 'all' ? [] : recs.filter((r) => r.actual !== null && r.closing_line !== null);
  const pm = predictionMetrics(
    same.map((r) => r.prediction),
    same.map((r) => r.actual!),
  );
  const mm = predictionMetrics(
    same.map((r) => marketImplied(market as Market, r.closing_line!)),
    same.map((r) => r.actual!),
  );
  return {
    season,
    market,
    n_games: pm.n,
    rmse: pm.rmse,
    mae: pm.mae,
    bias: pm.bias,
    market_rmse: mm.rmse,
    market_mae: mm.mae,
    ...bettingMetrics(bets),
  };
}

export function experimentMetrics(records: readonly PredictionRecord[], bets: readonly ScoredBet[], markets: readonly Market[]): MetricsRow[] {
  const out: MetricsRow[] = [];
  const seasons = [...new Set(records.map((r) => r.season))].sort((a, b) => a - b);
  for (const m of markets) {
    for (const s of seasons) {
      out.push(row(s, m, records.filter((r) => r.market === m && r.season === s), bets.filter((b) => b.bet_type === m && b.season === s)));
    }
    out.push(row('all', m, records.filter((r) => r.market === m), bets.filter((b) => b.bet_type === m)));
  }
  if (markets.length > 1) out.push(row('all', 'all', records, bets));
  return out;
}
