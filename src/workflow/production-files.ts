// The weekly production files: weekWW_bets.csv (predict) and weekWW_scored.csv (score). One place
// for their columns, number formats and parsing, so predict, score, monitor and `edgelab bets`
// agree on them. Numbers are written with fixed precision so a recomputation gives the same bytes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseWeekFile, type Layout, type SeasonType } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { weekOrdinal } from '../data/schema.ts';
import { formatCsv, type CsvValue } from '../util/csv.ts';
import { UserError } from '../util/errors.ts';
import { KeptByText } from '../util/kept.ts';
import type { BetRow, ScoredRow, WeekKey } from '../readers/dashboard-data.ts';
import { readCsvObjects, seasonsIn } from '../readers/production.ts';

/** The columns of weekWW_bets.csv (issue 10: the seed's columns, then ours). */
export const BET_COLUMNS = [
  'game_id', 'home_team', 'away_team', 'prediction', 'edge', 'bet_type', 'recommended_units',
  'season', 'week', 'side', 'line', 'price', 'cover_probability', 'expected_value', 'model_id', 'generated_at',
  'backfilled',
] as const;

export const SCORED_COLUMNS = [...BET_COLUMNS, 'actual_outcome', 'result', 'units_won', 'closing_line', 'clv', 'clv_prob'] as const;

/** Round to `d` decimals (−0 → 0) so that files are byte-stable across recomputation. */
export function round(v: number, d = 4): number {
  const f = 10 ** d;
  const r = Math.round(v * f) / f;
  return r === 0 ? 0 : r;
}

function cellsOf(row: BetRow | ScoredRow, columns: readonly string[]): Record<string, CsvValue> {
  const rec = { ...row, backfilled: row.backfilled ? 'true' : 'false' } as unknown as Record<string, CsvValue>;
  return Object.fromEntries(columns.map((c) => [c, rec[c] ?? null]));
}

/**
 * The rows that count as live performance: bets made before their week's first kickoff. Backfilled
 * rows (predict --backfill) are left out unless `includeBackfilled` (monitor, roi, dashboard and
 * report all decide through here).
 */
export function liveRows<T extends Pick<BetRow, 'backfilled'>>(rows: readonly T[], includeBackfilled = false): T[] {
  return includeBackfilled ? [...rows] : rows.filter((r) => !r.backfilled);
}

export function formatBets(rows: readonly BetRow[]): string {
  return formatCsv(BET_COLUMNS, rows.map((r) => cellsOf(r, BET_COLUMNS)));
}

export function formatScored(rows: readonly ScoredRow[]): string {
  return formatCsv(SCORED_COLUMNS, rows.map((r) => cellsOf(r, SCORED_COLUMNS)));
}

function need(file: string, i: number, r: Record<string, string>, col: string): string {
  const v = r[col];
  if (v === undefined || v.trim() === '') throw new UserError(`${file}: row ${i + 2}: column ${col} is empty or missing`);
  return v;
}

function numberAt(file: string, i: number, r: Record<string, string>, col: string): number {
  const v = Number(need(file, i, r, col));
  if (!Number.isFinite(v)) throw new UserError(`${file}: row ${i + 2}: column ${col} is not a number (${r[col]})`);
  return v;
}

