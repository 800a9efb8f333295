import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeSampleTree, BIG_CSV_BYTES, PNG_BYTES, DAY_MS, EXPECTED_CLEANUP_30D as EXPECTED_30D } from '../../test/helpers/artifacts-tree.ts';
import { applyCleanup, isProtected, parseAge, planCleanup } from './cleanup.ts';
import { UsageError } from '../util/errors.ts';


test('parseAge reads h, d and w and refuses anything else as a usage error', () => {
  assert.equal(parseAge('30d'), 30 * DAY_MS);
  assert.equal(parseAge('12h'), 12 * 3_600_000);
  assert.equal(parseAge('2w'), 14 * DAY_MS);
  assert.equal(parseAge('0d'), 0);
  for (const bad of ['30', 'd', '3x', '-1d', '1.5d', '']) assert.throws(() => parseAge(bad), UsageError, bad);
});

test('dry run lists exactly the files the sample tree should lose, with their bytes, and deletes nothing', () => {
  const t = writeSampleTree();
  const plan = planCleanup(t.layout, { now: t.now });
  assert.deepEqual(plan.items.map((i) => i.path), EXPECTED_30D);
  assert.equal(plan.latest_season, 2025);
  const scoredBytes = [...t.files].filter(([p]) => p.includes(join('scored', '2023'))).reduce((s, [, b]) => s + b, 0);
  assert.equal(plan.total_bytes, t.files.get(join(t.layout.experimentDir('v2-002', 2), 'predictions.csv'))! + 6 * PNG_BYTES + scoredBytes);
  assert.ok(plan.items.find((i) => i.kind === 'experiment-csv')!.bytes >= BIG_CSV_BYTES);
  assert.equal(plan.applied, false);
  for (const p of EXPECTED_30D) assert.ok(existsSync(join(t.layout.root, p)), p);
});

test('the age limit applies to plots and large CSVs: 90d selects only scored files; 1d adds v2-003', () => {
  const t = writeSampleTree();
  assert.deepEqual(
    planCleanup(t.layout, { now: t.now, olderThan: '90d' }).items.map((i) => i.path),
    ['production/scored/2023/postseason_week01_scored.csv', 'production/scored/2023/week10_scored.csv'],
  );
  const day = planCleanup(t.layout, { now: t.now, olderThan: '1d' }).items.map((i) => i.path);
  assert.ok(day.includes('experiments/phase2_features/v2-003/predictions.csv'));
  assert.ok(day.includes('experiments/phase1_baseline/v2-001/plots/residuals.png'));
  assert.ok(!day.some((p) => /summary\.json|config\.yaml|metrics\.csv$/.test(p)), 'small metrics, summaries, configs stay');
});

test('--apply deletes exactly the planned files and nothing else', () => {
  const t = writeSampleTree();
  const plan = applyCleanup(t.layout, { now: t.now });
  assert.equal(plan.applied, true);
  assert.deepEqual(plan.items.map((i) => i.path), EXPECTED_30D);
  for (const [abs] of t.files) {
    const rel = relative(t.layout.root, abs);
    assert.equal(existsSync(abs), !EXPECTED_30D.includes(rel), rel);
  }
  assert.equal(existsSync(t.layout.scoredDir(2023)), false, 'the emptied season directory goes too');
  assert.ok(existsSync(t.layout.predictionsFile(2023, 10)), 'production predictions are never deleted');
  assert.deepEqual(planCleanup(t.layout, { now: t.now }).items, [], 'a second run finds nothing');
});

test('MLflow files, bundles, summaries and configs are protected even when old and large', () => {
  const t = writeSampleTree();
  const L = t.layout;
  assert.ok(isProtected(L, join(L.mlruns, 'x', 'y', 'artifacts', 'predictions.csv')));
  assert.ok(isProtected(L, join(L.modelBundle('v2-002', 2), 'feature_importance.csv')));
  assert.ok(isProtected(L, L.predictionsFile(2020, 1)));
  assert.ok(isProtected(L, L.performanceLog));
  assert.ok(!isProtected(L, L.scoredFile(2020, 1)));
  // A stray summary.json inside plots/ is still not deleted.
  const stray = join(L.experimentDir('v2-002', 2), 'plots', 'summary.json');
  mkdirSync(join(stray, '..'), { recursive: true });
  writeFileSync(stray, '{}');
  utimesSync(stray, new Date(t.old), new Date(t.old));
  assert.ok(!planCleanup(L, { now: t.now }).items.some((i) => i.path.endsWith('plots/summary.json')));
});

test('archived outputs count as experiment directories', async () => {
  const { archiveExperiment } = await import('./archive.ts');
  const t = writeSampleTree();
  await archiveExperiment(t.layout, 'v2-002', 'superseded', new Date(t.now));
  const paths = planCleanup(t.layout, { now: t.now }).items.map((i) => i.path);
  assert.ok(paths.includes('archive/deprecated/v2-002_outputs/predictions.csv'));
  assert.ok(paths.includes('archive/deprecated/v2-002_outputs/plots/residuals.png'));
  assert.equal(paths.length, EXPECTED_30D.length);
});
