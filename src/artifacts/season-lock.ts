// The pinned test season: docs/experiments/season_lock.json, under version control with the rest
// of docs/. The first `train` of a project writes it (test season and development seasons); from
// then on every command reads the seasons from here, never from the warehouse or the config, and
// only `edgelab seasons --set-test … --reason …` changes it (each change kept in `history`).
import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from './layout.ts';
import { writeJsonAtomic } from './atomic.ts';
import { UserError } from '../util/errors.ts';

export interface SeasonLockChange {
  at: string;
  by: string;
  test_season: number;
  dev_seasons: number[];
  /** evaluation.dev_seasons when pinned (the league's calendar may allow fewer seasons). */
  dev_seasons_requested?: number;
  reason: string;
}

export interface SeasonLock {
  test_season: number;
  dev_seasons: number[];
  dev_seasons_requested?: number;
  pinned_at: string;
  pinned_by: string;
  /** Every pinning, oldest first (the first is the initial pin). */
  history: SeasonLockChange[];
}

export function readSeasonLock(layout: Layout): SeasonLock | null {
  if (!existsSync(layout.seasonLock)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(layout.seasonLock, 'utf8'));
  } catch (e) {
    throw new UserError(`${layout.seasonLock}: not valid JSON (${(e as Error).message}); restore it from version control`);
  }
  const l = raw as Partial<SeasonLock>;
  if (!Number.isInteger(l.test_season) || !Array.isArray(l.dev_seasons) || !l.dev_seasons.every(Number.isInteger)) {
    throw new UserError(`${layout.seasonLock}: needs an integer test_season and a list of integer dev_seasons; restore it from version control`);
  }
  return { pinned_at: '', pinned_by: '', history: [], ...l } as SeasonLock;
}

/** Write the lock with one more change recorded (the caller holds the project lock). */
export function writeSeasonLock(layout: Layout, prior: SeasonLock | null, change: SeasonLockChange): SeasonLock {
  const lock: SeasonLock = {
    test_season: change.test_season,
    dev_seasons: [...change.dev_seasons],
    ...(change.dev_seasons_requested !== undefined ? { dev_seasons_requested: change.dev_seasons_requested } : {}),
    pinned_at: change.at,
    pinned_by: change.by,
    history: [...(prior?.history ?? []), change],
  };
  writeJsonAtomic(layout.seasonLock, lock);
  return lock;
}
