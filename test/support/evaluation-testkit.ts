// Builders of bet rows for the tests of this folder (not used by production code).
import type { ScoredBet } from '../../src/evaluation/types.ts';

export function scored(p: Partial<ScoredBet> & Pick<ScoredBet, 'result' | 'units_won'>): ScoredBet {
  return {
    game_id: 'g',
    season: 2023,
    season_type: 'regular',
    week: 1,
    bet_type: 'spread',
    side: 'home',
    line: -3,
    price: -110,
    prediction: 0,
    edge: 3,
    cover_probability: 0.55,
    expected_value: 0.05,
    recommended_units: 1,
    actual_outcome: 0,
    ...p,
  };
}

/** Five bets of every result (win, loss, push, loss, pending) for the tally tests. */
export const TALLY_ROWS = [
  { result: 'win', recommended_units: 1, units_won: 0.9091, edge: 3, clv: 0.5 },
  { result: 'loss', recommended_units: 2, units_won: -2, edge: -4, clv: null },
  { result: 'push', recommended_units: 1, units_won: 0, edge: 5, clv: -1.5 },
  { result: 'loss', recommended_units: 1, units_won: -1, edge: 2, clv: null },
  { result: 'pending', recommended_units: 1, units_won: 0, edge: 6, clv: null },
];
