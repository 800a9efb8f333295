// Data assembly: everything the page shows for one season, read from the artifacts tree at the
// time of the request. The primary files (performance log, alerts, bets, scored weeks, summaries,
// promotion tests, data-quality reports, champion links) are the truth, so the page is right even
// when dashboard_data.json is stale; that snapshot only adds what no primary file carries (the
// rollback streak, drift tests) when the alert file lacks it, and only while it is fresh. A section that cannot be read becomes
// a problem line on the page, never a failed request.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { experimentFile, type Layout } from '../artifacts/layout.ts';
import { readJournal } from '../artifacts/champion.ts';
import { listExperiments, mainMarket, whereChampion, type ExperimentView } from '../readers/experiments.ts';
import type { LogRow } from '../readers/production.ts';
import type { DashboardData } from '../readers/dashboard-data.ts';
import { betTotals } from '../readers/production.ts';
import { seasonCharts, type ChartView } from './charts.ts';
import { byMarket, kpiFromLog, kpiFromScored, type Kpi } from './kpis.ts';
import { nextSteps, type NextStep } from './getting-started.ts';
import * as R from './readers.ts';

export interface LeaderboardRow {
  id: string;
  phase: number | null;
  name: string | null;
  model: string | null;
  features: string | null;
  market: string | null;
  rmse: number | null;
  market_rmse: number | null;
  n_bets: number | null;
  hit_rate: number | null;
  roi: number | null;
  status: string;
  champion_role: 'current' | 'previous' | null;
  links: { label: string; path: string }[];
}

export interface ChampionView {
  id: string;
  state: 'ok' | 'dangling';
  name: string | null;
  model: string | null;
  feature_set: string | null;
  promoted_at: string | null;
  promoted_by: string | null;
  reason: string | null;
  previous: string | null;
  /** Development figures of its summary (all markets when present, else the main market). */
  dev_roi: number | null;
  dev_hit_rate: number | null;
  pending_change: boolean;
}

export interface DashboardView {
  generated_at: string;
  root: string;
  seasons: number[];
  season: number | null;
  next_steps: NextStep[];
  /** Nothing to show at all: the page is the getting-started list. */
  empty: boolean;
  problems: string[];
  champion: ChampionView | null;
  alert: R.AlertView | null;
  kpis: { all: Kpi | null; markets: Record<string, Kpi> };
  charts: ChartView[];
  this_week: (R.WeekTable & { totals: ReturnType<typeof betTotals> }) | null;
  last_week: (R.WeekTable & { totals: ReturnType<typeof betTotals> }) | null;
  leaderboard: LeaderboardRow[];
  promotion_tests: R.PromotionTestView[];
  data_quality: R.QualityWeekView[];
  monitor_snapshot: { generated_at: string | null; stale: boolean } | null;
}

/** Run a section reader; a failure is recorded as a problem and the section is left empty. */
function section<T>(problems: string[], what: string, fallback: T, f: () => T): T {
  try {
    return f();
  } catch (e) {
    problems.push(`${what}: ${(e as Error).message}`);
    return fallback;
  }
}

function plotLinks(layout: Layout, e: ExperimentView): { label: string; path: string }[] {
  if (!e.outputs) return [];
  const links: { label: string; path: string }[] = [];
  for (const f of ['summary', 'metrics'] as const) {
    const p = experimentFile(e.outputs, f);
    if (existsSync(p)) links.push({ label: f === 'summary' ? 'summary' : 'metrics', path: relative(layout.root, p) });
  }
  const plots = experimentFile(e.outputs, 'plots');
  try {
    for (const n of readdirSync(plots).sort()) if (/\.(png|svg)$/i.test(n)) links.push({ label: n.replace(/\.(png|svg)$/i, '').replace(/_/g, ' '), path: relative(layout.root, join(plots, n)) });
  } catch {
    // no plots directory: nothing to link
  }
  return links;
}

function leaderboard(layout: Layout, experiments: ExperimentView[]): LeaderboardRow[] {
  const rows = experiments.map((e): LeaderboardRow => {
    const market = e.headline.spread ? 'spread' : (Object.keys(e.headline)[0] ?? null);
    const h = mainMarket(e);
    const fs = e.summary && typeof e.summary.feature_set === 'string' ? e.summary.feature_set : e.feature_set_id;
    return {
      id: e.id,
      phase: e.phase,
      name: e.name,
      model: e.model,
      features: fs,
      market,
      rmse: h?.rmse ?? null,
      market_rmse: h?.market_rmse ?? null,
      n_bets: h?.n_bets ?? null,
      hit_rate: h?.hit_rate ?? null,
      roi: h?.roi ?? null,
      status: e.status,
      champion_role: e.champion_role,
      links: plotLinks(layout, e),
    };
  });
  // Best development ROI first; experiments without one go last, by id.
  return rows.sort((a, b) => (b.roi ?? -Infinity) - (a.roi ?? -Infinity) || a.id.localeCompare(b.id));
}

