// `edgelab validate`: run the data-quality checks on one week (or every week of a season) and
// write one report per week to the artifacts tree.
import type { Layout, SeasonType } from '../artifacts/layout.ts';
import { writeJsonAtomic } from '../artifacts/atomic.ts';
import { openWarehouse, type Warehouse } from '../data/warehouse.ts';
import { runQualityChecks, worst } from '../data/quality/report.ts';
import type { QualityReport, Status } from '../data/quality/types.ts';
import type { DataConfig } from '../config/groups/data.ts';
import type { Dataset, Line, TeamGame } from '../data/schema.ts';
import { UserError } from '../util/errors.ts';
import { loadDataConfig, warehousePath } from './data-config.ts';

export interface ValidateRequest {
  season: number;
  week?: number;
  seasonType?: SeasonType;
  now?: Date;
  /** The data configuration when the caller has composed it already (edgelab week). */
  dataConfig?: DataConfig;
}

export interface ValidateOutcome {
  status: Status;
  reports: { file: string; report: QualityReport }[];
}

/** Lines and team-game rows whose game is not in the warehouse (the orphan check needs them). */
async function strays(wh: Warehouse): Promise<Pick<Dataset, 'lines' | 'teamGames'>> {
  // A session's warehouse knows when there are none (the usual case) without two queries.
  if (wh.straysKnown() === false) return { lines: [], teamGames: [] };
  const rows = async <T>(table: string) => {
    const r = await wh.query(`SELECT * FROM ${table} WHERE game_id NOT IN (SELECT game_id FROM games)`);
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])) as T);
  };
  return { lines: await rows<Line>('lines'), teamGames: await rows<TeamGame>('team_game') };
}

export async function validateData(layout: Layout, req: ValidateRequest): Promise<ValidateOutcome> {
  const dataCfg = req.dataConfig ?? loadDataConfig(layout);
  const thresholds = dataCfg.quality;
  const warehouse = warehousePath(layout, dataCfg);
  const wh = await openWarehouse(warehouse, { readOnly: true });
  let data: Dataset;
  try {
    // The season and the one before it: the outlier check compares with history.
    // Only the configured league's games: NFL and college weeks share numbers, not calendars.
    data = await wh.readDataset({ seasons: [req.season - 1, req.season], sport: dataCfg.sport });
    const s = await strays(wh);
    data.lines.push(...s.lines);
    data.teamGames.push(...s.teamGames);
  } finally {
    await wh.close();
  }
  // A week number alone means the regular season's week.
  const seasonType = req.seasonType ?? (req.week !== undefined ? 'regular' : undefined);
  const weeks = new Map<string, { seasonType: SeasonType; week: number }>();
  for (const g of data.games) {
    if (g.season !== req.season) continue;
    if (seasonType && g.season_type !== seasonType) continue;
    if (req.week !== undefined && g.week !== req.week) continue;
    weeks.set(`${g.season_type === 'regular' ? 0 : 1}-${String(g.week).padStart(2, '0')}`, { seasonType: g.season_type, week: g.week });
  }
  if (weeks.size === 0) {
    const what = `season ${req.season}${seasonType ? ` (${seasonType})` : ''}${req.week !== undefined ? ` week ${req.week}` : ''}`;
    throw new UserError(`no games for ${what} in ${warehouse}`);
  }
  const reports = [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, w]) => {
      const report = runQualityChecks({ season: req.season, seasonType: w.seasonType, week: w.week, data, thresholds, now: req.now });
      const file = layout.dataQualityFile(req.season, w.week, w.seasonType);
      writeJsonAtomic(file, report);
      return { file, report };
    });
  return { status: worst(reports.map((r) => r.report.status)), reports };
}
