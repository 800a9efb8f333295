// `edgelab monitor`: rebuild production/monitoring from the scored weeks — performance_log.csv
// (one row per scored week), alerts/<season>_weekWW.json (level and reasons) and
// dashboard_data.json (everything the dashboard shows; schema in dashboard-data.ts and
// docs/monitoring.md). The alert rules are pure (evaluation/alerts.ts); this file gathers their
// inputs. Feature drift is tested for the latest scored week only — its features recomputed with
// the betting model's recipe, against the training reference stored in its bundle — and each
// older week keeps the drift recorded in its alert file when it was the latest.
// Everything is per champion (issue 17): each week is judged on the weeks of its betting model's
// tenure only (monitor-sequential.ts), and the rollback advice is the tenure's sequential test.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import { writeFileAtomic, writeJsonAtomic } from '../artifacts/atomic.ts';
import { readBundle } from '../artifacts/bundle.ts';
import { withLock } from '../artifacts/lock.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import type { EdgelabConfig } from '../config/schema.ts';
import type { Dataset } from '../data/schema.ts';
import { assessWeek, redStreak, type AlertLevel, type Assessment, type DriftTest, type SequentialState, type WeekFigures } from '../evaluation/alerts.ts';
import { driftTest } from '../evaluation/drift.ts';
import { holm } from '../evaluation/holm.ts';
import { championDesign, sequentialState, tenureStart } from './monitor-sequential.ts';
import { formatCsv } from '../util/csv.ts';
import { DASHBOARD_SCHEMA_VERSION, type DashboardData, type Market, type PerformanceRow, type ScoredRow, type WeekKey } from '../readers/dashboard-data.ts';
import { locateExperiment } from '../readers/experiments.ts';
import { championInfo, dataQuality, devFigures, edgeBuckets, kpisOf, leaderboard, promotionTests } from './monitor-dashboard.ts';
import { liveRows, readBets, readScored, round, weeksWith } from './production-files.ts';
import { recipeDesigns, type Recipe } from './recipe.ts';
import type { MarketDesign } from '../features/index.ts';
import { betModelBundle } from './production-refit.ts';
import { loadDataset } from './train/dataset.ts';
import { UserError } from '../util/errors.ts';
import { faultPoint } from '../util/fault.ts';

export const PERFORMANCE_COLUMNS = [
  'season', 'week', 'season_type', 'model_id', 'bets', 'wins', 'losses', 'pushes', 'pending', 'staked', 'units', 'roi', 'hit_rate',
  'cumulative_units', 'rolling_roi', 'rolling_hit_rate', 'clv', 'drawdown', 'alert_level',
] as const;

export interface AlertFile extends WeekKey {
  schema_version: 1;
  model_id: string;
  level: AlertLevel;
  reasons: Assessment['reasons'];
  figures: Assessment['figures'];
  drift: DriftTest[];
  /** Why drift was not tested, when it was not. */
  drift_note: string | null;
  /** Consecutive red weeks of this champion's tenure ending with this week. */
  red_streak: number;
  /** The tenure's sequential rollback test after this week (null: no development ROI to test against). */
  sequential: SequentialState | null;
  rollback: DashboardData['alert']['rollback'];
  generated_at: string;
}

export interface MonitorResult {
  rows: PerformanceRow[];
  latest: AlertFile | null;
  files: { performance_log: string; dashboard: string; alerts: string[] };
  /** Backfilled scored bets, and whether the figures include them. */
  backfilled: { included: boolean; bets: number };
}

/** The figures of one scored week. */
export function weekFigures(key: WeekKey, rows: readonly ScoredRow[], fallbackModel: string): WeekFigures {
  const k = kpisOf(rows);
  return { ...key, model_id: rows[0]?.model_id || fallbackModel, bets: rows.length, wins: k.wins, losses: k.losses, pushes: k.pushes, pending: k.pending, staked: k.staked, units: k.units, clv: k.clv };
}

/** Each market's design matrix of the week: the drift test reads its features only. */
export type WeekDesigns = Partial<Record<Market, { design: MarketDesign }>>;

