// What a feature set is (its stable id) and what data it needs (checked before building, so a
// source without team_game statistics fails with a message naming the feature and the table).
import { featuresSchema, type FeaturesConfig } from '../config/groups/features.ts';
import type { Dataset } from '../data/schema.ts';
import { UserError } from '../util/errors.ts';
import { fingerprint } from '../util/hash.ts';
import { planColumns } from './columns.ts';

/** Stable id of a feature set: the fingerprint of its resolved config (its name aside). */
export function featureSetId(cfg: FeaturesConfig): string {
  const { name: _name, ...content } = featuresSchema.parse(cfg);
  return fingerprint(content);
}

export interface TableNeed {
  feature: string;
  table: 'games' | 'lines' | 'team_game';
  columns: string[];
}

export function requiredTables(cfg: FeaturesConfig): TableNeed[] {
  const needs: TableNeed[] = [{ feature: 'schedule', table: 'games', columns: ['home_team', 'away_team', 'week'] }];
  if (cfg.ratings.enabled || cfg.elo.enabled) {
    needs.push({ feature: cfg.ratings.enabled ? 'ratings' : 'elo', table: 'games', columns: ['home_points', 'away_points'] });
  }
  if (cfg.stats.enabled && cfg.stats.columns.length > 0) {
    needs.push({ feature: 'stats', table: 'team_game', columns: [...cfg.stats.columns] });
  }
  if (cfg.market.enabled) needs.push({ feature: 'market', table: 'lines', columns: ['spread', 'total'] });
  return needs;
}

/** Throw a UserError naming the feature and the missing table/column when `data` lacks them. */
export function checkData(cfg: FeaturesConfig, data: Dataset): void {
  for (const need of requiredTables(cfg)) {
    if (need.table === 'team_game') {
      if (data.teamGames.length === 0) {
        throw new UserError(
          `feature set "${cfg.name}": feature "stats" (${need.columns.join(', ')}) needs the team_game table, which this data does not have; ` +
            `load them — NFL: edgelab data import nflverse-pbp play_by_play_YYYY.csv.gz (or data pull nflverse --seasons A-B --pbp); ` +
            `college: edgelab data import csv team_game.csv --table team_game [--map …] (docs/data-formats.md) — or use a feature set without team statistics (features=minimal or features=elo)`,
        );
      }
      const empty = need.columns.filter((c) => !data.teamGames.some((r) => {
        const v = r[c as keyof typeof r];
        return typeof v === 'number' && Number.isFinite(v);
      }));
      if (empty.length > 0) {
        throw new UserError(
          `feature set "${cfg.name}": feature "stats" needs team_game.${empty.join(', team_game.')}, which has no values in this data; remove ${empty.length > 1 ? 'them' : 'it'} from stats.columns`,
        );
      }
    } else if (need.table === 'lines' && data.lines.length === 0) {
      throw new UserError(`feature set "${cfg.name}": feature "market" needs the lines table, which this data does not have; set market.enabled: false`);
    }
  }
}

/** The feature columns a set produces, in frame order (fails like the builders on bad products). */
export function featureColumns(cfg: FeaturesConfig): string[] {
  return planColumns(featuresSchema.parse(cfg)).columns;
}
