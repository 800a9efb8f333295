// Read-only readers of the production, alert, data-quality and promotion files the dashboard
// shows. They are read on every request (a new scored week shows on reload), tolerate columns and
// fields they do not know, and never write (not even a lock or a recovery).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAlertFile, parseValidationFile, parseWeekFile, type Layout, type SeasonType } from '../artifacts/layout.ts';
import { readCsvObjects, roiReport, seasonsIn, type LogRow } from '../readers/production.ts';

export interface WeekKey {
  season: number;
  week: number;
  season_type: SeasonType;
}

/** Chronological order of week keys: season, then regular before postseason, then week. */
export function compareWeeks(a: WeekKey, b: WeekKey): number {
  const t = (k: WeekKey) => (k.season_type === 'postseason' ? 1 : 0);
  return a.season - b.season || t(a) - t(b) || a.week - b.week;
}

/** Short week label for tables and chart axes: W08, or P01 for postseason week 1. */
export function weekLabel(k: Pick<WeekKey, 'week' | 'season_type'>): string {
  return `${k.season_type === 'postseason' ? 'P' : 'W'}${String(k.week).padStart(2, '0')}`;
}

export function readJsonFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function mtime(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- alerts

export interface AlertReasonView {
  message: string;
  rule: string | null;
  level: string | null;
  value: number | null;
  threshold: number | null;
}

export interface AlertView extends WeekKey {
  file: string;
  level: string;
  reasons: AlertReasonView[];
  /** The rollback recommendation the alert file carries, if any. */
  rollback: { command: string | null; message: string | null } | null;
  /** Consecutive red weeks ending with this one (null when the file does not say). */
  red_streak: number | null;
  /** Features whose distribution drifted this week, as `market: feature`. */
  drift_flags: string[];
}

function reasonOf(r: unknown): AlertReasonView {
  if (typeof r === 'string') return { message: r, rule: null, level: null, value: null, threshold: null };
  const o = obj(r);
  return { message: str(o.message) ?? str(o.rule) ?? JSON.stringify(r), rule: str(o.rule), level: str(o.level), value: numOrNull(o.value), threshold: numOrNull(o.threshold) };
}

/** `market: feature` of each drifted test in a drift list (alert file or dashboard_data.json). */
export function driftFlags(drift: unknown): string[] {
  if (!Array.isArray(drift)) return [];
  return drift.map(obj).filter((d) => d.drifted === true).map((d) => `${str(d.market) ?? '?'}: ${str(d.feature) ?? '?'}`);
}

/** Every alerts/<season>_weekWW.json, chronological. A corrupt file is reported, not fatal. */
export function listAlerts(layout: Layout, problems: string[] = []): AlertView[] {
  const out: AlertView[] = [];
  for (const name of filesIn(layout.alertsDir)) {
    const key = parseAlertFile(name);
    if (!key) continue;
    const path = join(layout.alertsDir, name);
    try {
      const o = obj(readJsonFile(path));
      const rb = o.rollback && typeof o.rollback === 'object' ? obj(o.rollback) : null;
      out.push({
        season: key.season,
        week: key.week,
        season_type: key.seasonType,
        file: relative(layout.root, path),
        level: str(o.level) ?? 'unknown',
        reasons: Array.isArray(o.reasons) ? o.reasons.map(reasonOf) : [],
        rollback: rb ? { command: str(rb.command), message: str(rb.message) } : null,
        red_streak: numOrNull(o.red_streak),
        drift_flags: driftFlags(o.drift),
      });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return out.sort(compareWeeks);
}

// ---------------------------------------------------------------- performance log

/** The rows of performance_log.csv (numbers parsed), or null when there is no log yet. */
export function readPerformanceLog(layout: Layout): LogRow[] | null {
  if (!existsSync(layout.performanceLog)) return null;
  return roiReport(layout).rows;
}

export function logKey(r: LogRow): WeekKey | null {
  if (typeof r.season !== 'number' || typeof r.week !== 'number') return null;
  return { season: r.season, week: r.week, season_type: r.season_type === 'postseason' ? 'postseason' : 'regular' };
}

// ---------------------------------------------------------------- production bets

export interface WeekFile extends WeekKey {
  /** Absolute path. */
  path: string;
}

/** The weeks of one season that have a bets (predictions) or scored file, chronological. */
export function weekFiles(layout: Layout, season: number, kind: 'bets' | 'scored'): WeekFile[] {
  const dir = kind === 'bets' ? layout.predictionsDir(season) : layout.scoredDir(season);
  const out: WeekFile[] = [];
  for (const name of filesIn(dir)) {
    const w = parseWeekFile(name);
    if (w && w.kind === kind) out.push({ season, week: w.week, season_type: w.seasonType, path: join(dir, name) });
  }
  return out.sort(compareWeeks);
}

/** Seasons with production activity: bets, scored weeks or rows of the performance log. */
export function productionSeasons(layout: Layout, log: LogRow[] | null): number[] {
  const s = new Set<number>([...seasonsIn(layout.predictionsDir()), ...seasonsIn(layout.scoredDir())]);
  for (const r of log ?? []) if (typeof r.season === 'number') s.add(r.season);
  return [...s].sort((a, b) => a - b);
}

export interface WeekTable extends WeekKey {
  file: string;
  columns: string[];
  rows: Record<string, string>[];
}

export function readWeekTable(layout: Layout, f: WeekFile): WeekTable {
  const rows = readCsvObjects(f.path);
  const columns = rows.length ? Object.keys(rows[0]!) : (readFileSync(f.path, 'utf8').split(/\r?\n/)[0] ?? '').split(',').filter(Boolean);
  return { season: f.season, week: f.week, season_type: f.season_type, file: relative(layout.root, f.path), columns, rows };
}

// ---------------------------------------------------------------- data quality

export interface QualityWeekView extends WeekKey {
  file: string;
  status: string;
  games: number | null;
  failed_checks: string[];
  warned_checks: string[];
}

/** The data-quality reports of one season, chronological. */
export function listDataQuality(layout: Layout, season: number, problems: string[] = []): QualityWeekView[] {
  const dir = layout.dataQualityDir(season);
  const out: QualityWeekView[] = [];
  for (const name of filesIn(dir)) {
    const w = parseValidationFile(name);
    if (!w) continue;
    const path = join(dir, name);
    try {
      const o = obj(readJsonFile(path));
      const checks = Array.isArray(o.checks) ? o.checks.map(obj) : [];
      const ids = (status: string) => checks.filter((c) => c.status === status).map((c) => str(c.id) ?? '?');
      out.push({
        season,
        week: w.week,
        season_type: w.seasonType,
        file: relative(layout.root, path),
        status: str(o.status) ?? 'unknown',
        games: numOrNull(obj(o.counts).games),
        failed_checks: ids('fail'),
        warned_checks: ids('warn'),
      });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return out.sort(compareWeeks);
}

/** Seasons that have data-quality reports. */
export function qualitySeasons(layout: Layout): number[] {
  return seasonsIn(layout.dataQualityDir());
}

// ---------------------------------------------------------------- promotion tests

export interface GateView {
  name: string;
  passed: boolean | null;
  value: number | null;
  threshold: number | null;
  detail: string | null;
}

export interface PromotionTestView {
  file: string;
  candidate_id: string;
  baseline_id: string | null;
  phase: number | null;
  market: string | null;
  passed: boolean | null;
  baseline_roi: number | null;
  /** 'stands_aside' when the gates judged a low-volume baseline as ROI 0 (null in older tests). */
  baseline_convention: string | null;
  candidate_roi: number | null;
  improvement: number | null;
  confidence: number | null;
  ci95: [number, number] | null;
  n_common_games: number | null;
  overrides: { gate: string; reason: string }[];
  created_at: string | null;
  gates: GateView[];
}

export function listPromotionTests(layout: Layout, problems: string[] = []): PromotionTestView[] {
  const out: PromotionTestView[] = [];
  for (const name of filesIn(layout.promotionTestsDir)) {
    const m = /^(.+)_vs_baseline\.json$/.exec(name);
    if (!m) continue;
    const path = join(layout.promotionTestsDir, name);
    try {
      const o = obj(readJsonFile(path));
      const ci = Array.isArray(o.ci95) && o.ci95.length === 2 && o.ci95.every((x) => typeof x === 'number') ? (o.ci95 as [number, number]) : null;
      out.push({
        file: relative(layout.root, path),
        candidate_id: str(o.candidate_id) ?? m[1]!,
        baseline_id: str(o.baseline_id),
        phase: numOrNull(o.phase),
        market: str(o.market),
        passed: typeof o.passed === 'boolean' ? o.passed : null,
        baseline_roi: numOrNull(o.baseline_roi),
        baseline_convention: str(o.baseline_convention),
        candidate_roi: numOrNull(o.candidate_roi),
        improvement: numOrNull(o.improvement),
        confidence: numOrNull(o.confidence),
        ci95: ci,
        n_common_games: numOrNull(o.n_common_games),
        overrides: Array.isArray(o.overrides) ? o.overrides.map(obj).map((x) => ({ gate: str(x.gate) ?? '?', reason: str(x.reason) ?? '' })) : [],
        created_at: str(o.created_at),
        gates: Object.entries(obj(o.gates)).map(([gate, g]) => {
          const x = obj(g);
          return { name: gate, passed: typeof x.passed === 'boolean' ? x.passed : null, value: numOrNull(x.value), threshold: numOrNull(x.threshold), detail: str(x.detail) };
        }),
      });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return out.sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
}

// ---------------------------------------------------------------- dashboard_data.json

export interface MonitorSnapshot {
  data: Record<string, unknown>;
  generated_at: string | null;
  /** Older than a performance-log, alert or scored file it was built from. */
  stale: boolean;
}

/** The newest modification time among the files `edgelab monitor` builds dashboard_data.json from. */
function newestMonitorInput(layout: Layout): number {
  let newest = mtime(layout.performanceLog);
  for (const n of filesIn(layout.alertsDir)) newest = Math.max(newest, mtime(join(layout.alertsDir, n)));
  for (const s of seasonsIn(layout.scoredDir())) for (const f of weekFiles(layout, s, 'scored')) newest = Math.max(newest, mtime(f.path));
  return newest;
}

/** dashboard_data.json as `edgelab monitor` last wrote it, with whether it is stale; null if absent. */
export function readMonitorSnapshot(layout: Layout, problems: string[] = []): MonitorSnapshot | null {
  if (!existsSync(layout.dashboardData)) return null;
  try {
    const data = obj(readJsonFile(layout.dashboardData));
    return { data, generated_at: str(data.generated_at), stale: mtime(layout.dashboardData) < newestMonitorInput(layout) };
  } catch (e) {
    problems.push((e as Error).message);
    return null;
  }
}
