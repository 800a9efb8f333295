// Stake sizing of the betting policy (issue 10): flat, fixed-fractional or fractional Kelly.
// Stakes are in units; the bankroll is in units too (conf/betting: bankroll).
import type { BettingConfig } from '../config/groups/betting.ts';
import type { OutcomeProbabilities } from './cover.ts';
import { profitPerUnit } from './odds.ts';

/**
 * The full Kelly fraction of bankroll for a bet that wins b = profitPerUnit(price) per unit with
 * probability p_win, loses the stake with p_loss and pushes otherwise. Maximising
 * p_win·ln(1 + b f) + p_loss·ln(1 − f) gives f* = (p_win·b − p_loss) / (b·(p_win + p_loss));
 * 0 when the bet has no positive expectation.
 */
export function kellyFraction(p: OutcomeProbabilities, price: number): number {
  const b = profitPerUnit(price);
  const decided = p.p_win + p.p_loss;
  if (decided <= 0) return 0;
  return Math.max(0, (p.p_win * b - p.p_loss) / (b * decided));
}

export interface StakeInput {
  /** |edge| in points. */
  absEdge: number;
  /** The market's edge threshold in points. */
  threshold: number;
  probabilities: OutcomeProbabilities;
  price: number;
  bankroll: number;
}

/** Recommended stake in units before risk limits. */
export function stakeUnits(s: StakeInput, cfg: BettingConfig['stake']): number {
  switch (cfg.method) {
    case 'flat':
      return cfg.flat_units;
    case 'fixed_fractional': {
      // base share at the threshold, +per_point of it per point of edge above, capped
      const multiplier = Math.min(1 + cfg.per_point * Math.max(0, s.absEdge - s.threshold), cfg.max_multiplier);
      return s.bankroll * cfg.base_fraction * multiplier;
    }
    case 'kelly':
      return Math.min(cfg.kelly_fraction * kellyFraction(s.probabilities, s.price), cfg.kelly_cap) * s.bankroll;
  }
}
