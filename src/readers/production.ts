// Finding production figures: a week's bets (scored when the scored file exists) and the current
// figures of the performance log. Read-only and tolerant of columns it does not know.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseWeekFile, type Layout, type SeasonType } from '../artifacts/layout.ts';
import { csvToObjects, CsvError } from '../util/csv.ts';
import { UserError } from '../util/errors.ts';
import { tallyBets } from '../evaluation/bet-totals.ts';

/** Read a CSV as objects; a malformed file is a UserError naming file and line. */
export function readCsvObjects(path: string, text?: string): Record<string, string>[] {
  try {
    return csvToObjects(text ?? readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof CsvError) throw new UserError(`${path}:${e.line}: ${e.message}`);
    throw e;
  }
}

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Seasons that have a directory under `dir` (production/predictions or production/scored). */
export function seasonsIn(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^\d{4}$/.test(n) && statSync(join(dir, n)).isDirectory())
    .map(Number)
    .sort((a, b) => a - b);
}

export interface BetTotals {
  bets: number;
  staked: number;
  wins: number;
  losses: number;
  pushes: number;
  pending: number;
  units_won: number | null;
  roi: number | null;
  hit_rate: number | null;
  /** Mean closing-line value (points, and as a probability) over the bets that have one. */
  clv: number | null;
  clv_prob: number | null;
  /** Bets with a CLV (a model betting at the close has none). */
  n_clv: number;
}

export interface WeekBets {
  season: number;
  week: number;
  season_type: SeasonType;
  /** The file read, relative to the artifacts root. */
  file: string;
  scored: boolean;
  columns: string[];
  rows: Record<string, string>[];
  totals: BetTotals;
}

/**
 * Totals of a bets or scored file's rows, through the one tally of bets; results only count
 * when scored (unscored rows are neither settled nor pending), the stake is every row's.
 */
export function betTotals(rows: Record<string, string>[], scored: boolean): BetTotals {
  const t = tallyBets(rows.map((r) => ({
    result: scored ? (r.result ?? '').trim().toLowerCase() : 'unscored',
    recommended_units: num(r.recommended_units) ?? 0,
    units_won: num(r.units_won) ?? 0,
    edge: num(r.edge) ?? 0,
    clv: num(r.clv),
  })));
  const staked = rows.reduce((s, r) => s + (num(r.recommended_units) ?? 0), 0);
  const probs = rows.map((r) => num(r.clv_prob)).filter((v): v is number => v !== null);
  const clv = { clv: t.clv, clv_prob: probs.length ? probs.reduce((a, b) => a + b, 0) / probs.length : null, n_clv: rows.filter((r) => num(r.clv) !== null).length };
  if (!scored) return { bets: t.bets, staked, wins: 0, losses: 0, pushes: 0, pending: 0, units_won: null, roi: null, hit_rate: null, clv: null, clv_prob: null, n_clv: 0 };
  return { bets: t.bets, staked, wins: t.wins, losses: t.losses, pushes: t.pushes, pending: t.pending, units_won: t.units, roi: t.roi, hit_rate: t.hit_rate, ...clv };
}

/** The bets of one week: the scored file when it exists, else the predictions. */
export function weekBets(layout: Layout, season: number, week: number, seasonType: SeasonType = 'regular'): WeekBets {
  const scoredPath = layout.scoredFile(season, week, seasonType);
  const betsPath = layout.predictionsFile(season, week, seasonType);
  const scored = existsSync(scoredPath);
  const file = scored ? scoredPath : betsPath;
  if (!existsSync(file)) {
    const weeks = new Set<string>();
    for (const dir of [layout.predictionsDir(season), layout.scoredDir(season)]) {
      if (!existsSync(dir)) continue;
      for (const n of readdirSync(dir)) {
        const w = parseWeekFile(n);
        if (w) weeks.add(w.seasonType === 'postseason' ? `postseason ${w.week}` : String(w.week));
      }
    }
    const have = [...weeks].sort((a, b) => (a.length - b.length) || a.localeCompare(b, 'en', { numeric: true }));
    const tail = have.length ? `; weeks with bets in ${season}: ${have.join(', ')}` : `; no bets in ${season} at all (seasons with bets: ${seasonsIn(layout.predictionsDir()).join(', ') || 'none'})`;
    throw new UserError(`no bets for season ${season} week ${week} (${seasonType}): ${betsPath} does not exist${tail}`);
  }
  const rows = readCsvObjects(file);
  const columns = rows.length ? Object.keys(rows[0]!) : (readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '').split(',');
  return { season, week, season_type: seasonType, file: relative(layout.root, file), scored, columns, rows, totals: betTotals(rows, scored) };
}

