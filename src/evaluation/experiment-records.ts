// predictions.csv of an experiment: the column order, formatting, and the parser that turns the
// file back into records and scored bets (promotion tests and plot regeneration read it).
import { csvToObjects, formatCsv, type CsvValue } from '../util/csv.ts';
import type { PredictionRecord } from './backtest.ts';
import type { BetResult, BetSide, ScoredBet } from './types.ts';

export const PREDICTION_COLUMNS = [
  'game_id',
  'season',
  'season_type',
  'week',
  'home_team',
  'away_team',
  'market',
  'prediction',
  'sigma',
  'line',
  'closing_line',
  'edge',
  'cover_probability',
  'expected_value',
  'bet_side',
  'price',
  'stake',
  'actual',
  'result',
  'units_won',
  'eligible',
  'reason',
] as const;

const round = (v: number | null, d = 4): number | null => (v === null || !Number.isFinite(v) ? v : Math.round(v * 10 ** d) / 10 ** d);

export function formatPredictions(records: readonly PredictionRecord[]): string {
  return formatCsv(
    PREDICTION_COLUMNS,
    records.map((r) => ({
      ...r,
      prediction: round(r.prediction),
      sigma: round(r.sigma),
      edge: round(r.edge),
      cover_probability: round(r.cover_probability, 6),
      expected_value: round(r.expected_value, 6),
      units_won: round(r.units_won, 6),
      stake: round(r.stake, 6),
    })) as unknown as Record<string, CsvValue>[],
  );
}

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

export function parsePredictions(text: string): PredictionRecord[] {
  return csvToObjects(text).map((o) => ({
    game_id: o.game_id!,
    season: Number(o.season),
    season_type: o.season_type as PredictionRecord['season_type'],
    week: Number(o.week),
    home_team: o.home_team!,
    away_team: o.away_team!,
    market: o.market as PredictionRecord['market'],
    prediction: Number(o.prediction),
    sigma: Number(o.sigma),
    line: num(o.line),
    closing_line: num(o.closing_line),
    edge: num(o.edge),
    cover_probability: num(o.cover_probability),
    expected_value: num(o.expected_value),
    bet_side: (o.bet_side || 'none') as PredictionRecord['bet_side'],
    price: num(o.price),
    stake: Number(o.stake || 0),
    actual: num(o.actual),
    result: (o.result || null) as PredictionRecord['result'],
    units_won: Number(o.units_won || 0),
    eligible: o.eligible === 'true',
    reason: o.reason || null,
  }));
}

/** The settled bets among the records (pending and unbet rows left out). */
export function scoredBetsOf(records: readonly PredictionRecord[]): ScoredBet[] {
  const out: ScoredBet[] = [];
  for (const r of records) {
    if (r.bet_side === 'none' || r.result === null || r.result === 'pending' || r.line === null || r.actual === null) continue;
    out.push({
      game_id: r.game_id,
      season: r.season,
      season_type: r.season_type,
      week: r.week,
      bet_type: r.market,
      side: r.bet_side as BetSide,
      line: r.line,
      price: r.price ?? -110,
      prediction: r.prediction,
      edge: r.edge ?? 0,
      cover_probability: r.cover_probability ?? NaN,
      expected_value: r.expected_value ?? NaN,
      recommended_units: r.stake,
      actual_outcome: r.actual,
      result: r.result as BetResult,
      units_won: r.units_won,
      closing_line: r.closing_line,
    });
  }
  return out;
}
