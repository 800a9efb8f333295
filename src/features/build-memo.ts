// Parts of a feature build kept for the next builds of the process, keyed by what they are
// computed from: the indexed history (by the identities of the games and team_game rows), the
// market lines (by the lines' identities and the line options) and each season's end state (by
// the features config, the team index, the identities of that season's finished games with their
// team_game rows, and the key of the season before). Week by week only the live season's rows
// change, so a build recomputes the live season and reuses every finished season's end state;
// within a week, monitor and predict index the same data once. Only frozen rows have identities
// (row-identity.ts): data with any other row is built afresh. frame-memo.test.ts and
// build-memo.test.ts check memoised = fresh for random data.
import { createHash } from 'node:crypto';
import type { Dataset } from '../data/schema.ts';
import { indexHistory, type History, type IndexedGame } from './history.ts';
import { reindexHistory, type KeptIndex } from './history-reindex.ts';
import { rowId, rowsKey } from './row-identity.ts';
import { Kept } from '../util/kept.ts';
import { copyFrameParts, type FeatureRow, type WeekAdjustmentReport } from './frame.ts';

// A demo alternates a few datasets (training data, this week's); season ends: seasons × feature sets.
const histories = new Kept<History>(4);
const lines = new Kept<unknown>(8);
const ends = new Kept<unknown>(128);

/** indexHistory(data), shared with earlier builds over the same rows. Read-only: callers never change it. */
export function historyOf(data: Pick<Dataset, 'games' | 'teamGames'>): History {
  const key = rowsKey([data.games, data.teamGames]);
  if (key === null) return indexHistory(data as Dataset);
  return histories.get(key, () => {
    // Frozen rows only (a row changed in place would look unchanged): the index of the latest
    // earlier data with as many games is the start (history-reindex.ts).
    const like = indexes.filter((x) => x.games.length === data.games.length).pop();
    const next = reindexHistory(data, like);
    if (like) indexes.splice(indexes.indexOf(like), 1);
    indexes.push(next);
    if (indexes.length > 4) indexes.shift();
    return next.hist;
  });
}
const indexes: KeptIndex[] = [];

/** `make()`'s value for these lines and options, shared with earlier builds. Read-only. */
export function linesMemo<V>(rows: readonly object[], options: unknown, make: () => V): V {
  const key = rowsKey([rows]);
  return lines.get(key === null ? null : `${key}/${JSON.stringify(options)}`, make) as V;
}

/**
 * The key of a season's end state: `base` (the config and team index), the key of the season
 * before (or 'none' when it has no finished games; null: not memoisable), the season's last
 * regular week, and its finished games with their team_game rows, in order. null when a row
 * could change.
 */
export function seasonEndKey(hist: History, base: string, prior: string | null, season: number, lastRegularWeek: number, window: readonly IndexedGame[]): string | null {
  if (prior === null) return null;
  // A kept history (historyOf) is asked for the same keys by every build over it.
  let keys = endKeys.get(hist);
  if (!keys) endKeys.set(hist, (keys = new Map()));
  const asked = `${base}\u0000${prior}\u0000${season}\u0000${lastRegularWeek}`;
  if (keys.has(asked)) return keys.get(asked)!;
  // The next week's history holds the same frozen rows for every finished season: three
  // identity compares a game answer what a lookup of each row's id would.
  const last = lastWindows.find(asked);
  const key = last && last.key !== null && sameRows(last.window, window) ? last.key : endKeyOf(base, prior, season, lastRegularWeek, window);
  lastWindows.put(asked, { window, key });
  keys.set(asked, key);
  return key;
}

const endKeys = new WeakMap<History, Map<string, string | null>>();
// The rows of the last window asked for under each (base, prior, season, last regular week).
const lastWindows = new Kept<{ window: readonly IndexedGame[]; key: string | null }>(128);

const sameRows = (a: readonly IndexedGame[], b: readonly IndexedGame[]) =>
  a.length === b.length && a.every((g, i) => g.game === b[i]!.game && g.homeStats === b[i]!.homeStats && g.awayStats === b[i]!.awayStats);

function endKeyOf(base: string, prior: string, season: number, lastRegularWeek: number, window: readonly IndexedGame[]): string | null {
  const seq = new Float64Array(window.length * 3);
  let i = 0;
  for (const g of window) {
    const ids = [rowId(g.game), g.homeStats ? rowId(g.homeStats) : 0, g.awayStats ? rowId(g.awayStats) : 0];
    for (const id of ids) {
      if (id === null) return null;
      seq[i++] = id;
    }
  }
  return createHash('sha256').update(`${base}\u0000${prior}\u0000${season}\u0000${lastRegularWeek}\u0000`).update(new Uint8Array(seq.buffer)).digest('hex');
}

/** A season end state kept under `key` (seasonEndKey), else `make()`'s. Read-only. */
export function seasonEndMemo<V>(key: string | null, make: () => V): V {
  return ends.get(key, make) as V;
}

// A target week's rows (and adjustment reports) are a function of the whole data, the features
// config, the build options and the target alone (build.test.ts: the all-weeks batch equals
// week-by-week builds), so a build over the same rows reuses the weeks an earlier build made:
// walk-forward folds, the final fit and the production refit ask for overlapping weeks. Copies
// go in and come out, so no caller can change what another gets.
export interface KeptWeek {
  rows: FeatureRow[];
  adjustment: WeekAdjustmentReport[];
}
// At most this many weeks and feature rows (a college season is ≈ 800 games a week; a row with
// 40 columns ≈ 0.5 kB), so a sweep over many feature sets keeps tens of MB, not hundreds.
const weeks = new Kept<KeptWeek>(3000, (w) => w.rows.length, 60_000);
const copyWeek = (w: KeptWeek): KeptWeek => copyFrameParts(w);

/** The key under which the target weeks of one build are kept; null when a row could change. */
export function weeksKey(data: Dataset, cfg: unknown, options: unknown): string | null {
  const dk = rowsKey([data.games, data.lines, data.teamGames]);
  return dk === null ? null : createHash('sha256').update(`${dk}\u0000${JSON.stringify(cfg)}\u0000${JSON.stringify(options)}`).digest('hex');
}

/** A copy of the kept rows of target week `ordinal` under `key`, or undefined. */
export function keptWeek(key: string | null, ordinal: number): KeptWeek | undefined {
  const w = key === null ? undefined : weeks.find(`${key}/${ordinal}`);
  return w && copyWeek(w);
}

export function keepWeek(key: string | null, ordinal: number, week: KeptWeek): void {
  if (key !== null) weeks.put(`${key}/${ordinal}`, copyWeek(week));
}

/** Forget everything kept (tests). */
export function clearBuildMemo(): void {
  histories.clear();
  indexes.length = 0;
  lastWindows.clear();
  lines.clear();
  ends.clear();
  weeks.clear();
}
