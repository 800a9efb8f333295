// `edgelab data pull cfbd`: fetch (or read cached) CFBD responses, map them and load them in one
// transaction. Bad items fail the pull unless skipBadRows (then they are reported and skipped).
import type { Layout } from '../artifacts/layout.ts';
import type { LoadReport } from '../data/warehouse.ts';
import { pullCfbd } from '../data/sources/cfbd/pull.ts';
import { createCfbdApi, type CfbdApi } from '../data/sources/cfbd/client.ts';
import { assertNoRejects } from '../data/sources/csv/records.ts';
import { firstRejects, loadDataset, rowCounts, storedGames, type ImportOutcome } from './data-import.ts';
import { warehousePath } from './data-config.ts';
import { collegeCalendar } from '../data/calendar.ts';

export interface CfbdPullRequest {
  season: number;
  week?: number;
  seasonType?: 'regular' | 'postseason';
  refresh?: boolean;
  /** Fetch team box scores for yardage (default true). */
  boxScores?: boolean;
  skipBadRows?: boolean;
  /** Injected API (tests); default: the official client with CFBD_API_KEY. */
  api?: () => CfbdApi;
}

export interface CfbdPullOutcome {
  calls: number;
  cacheFiles: string[];
  skippedGames: number;
  rows: ImportOutcome['rows'];
  load: LoadReport | null;
  rejected: number;
  rejects: string[];
  warehouse: string;
}

export async function pullCfbdIntoWarehouse(layout: Layout, req: CfbdPullRequest): Promise<CfbdPullOutcome> {
  const warehouse = warehousePath(layout);
  const pulled = await pullCfbd({
    season: req.season,
    ...(req.week !== undefined ? { week: req.week } : {}),
    ...(req.seasonType !== undefined ? { seasonType: req.seasonType } : {}),
    refresh: Boolean(req.refresh),
    boxScores: req.boxScores !== false,
    cacheDir: layout.rawCacheDir('cfbd'),
    displayRoot: layout.project,
    api: req.api ?? (() => createCfbdApi()),
    knownGames: await storedGames(warehouse),
  });
  if (!req.skipBadRows) assertNoRejects(pulled.rejects);
  // CFBD folds week 0 into week 1 and labels the whole postseason week 1: order by kickoff.
  pulled.dataset.games = collegeCalendar(pulled.dataset.games).games;
  const params = { season: req.season, week: req.week ?? null, seasonType: req.seasonType ?? 'both' };
  const load = await loadDataset(warehouse, pulled.dataset, 'cfbd', params);
  return {
    calls: pulled.calls,
    cacheFiles: pulled.cacheFiles,
    skippedGames: pulled.skippedGames,
    rows: rowCounts(pulled.dataset),
    load,
    rejected: pulled.rejects.length,
    rejects: firstRejects(pulled.rejects),
    warehouse,
  };
}
