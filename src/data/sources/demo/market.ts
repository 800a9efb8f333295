// The betting market. It rates teams mostly from past results: a Kalman filter on margins and on
// totals (what the scoreboard shows), blended with a share of the truth (what sharp money knows).
// The filter ignores efficiency statistics, so they carry a little information the line lacks.
import type { Rng } from '../../../util/prng.ts';
import type { Line } from '../../schema.ts';
import { HFA } from './game.ts';

const MARGIN_NOISE_VAR = 15.5 ** 2;
const TOTAL_NOISE_VAR = 17 ** 2;
const WEEKLY_DRIFT_VAR = 0.5;
export const MARKET_TOTAL_BASE = 55;
/**
 * Share of the truth in the closing and in the opening number; the rest is the results-only
 * filter (public information a model can partly see through) plus private noise the market's
 * own information adds (no model can see it). Tuned so the oracle wins ≈ 56% against the close
 * while a model of the market's error built on public data finds only a small edge: with a
 * larger filter share, a ratings model could undo the filter's part of the close almost exactly.
 */
export const CLOSE_TRUTH_WEIGHT = 0.85;
export const OPEN_TRUTH_WEIGHT = 0.7;
/** sd of the market's private noise in the closing and opening numbers (points). */
export const CLOSE_NOISE = 1.8;
export const OPEN_NOISE = 3.0;

interface Belief {
  m: number;
  pm: number;
  t: number;
  pt: number;
  /** This season's luck on the scoreboard (points of margin) and the games it is summed over. */
  luck: number;
  games: number;
}

/**
 * The market chases the scoreboard: the number moves by LUCK_CHASE times each team's luck so far
 * this season (shrunk as if LUCK_PRIOR_GAMES luck-free games came first), home minus away. Luck is
 * what the points show and the efficiency statistics do not, so a model that reads both can see
 * the move for what it is; a model of points alone cannot tell it from strength.
 */
export const LUCK_CHASE = 1.0;
export const LUCK_PRIOR_GAMES = 3;

export class Market {
  private beliefs = new Map<string, Belief>();

  /** First season: the market's prior is the truth seen through noise. */
  seed(team: string, rating: number, totalShare: number, rng: Rng): void {
    this.beliefs.set(team, { m: rating + rng.normal(0, 5), pm: 25, t: totalShare + rng.normal(0, 3), pt: 9, luck: 0, games: 0 });
  }

  /** New season: regress every belief toward its conference's mean and widen it. */
  newSeason(conferenceOf: (team: string) => string): void {
    const sums = new Map<string, [number, number, number]>();
    for (const [team, b] of this.beliefs) {
      const s = sums.get(conferenceOf(team)) ?? [0, 0, 0];
      sums.set(conferenceOf(team), [s[0] + b.m, s[1] + b.t, s[2] + 1]);
    }
    for (const [team, b] of this.beliefs) {
      const [sm, st, n] = sums.get(conferenceOf(team))!;
      b.m = 0.7 * b.m + 0.3 * (sm / n);
      b.t = 0.6 * b.t + 0.4 * (st / n);
      b.pm += 30;
      b.pt += 10;
      b.luck = 0;
      b.games = 0;
    }
  }

  margin(home: string, away: string, neutral: boolean): number {
    return this.beliefs.get(home)!.m - this.beliefs.get(away)!.m + (neutral ? 0 : HFA);
  }

  /** Points the number moves toward the home side for the luck both teams had this season. */
  chase(home: string, away: string): number {
    const mean = (b: Belief) => b.luck / (b.games + LUCK_PRIOR_GAMES);
    return LUCK_CHASE * (mean(this.beliefs.get(home)!) - mean(this.beliefs.get(away)!));
  }

  total(home: string, away: string): number {
    return MARKET_TOTAL_BASE + this.beliefs.get(home)!.t + this.beliefs.get(away)!.t;
  }