function champion(layout: Layout, experiments: ExperimentView[]): ChampionView | null {
  const where = whereChampion(layout);
  if (!where.current) return null;
  const id = where.current.id;
  const journal = readJournal(layout);
  const event = [...(journal?.history ?? [])].reverse().find((h) => h.current === id) ?? null;
  const e = experiments.find((x) => x.id === id);
  const dev = e ? (e.headline.all ?? mainMarket(e)) : undefined;
  return {
    id,
    state: where.current.state,
    name: e?.name ?? null,
    model: e?.model ?? null,
    feature_set: (e?.summary && typeof e.summary.feature_set === 'string' ? e.summary.feature_set : e?.feature_set_id) ?? null,
    promoted_at: event?.at ?? null,
    promoted_by: event?.action ?? null,
    reason: event?.reason ?? null,
    previous: where.previous?.id ?? null,
    dev_roi: dev?.roi ?? null,
    dev_hit_rate: dev?.hit_rate ?? null,
    // A change a killed process left half done: the next edgelab command completes it (the
    // dashboard never writes, so it only says so).
    pending_change: journal?.pending === true,
  };
}

/** What the alert file leaves out, from a fresh dashboard_data.json about the same week. */
function withSnapshot(snap: R.MonitorSnapshot | null, latest: R.AlertView): R.AlertView {
  if (!snap || snap.stale) return latest;
  // Read as the contract says, but defensively: the file may come from another edgelab version.
  const a = (snap.data as Partial<DashboardData>).alert;
  if (!a?.week || typeof a.week.season !== 'number' || R.compareWeeks(a.week, latest) !== 0) return latest;
  const s = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    ...latest,
    red_streak: latest.red_streak ?? (typeof a.red_streak === 'number' ? a.red_streak : null),
    drift_flags: latest.drift_flags.length ? latest.drift_flags : R.driftFlags(a.drift),
    rollback: latest.rollback ?? (a.rollback && typeof a.rollback === 'object' ? { command: s(a.rollback.command), message: s(a.rollback.message) } : null),
  };
}

/**
 * The latest week of `kind` that has bets (the latest file when none has): at season's end the
 * last postseason weeks are often empty, and two empty tables say nothing.
 */
function latestTable(layout: Layout, season: number, kind: 'bets' | 'scored') {
  const files = R.weekFiles(layout, season, kind);
  if (!files.length) return null;
  let t = R.readWeekTable(layout, files.at(-1)!);
  for (let i = files.length - 2; i >= 0 && t.rows.length === 0; i--) {
    const earlier = R.readWeekTable(layout, files[i]!);
    if (earlier.rows.length) t = earlier;
  }
  return { ...t, totals: betTotals(t.rows, kind === 'scored') };
}

/** Everything the page shows, for `season` (default: the latest season with production data). */
export function buildView(layout: Layout, requestedSeason?: number): DashboardView {
  const problems: string[] = [];
  const experiments = section(problems, 'experiments', [] as ExperimentView[], () => listExperiments(layout));
  const log = section(problems, 'performance log', null as LogRow[] | null, () => R.readPerformanceLog(layout));
  const alerts = R.listAlerts(layout, problems);
  const seasons = [...new Set([...R.productionSeasons(layout, log), ...R.qualitySeasons(layout)])].sort((a, b) => a - b);
  const latestProduction = R.productionSeasons(layout, log).at(-1);
  const season = requestedSeason !== undefined && seasons.includes(requestedSeason) ? requestedSeason : (latestProduction ?? seasons.at(-1) ?? null);
  if (requestedSeason !== undefined && season !== requestedSeason) problems.push(`season ${requestedSeason} has no production or data-quality files; showing ${season ?? 'nothing'}`);
  const champ = section(problems, 'champion', null as ChampionView | null, () => champion(layout, experiments));
  const snap = R.readMonitorSnapshot(layout, problems);

  const latest = alerts.at(-1) ?? null;
  const alert = latest ? withSnapshot(snap, latest) : null;

  const seasonLog = season === null ? [] : (log ?? []).filter((r) => r.season === season && R.logKey(r) !== null).sort((a, b) => R.compareWeeks(R.logKey(a)!, R.logKey(b)!));
  // Live performance, as monitor built the log: backfilled bets (predict --backfill) only when
  // monitoring was rebuilt with --include-backfilled.
  const withBackfilled = (snap?.data.backfilled as { included?: unknown } | undefined)?.included === true;
  const scored = season === null ? [] : section(problems, 'scored bets', [] as Record<string, string>[], () => R.weekFiles(layout, season, 'scored').flatMap((f) => R.readWeekTable(layout, f).rows).filter((r) => withBackfilled || (r.backfilled ?? '').trim().toLowerCase() !== 'true'));
  const markets: Record<string, Kpi> = {};
  for (const [m, rows] of byMarket(scored)) markets[m] = kpiFromScored(rows);
  const all = season === null ? null : seasonLog.length ? kpiFromLog(season, seasonLog, scored) : scored.length ? kpiFromScored(scored) : null;

  const production = log !== null || R.productionSeasons(layout, null).length > 0;
  const steps = nextSteps(layout, { experiments: experiments.map((e) => e.id), champion: champ?.id ?? null, production });
  return {
    generated_at: new Date().toISOString(),
    root: layout.root,
    seasons,
    season,
    next_steps: steps,
    empty: experiments.length === 0 && !production && champ === null,
    problems,
    champion: champ,
    alert,
    kpis: { all, markets },
    charts: season === null ? [] : seasonCharts(season, seasonLog, scored),
    this_week: season === null ? null : section(problems, 'bets', null, () => latestTable(layout, season, 'bets')),
    last_week: season === null ? null : section(problems, 'scored week', null, () => latestTable(layout, season, 'scored')),
    leaderboard: leaderboard(layout, experiments),
    promotion_tests: R.listPromotionTests(layout, problems),
    data_quality: season === null ? [] : R.listDataQuality(layout, season, problems),
    monitor_snapshot: snap ? { generated_at: snap.generated_at, stale: snap.stale } : null,
  };
}
