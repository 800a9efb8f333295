// runQualityChecks: every check on one week's rows, folded into the report's overall status.
import type { QualityConfig } from '../../config/groups/data.ts';
import { weekOrdinal, type Dataset, type SeasonType } from '../schema.ts';
import { lineCoverage, lineValues } from './lines.ts';
import { METRICS, metricSums, outliers } from './outliers.ts';
import { completedScores, duplicateGames, orphanRows, requiredFields, scoreValues, teamTwiceInWeek, uniqueKeys } from './structure.ts';
import { nullRates, teamGameConsistency } from './teamgame.ts';
import { weekOrder } from './calendar-order.ts';
import type { CheckResult, QualityReport, Status, WeekData } from './types.ts';

export const CHECKS: readonly ((d: WeekData) => CheckResult)[] = [
  requiredFields,
  uniqueKeys,
  scoreValues,
  completedScores,
  lineCoverage,
  lineValues,
  orphanRows,
  duplicateGames,
  teamTwiceInWeek,
  weekOrder,
  teamGameConsistency,
  nullRates,
  outliers,
];

export interface QualityRequest {
  season: number;
  seasonType: SeasonType;
  week: number;
  /** Everything loaded that the checks may need: the season, its history, stray lines. */
  data: Dataset;
  thresholds: QualityConfig;
  /** Fixed timestamp for reproducible reports in tests. */
  now?: Date;
}

export function worst(statuses: Status[]): Status {
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
}

interface WeekIndex {
  ordinals: number[];
  slices: Map<number, Dataset>;
  /** Per week ordinal, per metric id: [count, sum, sum of squares]. */
  sums: Map<number, Map<string, [number, number, number]>>;
}

// Validating every week of a season reuses one dataset: index it by week once, not per week.
// (The rows must therefore not change between calls with the same Dataset object.)
const indexCache = new WeakMap<Dataset, WeekIndex>();

function indexByWeek(data: Dataset): WeekIndex {
  const cached = indexCache.get(data);
  if (cached) return cached;
  const slices = new Map<number, Dataset>();
  const gameOrd = new Map<string, number>();
  const slice = (ord: number) => {
    let s = slices.get(ord);
    if (!s) slices.set(ord, (s = { games: [], lines: [], teamGames: [] }));
    return s;
  };
  for (const g of data.games) {
    const ord = weekOrdinal(g.season, g.season_type, g.week);
    gameOrd.set(g.game_id, ord);
    slice(ord).games.push(g);
  }
  for (const l of data.lines) if (gameOrd.has(l.game_id)) slice(gameOrd.get(l.game_id)!).lines.push(l);
  for (const t of data.teamGames) if (gameOrd.has(t.game_id)) slice(gameOrd.get(t.game_id)!).teamGames.push(t);
  const sums = new Map([...slices].map(([o, sl]) => [o, new Map(METRICS.map((m) => [m.id, metricSums(sl, m)]))]));
  const index = { ordinals: [...slices.keys()].sort((a, b) => a - b), slices, sums };
  indexCache.set(data, index);
  return index;
}

export function runQualityChecks(req: QualityRequest): QualityReport {
  const ord = weekOrdinal(req.season, req.seasonType, req.week);
  const index = indexByWeek(req.data);
  const week_ = index.slices.get(ord) ?? { games: [], lines: [], teamGames: [] };
  const historySums = (m: { id: string }): [number, number, number] => {
    const acc: [number, number, number] = [0, 0, 0];
    for (const o of index.ordinals) {
      if (o >= ord) break;
      const s = index.sums.get(o)!.get(m.id)!;
      acc[0] += s[0];
      acc[1] += s[1];
      acc[2] += s[2];
    }
    return acc;
  };
  const d: WeekData = { season: req.season, seasonType: req.seasonType, week: req.week, week_, all: req.data, historySums, thresholds: req.thresholds };
  const checks = CHECKS.map((c) => c(d));
  return {
    schema_version: 1,
    season: req.season,
    season_type: req.seasonType,
    week: req.week,
    generated_at: (req.now ?? new Date()).toISOString(),
    status: worst(checks.map((c) => c.status)),
    counts: {
      games: week_.games.length,
      completed: week_.games.filter((g) => g.completed).length,
      lines: week_.lines.length,
      team_game: week_.teamGames.length,
    },
    thresholds: req.thresholds,
    checks,
  };
}
