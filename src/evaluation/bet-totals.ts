// The one tally of a list of bets: record, stakes, units, ROI, hit rate, CLV, average edge and
// the deepest drawdown. Every place that totals bets (the `bets` command, the dashboard's week
// tables, monitoring's KPIs, the weekly report) goes through it, so they cannot disagree.
import { drawdownPath, type WeekFigures } from './alerts.ts';

/** What a bet contributes to the totals; any result but win/loss/push counts as pending. */
export interface TallyRow {
  result: string;
  recommended_units: number;
  units_won: number;
  edge: number;
  clv: number | null;
}

/** The week figures' counts (settled stake, units, CLV) plus the rates derived from them. */
export interface BetTally extends Pick<WeekFigures, 'bets' | 'wins' | 'losses' | 'pushes' | 'pending' | 'staked' | 'units' | 'clv'> {
  /** Units won per unit staked on settled bets. */
  roi: number | null;
  /** Wins over wins + losses (pushes excluded). */
  hit_rate: number | null;
  /** Mean absolute edge over all bets. */
  avg_edge: number | null;
  /** Deepest fall from a running peak of cumulative units, in row order (pass rows chronologically). */
  max_drawdown: number;
}

export function tallyBets(rows: readonly TallyRow[]): BetTally {
  const t: BetTally = { bets: rows.length, wins: 0, losses: 0, pushes: 0, pending: 0, staked: 0, units: 0, roi: null, hit_rate: null, clv: null, avg_edge: null, max_drawdown: 0 };
  let clv = 0;
  let nClv = 0;
  let edge = 0;
  const path: number[] = [];
  for (const r of rows) {
    edge += Math.abs(r.edge);
    if (r.clv !== null && Number.isFinite(r.clv)) (clv += r.clv), nClv++;
    if (r.result === 'win') t.wins++;
    else if (r.result === 'loss') t.losses++;
    else if (r.result === 'push') t.pushes++;
    else {
      t.pending++;
      continue;
    }
    t.staked += r.recommended_units;
    t.units += r.units_won;
    path.push(r.units_won);
  }
  t.roi = t.staked > 0 ? t.units / t.staked : null;
  t.hit_rate = t.wins + t.losses > 0 ? t.wins / (t.wins + t.losses) : null;
  t.clv = nClv ? clv / nClv : null;
  t.avg_edge = rows.length ? edge / rows.length : null;
  t.max_drawdown = Math.max(0, ...drawdownPath(path).drawdown);
  return t;
}
