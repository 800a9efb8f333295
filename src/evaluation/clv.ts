// Closing-line value (issue 20): how much better the number a bet got was than the market's last
// word, in points and as a probability. The points are closingLineValue (outcomes.ts). The
// probability reads the closing line as the market's fair median of the outcome with the
// market's own spread of error σ around it (the closing lines' RMS error on past games of the
// same market): a bet at a number `clv` points better than the close then wins with probability
// Φ(clv/σ) instead of one half, so its CLV as a probability is Φ(clv/σ) − ½ (pushes and key
// numbers ignored: a normal approximation, as the cover probabilities are).
// A bet made AT the close has no closing-line value (it is 0 by construction): null, not 0.
import { normalCdf } from './normal.ts';
import { closingLineValue } from './outcomes.ts';
import type { BetSide, BetType } from './types.ts';

export interface ClvFigures {
  /** Points better than the close for the bet's side (negative: worse); null when not applicable. */
  clv: number | null;
  /** Φ(clv/σ) − ½; null when the points are null or σ is unknown. */
  clv_prob: number | null;
}

/**
 * CLV of one bet. `betLine` says where the model bets: at the opener a bet has a CLV whenever the
 * close is known (0 where the line did not move); at the close it has none.
 */
export function betClv(
  bet: { bet_type: BetType; side: BetSide; line: number },
  close: number | null,
  betLine: 'opening' | 'closing' | null,
  sigma: number | null,
): ClvFigures {
  if (close === null || betLine === 'closing') return { clv: null, clv_prob: null };
  // Unknown bet line (a bundle that cannot be read): only a number that differs from the close
  // can be told apart from a bet at the close.
  if (betLine === null && close === bet.line) return { clv: null, clv_prob: null };
  const clv = closingLineValue(bet.bet_type, bet.side, bet.line, close);
  return { clv, clv_prob: sigma !== null && sigma > 0 ? clvProbability(clv, sigma) : null };
}

/** Φ(clv/σ) − ½: the bet's gain in win probability judged by the closing line. */
export function clvProbability(clvPoints: number, sigma: number): number {
  if (!(sigma > 0)) throw new RangeError(`clvProbability: sigma must be positive (got ${sigma})`);
  return normalCdf(clvPoints / sigma) - 0.5;
}

/**
 * The closing line's RMS error on finished games: spreads against the home margin (the market
 * expects −spread), totals against the points. Null below `minGames` games.
 */
export function closingLineSigma(
  games: readonly { home_points: number | null; away_points: number | null; completed: boolean; close: number | null }[],
  market: BetType,
  minGames = 30,
): number | null {
  let ss = 0;
  let n = 0;
  for (const g of games) {
    if (!g.completed || g.home_points === null || g.away_points === null || g.close === null) continue;
    const err = market === 'spread' ? g.home_points - g.away_points + g.close : g.home_points + g.away_points - g.close;
    ss += err * err;
    n++;
  }
  return n >= minGames ? Math.sqrt(ss / n) : null;
}

/** Said wherever CLV would be shown and no bet has one. */
export const NO_CLV_NOTE =
  'no closing-line value: these bets were made at the closing line (evaluation.bet_line=closing), where it is 0 by construction; ' +
  'a model trained with evaluation.bet_line=opening bets at the opener and gets one (0 where the line did not move)';

/** "+1.5 pts (+4.0%)": points for the bet's side and the gain in win probability; "—" when none. */
export function clvText(points: number | null, prob: number | null): string {
  if (points === null || !Number.isFinite(points)) return '—';
  const p = `${points > 0 ? '+' : ''}${points.toFixed(1)} pts`;
  return prob === null || !Number.isFinite(prob) ? p : `${p} (${prob > 0 ? '+' : ''}${(prob * 100).toFixed(1)}%)`;
}
