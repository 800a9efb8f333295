import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findExperimentByName,
  listExperiments,
  listRegisteredModels,
  listRuns,
  readMetricHistories,
  readMetricHistory,
  readRun,
  readStore,
} from './filestore-reader.ts';
import { mlflowFixture } from '../../test/support/mlflow-fixture.ts';
import { join } from 'node:path';

const root = mlflowFixture();
const EXP = '638942671754850245';
const V1 = 'ac0a87b7e9c6407c8e212d88b2841bef';
const FOLD = 'bf6ce7c8d3be47e688d023834779ff08';
const V2 = 'ba7b77232c3346d2a3862588ca6b5d92';
const V3 = 'af09ad55d68c496b98c2ec30e46b540d';

test('reads both experiments with ids as strings, tags and times', () => {
  const exps = listExperiments(root);
  assert.deepEqual(
    exps.map((e) => [e.experimentId, e.name]),
    [
      ['0', 'Default'],
      [EXP, 'v2_phase1_baseline'],
    ],
  );
  const e = findExperimentByName(root, 'v2_phase1_baseline')!;
  assert.equal(e.experimentId.length, 18);
  assert.deepEqual(e.tags, { phase: '1' });
  assert.equal(e.creationTime, 1795922353724);
  assert.equal(e.lifecycleStage, 'active');
  assert.equal(e.artifactLocation, `file:///home/analyst/cfb/store/mlruns/${EXP}`);
});

test('reads the 4 runs with names, statuses (FAILED = 4) and times', () => {
  const runs = listRuns(root, EXP);
  assert.deepEqual(
    runs.map((r) => [r.runName, r.status]),
    [
      ['v2-001', 'FINISHED'],
      ['fold-2023', 'FINISHED'],
      ['v2-002', 'FINISHED'],
      ['v2-003-failed', 'FAILED'],
    ],
  );
  const failed = runs.find((r) => r.runId === V3)!;
  assert.equal(failed.startTime, 1795922353867);
  assert.equal(failed.endTime, 1795922353881);
  assert.deepEqual(failed.params, { model: 'gbdt' });
  assert.deepEqual(listRuns(root, '0'), []);
});

test('run v2-001: params without newline, tags, latest metrics', () => {
  const r = readRun(root, V1)!;
  assert.equal(r.experimentId, EXP);
  assert.equal(r.userId, 'root');
  assert.deepEqual(r.params, { alpha: '1.0', features: 'minimal_unadjusted_v1', model: 'ridge' });
  assert.deepEqual(r.tags, {
    experiment_id: 'v2-001',
    'mlflow.runName': 'v2-001',
    'mlflow.source.name': '../make_fixture.py',
    'mlflow.source.type': 'LOCAL',
    'mlflow.user': 'root',
    phase: '1',
  });
  assert.deepEqual(r.metrics, { hit_rate: 0.521, mae: 10.8, n_bets: 412, rmse: 13.7, roi: -0.006 });
});

test('metric history of rmse: three steps with epoch-ms timestamps', () => {
  const dir = join(root, EXP, V1);
  assert.deepEqual(readMetricHistory(dir, 'rmse'), [
    { key: 'rmse', timestamp: 1795922353812, value: 14.2, step: 0 },
    { key: 'rmse', timestamp: 1795922353813, value: 13.9, step: 1 },
    { key: 'rmse', timestamp: 1795922353815, value: 13.7, step: 2 },
  ]);
  assert.deepEqual(Object.keys(readMetricHistories(dir)), ['hit_rate', 'mae', 'n_bets', 'rmse', 'roi']);
});

test('NaN metric of v2-002 reads as NaN', () => {
  const r = readRun(root, V2)!;
  assert.ok(Number.isNaN(r.metrics.weird_values));
  assert.equal(r.metrics.rmse, 13.4);
  const h = readMetricHistory(join(root, EXP, V2), 'weird_values');
  assert.equal(h.length, 1);
  assert.equal(h[0]!.timestamp, 1795922353860);
});

test('nested run carries its parent id tag', () => {
  const r = readRun(root, FOLD)!;
  assert.equal(r.tags['mlflow.parentRunId'], V1);
  assert.equal(r.runName, 'fold-2023');
});

test('registry: cfb_spread with tag, description, versions 1 and 2, aliases', () => {
  const models = listRegisteredModels(root);
  assert.equal(models.length, 1);
  const m = models[0]!;
  assert.equal(m.name, 'cfb_spread');
  assert.equal(m.description, 'spread model');
  assert.deepEqual(m.tags, { target: 'spread' });
  assert.deepEqual(m.aliases, { champion: 2, previous: 1 });
  assert.deepEqual(
    m.versions.map((v) => [v.version, v.runId, v.source, v.status, v.currentStage, v.description]),
    [
      [1, V1, `runs:/${V1}/model`, 'READY', 'None', null],
      [2, V2, `runs:/${V2}/model`, 'READY', 'None', null],
    ],
  );
});

test('readStore gathers everything', () => {
  const s = readStore(root);
  assert.equal(s.experiments.length, 2);
  assert.equal(s.runs.length, 4);
  assert.equal(s.models.length, 1);
});
