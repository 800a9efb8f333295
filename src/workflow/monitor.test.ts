import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createLayout, type Layout } from '../artifacts/layout.ts';
import { setChampion } from '../artifacts/champion.ts';
import { writeBundle } from '../artifacts/bundle.ts';
import type { ScoredRow } from '../readers/dashboard-data.ts';
import { formatScored, formatBets } from './production-files.ts';
import { monitor, PERFORMANCE_COLUMNS, weekDrift } from './monitor.ts';
import { featureReference } from '../evaluation/drift.ts';
import { Rng } from '../util/prng.ts';
import { checkQuality } from './predict.ts';
import { csvToObjects } from '../util/csv.ts';

function row(week: number, result: ScoredRow['result'], i: number, model = 'v2-002'): ScoredRow {
  const units = result === 'win' ? 0.9091 : result === 'loss' ? -1 : 0;
  return {
    game_id: `g${week}_${i}`, home_team: 'H', away_team: 'A', prediction: -7, edge: 3.5 + i, bet_type: i % 2 ? 'total' : 'spread', recommended_units: 1,
    season: 2025, week, side: i % 2 ? 'over' : 'home', line: i % 2 ? 50.5 : -3.5, price: -110, cover_probability: 0.56, expected_value: 0.07,
    model_id: model, generated_at: '2025-09-01T00:00:00.000Z', actual_outcome: result === 'pending' ? null : 10, result, units_won: result === 'pending' ? 0 : units, closing_line: null, clv: null,
  };
}

function project(): Layout {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-monitor-'));
  const layout = createLayout(dir);
  // two bundles without feature references (drift cannot run: noted, the warehouse is not read)
  for (const id of ['v2-001', 'v2-002']) {
    writeBundle(layout.modelBundle(id, id === 'v2-001' ? 1 : 2), { model: { experiment_id: id, markets: {} }, metadata: {}, importance: { columns: [], rows: [] } });
  }
  setChampion(layout, { id: 'v2-001', bundle: layout.modelBundle('v2-001', 1) }, 'test');
  setChampion(layout, { id: 'v2-002', bundle: layout.modelBundle('v2-002', 2) }, 'test');
  return layout;
}

function writeWeek(layout: Layout, week: number, rows: ScoredRow[]): void {
  mkdirSync(layout.scoredDir(2025), { recursive: true });
  mkdirSync(layout.predictionsDir(2025), { recursive: true });
  writeFileSync(layout.scoredFile(2025, week), formatScored(rows));
  writeFileSync(layout.predictionsFile(2025, week), formatBets(rows));
}

/** metrics.csv of a development record: ROI `roi` over `bets` bets in 3 seasons (all markets). */
function devMetrics(layout: Layout, id: string, phase: 1 | 2, roi: number, bets: number): void {
  const dir = layout.experimentDir(id, phase);
  mkdirSync(dir, { recursive: true });
  // as training writes it: per-season rows per market, the all-markets row over all seasons only
  const lines = ['season,market,n_bets,roi', ...[2021, 2022, 2023].map((s) => `${s},spread,${bets / 3},${roi}`), `all,spread,${bets},${roi}`, `all,all,${bets},${roi}`];
  writeFileSync(join(dir, 'metrics.csv'), lines.join('\n') + '\n');
}

