// The bet row of DESIGN.md section 6, shared by the policy (which makes bets), scoring (which
// settles them), metrics and the promotion gates.
import type { SeasonType } from '../data/schema.ts';

export type BetType = 'spread' | 'total';
export type BetSide = 'home' | 'away' | 'over' | 'under';
export type BetResult = 'win' | 'loss' | 'push';

/**
 * A recommended bet. `line` is the market line as the warehouse stores it: for spreads the HOME
 * perspective (negative = home favoured) whichever side is bet, for totals the total points.
 * `edge` is signed in the market's perspective (positive favours home / over), the same meaning
 * as the edge column of predictions.csv; the bet's side is the sign of the edge.
 * `cover_probability` is P(win | not push) — comparable with the price's break-even probability.
 */
export interface Bet {
  game_id: string;
  season: number;
  season_type: SeasonType;
  week: number;
  bet_type: BetType;
  side: BetSide;
  line: number;
  /** American odds. */
  price: number;
  prediction: number;
  edge: number;
  cover_probability: number;
  /** Expected profit per unit staked (push probability included). */
  expected_value: number;
  recommended_units: number;
}

/** A settled bet: the bet plus its outcome. */
export interface ScoredBet extends Bet {
  /** Home margin for spreads, total points for totals. */
  actual_outcome: number;
  result: BetResult;
  units_won: number;
  /** The closing line when the bet was made at another line (for closing-line value). */
  closing_line?: number | null;
}

export function sideForEdge(betType: BetType, edge: number): BetSide {
  if (betType === 'spread') return edge > 0 ? 'home' : 'away';
  return edge > 0 ? 'over' : 'under';
}

export function checkSide(betType: BetType, side: BetSide): void {
  const ok = betType === 'spread' ? side === 'home' || side === 'away' : side === 'over' || side === 'under';
  if (!ok) throw new RangeError(`side ${side} does not belong to a ${betType} bet`);
}