/**
 * KS drift of each feature of the week's eligible rows against the recipe's training reference.
 * A week runs one test per feature per market; `drifted` is decided by Holm over all of them at
 * family-wise level `pValue`, so a stable model is flagged in at most that share of weeks.
 */
export function weekDrift(recipe: Recipe, designs: WeekDesigns, pValue: number): { tests: DriftTest[]; note: string | null } {
  const tests: DriftTest[] = [];
  let refs = 0;
  for (const [market, p] of Object.entries(designs) as [Market, NonNullable<WeekDesigns[Market]>][]) {
    const reference = recipe.markets[market]?.feature_reference;
    if (!reference) continue;
    const d = p.design;
    const cols = d.featureNames.length;
    const rows = d.rows.map((r, i) => (r.eligible ? i : -1)).filter((i) => i >= 0);
    d.featureNames.forEach((feature, j) => {
      const ref = reference[feature];
      if (!ref) return;
      refs++;
      if (ref.distinct < 3) return; // an indicator's KS test says nothing useful
      const r = driftTest(ref, rows.map((i) => d.X[i * cols + j]!));
      if (!r) return;
      tests.push({ market, feature, statistic: round(r.statistic), p_value: r.p_value, n_week: r.n2, n_train: r.n1, drifted: false });
    });
  }
  const h = holm(tests.map((t) => Math.min(1, Math.max(0, t.p_value))), pValue);
  tests.forEach((t, i) => (t.drifted = h.rejected[i]!));
  if (refs === 0) return { tests, note: `the bundle of ${recipe.experiment_id} has no training feature reference (trained before drift monitoring existed); retrain it to enable the drift check` };
  return { tests, note: null };
}

function rollbackAdvice(seq: SequentialState | null, modelId: string, previous: string | null): AlertFile['rollback'] {
  if (!seq?.alarmed) return null;
  const why = `${modelId}'s sequential test (CUSUM over ${seq.n_bets} bets this season) points to a ROI ${seq.shift_points} points below its development ROI`;
  if (!previous) return { recommended: true, command: null, message: `${why}, but there is no previous champion to roll back to; stop betting and retrain` };
  const command = `edgelab rollback --reason "sequential test: ${modelId} below its development ROI"`;
  return { recommended: true, command, message: `${why}: roll back to ${previous} with: ${command}` };
}

function readAlert(file: string): AlertFile | null {
  if (!existsSync(file)) return null;
  // An unreadable alert is the user's to look at: never read as "no alert" and overwritten.
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as AlertFile;
  } catch (e) {
    throw new UserError(`${file}: not a readable alert file (${(e as Error).message}); nothing was written — restore it from git or move it aside, then run monitor again`);
  }
}

/** Drift of the latest scored week: its features by its betting model's recipe vs the bundle's reference. */
async function latestWeekDrift(layout: Layout, config: EdgelabConfig, week: WeekFigures, data?: Dataset): Promise<{ tests: DriftTest[]; note: string | null }> {
  const loc = week.model_id ? locateExperiment(layout, week.model_id) : null;
  if (!loc?.bundle) return { tests: [], note: `no model bundle for ${week.model_id || "the week's model"}` };
  // The bundle's reference is the training data as a whole, mostly regular-season weeks; bowl and
  // playoff selection (the better teams, neutral sites) changes the feature distribution by design,
  // so a postseason week would be flagged every time. There is no postseason-only reference to
  // compare with, so postseason weeks are not tested — and say so.
  if (week.season_type === 'postseason') return { tests: [], note: 'postseason week not tested: the bundle holds no postseason-only training reference, and postseason selection changes the feature distribution by design' };
  const recipe = readBundle<Recipe, unknown>(betModelBundle(layout, week.model_id, week.season, loc.bundle)).model;
  const pValue = config.monitoring.yellow.drift_p_value;
  // no reference: say so without reading the warehouse
  if (!Object.values(recipe.markets ?? {}).some((m) => m?.feature_reference)) return weekDrift(recipe, {}, pValue);
  const d = data ?? (await loadDataset(layout, config));
  const games = new Map(d.games.map((g) => [g.game_id, g]));
  // The designs only: the drift test reads the week's features, not the model's predictions
  // (no pipeline parsed, no rows predicted to be thrown away).
  const designs: WeekDesigns = {};
  for (const { market, design } of recipeDesigns(recipe, d, [{ season: week.season, seasonType: week.season_type, week: week.week }], games)) designs[market] = { design };
  return weekDrift(recipe, designs, pValue);
}