  /** After a game: a Kalman update of both teams from the margin and the total. */
  observe(home: string, away: string, neutral: boolean, margin: number, total: number, luckMargin: number): void {
    const h = this.beliefs.get(home)!;
    const a = this.beliefs.get(away)!;
    h.luck += luckMargin;
    a.luck -= luckMargin;
    h.games++;
    a.games++;
    const v = margin - this.margin(home, away, neutral);
    const s = h.pm + a.pm + MARGIN_NOISE_VAR;
    const kh = h.pm / s;
    const ka = a.pm / s;
    h.m += kh * v;
    a.m -= ka * v;
    h.pm -= kh * h.pm;
    a.pm -= ka * a.pm;
    const vt = total - this.total(home, away);
    const st = h.pt + a.pt + TOTAL_NOISE_VAR;
    const th = h.pt / st;
    const ta = a.pt / st;
    h.t += th * vt;
    a.t += ta * vt;
    h.pt -= th * h.pt;
    a.pt -= ta * a.pt;
  }

  /** Between weeks the truth drifts, so the market's uncertainty grows. */
  weekPassed(): void {
    for (const b of this.beliefs.values()) {
      b.pm += WEEKLY_DRIFT_VAR;
      b.pt += WEEKLY_DRIFT_VAR / 4;
    }
  }
}

const half = (x: number) => Math.round(x * 2) / 2;

/** American odds of a probability (vig already added), rounded to 5. */
function american(q: number): number {
  const raw = q >= 0.5 ? (-100 * q) / (1 - q) : (100 * (1 - q)) / q;
  const r = Math.round(raw / 5) * 5;
  return Math.abs(r) < 100 ? (raw < 0 ? -100 : 100) : r;
}

function normCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 via erf; plenty for pricing a moneyline.
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface LineInputs {
  gameId: string;
  kickoff: string;
  trueMargin: number;
  trueTotal: number;
  marketMargin: number;
  marketTotal: number;
  /** The market's move for the scoreboard luck (Market.chase), in points of home margin. */
  chase: number;
}

/** Opening and closing numbers for one game, or null when the game has no line (≈1.5%). */
export function makeLine(rng: Rng, x: LineInputs): Line | null {
  if (rng.next() < 0.015) return null;
  const close = CLOSE_TRUTH_WEIGHT * x.trueMargin + (1 - CLOSE_TRUTH_WEIGHT) * x.marketMargin + x.chase + rng.normal(0, CLOSE_NOISE);
  const open = OPEN_TRUTH_WEIGHT * x.trueMargin + (1 - OPEN_TRUTH_WEIGHT) * x.marketMargin + x.chase + rng.normal(0, OPEN_NOISE);
  const totalClose = CLOSE_TRUTH_WEIGHT * x.trueTotal + (1 - CLOSE_TRUTH_WEIGHT) * x.marketTotal + rng.normal(0, CLOSE_NOISE);
  const totalOpen = OPEN_TRUTH_WEIGHT * x.trueTotal + (1 - OPEN_TRUTH_WEIGHT) * x.marketTotal + rng.normal(0, OPEN_NOISE);
  const spread = half(-close) || 0;
  const noOpen = rng.next() < 0.02;
  const pHome = normCdf(-spread / 15.5);
  // Draw unconditionally: the random stream must not depend on the number (a change of the
  // market would otherwise reshuffle every later game of the league).
  const offBoardDraw = rng.next();
  const offBoard = Math.abs(spread) > 28 || offBoardDraw < 0.02;
  const captured = new Date(Date.parse(x.kickoff) - 3_600_000).toISOString();
  return {
    game_id: x.gameId,
    provider: 'consensus',
    spread,
    spread_open: noOpen ? null : half(-open) || 0,
    total: Math.min(95, Math.max(30, half(totalClose))),
    total_open: noOpen ? null : Math.min(95, Math.max(30, half(totalOpen))),
    home_moneyline: offBoard ? null : american(Math.min(0.995, pHome + 0.0225)),
    away_moneyline: offBoard ? null : american(Math.min(0.995, 1 - pHome + 0.0225)),
    spread_price_home: -110,
    spread_price_away: -110,
    over_price: -110,
    under_price: -110,
    captured_at: captured,
  };
}
