import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createLayout, type Layout } from '../artifacts/layout.ts';
import { setChampion } from '../artifacts/champion.ts';
import { writeBundle } from '../artifacts/bundle.ts';
import type { ScoredRow } from './dashboard-data.ts';
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

test('monitor: performance log, alert files, red two weeks running → rollback advice, dashboard data', async () => {
  const layout = project();
  try {
    // week 1: 6-4 (green); week 2: 0-30 (two warnings → orange); week 3: 0-20 + 1 pending (drawdown 50 → red)
    writeWeek(layout, 1, [...Array(6)].map((_, i) => row(1, 'win', i)).concat([...Array(4)].map((_, i) => row(1, 'loss', 6 + i))));
    writeWeek(layout, 2, [...Array(30)].map((_, i) => row(2, 'loss', i)));
    writeWeek(layout, 3, [...Array(20)].map((_, i) => row(3, 'loss', i)).concat([row(3, 'pending', 20)]));
    const r = await monitor({ layout, now: new Date('2025-09-20T12:00:00Z') });
    assert.deepEqual(r.rows.map((x) => x.alert_level), ['green', 'orange', 'red']);
    const log = csvToObjects(readFileSync(layout.performanceLog, 'utf8'));
    assert.deepEqual(Object.keys(log[0]!), [...PERFORMANCE_COLUMNS]);
    // week 1: 6 · 0.9091 − 4 = 1.4546 units; week 2: −30 → cumulative −28.5454, drawdown 30
    assert.equal(log[0]!.units, '1.4546');
    assert.equal(log[1]!.cumulative_units, '-28.5454');
    assert.equal(log[1]!.drawdown, '30');
    assert.equal(log[2]!.pending, '1');
    assert.equal(log[2]!.bets, '21');
    assert.equal(log[2]!.drawdown, '50'); // > 40% of the 100-unit bankroll → red
    assert.equal(r.latest!.red_streak, 1);
    assert.equal(r.latest!.rollback, null);
    assert.match(r.latest!.drift_note!, /no training feature reference/);
    // a fourth red week: two in a row → rollback to the previous champion, with the command
    writeWeek(layout, 4, [...Array(5)].map((_, i) => row(4, 'loss', i)));
    const r2 = await monitor({ layout });
    assert.equal(r2.latest!.level, 'red');
    assert.equal(r2.latest!.red_streak, 2);
    assert.match(r2.latest!.rollback!.message, /v2-002 has been red for 2 consecutive weeks: roll back to v2-001/);
    assert.match(r2.latest!.rollback!.command!, /^edgelab rollback --reason "/);
    const alert = JSON.parse(readFileSync(layout.alertFile(2025, 4), 'utf8'));
    assert.equal(alert.level, 'red');
    assert.ok(alert.reasons.some((x: { rule: string }) => x.rule === 'drawdown'));
    assert.ok(existsSync(layout.alertFile(2025, 1)));
    // the first alert file is not rewritten when nothing about it changed
    assert.equal(JSON.parse(readFileSync(layout.alertFile(2025, 1), 'utf8')).generated_at, '2025-09-20T12:00:00.000Z');
    const dash = JSON.parse(readFileSync(layout.dashboardData, 'utf8'));
    assert.equal(dash.schema_version, 1);
    assert.equal(dash.champion.current.id, 'v2-002');
    assert.equal(dash.champion.previous.id, 'v2-001');
    assert.equal(dash.alert.level, 'red');
    assert.ok(dash.alert.rollback.recommended);
    assert.equal(dash.weekly.length, 4);
    assert.equal(dash.seasons[0].all.bets, 66);
    assert.equal(dash.seasons[0].all.wins, 6);
    assert.equal(dash.seasons[0].all.pending, 1);
    assert.equal(dash.last_week.week, 4);
    assert.equal(dash.this_week.week, 4);
    assert.deepEqual(Object.keys(dash), ['schema_version', 'generated_at', 'champion', 'alert', 'seasons', 'weekly', 'edge_buckets', 'this_week', 'last_week', 'leaderboard', 'promotion_tests', 'data_quality']);
    // spread bets have edges 3.5, 5.5, … ; bucket [3, 4) holds the i = 0 spread bets of every week
    const b = dash.edge_buckets.find((x: { market: string; lo: number }) => x.market === 'spread' && x.lo === 3);
    assert.equal(b.bets, 4);
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