test('monitor: performance log, alert files, rollback advice from the sequential test, dashboard data', async () => {
  const layout = project();
  try {
    devMetrics(layout, 'v2-002', 2, 0.05, 510); // 170 bets a season: 10 a week over 17 weeks
    // week 1: 6-4 (green); week 2: 0-30 (rolling performance: one warning → yellow, and the CUSUM
    // alarms: 30 straight losses are far below a 5% ROI); week 3: 0-20 + 1 pending (drawdown 50 → red)
    writeWeek(layout, 1, [...Array(6)].map((_, i) => row(1, 'win', i)).concat([...Array(4)].map((_, i) => row(1, 'loss', 6 + i))));
    writeWeek(layout, 2, [...Array(30)].map((_, i) => row(2, 'loss', i)));
    writeWeek(layout, 3, [...Array(20)].map((_, i) => row(3, 'loss', i)).concat([row(3, 'pending', 20)]));
    const r = await monitor({ layout, now: new Date('2025-09-20T12:00:00Z') });
    assert.deepEqual(r.rows.map((x) => x.alert_level), ['green', 'red', 'red']);
    const log = csvToObjects(readFileSync(layout.performanceLog, 'utf8'));
    assert.deepEqual(Object.keys(log[0]!), [...PERFORMANCE_COLUMNS]);
    // week 1: 6 · 0.9091 − 4 = 1.4546 units; week 2: −30 → cumulative −28.5454, drawdown 30
    assert.equal(log[0]!.units, '1.4546');
    assert.equal(log[1]!.cumulative_units, '-28.5454');
    assert.equal(log[1]!.drawdown, '30');
    assert.equal(log[2]!.pending, '1');
    assert.equal(log[2]!.bets, '21');
    assert.equal(log[2]!.drawdown, '50'); // > 40% of the 100-unit bankroll → red
    assert.equal(r.latest!.red_streak, 2);
    assert.match(r.latest!.drift_note!, /no training feature reference/);
    const seq = r.latest!.sequential!;
    assert.equal(seq.n_bets, 60);
    assert.equal(seq.dev_roi, 0.05);
    assert.equal(seq.alarmed, true);
    // the statistic: each loss adds ln((1 − p1)/(1 − p0)), each win ln(p1/p0), p = (1 + roi)/(1 + 10/11)
    const p0 = 1.05 / (21 / 11);
    const p1 = 0.95 / (21 / 11);
    const win = Math.log(p1 / p0);
    const loss = Math.log((1 - p1) / (1 - p0));
    let s = 0;
    for (const x of [...Array(6)].map(() => win).concat([...Array(54)].map(() => loss))) s = Math.max(0, s + x);
    assert.ok(Math.abs(seq.statistic - s) < 1e-9);
    assert.ok(seq.h > 1 && seq.h < 4, `h ${seq.h}`);
    assert.match(r.latest!.rollback!.message, /v2-002's sequential test \(CUSUM over 60 bets this season\).*roll back to v2-001/);
    assert.match(r.latest!.rollback!.command!, /^edgelab rollback --reason "/);
    const alert = JSON.parse(readFileSync(layout.alertFile(2025, 3), 'utf8'));
    assert.equal(alert.level, 'red');
    // (the season hit-rate rule waits for red.min_bets = 80 settled bets: 60 here)
    assert.deepEqual(alert.reasons.map((x: { rule: string }) => x.rule), ['rolling_hit_rate', 'rolling_roi', 'season_roi_vs_dev', 'sequential_test', 'drawdown']);
    assert.ok(existsSync(layout.alertFile(2025, 1)));
    // the first alert file is not rewritten when nothing about it changes
    await monitor({ layout, now: new Date('2025-09-27T12:00:00Z') });
    assert.equal(JSON.parse(readFileSync(layout.alertFile(2025, 1), 'utf8')).generated_at, '2025-09-20T12:00:00.000Z');
    const dash = JSON.parse(readFileSync(layout.dashboardData, 'utf8'));
    assert.equal(dash.schema_version, 1);
    assert.equal(dash.champion.current.id, 'v2-002');
    assert.equal(dash.champion.previous.id, 'v2-001');
    assert.equal(dash.alert.level, 'red');
    assert.ok(dash.alert.rollback.recommended);
    assert.equal(dash.weekly.length, 3);
    assert.equal(dash.seasons[0].all.bets, 61);
    assert.equal(dash.seasons[0].all.wins, 6);
    assert.equal(dash.seasons[0].all.pending, 1);
    assert.equal(dash.last_week.week, 3);
    assert.deepEqual(Object.keys(dash), ['schema_version', 'generated_at', 'champion', 'alert', 'seasons', 'weekly', 'edge_buckets', 'this_week', 'last_week', 'leaderboard', 'promotion_tests', 'data_quality', 'backfilled']);
    // spread bets have edges 3.5, 5.5, … ; bucket [3, 4) holds the i = 0 spread bets of every week
    const b = dash.edge_buckets.find((x: { market: string; lo: number }) => x.market === 'spread' && x.lo === 3);
    assert.equal(b.bets, 3);
  } finally {
    rmSync(layout.project, { recursive: true, force: true });
  }
});

test('monitor: windows, streaks and the sequential test are per champion and restart when it changes', async () => {
  const layout = project();
  try {
    devMetrics(layout, 'v2-001', 1, 0.02, 510);
    devMetrics(layout, 'v2-002', 2, 0.05, 510);
    // v2-002 loses badly for three weeks (15 bets: below the rolling rules' 30, then red by the
    // sequential test), then v2-001 takes over and wins two 7-5 weeks
    for (const w of [1, 2, 3]) writeWeek(layout, w, [...Array(15)].map((_, i) => row(w, 'loss', i, 'v2-002')));
    for (const w of [4, 5]) writeWeek(layout, w, [...Array(7)].map((_, i) => row(w, 'win', i, 'v2-001')).concat([...Array(5)].map((_, i) => row(w, 'loss', 7 + i, 'v2-001'))));
    const r = await monitor({ layout });
    assert.deepEqual(r.rows.map((x) => [x.model_id, x.alert_level]), [['v2-002', 'green'], ['v2-002', 'red'], ['v2-002', 'red'], ['v2-001', 'green'], ['v2-001', 'green']]);
    const a5 = JSON.parse(readFileSync(layout.alertFile(2025, 5), 'utf8'));
    // v2-001's own figures only: 14-10 over its two weeks, no drawdown inherited, no red streak, a fresh CUSUM
    assert.equal(a5.figures.season_bets, 24);
    assert.ok(Math.abs(a5.figures.rolling_hit_rate - 14 / 24) < 1e-12);
    assert.equal(a5.figures.drawdown, 0);
    assert.equal(a5.red_streak, 0);
    assert.equal(a5.sequential.n_bets, 24);
    assert.equal(a5.sequential.dev_roi, 0.02);
    assert.equal(a5.sequential.alarmed, false);
    assert.equal(a5.rollback, null);
    const perf = csvToObjects(readFileSync(layout.performanceLog, 'utf8'));
    assert.equal(perf[3]!.cumulative_units, String(Math.round((7 * 0.9091 - 5) * 1e4) / 1e4));
  } finally {
    rmSync(layout.project, { recursive: true, force: true });
  }
});

test('predict refuses a missing or failed data-quality report unless forced', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-quality-'));
  const layout = createLayout(dir);
  try {
    assert.throws(() => checkQuality(layout, 2025, 10, 'regular', false), /no data-quality report for 2025 week 10 .*run: edgelab validate --season 2025 --week 10/);
    assert.deepEqual(checkQuality(layout, 2025, 10, 'regular', true), { status: 'missing', file: layout.dataQualityFile(2025, 10), forced: true });
    mkdirSync(layout.dataQualityDir(2025), { recursive: true });
    const report = (status: string) => JSON.stringify({ status, checks: [{ id: 'scores_plausible', status: status === 'fail' ? 'fail' : 'pass' }] });
    writeFileSync(layout.dataQualityFile(2025, 10), report('fail'));
    assert.throws(() => checkQuality(layout, 2025, 10, 'regular', false), /data-quality report of 2025 week 10 failed \(scores_plausible\)/);
    assert.equal(checkQuality(layout, 2025, 10, 'regular', true).forced, true);
    writeFileSync(layout.dataQualityFile(2025, 10), report('warn'));
    assert.deepEqual(checkQuality(layout, 2025, 10, 'regular', false).status, 'warn');
    // postseason weeks are keyed by season type: the regular report does not count
    assert.throws(() => checkQuality(layout, 2025, 10, 'postseason', false), /postseason week 10.*--season-type postseason/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('weekDrift: a shifted feature drifts, a stable one does not, indicators are not tested', () => {
  const rng = new Rng(3);
  const train = (shift = 0) => Array.from({ length: 3000 }, () => rng.normal(shift, 1));
  const recipe = {
    experiment_id: 'v2-009',
    markets: { spread: { feature_reference: { stable: featureReference(train())!, shifted: featureReference(train())!, neutral: featureReference([0, 1, 0, 1, 1])! } } },
  } as unknown as Parameters<typeof weekDrift>[0];
  const n = 80;
  const X = new Float64Array(n * 3);
  const rows = [];
  for (let i = 0; i < n; i++) {
    X[i * 3] = rng.normal(0, 1);
    X[i * 3 + 1] = rng.normal(1.5, 1);
    X[i * 3 + 2] = i % 2;
    rows.push({ eligible: i < 70 });
  }
  const predicted = { spread: { design: { market: 'spread', featureNames: ['stable', 'shifted', 'neutral'], X, rows }, predictions: new Float64Array(n), sigma: 15 } } as unknown as Parameters<typeof weekDrift>[1];
  const { tests, note } = weekDrift(recipe, predicted, 0.01);
  assert.equal(note, null);
  assert.deepEqual(tests.map((t) => [t.feature, t.drifted, t.n_week, t.n_train]), [['stable', false, 70, 3000], ['shifted', true, 70, 3000]]);
  assert.match(weekDrift({ experiment_id: 'v2-001', markets: { spread: {} } } as unknown as Parameters<typeof weekDrift>[0], predicted, 0.01).note!, /v2-001 has no training feature reference/);
});
