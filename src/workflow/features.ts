// `edgelab features build`: compose the configuration, read the warehouse, build one week's
// point-in-time feature rows, and (optionally) write them as CSV.
import type { Layout } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import type { SeasonType } from '../data/schema.ts';
import { selectLeague } from '../data/league-filter.ts';
import { noGamesMessage } from './league-hint.ts';
import { openWarehouse } from '../data/warehouse.ts';
import { buildFeaturesForWeeks, weeksOf, featureColumns, featureSetId, requiredTables, type FeatureFrame } from '../features/index.ts';
import { listOptions } from '../config/files.ts';
import { formatCsv, type CsvValue } from '../util/csv.ts';
import { UserError } from '../util/errors.ts';
import { warehousePath } from './data-config.ts';

export interface FeaturesBuildRequest {
  season: number;
  /** Omitted: every week of the season (of `seasonType` only, when that is given). */
  week?: number;
  seasonType?: SeasonType;
  /** Config overrides, e.g. features=opponent_adjusted, features.min_games=3. */
  overrides: string[];
  /** Write the rows here as CSV (atomic). */
  out?: string;
}

export const ROW_FIELDS = [
  'game_id', 'season', 'season_type', 'week', 'home_team', 'away_team',
  'eligible', 'ineligible_reason', 'home_prior_games', 'away_prior_games',
] as const;

/** The frame as CSV: the row fields, then one column per feature (empty cell = NaN). */
export function frameCsv(frame: FeatureFrame): string {
  const columns = [...ROW_FIELDS, ...frame.columns];
  const rows = frame.rows.map((r) => {
    const o: Record<string, CsvValue> = {};
    for (const f of ROW_FIELDS) o[f] = r[f];
    frame.columns.forEach((c, i) => (o[c] = Number.isNaN(r.values[i]!) ? null : r.values[i]!));
    return o;
  });
  return formatCsv(columns, rows);
}

/** One week's feature rows (or every week of a season, as one batch). */
export async function buildWeekFeatures(layout: Layout, req: FeaturesBuildRequest): Promise<{ frame: FeatureFrame; out?: string }> {
  const { config } = loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: req.overrides });
  const wh = await openWarehouse(warehousePath(layout, config.data), { readOnly: true });
  let data;
  try {
    data = selectLeague(await wh.readDataset({ sport: config.data.sport }), config.data).data;
  } finally {
    await wh.close();
  }
  if (data.games.length === 0) throw new UserError(await noGamesMessage(layout, config));
  const targets = weeksOf(data, [req.season]).filter(
    (t) => (req.seasonType === undefined || t.seasonType === req.seasonType) && (req.week === undefined || t.week === req.week),
  );
  if (targets.length === 0) {
    const seasons = [...new Set(data.games.map((g) => g.season))].sort();
    const weeks = weeksOf(data, [req.season]).filter((t) => req.seasonType === undefined || t.seasonType === req.seasonType).map((t) => t.week);
    const what = `season ${req.season}${req.seasonType ? ` ${req.seasonType}` : ''}${req.week === undefined ? '' : ` week ${req.week}`}`;
    throw new UserError(
      `no ${config.data.sport} games in the warehouse for ${what}; ` +
        (weeks.length ? `weeks of that season: ${weeks.join(', ')}` : `seasons in the warehouse: ${seasons.join(', ') || 'none'}`),
    );
  }
  const frame = buildFeaturesForWeeks(data, config.features, targets, { lineProviders: config.data.line_provider_preference, betLine: config.evaluation.bet_line });
  if (req.out) writeFileAtomic(req.out, frameCsv(frame));
  return { frame, out: req.out };
}

export interface FeatureSetSummary {
  name: string;
  id: string;
  columns: string[];
  tables: string[];
}

/** Every feature set of the project's conf/features, as the composed config resolves it. */
export function listFeatureSets(layout: Layout): FeatureSetSummary[] {
  const confDir = resolveConfDir(layout.confDir);
  return listOptions(confDir, 'features').map((option) => {
    const cfg = loadConfig({ confDir, overrides: [`features=${option}`] }).config.features;
    return {
      name: option,
      id: featureSetId(cfg),
      columns: featureColumns(cfg),
      tables: [...new Set(requiredTables(cfg).map((n) => n.table))],
    };
  });
}
