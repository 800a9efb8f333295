// Values more than `outlier_sd` standard deviations from the history before the week (a warning:
// a 70-point game happens; a 19-yards-per-play figure is a data error worth a look).
import { TEAM_STATS, type Dataset } from '../schema.ts';
import { Findings, type CheckResult, type WeekData } from './types.ts';

const MIN_HISTORY = 30;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A monitored quantity: which rows and fields it is read from. */
export interface Metric {
  id: string;
  table: 'games' | 'lines' | 'team_game';
  fields: string[];
}

export const METRICS: readonly Metric[] = [
  { id: 'points', table: 'games', fields: ['home_points', 'away_points'] },
  { id: 'spread', table: 'lines', fields: ['spread'] },
  { id: 'total', table: 'lines', fields: ['total'] },
  ...TEAM_STATS.map((s): Metric => ({ id: s, table: 'team_game', fields: [s] })),
];

function rowsOf(d: Dataset, table: Metric['table']): Record<string, unknown>[] {
  return (table === 'games' ? d.games : table === 'lines' ? d.lines : d.teamGames) as unknown as Record<string, unknown>[];
}

/** [count, sum, sum of squares] of a metric over some rows: summed per week, added over weeks. */
export function metricSums(d: Dataset, m: Metric): [number, number, number] {
  let n = 0, s = 0, ss = 0;
  for (const r of rowsOf(d, m.table))
    for (const f of m.fields) {
      const v = r[f];
      if (num(v)) {
        n++;
        s += v;
        ss += v * v;
      }
    }
  return [n, s, ss];
}

export function momentsOf([n, s, ss]: [number, number, number]): { mean: number; sd: number } | undefined {
  if (n < MIN_HISTORY) return undefined;
  const mean = s / n;
  const sd = Math.sqrt(Math.max(0, (ss - n * mean * mean) / (n - 1)));
  return sd > 0 ? { mean, sd } : undefined;
}

const KEYS: Record<Metric['table'], (r: Record<string, unknown>) => string> = {
  games: (r) => `game_id=${String(r.game_id)}`,
  lines: (r) => `game_id=${String(r.game_id)}, provider=${String(r.provider)}`,
  team_game: (r) => `game_id=${String(r.game_id)}, team=${String(r.team)}`,
};

export function outliers(d: WeekData): CheckResult {
  const f = new Findings();
  const k = d.thresholds.outlier_sd;
  for (const m of METRICS) {
    const mom = momentsOf(d.historySums(m));
    if (!mom) continue;
    for (const r of rowsOf(d.week_, m.table))
      for (const field of m.fields) {
        const v = r[field];
        if (!num(v)) continue;
        const z = (v - mom.mean) / mom.sd;
        if (Math.abs(z) > k) f.add(m.table, KEYS[m.table](r), `${field} = ${v} is ${z.toFixed(1)} sd from the history mean ${mom.mean.toFixed(2)}`, r);
      }
  }
  return f.result('outliers', 'warn', `values more than ${k} sd from history`, `no value more than ${k} sd from history`);
}
