// Season-to-date figures: overall from the performance log (the record `edgelab monitor` keeps),
// per market from the scored bet files (the log has no market column). Pure.
import { betTotals, seasonFigures, type LogRow } from '../readers/production.ts';

/** Hit rate needed to break even at −110: 110 / 210. */
export const BREAK_EVEN_HIT_RATE = 110 / 210;

export interface Kpi {
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  pending: number;
  units: number;
  roi: number | null;
  hit_rate: number | null;
  /** Mean closing-line value (points) over the bets that have one; null when none has. */
  clv: number | null;
  /** The same as a win probability gained (evaluation/clv.ts); null when no bet has one. */
  clv_prob: number | null;
  /** Where the figures come from: performance_log.csv or the scored files. */
  source: 'performance_log' | 'scored';
}

function finite(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Mean CLV (or another column, e.g. clv_prob) of the scored rows that carry one. */
export function meanClv(rows: readonly Record<string, string>[], column: 'clv' | 'clv_prob' = 'clv'): number | null {
  const v = rows.map((r) => finite(r[column])).filter((x): x is number => x !== null);
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
}

export function kpiFromScored(rows: Record<string, string>[]): Kpi {
  const t = betTotals(rows, true);
  return { bets: t.bets, wins: t.wins, losses: t.losses, pushes: t.pushes, pending: t.pending, units: t.units_won ?? 0, roi: t.roi, hit_rate: t.hit_rate, clv: meanClv(rows), clv_prob: meanClv(rows, 'clv_prob'), source: 'scored' };
}

/**
 * Overall figures of a season from its log rows. CLV: from the scored rows when they carry it,
 * else the log's weekly CLV weighted by the week's bets.
 */
export function kpiFromLog(season: number, rows: LogRow[], scored: Record<string, string>[]): Kpi {
  const f = seasonFigures(season, rows);
  let clv = meanClv(scored);
  if (clv === null) {
    let w = 0;
    let s = 0;
    for (const r of rows) {
      if (typeof r.clv === 'number' && typeof r.bets === 'number' && r.bets > 0) {
        s += r.clv * r.bets;
        w += r.bets;
      }
    }
    clv = w > 0 ? s / w : null;
  }
  // `pending` is not among the log columns find-production parses as numbers.
  const pending = rows.reduce((s, r) => s + (Number.isFinite(Number(r.pending)) ? Number(r.pending) : 0), 0);
  return { bets: f.bets, wins: f.wins, losses: f.losses, pushes: f.pushes, pending, units: f.units, roi: f.roi, hit_rate: f.hit_rate, clv, clv_prob: meanClv(scored, 'clv_prob'), source: 'performance_log' };
}

/** Scored rows grouped by market (bet_type), markets in first-seen order. */
export function byMarket(rows: Record<string, string>[]): Map<string, Record<string, string>[]> {
  const m = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    const k = r.bet_type || 'unknown';
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}
