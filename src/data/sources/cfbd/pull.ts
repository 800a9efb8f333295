// `edgelab data pull cfbd`: games, every provider's lines, advanced team statistics and team box
// scores (yardage) of one season (or week) from CollegeFootballData. Each raw response is cached on disk under
// data/raw/cfbd/<endpoint>/<season>_<type>_<week>.json, so a re-run makes no API call (the free
// tier allows ~1,000 calls a month); `refresh` fetches again.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Dataset } from '../../schema.ts';
import { writeJsonAtomic } from '../../../artifacts/atomic.ts';
import { UserError } from '../../../util/errors.ts';
import { uniqueGames, uniqueLines, uniqueTeamGames, gameIndex, type KnownGame, type Reject } from '../csv/checks.ts';
import type { CfbdApi, CfbdQuery } from './client.ts';
import { mapCfbdAdvanced, mapCfbdGames, mapCfbdLines, type GameScore } from './map.ts';
import { mergeBoxScores } from './boxscore.ts';
import type { GameTeamStats } from 'cfbd';

export interface CfbdPullOptions {
  season: number;
  week?: number;
  /** Default: both (regular season and postseason). */
  seasonType?: 'regular' | 'postseason';
  refresh?: boolean;
  /** layout.rawCacheDir('cfbd'). */
  cacheDir: string;
  /** Paths in messages are shown relative to this directory (the project). */
  displayRoot?: string;
  /** Made only when a call is needed, so a fully cached pull needs no API key. */
  api: () => CfbdApi;
  /** Games already in the warehouse (lines and statistics may refer to them). */
  knownGames?: readonly KnownGame[];
  /** Also fetch team box scores for yardage (one call per week pulled). Default true. */
  boxScores?: boolean;
}

export interface CfbdPull {
  dataset: Dataset;
  rejects: Reject[];
  /** API calls made by this pull (0 when every response came from the cache). */
  calls: number;
  /** Cache files read or written (one per endpoint, box scores one per week). */
  cacheFiles: string[];
  /** Games of season types edgelab does not model (all-star, spring), not loaded. */
  skippedGames: number;
}

export const CFBD_ENDPOINTS = ['games', 'lines', 'advanced_game_stats', 'team_box_scores'] as const;
export type CfbdEndpoint = (typeof CFBD_ENDPOINTS)[number];

export function cfbdQuery(o: Pick<CfbdPullOptions, 'season' | 'week' | 'seasonType'>): CfbdQuery {
  const q: CfbdQuery = { year: o.season, seasonType: o.seasonType ?? 'both' };
  if (o.week !== undefined) q.week = o.week;
  return q;
}

export function cacheFile(cacheDir: string, endpoint: CfbdEndpoint, q: CfbdQuery): string {
  return join(cacheDir, endpoint, `${q.year}_${q.seasonType}_${q.week === undefined ? 'all' : `week${String(q.week).padStart(2, '0')}`}.json`);
}

export async function pullCfbd(opts: CfbdPullOptions): Promise<CfbdPull> {
  const q = cfbdQuery(opts);
  let api: CfbdApi | undefined;
  let calls = 0;
  const show = (p: string) => (opts.displayRoot ? relative(opts.displayRoot, p) : p);

  const cacheFiles: string[] = [];
  async function fetchCached<T>(endpoint: CfbdEndpoint, fetchIt: (a: CfbdApi) => Promise<T[]>, query = q): Promise<{ items: T[]; file: string }> {
    const file = cacheFile(opts.cacheDir, endpoint, query);
    cacheFiles.push(file);
    if (!opts.refresh && existsSync(file)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new UserError(`${show(file)}: cached CFBD response is not valid JSON (${(e as Error).message}); re-run with --refresh`);
      }
      if (!Array.isArray(parsed)) throw new UserError(`${show(file)}: cached CFBD response is not a JSON array; re-run with --refresh`);
      return { items: parsed as T[], file };
    }
    api ??= opts.api();
    calls++;
    const items = await fetchIt(api);
    writeJsonAtomic(file, items);
    return { items, file };
  }

  const games = await fetchCached('games', (a) => a.getGames(q));
  const lines = await fetchCached('lines', (a) => a.getLines(q));
  const stats = await fetchCached('advanced_game_stats', (a) => a.getAdvancedGameStats(q));

  const rejects: Reject[] = [];
  const mapped = mapCfbdGames({ file: show(games.file) }, games.items, rejects);
  const newGames = uniqueGames(mapped.rows, rejects);
  const index = gameIndex(opts.knownGames ?? [], newGames);
  const scores = new Map<string, GameScore>();
  for (const g of [...(opts.knownGames ?? []), ...newGames]) scores.set(g.game_id, g);
  let teamGames = uniqueTeamGames(mapCfbdAdvanced({ file: show(stats.file) }, stats.items, scores, rejects), index, rejects);
  if (opts.boxScores !== false) {
    // CFBD serves box scores per week: one call for each week of the games pulled.
    const weeks = [...new Set(newGames.map((g) => `${g.season_type}\u0000${g.week}`))].sort();
    const boxes: GameTeamStats[] = [];
    for (const w of weeks) {
      const [seasonType, week] = w.split('\u0000') as ['regular' | 'postseason', string];
      const wq: CfbdQuery = { year: q.year, seasonType, week: Number(week) };
      boxes.push(...(await fetchCached('team_box_scores', (a) => a.getGameTeamStats(wq), wq)).items);
    }
    teamGames = mergeBoxScores(teamGames, boxes, scores);
  }
  const dataset: Dataset = {
    games: newGames,
    lines: uniqueLines(mapCfbdLines({ file: show(lines.file) }, lines.items), index, rejects),
    teamGames,
  };
  return { dataset, rejects, calls, cacheFiles, skippedGames: mapped.skipped };
}
