import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { writeSampleTree, BIG_CSV_BYTES, PNG_BYTES } from '../../test/helpers/artifacts-tree.ts';
import { listExperiments, locateExperiment, showExperiment, whereChampion } from './experiments.ts';
import { roiReport, seasonFigures, weekBets } from './production.ts';
import { archiveExperiment } from '../workflow/archive.ts';
import { UserError } from '../util/errors.ts';

const tree = writeSampleTree();
const L = tree.layout;

test('where champion: the links name v2-004 (current) and v2-003 (previous) with their bundles', () => {
  const w = whereChampion(L);
  assert.deepEqual(w.current, { id: 'v2-004', bundle: L.modelBundle('v2-004', 3), state: 'ok' });
  assert.deepEqual(w.previous, { id: 'v2-003', bundle: L.modelBundle('v2-003', 2), state: 'ok' });
});

test('show: summary, headline metrics, role and every file with its size', () => {
  const v = showExperiment(L, 'v2-003');
  assert.equal(v.phase, 2);
  assert.equal(v.phase_dir, 'phase2_features');
  assert.equal(v.status, 'promoted');
  assert.equal(v.champion_role, 'previous');
  assert.equal(v.model, 'ridge');
  assert.equal(v.feature_set, 'recency_weighted');
  assert.deepEqual(v.headline.spread, { rmse: 13.6, market_rmse: 13.4, n_bets: 180, hit_rate: 0.54, roi: 0.03 });
  assert.equal(v.summary?.extra_field_from_the_future, true, 'unknown summary fields are kept');
  assert.deepEqual(v.files.map((f) => f.path), [
    'experiments/phase2_features/v2-003/config.yaml',
    'experiments/phase2_features/v2-003/metrics.csv',
    'experiments/phase2_features/v2-003/plots/calibration.png',
    'experiments/phase2_features/v2-003/plots/residuals.png',
    'experiments/phase2_features/v2-003/predictions.csv',
    'experiments/phase2_features/v2-003/summary.json',
    'models/candidates/v2-003/feature_importance.csv',
    'models/candidates/v2-003/metadata.json',
    'models/candidates/v2-003/model.json',
    'experiments/promotion_tests/v2-003_vs_baseline.json',
  ]);
  assert.equal(v.files[2]!.bytes, PNG_BYTES);
  assert.ok(v.files[4]!.bytes >= BIG_CSV_BYTES);
  assert.equal(v.total_bytes, v.files.reduce((s, f) => s + f.bytes, 0));
  assert.deepEqual(v.mlflow_runs, [], 'v2-003 has no run in the sample store');
  assert.deepEqual(showExperiment(L, 'v2-004').mlflow_runs, ['mlruns/612345678901234567/c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4']);
});

test('show of an unknown id is one clear UserError (exit 1) with a suggestion', () => {
  assert.throws(() => showExperiment(L, 'v2-0003'), (e: unknown) => e instanceof UserError && e.exitCode === 1 && /unknown experiment id "v2-0003".*did you mean v2-003\?/.test(e.message));
  assert.throws(() => showExperiment(L, 'champion'), /experiment ids look like v2-003/);
});

test('list: statuses from links, index and location; filters by phase and status', () => {
  const all = listExperiments(L);
  assert.deepEqual(all.map((v) => `${v.id}:${v.status}`), ['v2-001:promoted', 'v2-002:rejected', 'v2-003:promoted', 'v2-004:champion']);
  assert.deepEqual(listExperiments(L, { phase: 2 }).map((v) => v.id), ['v2-002', 'v2-003']);
  assert.deepEqual(listExperiments(L, { status: 'champion' }).map((v) => v.id), ['v2-004']);
  assert.deepEqual(listExperiments(L, { status: 'archived' }), []);
});

test('an archived experiment is found in the archive and listed as archived', async () => {
  const t = writeSampleTree();
  await archiveExperiment(t.layout, 'v2-002', 'superseded');
  const loc = locateExperiment(t.layout, 'v2-002')!;
  assert.equal(loc.archived, true);
  assert.equal(loc.phase, 2);
  assert.deepEqual(listExperiments(t.layout, { status: 'archived' }).map((v) => v.id), ['v2-002']);
  assert.equal(showExperiment(t.layout, 'v2-002').files[0]!.path, 'archive/deprecated/v2-002_outputs/config.yaml');
});

