// The betting policy (issue 10, conf/betting): per game and market decide whether to bet, on
// which side and how much; then apply the weekly risk limits in order of expected value.
import type { BettingConfig } from '../config/groups/betting.ts';
import { weekOrdinal, type SeasonType } from '../data/schema.ts';
import { coverProbability, edgePoints, expectedValue, outcomeProbabilities, type OutcomeProbabilities } from './cover.ts';
import { isValidAmericanOdds } from './odds.ts';
import { stakeUnits } from './stake.ts';
import { sideForEdge, type Bet, type BetSide, type BetType } from './types.ts';

/** One game × market the model has a prediction for. Missing prices fall back to default_price. */
export interface Candidate {
  game_id: string;
  season: number;
  season_type: SeasonType;
  week: number;
  bet_type: BetType;
  /** Predicted home margin (spread) or total points (total). */
  prediction: number;
  /** Home-perspective spread or total points. */
  line: number;
  price_home?: number | null;
  price_away?: number | null;
  price_over?: number | null;
  price_under?: number | null;
  /** Standard deviation of the predictive distribution (out-of-sample residual spread). */
  sigma: number;
  home_prior_games: number;
  away_prior_games: number;
}

export interface Decision {
  candidate: Candidate;
  /** The side the edge favours (null when the edge is exactly 0). */
  side: BetSide | null;
  edge: number;
  price: number;
  probabilities: OutcomeProbabilities;
  cover_probability: number;
  expected_value: number;
  /** The bet, or null with the reason it was not made. */
  bet: Bet | null;
  reason: string | null;
}

function priceFor(c: Candidate, side: BetSide, fallback: number): number {
  const p = { home: c.price_home, away: c.price_away, over: c.price_over, under: c.price_under }[side];
  const price = p ?? fallback;
  if (!isValidAmericanOdds(price)) {
    throw new RangeError(`game ${c.game_id} ${c.bet_type}: invalid ${side} price ${price} (American odds ≤ -100 or ≥ 100)`);
  }
  return price;
}

/**
 * Why a candidate is not eligible, or null. |prediction| ≤ max_abs_prediction applies to the
 * spread market only: a predicted total is always far above 45 points.
 */
export function ineligibility(c: Candidate, cfg: BettingConfig): string | null {
  const min = cfg.eligibility.min_prior_games;
  if (c.home_prior_games < min || c.away_prior_games < min) {
    return `fewer than ${min} prior games (home ${c.home_prior_games}, away ${c.away_prior_games})`;
  }
  if (c.bet_type === 'spread' && Math.abs(c.prediction) > cfg.eligibility.max_abs_prediction) {
    return `|prediction| ${Math.abs(c.prediction).toFixed(1)} > ${cfg.eligibility.max_abs_prediction}`;
  }
  return null;
}

/** The decision for one candidate, before weekly risk limits (stake before caps). */
export function decide(c: Candidate, cfg: BettingConfig, bankroll: number = cfg.bankroll): Decision {
  const edge = edgePoints(c.bet_type, c.prediction, c.line);
  const side = edge === 0 ? null : sideForEdge(c.bet_type, edge);
  const price = priceFor(c, side ?? (c.bet_type === 'spread' ? 'home' : 'over'), cfg.default_price);
  const probabilities = outcomeProbabilities(c.bet_type, side ?? (c.bet_type === 'spread' ? 'home' : 'over'), c.prediction, c.line, c.sigma, cfg.key_numbers ?? undefined);
  const cover = coverProbability(probabilities);
  const ev = expectedValue(probabilities, price);
  const base = { candidate: c, side, edge, price, probabilities, cover_probability: cover, expected_value: ev };
  const market = cfg.markets[c.bet_type];
  const pass = (reason: string): Decision => ({ ...base, bet: null, reason });

  const notEligible = ineligibility(c, cfg);
  if (notEligible) return pass(`not eligible: ${notEligible}`);
  if (side === null) return pass('no edge');
  if (Math.abs(edge) < market.edge_threshold) return pass(`|edge| ${Math.abs(edge).toFixed(2)} < ${market.edge_threshold}`);
  if (cover < market.min_cover_probability) return pass(`cover probability ${cover.toFixed(3)} < ${market.min_cover_probability}`);
  if (ev < market.min_expected_value) return pass(`expected value ${ev.toFixed(3)} < ${market.min_expected_value}`);
  const units = stakeUnits({ absEdge: Math.abs(edge), threshold: market.edge_threshold, probabilities, price, bankroll }, cfg.stake);
  if (!(units > 0)) return pass('stake is zero');
  return {
    ...base,
    reason: null,
    bet: {
      game_id: c.game_id,
      season: c.season,
      season_type: c.season_type,
      week: c.week,
      bet_type: c.bet_type,
      side,
      line: c.line,
      price,
      prediction: c.prediction,
      edge,
      cover_probability: cover,
      expected_value: ev,
      recommended_units: units,
    },
  };
}

