// From out-of-sample predictions to bets and settled results, the way production would have
// made them: each prediction gets its predictive spread from residuals known before its week,
// the betting policy decides (with weekly risk limits across markets), and final scores settle.
import type { BettingConfig } from '../config/groups/betting.ts';
import type { DesignRow, Market, MarketDesign } from '../features/index.ts';
import { applyPolicy, type Candidate } from './policy.ts';
import { settleBet } from './outcomes.ts';
import type { BetResult, BetSide, ScoredBet } from './types.ts';

/** One row of predictions.csv: a game × market the model predicted. */
export interface PredictionRecord {
  game_id: string;
  season: number;
  season_type: DesignRow['season_type'];
  week: number;
  home_team: string;
  away_team: string;
  market: Market;
  prediction: number;
  sigma: number;
  line: number | null;
  closing_line: number | null;
  edge: number | null;
  cover_probability: number | null;
  expected_value: number | null;
  bet_side: BetSide | 'none';
  price: number | null;
  stake: number;
  actual: number | null;
  result: BetResult | 'pending' | null;
  units_won: number;
  eligible: boolean;
  reason: string | null;
}

export interface MarketPredictions {
  design: MarketDesign;
  /** Out-of-sample prediction per design row (NaN = not predicted). */
  oos: Float64Array;
  /** Predictive standard deviation per design row. */
  sigma: Float64Array;
}

/** An out-of-sample residual and the moment its result became known (epoch ms). */
export interface TimedResidual {
  known: number;
  residual: number;
}

/**
 * The predictive spread at each cut (a fold's first kickoff): the root mean square of the
 * burn-in residuals and of every out-of-sample residual whose result was known by the cut. By
 * time, not by fold order: week groups can overlap (a month of bowls), and a result still to
 * come must not set the spread of an earlier-starting week.
 */
export function sigmaAtCuts(burnIn: readonly number[], residuals: readonly TimedResidual[], cuts: readonly number[], minCount = 50): number[] {
  let ss = 0;
  let n = 0;
  for (const r of burnIn) if (Number.isFinite(r)) (ss += r * r), n++;
  if (n < minCount) throw new Error(`only ${n} burn-in residuals to estimate the predictive spread (need ${minCount})`);
  const timed = residuals.filter((r) => Number.isFinite(r.residual) && Number.isFinite(r.known)).sort((a, b) => a.known - b.known);
  const order = cuts.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(cuts.length);
  let j = 0;
  for (const [cut, i] of order) {
    for (; j < timed.length && timed[j]!.known <= cut; j++) (ss += timed[j]!.residual ** 2), n++;
    out[i] = Math.sqrt(ss / n);
  }
  return out;
}

/** Candidates of every predicted row with a line, both markets. */
export function candidatesOf(markets: readonly MarketPredictions[]): { candidate: Candidate; market: number; row: number }[] {
  const out: { candidate: Candidate; market: number; row: number }[] = [];
  markets.forEach((m, mi) => {
    m.design.rows.forEach((r, i) => {
      const pred = m.oos[i]!;
      if (!Number.isFinite(pred) || r.line === null || !r.eligible) return;
      const spread = m.design.market === 'spread';
      out.push({
        market: mi,
        row: i,
        candidate: {
          game_id: r.game_id,
          season: r.season,
          season_type: r.season_type,
          week: r.week,
          bet_type: m.design.market,
          prediction: pred,
          line: r.line,
          ...(spread ? { price_home: r.price_a, price_away: r.price_b } : { price_over: r.price_a, price_under: r.price_b }),
          sigma: m.sigma[i]!,
          home_prior_games: r.home_prior_games,
          away_prior_games: r.away_prior_games,
        },
      });
    });
  });
  return out;
}

/** Decide, limit and settle: every predicted row becomes a record; bets are settled when final. */
export function backtest(markets: readonly MarketPredictions[], cfg: BettingConfig): { records: PredictionRecord[]; bets: ScoredBet[] } {
  const cands = candidatesOf(markets);
  const { decisions } = applyPolicy(
    cands.map((c) => c.candidate),
    cfg,
  );
  const decisionAt = new Map<string, (typeof decisions)[number]>();
  cands.forEach((c, k) => decisionAt.set(`${c.market}:${c.row}`, decisions[k]!));
  const records: PredictionRecord[] = [];
  const bets: ScoredBet[] = [];
  markets.forEach((m, mi) => {
    m.design.rows.forEach((r, i) => {
      const pred = m.oos[i]!;
      if (!Number.isFinite(pred)) return;
      const d = decisionAt.get(`${mi}:${i}`);
      const actual = Number.isFinite(r.target) ? r.target : null;
      const rec: PredictionRecord = {
        game_id: r.game_id,
        season: r.season,
        season_type: r.season_type,
        week: r.week,
        home_team: r.home_team,
        away_team: r.away_team,
        market: m.design.market,
        prediction: pred,
        sigma: m.sigma[i]!,
        line: r.line,
        closing_line: r.closing_line,
        edge: d ? d.edge : null,
        cover_probability: d ? d.cover_probability : null,
        expected_value: d ? d.expected_value : null,
        bet_side: 'none',
        price: d ? d.price : null,
        stake: 0,
        actual,
        result: null,
        units_won: 0,
        eligible: r.eligible,
        reason: d ? d.reason : r.line === null ? 'no line' : r.eligible ? null : `not eligible: ${r.ineligible_reason ?? 'below min_games'}`,
      };
      if (d?.bet) {
        const bet = d.bet;
        rec.bet_side = bet.side;
        rec.price = bet.price;
        rec.stake = bet.recommended_units;
        if (r.completed && r.home_points !== null && r.away_points !== null) {
          const s = settleBet(bet, { home_points: r.home_points, away_points: r.away_points });
          rec.result = s.result;
          rec.units_won = s.units_won;
          bets.push({ ...bet, ...s, closing_line: r.closing_line });
        } else rec.result = 'pending';
      }
      records.push(rec);
    });
  });
  return { records, bets };
}
