// What a promotion test compared, in the models' own figures: the common games (market, seasons,
// count) and each model's bets, ROI and hit rate on them. The gates may judge a low-volume
// baseline as standing aside (ROI 0, gates.ts); the headline still shows what the baseline
// really did on those games, with the convention named beside it, so "ROI 0.00%" is never
// printed for a baseline that bet and lost.
import { comparedBets, type Market, type ModelRun, type PromotionTest } from './gates.ts';
import { bettingMetrics } from './metrics.ts';
import type { ScoredBet } from './types.ts';

export interface ComparedSide {
  id: string;
  bets: number;
  /** Units won per unit staked on its bets on the common games; null without bets. */
  roi: number | null;
  hit_rate: number | null;
}

export interface ComparedGames {
  market: Market;
  /** Distinct games both models predicted, with a result, in `market`. */
  games: number;
  seasons: number[];
  baseline: ComparedSide;
  candidate: ComparedSide;
}

function side(id: string, bets: readonly ScoredBet[]): ComparedSide {
  const m = bettingMetrics(bets);
  return { id, bets: bets.length, roi: bets.length && Number.isFinite(m.roi) ? m.roi : null, hit_rate: Number.isFinite(m.hit_rate) ? m.hit_rate : null };
}

export function comparedGames(baseline: ModelRun, candidate: ModelRun, market: Market): ComparedGames {
  const c = comparedBets(baseline, candidate, market);
  return {
    market,
    games: new Set(c.games.map((g) => g.game_id)).size,
    seasons: [...new Set(c.games.map((g) => g.season))].sort((a, b) => a - b),
    baseline: side(baseline.id, c.baseline),
    candidate: side(candidate.id, c.candidate),
  };
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);

/** The headline of a promotion test: the games compared, then each model's own figures there. */
export function comparisonLines(t: Pick<PromotionTest, 'baseline_convention' | 'gates' | 'phase'>, c: ComparedGames): string[] {
  const seasons = c.seasons.length > 1 && c.seasons.at(-1)! - c.seasons[0]! === c.seasons.length - 1 ? `${c.seasons[0]}–${c.seasons.at(-1)}` : c.seasons.join(', ');
  const own = (s: ComparedSide) => `${s.id}: ${s.bets} bet${s.bets === 1 ? '' : 's'}, ROI ${pct(s.roi)}, hit rate ${pct(s.hit_rate)}`;
  const aside = t.baseline_convention === 'stands_aside' ? [`            (under ${t.gates.volume.threshold} bets: the gates judge it as standing aside, ROI 0)`] : [];
  return [
    `compared on ${c.games} common games (${c.market}, seasons ${seasons}), phase ${t.phase} gates:`,
    `  baseline  ${own(c.baseline)}`,
    ...aside,
    `  candidate ${own(c.candidate)}`,
  ];
}

/**
 * The baseline's ROI in a one-line summary (decision log, demo, dashboard): a baseline the gates
 * judged as standing aside is named so, never printed as a bare "0.00%" it did not earn.
 */
export function baselineRoiLabel(t: { baseline_roi: number | null; baseline_convention?: PromotionTest['baseline_convention'] }, fmt: (v: number | null) => string): string {
  return t.baseline_convention === 'stands_aside' ? 'stands aside (too few bets: 0 by convention)' : fmt(t.baseline_roi);
}
