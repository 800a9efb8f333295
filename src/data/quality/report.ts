// runQualityChecks: every check on one week's rows, folded into the report's overall status.
import type { QualityConfig } from '../../config/groups/data.ts';
import { weekOrdinal, type Dataset, type SeasonType } from '../schema.ts';
import { lineCoverage, lineValues } from './lines.ts';
import { outliers } from './outliers.ts';
import { completedScores, duplicateGames, orphanRows, requiredFields, scoreValues, teamTwiceInWeek, uniqueKeys } from './structure.ts';
import { nullRates, teamGameConsistency } from './teamgame.ts';
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

export function runQualityChecks(req: QualityRequest): QualityReport {
  const ord = weekOrdinal(req.season, req.seasonType, req.week);
  const gameOrd = new Map(req.data.games.map((g) => [g.game_id, weekOrdinal(g.season, g.season_type, g.week)]));
  const inWeek = (id: string) => gameOrd.get(id) === ord;
  const before = (id: string) => (gameOrd.get(id) ?? Infinity) < ord;
  const week_: Dataset = {
    games: req.data.games.filter((g) => inWeek(g.game_id)),
    lines: req.data.lines.filter((l) => inWeek(l.game_id)),
    teamGames: req.data.teamGames.filter((t) => inWeek(t.game_id)),
  };
  const history: Dataset = {
    games: req.data.games.filter((g) => before(g.game_id)),
    lines: req.data.lines.filter((l) => before(l.game_id)),
    teamGames: req.data.teamGames.filter((t) => before(t.game_id)),
  };
  const d: WeekData = { season: req.season, seasonType: req.seasonType, week: req.week, week_, all: req.data, history, thresholds: req.thresholds };
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
