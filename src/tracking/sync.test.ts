import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockMlflowServer } from '../../test/support/mock-mlflow-server.ts';
import { RestTracker } from './rest-tracker.ts';
import { SOURCE_RUN_TAG, SYNC_STATE_TAG, syncStore } from './sync.ts';
import { mlflowFixture, tempDir } from '../../test/support/mlflow-fixture.ts';

const V1 = 'ac0a87b7e9c6407c8e212d88b2841bef';
const V2 = 'ba7b77232c3346d2a3862588ca6b5d92';
const FOLD = 'bf6ce7c8d3be47e688d023834779ff08';

async function withServer(fn: (s: MockMlflowServer, t: RestTracker) => Promise<void>, opts: { maxRetries?: number } = {}) {
  const s = new MockMlflowServer();
  await s.start();
  try {
    await fn(s, new RestTracker({ baseUrl: s.url, env: {}, sleep: async () => undefined, ...opts }, tempDir()));
  } finally {
    await s.stop();
  }
}

const bySource = (s: MockMlflowServer) => new Map([...s.runs.values()].filter((r) => r.info.lifecycle_stage === 'active').map((r) => [r.tags.get(SOURCE_RUN_TAG), r]));

test('sync copies the fixture store completely, and a second sync copies nothing', async () => {
  await withServer(async (s, t) => {
    const report = await syncStore(mlflowFixture(), t);
    assert.equal(report.runsCopied, 4);
    assert.equal(report.artifactsUploaded, 2);
    assert.equal(report.metricPoints, 3 + 4 + 1 + 2);
    assert.deepEqual([report.modelVersionsCreated, report.aliasesSet], [2, 2]);
    assert.deepEqual(report.notes, []);
    const exp = [...s.experiments.values()].find((e) => e.name === 'v2_phase1_baseline')!;
    assert.deepEqual(exp.tags, [{ key: 'phase', value: '1' }]);
    assert.equal([...s.experiments.values()].length, 2, 'the empty Default is not re-created');

    const runs = bySource(s);
    const v1 = runs.get(V1)!;
    assert.equal(v1.info.run_name, 'v2-001');
    assert.equal(v1.info.start_time, 1795922353799);
    assert.equal(v1.info.end_time, 1795922353842);
    assert.equal(v1.info.status, 'FINISHED');
    assert.equal(v1.info.user_id, 'root');
    assert.deepEqual(Object.fromEntries(v1.params), { alpha: '1.0', features: 'minimal_unadjusted_v1', model: 'ridge' });
    assert.equal(v1.tags.get('phase'), '1');
    assert.equal(v1.tags.get('mlflow.source.name'), '../make_fixture.py');
    assert.equal(v1.tags.get(SYNC_STATE_TAG), 'complete');
    assert.deepEqual(
      v1.metrics.filter((m) => m.key === 'rmse'),
      [
        { key: 'rmse', value: 14.2, timestamp: 1795922353812, step: 0 },
        { key: 'rmse', value: 13.9, timestamp: 1795922353813, step: 1 },
        { key: 'rmse', value: 13.7, timestamp: 1795922353815, step: 2 },
      ],
    );
    const base = `${exp.experiment_id}/${v1.info.run_id}/artifacts`;
    assert.equal(s.artifacts.get(`${base}/summary.json`)?.toString(), '{"rmse": 13.7}');
    assert.equal(s.artifacts.get(`${base}/plots/residuals.txt`)?.toString(), 'placeholder');
    assert.equal(runs.get(FOLD)!.tags.get('mlflow.parentRunId'), v1.info.run_id, 'parent remapped to the remote id');
    assert.equal(runs.get('af09ad55d68c496b98c2ec30e46b540d')!.info.status, 'FAILED');
    const nanBatch = s.bodies('/api/2.0/mlflow/runs/log-batch').find((b) => b.metrics?.some((m: { key: string }) => m.key === 'weird_values'))!;
    assert.equal(nanBatch.metrics.find((m: { key: string }) => m.key === 'weird_values').value, 'NaN');
    assert.ok(Number.isNaN(runs.get(V2)!.metrics.find((m) => m.key === 'weird_values')!.value));

    const model = s.models.get('cfb_spread')!;
    assert.equal(model.model.description, 'spread model');
    assert.equal(model.tags.get('target'), 'spread');
    assert.deepEqual(model.versions.map((v) => [v.version, v.run_id, v.source]), [
      ['1', v1.info.run_id, `runs:/${v1.info.run_id}/model`],
      ['2', runs.get(V2)!.info.run_id, `runs:/${runs.get(V2)!.info.run_id}/model`],
    ]);
    assert.deepEqual(Object.fromEntries(model.aliases), { champion: '2', previous: '1' });

    const creates = s.count('/api/2.0/mlflow/runs/create');
    const puts = s.requests.filter((r) => r.method === 'PUT').length;
    const again = await syncStore(mlflowFixture(), t);
    assert.deepEqual([again.runsCopied, again.runsSkipped, again.modelVersionsCreated, again.modelVersionsSkipped], [0, 4, 0, 2]);
    assert.equal(s.count('/api/2.0/mlflow/runs/create'), creates);
    assert.equal(s.requests.filter((r) => r.method === 'PUT').length, puts);
    assert.equal(s.models.get('cfb_spread')!.versions.length, 2);
  });
});

test('a run copied halfway (server failed mid-run) is deleted and copied again on the next sync', async () => {
  await withServer(
    async (s, t) => {
      s.failNext('/api/2.0/mlflow-artifacts/artifacts/1/00000000000000000000000000000001/artifacts/summary.json', 503, 5);
      await assert.rejects(syncStore(mlflowFixture(), t), /PUT \/api\/2\.0\/mlflow-artifacts\/artifacts\/.*summary\.json failed: HTTP 503/);
      const partial = [...s.runs.values()].find((r) => r.tags.get(SOURCE_RUN_TAG) === V1)!;
      assert.equal(partial.tags.get(SYNC_STATE_TAG), undefined);
      const report = await syncStore(mlflowFixture(), t);
      assert.equal(report.runsReplaced, 1);
      assert.equal(report.runsCopied, 4);
      assert.equal(partial.info.lifecycle_stage, 'deleted');
      assert.equal(bySource(s).get(V1)!.tags.get(SYNC_STATE_TAG), 'complete');
    },
    { maxRetries: 1 },
  );
});

test('--experiment limits the copy; versions of runs not copied are skipped with a note', async () => {
  await withServer(async (s, t) => {
    const report = await syncStore(mlflowFixture(), t, { experiment: 'Default' });
    assert.equal(report.runsCopied, 0);
    assert.equal(report.modelVersionsSkipped, 2);
    assert.match(report.notes.join('\n'), /model cfb_spread version 1: its run ac0a87b7e9c6407c8e212d88b2841bef was not copied/);
    // The registered model itself still arrives (name, tags, description), without versions.
    assert.deepEqual([...s.models.keys()], ['cfb_spread']);
    assert.equal(s.models.get('cfb_spread')!.model.description, 'spread model');
    assert.equal(s.models.get('cfb_spread')!.tags.get('target'), 'spread');
    assert.equal(s.models.get('cfb_spread')!.versions.length, 0);
  });
});