const TINY = 1e-9;

/** Per input bet: the stake it keeps after the limits, or why it was refused. */
export type LimitOutcome = { units: number; reason: null } | { units: 0; reason: string };

/**
 * Weekly risk limits, applied to one week's bets in order of expected value (highest first;
 * ties by larger |edge|, then game id, then market): one bet per game per market, each stake
 * capped at max_stake_fraction of the bankroll, at most max_bets_per_week bets, and total stake
 * at most max_weekly_exposure of the bankroll — the bet that would cross it is trimmed to the
 * room left, later ones are refused. The result is aligned with the input.
 */
export function riskLimitOutcomes(bets: readonly Bet[], limits: BettingConfig['limits'], bankroll: number): LimitOutcome[] {
  const order = bets
    .map((_, i) => i)
    .sort((i, j) => {
      const a = bets[i]!;
      const b = bets[j]!;
      return (
        b.expected_value - a.expected_value ||
        Math.abs(b.edge) - Math.abs(a.edge) ||
        (a.game_id < b.game_id ? -1 : a.game_id > b.game_id ? 1 : 0) ||
        (a.bet_type < b.bet_type ? -1 : a.bet_type > b.bet_type ? 1 : 0)
      );
    });
  const out: LimitOutcome[] = new Array(bets.length);
  const seen = new Set<string>();
  const maxStake = limits.max_stake_fraction * bankroll;
  const maxExposure = limits.max_weekly_exposure * bankroll;
  let exposure = 0;
  let count = 0;
  for (const i of order) {
    const bet = bets[i]!;
    const key = `${bet.game_id}|${bet.bet_type}`;
    const room = maxExposure - exposure;
    if (limits.one_per_game_market && seen.has(key)) {
      out[i] = { units: 0, reason: `already a ${bet.bet_type} bet on game ${bet.game_id}` };
    } else if (count >= limits.max_bets_per_week) {
      out[i] = { units: 0, reason: `weekly limit of ${limits.max_bets_per_week} bets reached` };
    } else if (room <= TINY) {
      out[i] = { units: 0, reason: `weekly exposure limit of ${maxExposure} units reached` };
    } else {
      const units = Math.min(bet.recommended_units, maxStake, room);
      seen.add(key);
      exposure += units;
      count++;
      out[i] = { units, reason: null };
    }
  }
  return out;
}

export interface PolicyResult {
  /** Accepted bets in chronological week order, input order within a week. */
  bets: Bet[];
  /** One decision per candidate, in input order, with the final bet (after limits) or the reason. */
  decisions: Decision[];
}

/** The policy over candidates of any number of weeks: decisions, then risk limits per week. */
export function applyPolicy(candidates: readonly Candidate[], cfg: BettingConfig, opts: { bankroll?: number } = {}): PolicyResult {
  const bankroll = opts.bankroll ?? cfg.bankroll;
  const decisions = candidates.map((c) => decide(c, cfg, bankroll));
  const weeks = new Map<number, number[]>();
  decisions.forEach((d, i) => {
    if (!d.bet) return;
    const k = weekOrdinal(d.bet.season, d.bet.season_type, d.bet.week);
    const w = weeks.get(k);
    if (w) w.push(i);
    else weeks.set(k, [i]);
  });
  const bets: Bet[] = [];
  for (const k of [...weeks.keys()].sort((a, b) => a - b)) {
    const idx = weeks.get(k)!;
    const outcomes = riskLimitOutcomes(idx.map((i) => decisions[i]!.bet!), cfg.limits, bankroll);
    idx.forEach((i, j) => {
      const d = decisions[i]!;
      const o = outcomes[j]!;
      if (o.reason !== null) {
        decisions[i] = { ...d, bet: null, reason: o.reason };
      } else {
        const bet = o.units === d.bet!.recommended_units ? d.bet! : { ...d.bet!, recommended_units: o.units };
        decisions[i] = { ...d, bet };
        bets.push(bet);
      }
    });
  }
  return { bets, decisions };
}
