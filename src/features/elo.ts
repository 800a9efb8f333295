// Elo ratings, updated game by game in (season, kickoff, game_id) order. Between seasons every
// rating regresses toward `initial` by `season_regression`. The margin-of-victory multiplier is
// FiveThirtyEight's: ln(|margin| + 1) * 2.2 / (0.001 * winner's Elo edge + 2.2), which damps
// the autocorrelation of favourites running up scores.
import type { FeaturesConfig } from '../config/groups/features.ts';
import type { IndexedGame } from './history.ts';

export type EloConfig = FeaturesConfig['elo'];

export function eloExpected(diff: number): number {
  return 1 / (1 + Math.pow(10, -diff / 400));
}

export function movMultiplier(margin: number, winnerEdge: number): number {
  return (Math.log(Math.abs(margin) + 1) * 2.2) / (winnerEdge * 0.001 + 2.2);
}

/** Home rating change for one game (the away side changes by the negative). */
export function eloDelta(home: number, away: number, margin: number, neutral: boolean, cfg: EloConfig): number {
  const diff = home - away + (neutral ? 0 : cfg.home_advantage);
  const score = margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
  const mult = cfg.mov_multiplier ? movMultiplier(margin, margin >= 0 ? diff : -diff) : 1;
  return cfg.k * mult * (score - eloExpected(diff));
}

/** Running Elo state; `advance` consumes finished games in order, `view` reads it for a season. */
export class EloState {
  readonly ratings: Float64Array;
  private lastSeason: number | null = null;
  private next = 0;

  constructor(nTeams: number, private readonly cfg: EloConfig) {
    this.ratings = new Float64Array(nTeams).fill(NaN);
  }

  private regress(): void {
    const keep = 1 - this.cfg.season_regression;
    for (let t = 0; t < this.ratings.length; t++) {
      const r = this.ratings[t]!;
      if (Number.isFinite(r)) this.ratings[t] = this.cfg.initial + keep * (r - this.cfg.initial);
    }
  }

  /**
   * Apply every game of `finished` (sorted by season, kickoff) known at the moment `cut` of
   * `season` — earlier seasons whole, this season's results in by `cut` — from where we left off.
   */
  advance(finished: IndexedGame[], season: number, cut: number): void {
    const known = (g: IndexedGame) => g.game.season < season || (g.game.season === season && g.knownMs <= cut);
    if (this.next > 0 && !known(finished[this.next - 1]!)) throw new Error('EloState.advance: targets must be visited in order');
    for (; this.next < finished.length && known(finished[this.next]!); this.next++) {
      const g = finished[this.next]!;
      if (this.lastSeason !== null && g.game.season !== this.lastSeason) this.regress();
      this.lastSeason = g.game.season;
      const r = this.ratings;
      if (!Number.isFinite(r[g.home]!)) r[g.home] = this.cfg.initial;
      if (!Number.isFinite(r[g.away]!)) r[g.away] = this.cfg.initial;
      const d = eloDelta(r[g.home]!, r[g.away]!, g.margin, g.game.neutral_site, this.cfg);
      r[g.home] += d;
      r[g.away] -= d;
    }
  }

  /** A team's rating as seen from a target in `season` (regressed if a season boundary lies between). */
  view(team: number, season: number): number {
    const r = this.ratings[team]!;
    if (!Number.isFinite(r)) return NaN;
    if (this.lastSeason !== null && season !== this.lastSeason) {
      return this.cfg.initial + (1 - this.cfg.season_regression) * (r - this.cfg.initial);
    }
    return r;
  }
}