function optNumber(r: Record<string, string>, col: string): number | null {
  const v = r[col];
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function betOf(file: string, r: Record<string, string>, i: number): BetRow {
  const betType = need(file, i, r, 'bet_type');
  if (betType !== 'spread' && betType !== 'total') throw new UserError(`${file}: row ${i + 2}: bet_type ${betType} is not spread or total`);
  const side = need(file, i, r, 'side');
  const sides = betType === 'spread' ? ['home', 'away'] : ['over', 'under'];
  if (!sides.includes(side)) throw new UserError(`${file}: row ${i + 2}: side ${side} is not ${sides.join(' or ')} (bet_type ${betType})`);
  return {
    game_id: need(file, i, r, 'game_id'),
    home_team: r.home_team ?? '',
    away_team: r.away_team ?? '',
    prediction: numberAt(file, i, r, 'prediction'),
    edge: numberAt(file, i, r, 'edge'),
    bet_type: betType,
    recommended_units: numberAt(file, i, r, 'recommended_units'),
    season: numberAt(file, i, r, 'season'),
    week: numberAt(file, i, r, 'week'),
    side: side as BetRow['side'],
    line: numberAt(file, i, r, 'line'),
    price: numberAt(file, i, r, 'price'),
    cover_probability: numberAt(file, i, r, 'cover_probability'),
    expected_value: numberAt(file, i, r, 'expected_value'),
    model_id: r.model_id ?? '',
    generated_at: r.generated_at ?? '',
    // only set when true: a live row reads back exactly as it was made
    ...((r.backfilled ?? '').trim().toLowerCase() === 'true' ? { backfilled: true } : {}),
  };
}

// Each weekly file's rows kept by its path and whole text: a week's steps read every earlier
// week's files again (the weeks still to score, the bankroll ledger, monitor), so a live season
// parsed each file hundreds of times. The file is read every time and its text compared, so a
// changed file is parsed afresh; every caller gets its own copies of the (flat) rows.
const parsed = new KeptByText<readonly object[]>(512);

function keptRows<T extends object>(file: string, kind: 'bets' | 'scored', parse: (rows: Record<string, string>[]) => T[]): T[] {
  const rows = parsed.get(`${kind}\u0000${file}`, readFileSync(file, 'utf8'), (text) => parse(readCsvObjects(file, text)));
  return rows.map((r) => ({ ...r })) as T[];
}

export function readBets(file: string): BetRow[] {
  return keptRows(file, 'bets', (rows) => rows.map((r, i) => betOf(file, r, i)));
}

export function readScored(file: string): ScoredRow[] {
  return keptRows(file, 'scored', (rows) => rows.map((r, i) => {
    const result = (r.result ?? '').trim() || 'pending';
    if (!['win', 'loss', 'push', 'pending'].includes(result)) throw new UserError(`${file}: row ${i + 2}: result ${result} is not win, loss, push or pending`);
    return {
      ...betOf(file, r, i),
      actual_outcome: optNumber(r, 'actual_outcome'),
      result: result as ScoredRow['result'],
      units_won: optNumber(r, 'units_won') ?? 0,
      closing_line: optNumber(r, 'closing_line'),
      clv: optNumber(r, 'clv'),
      // absent in files scored before it existed
      clv_prob: optNumber(r, 'clv_prob'),
    };
  }));
}

/** Append one entry to production/production_log.jsonl (rewritten atomically). */
export function appendProductionLog(layout: Layout, entry: Record<string, unknown>): void {
  const old = readIfExists(layout.productionLog) ?? '';
  writeFileAtomic(layout.productionLog, old + JSON.stringify(entry) + '\n');
}

/** Every week that has a file of `kind` (bets or scored), chronological. */
export function weeksWith(layout: Layout, kind: 'bets' | 'scored'): WeekKey[] {
  const dirOf = (s?: number) => (kind === 'bets' ? layout.predictionsDir(s) : layout.scoredDir(s));
  const out: WeekKey[] = [];
  for (const season of seasonsIn(dirOf())) {
    for (const name of readdirSync(dirOf(season))) {
      const w = parseWeekFile(name);
      if (w && w.kind === kind) out.push({ season, week: w.week, season_type: w.seasonType });
    }
  }
  return out.sort((a, b) => ordinalOf(a) - ordinalOf(b));
}

export function ordinalOf(k: WeekKey): number {
  return weekOrdinal(k.season, k.season_type, k.week);
}

export function weekLabel(k: { season: number; week: number; season_type: SeasonType }): string {
  return `${k.season} ${k.season_type === 'postseason' ? 'postseason ' : ''}week ${k.week}`;
}

export function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
