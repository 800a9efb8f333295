// Test support: a small, internally consistent production history (bets, scored weeks, the
// performance log `edgelab monitor` would build from them, alert files) written into a tree.
// Used by the dashboard's server and browser tests until they can run the real weekly loop.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Layout } from '../../src/artifacts/layout.ts';
import { formatCsv, type CsvValue } from '../../src/util/csv.ts';

const BET_COLUMNS = ['game_id', 'home_team', 'away_team', 'prediction', 'edge', 'bet_type', 'recommended_units', 'season', 'week', 'side', 'line', 'price', 'cover_probability', 'expected_value', 'model_id', 'generated_at'];
const SCORED_COLUMNS = [...BET_COLUMNS, 'actual_outcome', 'result', 'units_won', 'closing_line', 'clv'];
export const LOG_COLUMNS = ['season', 'week', 'season_type', 'model_id', 'bets', 'wins', 'losses', 'pushes', 'pending', 'staked', 'units', 'roi', 'hit_rate', 'cumulative_units', 'rolling_roi', 'rolling_hit_rate', 'clv', 'drawdown', 'alert_level'];

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** The result pattern of bet i of week w (deterministic, about 55% wins, some pushes). */
function resultOf(w: number, i: number): 'win' | 'loss' | 'push' {
  const k = (w * 7 + i * 3) % 11;
  return k === 0 ? 'push' : k < 6 ? 'win' : 'loss';
}

export interface ProductionFixture {
  season: number;
  scoredWeeks: number[];
  betWeek: number;
  levels: string[];
  /** The log rows as written (numbers), for assertions. */
  log: Record<string, number | string | null>[];
}

/**
 * Scored weeks `weeks` of `season` (each with `perWeek` bets, spread and total), bets of the week
 * after, the matching performance log and one alert file per scored week with `levels[i]`.
 */
export function writeProductionFixture(layout: Layout, o: { season: number; weeks: number[]; perWeek?: number; levels: string[]; modelId?: string }): ProductionFixture {
  const model = o.modelId ?? 'v2-001';
  const per = o.perWeek ?? 6;
  const log: Record<string, number | string | null>[] = [];
  let cum = 0;
  let peak = 0;
  const history: { units: number; staked: number; wins: number; losses: number }[] = [];
  const betRow = (w: number, i: number) => {
    const market = i % 2 === 0 ? 'spread' : 'total';
    const edge = (i % 2 === 0 ? 1 : -1) * (3 + ((w + i) % 6));
    const line = market === 'spread' ? -3.5 - (i % 3) : 47 + (i % 4);
    return {
      game_id: `demo_${o.season}_r${String(w).padStart(2, '0')}_${String(i).padStart(3, '0')}`,
      home_team: `Home ${i}`,
      away_team: `Away ${i}`,
      prediction: market === 'spread' ? -line + edge : line + edge,
      edge,
      bet_type: market,
      recommended_units: i % 3 === 0 ? 1.5 : 1,
      season: o.season,
      week: w,
      side: market === 'spread' ? (edge > 0 ? 'home' : 'away') : edge > 0 ? 'over' : 'under',
      line,
      price: i % 4 === 3 ? -105 : -110,
      cover_probability: round(0.53 + Math.abs(edge) / 100),
      expected_value: round(0.02 + Math.abs(edge) / 200),
      model_id: model,
      generated_at: `${o.season}-10-0${(w % 9) + 1}T12:00:00.000Z`,
    };
  };
  o.weeks.forEach((w, wi) => {
    const rows = Array.from({ length: per }, (_, i) => {
      const b = betRow(w, i);
      const result = resultOf(w, i);
      const win = b.price < 0 ? 100 / -b.price : b.price / 100;
      const units = round(result === 'win' ? b.recommended_units * win : result === 'loss' ? -b.recommended_units : 0);
      const closing = b.bet_type === 'spread' ? b.line - 0.5 : b.line;
      return { ...b, actual_outcome: result === 'push' ? -b.line : b.line + (result === 'win' ? 3 : -3), result, units_won: units, closing_line: closing, clv: closing === b.line ? '' : 0.5 };
    });
    write(layout.scoredFile(o.season, w), formatCsv(SCORED_COLUMNS, rows));
    write(layout.predictionsFile(o.season, w), formatCsv(BET_COLUMNS, rows.map((r) => Object.fromEntries(BET_COLUMNS.map((c) => [c, (r as Record<string, CsvValue>)[c]])))));
    const wins = rows.filter((r) => r.result === 'win').length;
    const losses = rows.filter((r) => r.result === 'loss').length;
    const units = round(rows.reduce((s, r) => s + r.units_won, 0));
    const staked = rows.reduce((s, r) => s + r.recommended_units, 0);
    history.push({ units, staked, wins, losses });
    const last4 = history.slice(-4);
    const rs = last4.reduce((s, h) => s + h.staked, 0);
    const ru = last4.reduce((s, h) => s + h.units, 0);
    const rw = last4.reduce((s, h) => s + h.wins, 0);
    const rl = last4.reduce((s, h) => s + h.losses, 0);
    cum = round(cum + units);
    peak = Math.max(peak, cum);
    const clvs = rows.filter((r) => r.clv !== '').map((r) => Number(r.clv));
    log.push({
      season: o.season, week: w, season_type: 'regular', model_id: model, bets: rows.length, wins, losses, pushes: rows.length - wins - losses, pending: 0,
      staked, units, roi: round(units / staked), hit_rate: round(wins / (wins + losses)), cumulative_units: cum,
      rolling_roi: round(ru / rs), rolling_hit_rate: round(rw / (rw + rl)), clv: clvs.length ? round(clvs.reduce((s, x) => s + x, 0) / clvs.length) : null,
      drawdown: round(peak - cum), alert_level: o.levels[wi] ?? 'green',
    });
    const level = o.levels[wi] ?? 'green';
    const reasons = level === 'green' ? [] : [{ rule: 'rolling_hit_rate', level: 'yellow', message: `rolling 4-week hit rate ${(rw / (rw + rl) * 100).toFixed(1)}% < 50%`, value: rw / (rw + rl), threshold: 0.5 }, ...(level === 'orange' || level === 'red' ? [{ rule: 'rolling_roi', level: 'yellow', message: 'rolling ROI below −5%', value: ru / rs, threshold: -0.05 }] : [])];
    write(layout.alertFile(o.season, w), JSON.stringify({ season: o.season, week: w, season_type: 'regular', level, reasons, generated_at: new Date().toISOString() }, null, 2));
  });
  write(layout.performanceLog, formatCsv(LOG_COLUMNS, log));
  const betWeek = (o.weeks.at(-1) ?? 0) + 1;
  write(layout.predictionsFile(o.season, betWeek), formatCsv(BET_COLUMNS, Array.from({ length: per }, (_, i) => betRow(betWeek, i))));
  return { season: o.season, scoredWeeks: o.weeks, betWeek, levels: o.levels, log };
}