/** `config`: the configuration (overrides applied) when the caller has composed it already (edgelab week). */
export async function monitor(o: { layout: Layout; overrides?: string[]; now?: Date; data?: Dataset; includeBackfilled?: boolean; config?: EdgelabConfig }): Promise<MonitorResult> {
  const { layout } = o;
  const config = o.config ?? loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: o.overrides ?? [] }).config;
  const now = (o.now ?? new Date()).toISOString();
  const champion = championInfo(layout);
  const scoredWeeks = weeksWith(layout, 'scored');
  // Live performance only: bets backfilled after their week kicked off are left out (counted)
  // unless asked for, everywhere below (figures, alerts, rollback test, dashboard data).
  let backfilledBets = 0;
  const includeBackfilled = o.includeBackfilled ?? config.monitoring.include_backfilled ?? false;
  const scored = scoredWeeks.map((k) => {
    const all = readScored(layout.scoredFile(k.season, k.week, k.season_type));
    const rows = liveRows(all, includeBackfilled);
    backfilledBets += all.filter((r) => r.backfilled).length;
    return { key: k, rows };
  });
  // a week without bets belongs to the model of the week before it (the champion for the first)
  const figures: WeekFigures[] = [];
  for (const s of scored) figures.push(weekFigures(s.key, s.rows, figures.at(-1)?.model_id ?? champion.current?.id ?? ''));

  const last = figures.at(-1);
  const latestDrift = last ? await latestWeekDrift(layout, config, last, o.data) : { tests: [], note: 'no scored week' };

  const devRoi = new Map<string, number | null>();
  const dev = (id: string) => {
    if (!devRoi.has(id)) devRoi.set(id, id ? devFigures(layout, id).roi : null);
    return devRoi.get(id)!;
  };
  const designs = new Map<string, ReturnType<typeof championDesign>>();
  const design = (id: string) => {
    if (!designs.has(id)) designs.set(id, id ? championDesign(layout, id, config.monitoring.rollback) : null);
    return designs.get(id)!;
  };
  const levels: AlertLevel[] = [];
  const rows: PerformanceRow[] = [];
  const alerts: AlertFile[] = [];
  figures.forEach((f, i) => {
    const file = layout.alertFile(f.season, f.week, f.season_type);
    const old = readAlert(file);
    const isLast = i === figures.length - 1;
    const drift = isLast ? latestDrift : old && old.model_id === f.model_id ? { tests: old.drift ?? [], note: old.drift_note ?? null } : { tests: [], note: 'not tested (only the latest week is tested when monitored)' };
    const start = tenureStart(figures, i);
    const d = design(f.model_id);
    const seq = d ? sequentialState(d, scored.slice(start, i + 1).map((x) => ({ season: x.key.season, rows: x.rows }))) : null;
    const a = assessWeek(figures.slice(start, i + 1), config.monitoring, { dev_roi: dev(f.model_id), bankroll: config.betting.bankroll, drift: drift.tests, sequential: seq });
    levels.push(a.level);
    const streak = redStreak(levels.slice(start));
    const r4 = (v: number | null) => (v === null ? null : round(v));
    const clvs = scored[i]!.rows.filter((r) => r.clv !== null);
    rows.push({
      season: f.season, week: f.week, season_type: f.season_type, model_id: f.model_id, bets: f.bets, wins: f.wins, losses: f.losses, pushes: f.pushes, pending: f.pending,
      staked: round(f.staked), units: round(f.units), roi: r4(f.staked > 0 ? f.units / f.staked : null), hit_rate: r4(f.wins + f.losses > 0 ? f.wins / (f.wins + f.losses) : null),
      cumulative_units: round(a.figures.cumulative_units), rolling_roi: r4(a.figures.rolling_roi), rolling_hit_rate: r4(a.figures.rolling_hit_rate),
      clv: clvs.length ? round(clvs.reduce((s, r) => s + r.clv!, 0) / clvs.length) : null, drawdown: round(a.figures.drawdown), alert_level: a.level,
    });
    const isChampion = champion.current?.id === f.model_id;
    alerts.push({
      schema_version: 1, season: f.season, week: f.week, season_type: f.season_type, model_id: f.model_id, level: a.level, reasons: a.reasons, figures: a.figures,
      drift: drift.tests, drift_note: drift.note, red_streak: streak,
      sequential: seq,
      rollback: isChampion ? rollbackAdvice(seq, f.model_id, champion.previous?.id ?? null) : null,
      generated_at: old?.generated_at ?? now,
    });
  });

  const allRows = scored.flatMap((s) => s.rows.map((r) => ({ ...r, season: s.key.season })));
  const bySeason = new Map<number, ScoredRow[]>();
  for (const r of allRows) bySeason.set(r.season, [...(bySeason.get(r.season) ?? []), r]);
  const betWeeks = weeksWith(layout, 'bets');
  const thisWeek = betWeeks.at(-1);
  const lastScored = scored.at(-1);
  const latest = alerts.at(-1) ?? null;
  const dashboard: DashboardData = {
    schema_version: DASHBOARD_SCHEMA_VERSION,
    generated_at: now,
    champion,
    alert: {
      level: latest?.level ?? 'green',
      week: latest ? { season: latest.season, week: latest.week, season_type: latest.season_type } : null,
      reasons: latest?.reasons ?? [],
      red_streak: latest?.red_streak ?? 0,
      rollback: latest?.rollback ?? null,
      drift: latest?.drift ?? [],
    },
    seasons: [...bySeason.entries()].sort((a, b) => a[0] - b[0]).map(([season, rs]) => ({
      season,
      all: kpisOf(rs),
      markets: Object.fromEntries((['spread', 'total'] as Market[]).filter((m) => rs.some((r) => r.bet_type === m)).map((m) => [m, kpisOf(rs.filter((r) => r.bet_type === m))])),
    })),
    weekly: rows,
    edge_buckets: edgeBuckets(allRows),
    this_week: thisWeek ? { ...thisWeek, file: relative(layout.root, layout.predictionsFile(thisWeek.season, thisWeek.week, thisWeek.season_type)), bets: readBets(layout.predictionsFile(thisWeek.season, thisWeek.week, thisWeek.season_type)) } : null,
    last_week: lastScored ? { ...lastScored.key, file: relative(layout.root, layout.scoredFile(lastScored.key.season, lastScored.key.week, lastScored.key.season_type)), rows: lastScored.rows, kpis: kpisOf(lastScored.rows) } : null,
    leaderboard: leaderboard(layout),
    promotion_tests: promotionTests(layout),
    data_quality: dataQuality(layout),
    backfilled: { included: includeBackfilled, bets: backfilledBets },
  };

  return withLock(layout.lockFile, async () => {
    const alertFiles: string[] = [];
    // Every old alert is read (and a corrupt one refused) before anything is written.
    const olds = alerts.map((a) => readAlert(layout.alertFile(a.season, a.week, a.season_type)));
    alerts.forEach((a, i) => {
      const file = layout.alertFile(a.season, a.week, a.season_type);
      const old = olds[i];
      if (!old || JSON.stringify({ ...old, generated_at: '' }) !== JSON.stringify({ ...a, generated_at: '' })) writeJsonAtomic(file, { ...a, generated_at: now });
      alertFiles.push(file);
    });
    faultPoint('monitor:after-alerts');
    writeFileAtomic(layout.performanceLog, formatCsv(PERFORMANCE_COLUMNS, rows as unknown as Record<string, string | number | null>[]));
    faultPoint('monitor:after-performance-log');
    writeJsonAtomic(layout.dashboardData, dashboard);
    return { rows, latest, files: { performance_log: layout.performanceLog, dashboard: layout.dashboardData, alerts: alertFiles }, backfilled: dashboard.backfilled! };
  });
}

