// Values more than `outlier_sd` standard deviations from the history before the week (a warning:
// a 70-point game happens; a 700-yard-per-play figure is a data error worth a look).
import { TEAM_STATS } from '../schema.ts';
import { Findings, type CheckResult, type WeekData } from './types.ts';

const MIN_HISTORY = 30;

function moments(values: number[]): { mean: number; sd: number } | undefined {
  if (values.length < MIN_HISTORY) return undefined;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
  return sd > 0 ? { mean, sd } : undefined;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function outliers(d: WeekData): CheckResult {
  const f = new Findings();
  const k = d.thresholds.outlier_sd;
  const test = (table: 'games' | 'lines' | 'team_game', field: string, hist: unknown[], rows: object[], key: (r: Record<string, unknown>) => string) => {
    const m = moments(hist.filter(num));
    if (!m) return;
    for (const r of rows as Record<string, unknown>[]) {
      const v = r[field];
      if (!num(v)) continue;
      const z = (v - m.mean) / m.sd;
      if (Math.abs(z) > k) f.add(table, key(r), `${field} = ${v} is ${z.toFixed(1)} sd from the history mean ${m.mean.toFixed(2)}`, r);
    }
  };
  const h = d.history;
  const gk = (r: Record<string, unknown>) => `game_id=${String(r.game_id)}`;
  const hPoints = h.games.flatMap((g) => [g.home_points, g.away_points]);
  test('games', 'home_points', hPoints, d.week_.games, gk);
  test('games', 'away_points', hPoints, d.week_.games, gk);
  for (const field of ['spread', 'total'])
    test('lines', field, h.lines.map((l) => (l as unknown as Record<string, unknown>)[field]), d.week_.lines, (r) => `game_id=${String(r.game_id)}, provider=${String(r.provider)}`);
  for (const field of TEAM_STATS)
    test('team_game', field, h.teamGames.map((t) => t[field]), d.week_.teamGames, (r) => `game_id=${String(r.game_id)}, team=${String(r.team)}`);
  return f.result('outliers', 'warn', `values more than ${k} sd from history`, `no value more than ${k} sd from history`);
}