test('bets: the scored file when there is one (totals by result), else the predictions', () => {
  const s = weekBets(L, 2025, 9);
  assert.equal(s.scored, true);
  assert.equal(s.file, 'production/scored/2025/week09_scored.csv');
  assert.deepEqual(s.totals, { bets: 2, staked: 3, wins: 2, losses: 0, pushes: 0, pending: 0, units_won: 2.7273, roi: 2.7273 / 3, hit_rate: 1, clv: 1, clv_prob: null, n_clv: 1 });
  const push = weekBets(L, 2023, 10).totals;
  assert.equal(push.pushes, 1);
  assert.equal(push.roi, 0.9091 / 3, 'a push is staked and returns 0');
  const post = weekBets(L, 2023, 1, 'postseason');
  assert.equal(post.file, 'production/scored/2023/postseason_week01_scored.csv');
  const u = weekBets(L, 2025, 10);
  assert.equal(u.scored, false);
  assert.equal(u.file, 'production/predictions/2025/week10_bets.csv');
  assert.deepEqual(u.totals, { bets: 2, staked: 3, wins: 0, losses: 0, pushes: 0, pending: 0, units_won: null, roi: null, hit_rate: null, clv: null, clv_prob: null, n_clv: 0 });
  assert.equal(u.rows[1]!.side, 'away');
});

test('bets for a missing week names the file and the weeks there are', () => {
  assert.throws(() => weekBets(L, 2025, 11), /no bets for season 2025 week 11 \(regular\): .*week11_bets\.csv does not exist; weeks with bets in 2025: 9, 10$/);
  assert.throws(() => weekBets(L, 2019, 1), /no bets in 2019 at all \(seasons with bets: 2023, 2024, 2025\)/);
});

test('roi: season figures from the log, stakes recovered as units/roi', () => {
  const r = roiReport(L);
  assert.equal(r.latest?.week, 9);
  assert.equal(r.latest?.cumulative_units, 4.1819);
  const [s24, s25] = r.seasons;
  assert.equal(s24!.bets, 9);
  assert.equal(s24!.wins, 4);
  assert.equal(s24!.pushes, 1);
  assert.equal(s24!.hit_rate, 0.5);
  assert.ok(Math.abs(s24!.units - -0.3636) < 1e-12);
  assert.ok(Math.abs(s24!.roi! - -0.3636 / (1.7273 / 0.4318 + -2.0909 / -0.4182)) < 1e-12);
  assert.ok(Math.abs(s25!.roi! - 4.5455 / 5) < 1e-9);
  assert.equal(s24!.last_alert_level, 'yellow');
  assert.deepEqual(roiReport(L, 2025).seasons.map((s) => s.season), [2025]);
  assert.throws(() => roiReport(L, 2019), /performance_log\.csv has no rows for season 2019 \(seasons in the log: 2024, 2025\)/);
});

test('roi: a missing log and a malformed log are clear errors', () => {
  const t = writeSampleTree();
  writeFileSync(t.layout.performanceLog, 'season,week\n2025,1,extra\n');
  assert.throws(() => roiReport(t.layout), /performance_log\.csv:2: expected 2 columns, found 3/);
  rmSync(t.layout.performanceLog);
  assert.throws(() => roiReport(t.layout), /no performance log at .*run `edgelab monitor`/);
  // monitor before any scored week writes the header only: an empty state, not an error
  writeFileSync(t.layout.performanceLog, 'season,week,season_type,model_id,bets\n');
  assert.deepEqual([roiReport(t.layout, 2025).rows, roiReport(t.layout, 2025).seasons, roiReport(t.layout).latest], [[], [], null]);
});

test('roi: season CLV is the weeks’ CLV weighted by their bets; none when no week has one', () => {
  const row = (week: number, bets: number, clv: number | null) => ({ season: 2025, week, bets, wins: 0, losses: 0, pushes: 0, units: 0, staked: bets, clv, model_id: 'v2-001', alert_level: 'green' });
  // (1.5·10 + (−0.5)·30) / 40 = 0; a week without CLV (no bets at the opener) is left out
  assert.equal(seasonFigures(2025, [row(1, 10, 1.5), row(2, 30, -0.5), row(3, 12, null)]).clv, 0);
  assert.equal(seasonFigures(2025, [row(1, 10, 2), row(2, 30, 1)]).clv, 1.25);
  assert.equal(seasonFigures(2025, [row(1, 10, null)]).clv, null);
});
