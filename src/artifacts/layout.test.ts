import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLayout, TREE_DIRS, weekStem } from './layout.ts';

test('week stems are zero-padded and keyed by season type', () => {
  assert.equal(weekStem(1), 'week01');
  assert.equal(weekStem(14), 'week14');
  assert.equal(weekStem(1, 'postseason'), 'postseason_week01');
  assert.throws(() => weekStem(1.5), { message: 'invalid week: 1.5' });
  assert.throws(() => weekStem(100), { message: 'invalid week: 100' });
});

test('every path of the tree (DESIGN.md section 4)', () => {
  const l = createLayout('/p');
  assert.equal(l.root, '/p/artifacts');
  assert.equal(l.modelBundle('v2-001', 1), '/p/artifacts/models/baseline/v2-001');
  assert.equal(l.modelBundle('v2-004', 3), '/p/artifacts/models/candidates/v2-004');
  assert.equal(l.championCurrent, '/p/artifacts/models/production/champion_current');
  assert.equal(l.championPrevious, '/p/artifacts/models/production/champion_previous');
  assert.equal(l.experimentDir('v2-002', 2), '/p/artifacts/experiments/phase2_features/v2-002');
  assert.equal(l.promotionTest('v2-004'), '/p/artifacts/experiments/promotion_tests/v2-004_vs_baseline.json');
  assert.equal(l.predictionsFile(2025, 8), '/p/artifacts/production/predictions/2025/week08_bets.csv');
  assert.equal(l.scoredFile(2025, 2, 'postseason'), '/p/artifacts/production/scored/2025/postseason_week02_scored.csv');
  assert.equal(l.performanceLog, '/p/artifacts/production/monitoring/performance_log.csv');
  assert.equal(l.dashboardData, '/p/artifacts/production/monitoring/dashboard_data.json');
  assert.equal(l.dataQualityFile(2024, 3), '/p/artifacts/validation/data_quality/2024/week03_validation.json');
  assert.equal(l.walkForwardFile(2024), '/p/artifacts/validation/walk_forward/2024_validation.csv');
  assert.equal(l.archiveManifest, '/p/artifacts/archive/MANIFEST.md');
  assert.equal(l.deprecatedOutputs('v2-003'), '/p/artifacts/archive/deprecated/v2-003_outputs');
  assert.equal(l.idLedger, '/p/docs/experiments/ids.json');
  assert.equal(l.experimentsIndex, '/p/docs/experiments/index.md');
  assert.equal(l.confDir, '/p/conf');
  assert.equal(l.gitignore, '/p/.gitignore');
});

test('--artifacts moves the tree but not the project files', () => {
  const l = createLayout('/p', '/big/disk/store');
  assert.equal(l.mlruns, '/big/disk/store/mlruns');
  assert.equal(l.confDir, '/p/conf');
  assert.equal(TREE_DIRS.length, 16);
});
