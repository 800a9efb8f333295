// Walk-forward planning: which games each fold trains on and which week it predicts. The one
// rule this file exists to enforce: the model that predicts week W of season S is fitted only on
// games that finished before week W of season S (DESIGN.md section 6).
import type { EvaluationConfig } from '../config/groups/evaluation.ts';
import { weekOrdinal, type Game, type SeasonType } from '../data/schema.ts';

export interface WeekSlot {
  season: number;
  season_type: SeasonType;
  week: number;
  /** weekOrdinal(season, season_type, week): the chronological sort key. */
  ordinal: number;
}

export interface Fold {
  /** The weeks this fold's model predicts (one week, or `refit_every` consecutive weeks). */
  predict: WeekSlot[];
  /** Train on games with ordinal < trainBefore (strictly earlier weeks) ... */
  trainBefore: number;
  /** ... and season >= trainFromSeason, excluding `excludeSeasons`. */
  trainFromSeason: number;
  excludeSeasons: number[];
}

export interface SeasonRoles {
  /** Seasons with every game completed, ascending. */
  complete: number[];
  test: number;
  dev: number[];
  /** Seasons whose games may be used for training at all. */
  trainable: number[];
}

/** All week slots that have games, chronologically. */
export function weekSlots(games: readonly Game[], includePostseason = true): WeekSlot[] {
  const seen = new Map<number, WeekSlot>();
  for (const g of games) {
    if (!includePostseason && g.season_type === 'postseason') continue;
    const ordinal = weekOrdinal(g.season, g.season_type, g.week);
    if (!seen.has(ordinal)) seen.set(ordinal, { season: g.season, season_type: g.season_type, week: g.week, ordinal });
  }
  return [...seen.values()].sort((a, b) => a.ordinal - b.ordinal);
}

/** Which season is the locked test season, which are development seasons. */
export function seasonRoles(games: readonly Game[], cfg: EvaluationConfig): SeasonRoles {
  const bySeason = new Map<number, { n: number; done: number }>();
  for (const g of games) {
    const s = bySeason.get(g.season) ?? { n: 0, done: 0 };
    s.n++;
    if (g.completed) s.done++;
    bySeason.set(g.season, s);
  }
  const complete = [...bySeason.entries()].filter(([, s]) => s.n > 0 && s.done === s.n).map(([y]) => y).sort((a, b) => a - b);
  if (complete.length === 0) throw new Error('no complete season in the data: walk-forward needs at least one');
  const test = cfg.test_season ?? complete[complete.length - 1]!;
  if (!bySeason.has(test)) throw new Error(`test season ${test} has no games in the data`);
  const usable = complete.filter((y) => y < test && y >= cfg.first_season && !cfg.exclude_seasons.includes(y));
  const dev = usable.slice(-cfg.dev_seasons);
  const trainable = [...bySeason.keys()].filter((y) => y >= cfg.first_season && !cfg.exclude_seasons.includes(y)).sort((a, b) => a - b);
  return { complete, test, dev, trainable };
}

/**
 * The folds that evaluate `seasons` week by week. Weeks are grouped `refit_every` at a time; the
 * group's model trains on games strictly before the group's first week, so no fold ever sees a
 * game at or after a week it predicts.
 */
export function planFolds(games: readonly Game[], seasons: readonly number[], cfg: EvaluationConfig): Fold[] {
  const slots = weekSlots(games, cfg.include_postseason).filter((s) => seasons.includes(s.season));
  const folds: Fold[] = [];
  let i = 0;
  while (i < slots.length) {
    const first = slots[i]!;
    const group: WeekSlot[] = [];
    while (i < slots.length && group.length < cfg.refit_every && slots[i]!.season === first.season) group.push(slots[i++]!);
    const fromSeason = cfg.max_train_seasons === null ? cfg.first_season : Math.max(cfg.first_season, first.season - cfg.max_train_seasons);
    folds.push({ predict: group, trainBefore: first.ordinal, trainFromSeason: fromSeason, excludeSeasons: [...cfg.exclude_seasons] });
  }
  return folds;
}

/** May `g` be used to train `fold`? Completed, strictly before the fold's first week, in window. */
export function inTrainingWindow(g: Pick<Game, 'completed' | 'season' | 'season_type' | 'week'>, fold: Fold): boolean {
  return (
    g.completed &&
    weekOrdinal(g.season, g.season_type, g.week) < fold.trainBefore &&
    g.season >= fold.trainFromSeason &&
    !fold.excludeSeasons.includes(g.season)
  );
}

/** Is `g` one of the games the fold predicts? */
export function inPredictWeeks(g: Pick<Game, 'season' | 'season_type' | 'week'>, fold: Fold): boolean {
  const o = weekOrdinal(g.season, g.season_type, g.week);
  return fold.predict.some((s) => s.ordinal === o);
}
