// Settling spread and total bets with the sign conventions of DESIGN.md section 5: home margin =
// home_points − away_points; home covers when margin + spread > 0, push when = 0 (spread in the
// home perspective); over wins when total points > total, push when equal.
import { profitPerUnit } from './odds.ts';
import { checkSide, type BetResult, type BetSide, type BetType } from './types.ts';

/** Result of a spread bet on `side` at home-perspective `spread`, given the home margin. */
export function spreadResult(side: 'home' | 'away', spread: number, homeMargin: number): BetResult {
  const x = homeMargin + spread;
  if (x === 0) return 'push';
  return (x > 0) === (side === 'home') ? 'win' : 'loss';
}

/** Result of a total bet on `side` at `total`, given the game's total points. */
export function totalResult(side: 'over' | 'under', total: number, points: number): BetResult {
  if (points === total) return 'push';
  return (points > total) === (side === 'over') ? 'win' : 'loss';
}

/** Units won by a stake at an American price: win → stake·profit, loss → −stake, push → 0. */
export function unitsWon(result: BetResult, price: number, stake: number): number {
  if (result === 'win') return stake * profitPerUnit(price);
  if (result === 'loss') return -stake;
  return 0;
}

export interface Settlement {
  /** Home margin for spreads, total points for totals. */
  actual_outcome: number;
  result: BetResult;
  units_won: number;
}

/** Settles one bet given the final score. */
export function settleBet(
  bet: { bet_type: BetType; side: BetSide; line: number; price: number; recommended_units: number },
  score: { home_points: number; away_points: number },
): Settlement {
  checkSide(bet.bet_type, bet.side);
  let actual: number;
  let result: BetResult;
  if (bet.bet_type === 'spread') {
    actual = score.home_points - score.away_points;
    result = spreadResult(bet.side as 'home' | 'away', bet.line, actual);
  } else {
    actual = score.home_points + score.away_points;
    result = totalResult(bet.side as 'over' | 'under', bet.line, actual);
  }
  return { actual_outcome: actual, result, units_won: unitsWon(result, bet.price, bet.recommended_units) };
}

/**
 * Closing-line value in points for the bet's side: how many points better the bet line was than
 * the close. Home spread bettors want a higher (less negative) spread, away bettors a lower one;
 * over bettors a lower total, under bettors a higher one.
 */
export function closingLineValue(betType: BetType, side: BetSide, line: number, closingLine: number): number {
  checkSide(betType, side);
  const d = line - closingLine;
  return side === 'home' || side === 'under' ? d : -d;
}

/** Settles a bet when its game is final; null (pending) while the game is unfinished or unscored. */
export function settleIfFinal(
  bet: Parameters<typeof settleBet>[0],
  game: { completed: boolean; home_points: number | null; away_points: number | null },
): Settlement | null {
  if (!game.completed || game.home_points === null || game.away_points === null) return null;
  return settleBet(bet, { home_points: game.home_points, away_points: game.away_points });
}
