// The parts of dashboard_data.json that `monitor` gathers from the tree besides the performance
// log: champion info, KPIs of scored bets, ROI by edge bucket, the experiments leaderboard,
// promotion tests and data-quality statuses. Read-only; tolerant of files it cannot parse.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout, SeasonType } from '../artifacts/layout.ts';
import { readChampion, readJournal } from '../artifacts/champion.ts';
import { experimentFile } from '../artifacts/layout.ts';
import { tallyBets } from '../evaluation/bet-totals.ts';
import type { DashboardData, Kpis, Market, ScoredRow } from '../readers/dashboard-data.ts';
import { listExperiments, locateExperiment, mainMarket, readSummary } from '../readers/experiments.ts';
import { readCsvObjects, seasonsIn } from '../readers/production.ts';
import { ordinalOf } from './production-files.ts';
import { UserError } from '../util/errors.ts';

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** KPIs of scored rows (chronological order for the drawdown): the one tally of bets. */
export const kpisOf: (rows: readonly ScoredRow[]) => Kpis = tallyBets;

export const EDGE_BUCKETS = [0, 3, 4, 5, 6, 8, 10];

export function edgeBuckets(rows: readonly ScoredRow[]): DashboardData['edge_buckets'] {
  const out: DashboardData['edge_buckets'] = [];
  for (const market of ['spread', 'total'] as Market[]) {
    const mine = rows.filter((r) => r.bet_type === market);
    if (!mine.length) continue;
    EDGE_BUCKETS.forEach((lo, i) => {
      const hi = EDGE_BUCKETS[i + 1] ?? null;
      const inB = mine.filter((r) => Math.abs(r.edge) >= lo && (hi === null || Math.abs(r.edge) < hi));
      if (!inB.length) return;
      const k = kpisOf(inB);
      out.push({ market, lo, hi, bets: k.bets, units: k.units, staked: k.staked, roi: k.roi, hit_rate: k.hit_rate });
    });
  }
  return out;
}

/** Development ROI and hit rate of an experiment: metrics.csv's all-seasons, all-markets row. */
export function devFigures(layout: Layout, id: string): { roi: number | null; hit_rate: number | null } {
  const loc = locateExperiment(layout, id);
  const file = loc?.outputs ? experimentFile(loc.outputs, 'metrics') : null;
  if (!file || !existsSync(file)) return { roi: null, hit_rate: null };
  const row = readCsvObjects(file).find((r) => r.season === 'all' && r.market === 'all');
  const num = (v: string | undefined) => (v === undefined || v === '' ? null : finite(Number(v)));
  return { roi: num(row?.roi), hit_rate: num(row?.hit_rate) };
}

export function championInfo(layout: Layout): DashboardData['champion'] {
  const { current, previous } = readChampion(layout);
  if (!current) return { current: null, previous: previous ? { id: previous.id } : null };
  const loc = locateExperiment(layout, current.id);
  const s = loc?.outputs ? readSummary(loc.outputs) : null;
  const dev = devFigures(layout, current.id);
  const promoted = [...(readJournal(layout)?.history ?? [])].reverse().find((e) => e.current === current.id);
  return {
    current: {
      id: current.id,
      name: typeof s?.name === 'string' ? s.name : null,
      phase: typeof s?.phase === 'number' ? s.phase : null,
      model: typeof s?.model === 'string' ? s.model : null,
      feature_set: typeof s?.feature_set === 'string' ? s.feature_set : null,
      dev_roi: dev.roi,
      dev_hit_rate: dev.hit_rate,
      promoted_at: promoted?.at ?? null,
    },
    previous: previous ? { id: previous.id } : null,
  };
}

export function leaderboard(layout: Layout): DashboardData['leaderboard'] {
  return listExperiments(layout)
    .filter((v) => v.summary !== null)
    .map((v) => {
      const market = v.headline.spread ? 'spread' : (Object.keys(v.headline)[0] ?? null);
      const h = mainMarket(v);
      const fs = v.summary?.feature_set;
      return { id: v.id, phase: v.phase, name: v.name, model: v.model, feature_set: typeof fs === 'string' ? fs : null, market, roi: finite(h?.roi), hit_rate: finite(h?.hit_rate), n_bets: finite(h?.n_bets), rmse: finite(h?.rmse), status: v.status, created_at: v.created_at };
    })
    .sort((a, b) => (b.roi ?? -Infinity) - (a.roi ?? -Infinity) || a.id.localeCompare(b.id));
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch (e) {
    // A corrupt record is named, never dropped from the dashboard in silence.
    throw new UserError(`${file}: not valid JSON (${(e as Error).message}); restore it from git or rerun the command that wrote it`);
  }
}

export function promotionTests(layout: Layout): DashboardData['promotion_tests'] {
  const dir = layout.promotionTestsDir;
  if (!existsSync(dir)) return [];
  const out: DashboardData['promotion_tests'] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const t = readJson(join(dir, name));
    if (!t || typeof t.candidate_id !== 'string') continue;
    out.push({
      candidate_id: t.candidate_id,
      baseline_id: String(t.baseline_id ?? ''),
      market: String(t.market ?? ''),
      passed: t.passed === true,
      improvement: typeof t.improvement === 'number' ? t.improvement : null,
      confidence: typeof t.confidence === 'number' ? t.confidence : null,
      created_at: typeof t.created_at === 'string' ? t.created_at : null,
    });
  }
  return out;
}

export function dataQuality(layout: Layout): DashboardData['data_quality'] {
  const out: DashboardData['data_quality'] = [];
  for (const season of seasonsIn(layout.dataQualityDir())) {
    for (const name of readdirSync(layout.dataQualityDir(season))) {
      const m = /^(postseason_)?week(\d{2})_validation\.json$/.exec(name);
      if (!m) continue;
      const r = readJson(join(layout.dataQualityDir(season), name));
      const status = r?.status;
      if (status !== 'pass' && status !== 'warn' && status !== 'fail') continue;
      const checks = Array.isArray(r!.checks) ? (r!.checks as { id?: string; status?: string }[]) : [];
      out.push({
        season,
        week: Number(m[2]),
        season_type: (m[1] ? 'postseason' : 'regular') as SeasonType,
        status,
        failed_checks: checks.filter((c) => c.status === 'fail').map((c) => String(c.id)),
        warned_checks: checks.filter((c) => c.status === 'warn').map((c) => String(c.id)),
      });
    }
  }
  return out.sort((a, b) => ordinalOf(a) - ordinalOf(b));
}
