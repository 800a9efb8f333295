// Walk-forward planning: which games each fold trains on and which week it predicts. The one
// rule this file exists to enforce: the model that predicts week W of season S is fitted only on
// games that finished before week W's first kickoff (DESIGN.md section 6). Time is kickoff time:
// weeks are ordered by their first kickoff, never by their labels (features/kickoff.ts).
import type { EvaluationConfig } from '../config/groups/evaluation.ts';
import { weekOrdinal, type Game, type SeasonType } from '../data/schema.ts';
import { firstKickoffs, kickoffMs, knownBefore } from '../features/index.ts';

export interface WeekSlot {
  season: number;
  season_type: SeasonType;
  week: number;
  /** weekOrdinal(season, season_type, week): the week's identity (labels group, not order). */
  ordinal: number;
  /** The week's first kickoff (epoch ms): the moment it is predicted at, and the sort key. */
  cut: number;
}

export interface Fold {
  /** The weeks this fold's model predicts (one week, or `refit_every` consecutive weeks). */
  predict: WeekSlot[];
  /** Train on games whose results were known at this moment (epoch ms: the first predicted week's first kickoff) ... */
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

/** All week slots that have games, by first kickoff (season first; ties by label). */
export function weekSlots(games: readonly Game[], includePostseason = true): WeekSlot[] {
  const seen = new Map<number, Omit<WeekSlot, 'cut'>>();
  const kept = games.filter((g) => includePostseason || g.season_type !== 'postseason');
  for (const g of kept) {
    const ordinal = weekOrdinal(g.season, g.season_type, g.week);
    if (!seen.has(ordinal)) seen.set(ordinal, { season: g.season, season_type: g.season_type, week: g.week, ordinal });
  }
  const cuts = firstKickoffs(kept.map((g) => ({ key: weekOrdinal(g.season, g.season_type, g.week), kickoff: kickoffMs(g.start_date) })));
  return [...seen.values()]
    .map((s) => ({ ...s, cut: cuts.get(s.ordinal)! }))
    .sort((a, b) => a.season - b.season || a.cut - b.cut || a.ordinal - b.ordinal);
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
    folds.push({ predict: group, trainBefore: first.cut, trainFromSeason: fromSeason, excludeSeasons: [...cfg.exclude_seasons] });
  }
  return folds;
}

/** May `g` be used to train `fold`? Completed, result known before the fold's first kickoff, in window. */
export function inTrainingWindow(g: Pick<Game, 'completed' | 'season' | 'start_date'> & { kickoff?: number }, fold: Fold): boolean {
  return (
    g.completed &&
    knownBefore(g.kickoff ?? kickoffMs(g.start_date), fold.trainBefore) &&
    g.season >= fold.trainFromSeason &&
    !fold.excludeSeasons.includes(g.season)
  );
}

/** Is `g` one of the games the fold predicts? */
export function inPredictWeeks(g: Pick<Game, 'season' | 'season_type' | 'week'>, fold: Fold): boolean {
  const o = weekOrdinal(g.season, g.season_type, g.week);
  return fold.predict.some((s) => s.ordinal === o);
}