/** Text columns of the performance log; every other column is a number (empty: null). */
const LOG_TEXT = new Set(['season_type', 'model_id', 'alert_level']);

export type LogRow = Record<string, string | number | null>;

export interface SeasonFigures {
  season: number;
  weeks: number;
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  units: number;
  /** Units won per unit staked; stakes come from `staked` or units/roi of each week. */
  roi: number | null;
  hit_rate: number | null;
  model_ids: string[];
  last_alert_level: string | null;
  /** Mean closing-line value in points (weeks weighted by their bets); null when no week has one. */
  clv: number | null;
}

export interface RoiReport {
  log: string;
  season: number | null;
  latest: LogRow | null;
  seasons: SeasonFigures[];
  rows: LogRow[];
  /** Scored bets backfilled after kickoff (predict --backfill) and whether the figures include them. */
  backfilled: { bets: number; included: boolean };
  /** The figures over every selected week (zero counts when none of them is scored yet). */
  totals: Omit<SeasonFigures, 'season'>;
}

/**
 * The backfilled scored bets of each week (season filter optional), as log-like rows: what
 * `roi --include-backfilled` adds to the live figures of the performance log.
 */
export function backfilledWeeks(layout: Layout, season?: number): LogRow[] {
  const out: LogRow[] = [];
  for (const s of seasonsIn(layout.scoredDir())) {
    if (season !== undefined && s !== season) continue;
    for (const name of readdirSync(layout.scoredDir(s)).sort()) {
      const w = parseWeekFile(name);
      if (!w || w.kind !== 'scored') continue;
      const rows = readCsvObjects(join(layout.scoredDir(s), name)).filter((r) => (r.backfilled ?? '').trim().toLowerCase() === 'true');
      if (!rows.length) continue;
      const t = betTotals(rows, true);
      out.push({ season: s, week: w.week, season_type: w.seasonType, model_id: rows[0]!.model_id ?? '', bets: t.bets, wins: t.wins, losses: t.losses, pushes: t.pushes, units: t.units_won, staked: t.staked });
    }
  }
  return out;
}

/** Whether the performance log was built with the backfilled bets (monitor --include-backfilled). */
function logIncludesBackfilled(layout: Layout): boolean {
  if (!existsSync(layout.dashboardData)) return false;
  try {
    return (JSON.parse(readFileSync(layout.dashboardData, 'utf8')) as { backfilled?: { included?: boolean } }).backfilled?.included === true;
  } catch {
    return false;
  }
}

function weekStake(r: LogRow): number | null {
  const staked = r.staked;
  if (typeof staked === 'number') return staked;
  const { units, roi, bets } = r;
  if (typeof units === 'number' && typeof roi === 'number' && roi !== 0) return units / roi;
  if (bets === 0) return 0;
  return null; // ROI 0 over some bets: the stake cannot be recovered from the log
}

/** Season figures summed from weekly rows of the log. */
export function seasonFigures(season: number, rows: LogRow[]): SeasonFigures {
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  const f: SeasonFigures = { season, weeks: rows.length, bets: 0, wins: 0, losses: 0, pushes: 0, units: 0, roi: null, hit_rate: null, model_ids: [], last_alert_level: null, clv: null };
  let staked = 0;
  let stakeKnown = true;
  let clvSum = 0;
  let clvBets = 0;
  for (const r of rows) {
    f.bets += n(r.bets);
    f.wins += n(r.wins);
    f.losses += n(r.losses);
    f.pushes += n(r.pushes);
    f.units += n(r.units);
    const s = weekStake(r);
    if (s === null) stakeKnown = false;
    else staked += s;
    const id = typeof r.model_id === 'string' ? r.model_id : '';
    if (id && !f.model_ids.includes(id)) f.model_ids.push(id);
    if (typeof r.alert_level === 'string' && r.alert_level) f.last_alert_level = r.alert_level;
    if (typeof r.clv === 'number' && n(r.bets) > 0) (clvSum += r.clv * n(r.bets)), (clvBets += n(r.bets));
  }
  f.clv = clvBets > 0 ? clvSum / clvBets : null;
  f.roi = stakeKnown && staked > 0 ? f.units / staked : null;
  f.hit_rate = f.wins + f.losses > 0 ? f.wins / (f.wins + f.losses) : null;
  return f;
}

