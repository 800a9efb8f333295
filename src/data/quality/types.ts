// The weekly data-quality report (schema documented in docs/data-quality.md). Checks are pure
// functions of rows and thresholds; the workflow reads the warehouse and writes the file.
import type { QualityConfig } from '../../config/groups/data.ts';
import type { Dataset, SeasonType } from '../schema.ts';

export type Severity = 'fail' | 'warn';
export type Status = 'pass' | 'warn' | 'fail';

export interface Example {
  table: 'games' | 'lines' | 'team_game';
  key: string;
  detail: string;
  row: Record<string, unknown>;
}

export interface CheckResult {
  id: string;
  severity: Severity;
  status: Status;
  count: number;
  message: string;
  examples: Example[];
}

export interface QualityReport {
  schema_version: 1;
  season: number;
  season_type: SeasonType;
  week: number;
  generated_at: string;
  status: Status;
  counts: { games: number; completed: number; lines: number; team_game: number };
  thresholds: QualityConfig;
  checks: CheckResult[];
}

/** What a check sees: the week's rows, everything loaded (for orphans) and sums over the weeks before. */
export interface WeekData {
  season: number;
  seasonType: SeasonType;
  week: number;
  week_: Dataset;
  all: Dataset;
  /** [count, sum, sum of squares] of a metric over the history (precomputed per week). */
  historySums: (m: { id: string }) => [number, number, number];
  thresholds: QualityConfig;
}

export const MAX_EXAMPLES = 5;

/** Collects the failing rows of one check. */
export class Findings {
  count = 0;
  examples: Example[] = [];
  add(table: Example['table'], key: string, detail: string, row: object): void {
    this.count++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ table, key, detail, row: { ...(row as Record<string, unknown>) } });
  }
  result(id: string, severity: Severity, what: string, ok: string): CheckResult {
    return {
      id,
      severity,
      status: this.count === 0 ? 'pass' : severity,
      count: this.count,
      message: this.count === 0 ? ok : `${this.count} ${what}`,
      examples: this.examples,
    };
  }
}
