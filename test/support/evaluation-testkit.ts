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