/**
 * Whether `season` belongs to the project though the log has no row of it yet: production has bet
 * files of it, or it is one of `dataSeasons` (the warehouse's seasons, passed in by the caller).
 */
function knownSeason(layout: Layout, season: number, dataSeasons: readonly number[]): boolean {
  return dataSeasons.includes(season) || seasonsIn(layout.predictionsDir()).includes(season) || seasonsIn(layout.scoredDir()).includes(season);
}

function unknownSeason(layout: Layout, season: number, dataSeasons: readonly number[], log: string): UserError {
  const span = dataSeasons.length ? `${Math.min(...dataSeasons)}–${Math.max(...dataSeasons)}` : 'none';
  const bets = seasonsIn(layout.predictionsDir()).join(', ') || 'none';
  return new UserError(`${log}; season ${season} is not a season of this project (seasons in the data: ${span}; seasons with bets: ${bets})`);
}

/**
 * The current figures of production/monitoring/performance_log.csv (optionally one season). A
 * season of the project with no scored week yet (or no log yet) is an empty state with zero
 * counts; a season the project does not know is an error naming it.
 */
export function roiReport(layout: Layout, season?: number, opts: { includeBackfilled?: boolean; dataSeasons?: readonly number[] } = {}): RoiReport {
  const path = layout.performanceLog;
  const dataSeasons = opts.dataSeasons ?? [];
  if (!existsSync(path)) {
    if (season === undefined) throw new UserError(`no performance log at ${path} (run \`edgelab monitor\` after scoring a week)`);
    if (!knownSeason(layout, season, dataSeasons)) throw unknownSeason(layout, season, dataSeasons, `no performance log at ${path}`);
  }
  const all: LogRow[] = (existsSync(path) ? readCsvObjects(path) : []).map((r) => {
    const out: LogRow = { ...r };
    for (const k of Object.keys(r)) if (!LOG_TEXT.has(k)) out[k] = num(r[k]);
    return out;
  });
  const rows = season === undefined ? all : all.filter((r) => r.season === season);
  // An empty log (monitor ran before any week was scored) is an empty state, not an error; so is
  // a season of the project none of whose weeks is scored yet.
  if (season !== undefined && rows.length === 0 && !knownSeason(layout, season, dataSeasons)) {
    const have = [...new Set(all.map((r) => r.season))].join(', ') || 'none: it is empty';
    throw unknownSeason(layout, season, dataSeasons, `${path} has no rows for season ${season} (seasons in the log: ${have})`);
  }
  const bySeason = new Map<number, LogRow[]>();
  for (const r of rows) {
    if (typeof r.season !== 'number') continue;
    bySeason.set(r.season, [...(bySeason.get(r.season) ?? []), r]);
  }
  // The log holds live bets only unless monitor was asked otherwise; --include-backfilled adds
  // the backfilled scored bets here (weeks still counted from the log).
  const extra = backfilledWeeks(layout, season);
  const inLog = logIncludesBackfilled(layout);
  const add = !!opts.includeBackfilled && !inLog;
  const seasons = [...bySeason.entries()].sort((a, b) => a[0] - b[0]).map(([s, rs]) => ({
    ...seasonFigures(s, add ? [...rs, ...extra.filter((x) => x.season === s)] : rs),
    weeks: rs.length,
  }));
  const bets = extra.reduce((n, x) => n + (typeof x.bets === 'number' ? x.bets : 0), 0);
  const { season: _season, ...totals } = { ...seasonFigures(season ?? 0, add ? [...rows, ...extra] : rows), weeks: rows.length };
  return { log: relative(layout.root, path), season: season ?? null, latest: rows.at(-1) ?? null, seasons, rows, backfilled: { bets, included: inLog || add }, totals };
}
