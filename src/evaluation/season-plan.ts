// Which development seasons a walk-forward can actually evaluate. A development season needs a
// burn-in season before it (the predictive spread's first estimate), and the burn-in season
// needs training games before it. On a warehouse that starts late — college odds from 2020 with
// 2020 excluded — asking for three development seasons would fail deep inside the evaluation
// ("only 0 training games"); this plans fewer and says why, or names the real cause up front.
import type { EvaluationConfig } from '../config/groups/evaluation.ts';
import type { SeasonRoles } from './walkforward.ts';

export interface DevPlan {
  dev: number[];
  /** Why fewer development seasons than asked (empty when none were dropped). */
  note: string;
}

export class SeasonPlanError extends Error {}

export function planDevSeasons(roles: SeasonRoles, cfg: Pick<EvaluationConfig, 'first_season' | 'exclude_seasons' | 'dev_seasons'>, league = 'custom'): DevPlan {
  const usable = roles.complete.filter((y) => y < roles.test && y >= cfg.first_season && !cfg.exclude_seasons.includes(y));
  const hasTrainingBefore = (s: number) => roles.trainable.some((t) => t < s);
  const viable = usable.filter((s) => usable.some((b) => b < s && hasTrainingBefore(b)));
  const dev = viable.slice(-cfg.dev_seasons);
  const excluded = cfg.exclude_seasons.filter((y) => roles.complete.includes(y));
  const why =
    (excluded.length ? `; excluded seasons (evaluation.exclude_seasons, league profile ${league}): ${excluded.join(', ')}` : '') +
    `; evaluation.first_season ${cfg.first_season}`;
  if (dev.length === 0) {
    throw new SeasonPlanError(
      `no development season can be evaluated before the test season ${roles.test}: complete seasons ${roles.complete.join(', ') || 'none'}${why}. ` +
        'A development season needs a complete burn-in season before it, which needs training games before it: ' +
        'load earlier seasons (edgelab data import … / data pull …), or lower evaluation.first_season',
    );
  }
  const note =
    dev.length < cfg.dev_seasons
      ? `${dev.length} development season${dev.length > 1 ? 's' : ''} (evaluation.dev_seasons asks ${cfg.dev_seasons}): ` +
        `the warehouse's trainable seasons start at ${roles.trainable[0]}${why}`
      : '';
  return { dev, note };
}
