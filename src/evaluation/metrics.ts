// Prediction and betting metrics (issue 8 metrics.csv columns). Undefined figures (no data,
// no decided bets) are NaN; writers decide how to print them.
import { weekOrdinal, type SeasonType } from '../data/schema.ts';
import { closingLineValue } from './outcomes.ts';
import type { BetType, ScoredBet } from './types.ts';

export interface PredictionMetrics {
  n: number;
  rmse: number;
  mae: number;
  /** Mean of prediction − actual: positive = predictions too high. */
  bias: number;
}

export function predictionMetrics(predictions: ArrayLike<number>, actuals: ArrayLike<number>): PredictionMetrics {
  if (predictions.length !== actuals.length) {
    throw new RangeError(`predictionMetrics: ${predictions.length} predictions but ${actuals.length} actuals`);
  }
  const n = predictions.length;
  let se = 0;
  let ae = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const d = predictions[i]! - actuals[i]!;
    se += d * d;
    ae += Math.abs(d);
    e += d;
  }
  return n === 0 ? { n, rmse: NaN, mae: NaN, bias: NaN } : { n, rmse: Math.sqrt(se / n), mae: ae / n, bias: e / n };
}

export interface BettingMetrics {
  n_bets: number;
  wins: number;
  losses: number;
  pushes: number;
  /** wins / (wins + losses): pushes excluded. */
  hit_rate: number;
  units: number;
  staked: number;
  /** units / staked. */
  roi: number;
  /** Mean |edge| in points (edge is signed in the market's perspective). */
  avg_edge: number;
  /** Mean closing-line value in points over bets that carry a closing line; NaN if none. */
  clv_points: number;
  /** Brier score of cover_probability against win (1) / loss (0); pushes excluded. */
  brier: number;
  log_loss: number;
  /** Largest peak-to-trough fall of cumulative units (≥ 0), the running peak starting at 0. */
  max_drawdown_units: number;
  /** Longest run of losses; pushes neither extend nor break a run. */
  longest_losing_streak: number;
}

type Chrono = { season: number; season_type: SeasonType; week: number };

/** Stable chronological order: by (season, season type, week), input order within a week. */
export function chronological<T extends Chrono>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i, k: weekOrdinal(r.season, r.season_type, r.week) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.r);
}

const EPS = 1e-15;

export function bettingMetrics(bets: readonly ScoredBet[]): BettingMetrics {
  let wins = 0;
  let losses = 0;
  let pushes = 0;
  let units = 0;
  let staked = 0;
  let edge = 0;
  let clv = 0;
  let nClv = 0;
  let brier = 0;
  let logLoss = 0;
  for (const b of bets) {
    units += b.units_won;
    staked += b.recommended_units;
    edge += Math.abs(b.edge);
    if (b.closing_line !== undefined && b.closing_line !== null) {
      clv += closingLineValue(b.bet_type, b.side, b.line, b.closing_line);
      nClv++;
    }
    if (b.result === 'push') {
      pushes++;
      continue;
    }
    const y = b.result === 'win' ? 1 : 0;
    if (y) wins++;
    else losses++;
    const p = Math.min(1 - EPS, Math.max(EPS, b.cover_probability));
    brier += (b.cover_probability - y) ** 2;
    logLoss -= y ? Math.log(p) : Math.log(1 - p);
  }
  const decided = wins + losses;
  const path = drawdownAndStreak(chronological(bets));
  return {
    n_bets: bets.length,
    wins,
    losses,
    pushes,
    hit_rate: decided ? wins / decided : NaN,
    units,
    staked,
    roi: staked > 0 ? units / staked : NaN,
    avg_edge: bets.length ? edge / bets.length : NaN,
    clv_points: nClv ? clv / nClv : NaN,
    brier: decided ? brier / decided : NaN,
    log_loss: decided ? logLoss / decided : NaN,
    ...path,
  };
}

function drawdownAndStreak(bets: readonly ScoredBet[]): { max_drawdown_units: number; longest_losing_streak: number } {
  let cum = 0;
  let peak = 0;
  let dd = 0;
  let run = 0;
  let longest = 0;
  for (const b of bets) {
    cum += b.units_won;
    peak = Math.max(peak, cum);
    dd = Math.max(dd, peak - cum);
    if (b.result === 'loss') longest = Math.max(longest, ++run);
    else if (b.result === 'win') run = 0;
  }
  return { max_drawdown_units: dd, longest_losing_streak: longest };
}

/** One evaluated game of one market in a walk-forward run. */
export interface EvaluatedGame extends Chrono {
  game_id: string;
  bet_type: BetType;
  prediction: number;
  /** Home margin (spread) or total points; null while unplayed. */
  actual: number | null;
}

/** A row of validation/walk_forward/<season>_validation.csv. */
export interface WeekRecord {
  season: number;
  season_type: SeasonType;
  week: number;
  market: BetType;
  games: number;
  rmse: number;
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  units: number;
  roi: number;
  /** Running units of this market over the weeks given, in chronological order. */
  cumulative_units: number;
}

/** Aggregates games and bets per week × market, chronologically, with cumulative units per market. */
export function weeklyRecords(games: readonly EvaluatedGame[], bets: readonly ScoredBet[]): WeekRecord[] {
  const groups = new Map<string, { key: Chrono & { market: BetType }; pred: number[]; act: number[]; bets: ScoredBet[] }>();
  const group = (r: Chrono, market: BetType) => {
    const k = `${weekOrdinal(r.season, r.season_type, r.week)}|${market}`;
    let g = groups.get(k);
    if (!g) {
      g = { key: { season: r.season, season_type: r.season_type, week: r.week, market }, pred: [], act: [], bets: [] };
      groups.set(k, g);
    }
    return g;
  };
  for (const g of games) {
    const grp = group(g, g.bet_type);
    if (g.actual !== null) {
      grp.pred.push(g.prediction);
      grp.act.push(g.actual);
    }
  }
  for (const b of bets) group(b, b.bet_type).bets.push(b);
  const ordered = [...groups.values()].sort(
    (a, b) =>
      weekOrdinal(a.key.season, a.key.season_type, a.key.week) - weekOrdinal(b.key.season, b.key.season_type, b.key.week) ||
      (a.key.market < b.key.market ? -1 : a.key.market > b.key.market ? 1 : 0),
  );
  const cumulative: Record<BetType, number> = { spread: 0, total: 0 };
  return ordered.map((g) => {
    const m = bettingMetrics(g.bets);
    cumulative[g.key.market] += m.units;
    return {
      ...g.key,
      games: g.pred.length,
      rmse: predictionMetrics(g.pred, g.act).rmse,
      bets: m.n_bets,
      wins: m.wins,
      losses: m.losses,
      pushes: m.pushes,
      units: m.units,
      roi: m.roi,
      cumulative_units: cumulative[g.key.market],
    };
  });
}
