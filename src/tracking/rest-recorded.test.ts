// Wire-level suite: the REST client against the exchanges recorded from a real MLflow 3.10 server
// (../shared/fixtures/mlflow/rest-3.10, README there). The replay server answers a request only
// when it equals a recorded one, so each test shows both that edgelab sends what MLflow's own
// client sent and that it reads what the server answered, errors included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayServer } from '../../test/support/mlflow-replay-server.ts';
import { exchange, recording, recordingsAvailable, RECORDING_FILES, requestJson, responseJson, type Exchange } from '../../test/support/mlflow-recordings.ts';
import { tempDir } from '../../test/support/mlflow-fixture.ts';
import { MlflowRestError } from './rest-client.ts';
import { RestTracker } from './rest-tracker.ts';
import { checkArtifactLocation } from './artifact-store.ts';

const opts = recordingsAvailable() ? {} : { skip: 'shared fixture mlflow/rest-3.10 not found' };
const DBL_MAX = 1.7976931348623157e308;

async function replay(pool: Exchange[], fn: (t: RestTracker, s: ReplayServer) => Promise<void>): Promise<ReplayServer> {
  const s = new ReplayServer(pool);
  await s.start();
  try {
    await fn(new RestTracker({ baseUrl: s.url, env: {}, maxRetries: 0, sleep: async () => undefined }, tempDir()), s);
  } finally {
    await s.stop();
  }
  assert.deepEqual(s.mismatches, [], 'every request equals a recorded one');
  return s;
}
const pick = (file: Parameters<typeof exchange>[0], ...seqs: number[]) => seqs.map((n) => exchange(file, n));

/** Recorded requests the client can make as they are: JSON or no body, MLflow's REST API 2.0. */
function reproducible(e: Exchange): boolean {
  if (!e.path.startsWith('/api/2.0/mlflow/')) return false;
  if (e.method === 'GET') return e.request_body === null;
  return e.request_body?.kind === 'json' && e.request_headers['Content-Type'] === 'application/json';
}

test('every reproducible recorded request, sent by the client, is read as recorded: results and errors', opts, async () => {
  let ok = 0;
  let errors = 0;
  for (const file of RECORDING_FILES) {
    const list = recording(file).filter(reproducible);
    // One server per file, answering in recorded order (repeated requests get their own answers).
    await replay(list, async (t) => {
      for (const e of list) {
        const endpoint = e.path.slice('/api/2.0/mlflow/'.length);
        const params = e.method === 'GET' ? e.query_params : (requestJson(file, e.seq) as Record<string, unknown>);
        const call = t.client.call(e.method as 'GET', endpoint, params);
        const body = e.response_body!;
        if (e.status < 300) {
          assert.equal(body.kind, 'json', `${file} #${e.seq}`);
          assert.deepEqual(await call, (body as { json: unknown }).json, `${file} #${e.seq}`);
          ok++;
          continue;
        }
        await assert.rejects(call, (err: unknown) => {
          assert.ok(err instanceof MlflowRestError, `${file} #${e.seq}`);
          assert.equal(err.status, e.status);
          if (body.kind === 'json') {
            assert.equal(err.errorCode, body.json.error_code, `${file} #${e.seq}`);
            assert.equal(err.mlflowMessage, body.json.message, `${file} #${e.seq}`);
          } else {
            assert.equal(err.mlflowMessage, (body as { text: string }).text.slice(0, 500), `${file} #${e.seq}: a non-JSON error keeps its text`);
          }
          return true;
        });
        errors++;
      }
    });
  }
  // Counted so that a shrunken recording or filter cannot silently pass this test.
  assert.deepEqual([ok, errors], [171, 32]);
});

test('experiments: lookup by name (existing, missing → undefined), list', opts, async () => {
  await replay(pick('01-experiments', 2, 3, 8), async (t) => {
    const e = await t.getExperimentByName('rec-experiments');
    assert.deepEqual(e, { experimentId: '1', name: 'rec-experiments', artifactLocation: 'mlflow-artifacts:/1', lifecycleStage: 'active', creationTime: 1796443823280, lastUpdateTime: 1796443823280, tags: { team: 'edge', phase: '1' } });
    assert.equal(await t.getExperimentByName('rec-no-such-experiment'), undefined);
    const all = await t.listExperiments();
    assert.deepEqual(all.map((x) => [x.experimentId, x.name, x.tags.owner ?? '']), [['1', 'rec-experiments', 'ana'], ['0', 'Default', '']]);
  });
});

test('runs: create with tags, log-batch with NaN/±Infinity and a negative step, tag, end — exactly as MLflow sends them', opts, async () => {
  await replay(pick('02-runs', 2, 3, 7, 23, 25), async (t) => {
    const req = requestJson('02-runs', 2);
    const run = await t.createRun('3', { runName: 'train-1', startTime: req.start_time, userId: 'unknown', tags: { model: 'ridge', fold: '2023' } });
    assert.equal(run.runId, '777cb5cfb9124a92bcb4109671de9d43');
    assert.equal(run.artifactUri, 'mlflow-artifacts:/3/777cb5cfb9124a92bcb4109671de9d43/artifacts');
    const batch = requestJson('02-runs', 3);
    const num = (v: number | string) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v));
    await run.logBatch(batch.metrics.map((m: { key: string; value: number | string; timestamp: number; step: number }) => ({ ...m, value: num(m.value) })), batch.params, batch.tags);
    await run.setTag('note', 'first try');
    await run.endRun('FINISHED', requestJson('02-runs', 25).end_time);
  });
});

test('runs: end FAILED with end_time; read a run, histories (NaN, ±DBL_MAX), search, delete; a missing run', opts, async () => {
  await replay([...pick('02-runs', 10, 11, 12, 41, 42, 47), ...pick('02-runs', 20, 23)], async (t) => {
    const r2 = await t.createRun('3', { runName: 'train-2', startTime: requestJson('02-runs', 20).start_time, userId: 'unknown', tags: {} });
    await r2.endRun('FAILED', requestJson('02-runs', 23).end_time);
    const run = await t.getRun('777cb5cfb9124a92bcb4109671de9d43');
    assert.deepEqual(run.params, { alpha: '0.5', optimizer: 'adam', features: 'elo,rest,home' });
    assert.deepEqual(run.metrics, { loss: 0.45, odd: -DBL_MAX, roi: 0.031 });
    assert.equal(run.tags.note, 'first try');
    assert.equal(run.artifactUri, 'mlflow-artifacts:/3/777cb5cfb9124a92bcb4109671de9d43/artifacts');
    assert.deepEqual((await t.getMetricHistory(run.runId, 'loss')).map((m) => [m.step, m.value]), [[0, 0.9], [1, 0.7], [2, 0.55], [3, 0.5], [4, 0.45]]);
    const odd = await t.getMetricHistory(run.runId, 'odd');
    assert.ok(Number.isNaN(odd[0]!.value));
    assert.deepEqual(odd.slice(1).map((m) => [m.step, m.value]), [[1, DBL_MAX], [2, -DBL_MAX], [-1, -3.5]]);
    const kids = await t.searchRunsRaw(['3'], "tags.mlflow.parentRunId = 'af1b2ce0ed1c4d42b5a40f5fa4598c85'");
    assert.deepEqual(kids.map((k) => [k.runName, k.tags['mlflow.parentRunId']]), [['manual-child', 'af1b2ce0ed1c4d42b5a40f5fa4598c85'], ['cv-fold-1', 'af1b2ce0ed1c4d42b5a40f5fa4598c85']]);
    await t.deleteRun('5cdb24ba809a4aa7a328d9d837bbd42f');
    await assert.rejects(t.getRun('0123456789abcdef0123456789abcdef'), /HTTP 404 RESOURCE_DOES_NOT_EXIST: Run with id=0123456789abcdef0123456789abcdef not found$/);
  });
});

test('artifact proxy: a folder uploads as PUT …/<exp>/<run>/artifacts/<path> with MLflow\'s content types', opts, async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'report', 'sub'), { recursive: true });
  // Both bodies were stored whole (first_bytes_is_whole_body): the replay checks their sha256.
  const bytes = (seq: number) => Buffer.from((exchange('03-artifacts-proxied', seq).request_body as { first_bytes_b64: string }).first_bytes_b64, 'base64');
  writeFileSync(join(dir, 'report', 'summary.json'), bytes(6));
  writeFileSync(join(dir, 'report', 'sub', 'notes.txt'), bytes(7));
  const s = await replay(pick('03-artifacts-proxied', 2, 6, 7), async (t) => {
    const run = await t.createRun('4', { runName: 'with-artifacts', startTime: requestJson('03-artifacts-proxied', 2).start_time, userId: 'unknown', tags: {} });
    await run.logArtifacts(join(dir, 'report'), 'report');
  });
  assert.deepEqual(s.sent.filter((r) => r.method === 'PUT').map((r) => r.headers['content-type']), ['text/plain', 'text/plain']);
});

test('an experiment whose location is mlflow-artifacts:/custom/place uploads under that path (04a #14)', opts, async () => {
  const rec = exchange('04a-artifact-location', 14).request_body as { first_bytes_b64: string; length: number };
  const dir = tempDir();
  const first = Buffer.from(rec.first_bytes_b64, 'base64');
  // Only the first 64 of the 84 recorded bytes are stored: the replay compares length and those.
  writeFileSync(join(dir, 'predictions.csv'), Buffer.concat([first, Buffer.alloc(rec.length - first.length, 0x20)]));
  await replay(pick('04a-artifact-location', 12, 14), async (t) => {
    const run = await t.createRun('7', { runName: 'custom-proxy-root', startTime: requestJson('04a-artifact-location', 12).start_time, userId: 'unknown', tags: {} });
    await run.logArtifact(join(dir, 'predictions.csv'));
  });
});

test('non-proxy roots from a real server are refused before any run exists: a server path (04b #1) and a disabled proxy (04b #8)', opts, async () => {
  await replay([...pick('01-experiments', 3), ...pick('04b-no-serve-artifacts', 1)], async (t) => {
    await assert.rejects(t.checkArtifactsWritable('rec-no-such-experiment'), /keeps its artifacts at \/srv\/mlrec\/noproxy on the server's filesystem, which this machine cannot write/);
  });
  await replay(pick('04b-no-serve-artifacts', 8), async (t) => {
    // A proxy location on a server started with --no-serve-artifacts: the listing answers 503.
    await assert.rejects(checkArtifactLocation('mlflow-artifacts:/', 'experiment x', t.artifacts), /^UserError: experiment x keeps its artifacts at mlflow-artifacts:\/, but the server at http:\/\/127\.0\.0\.1:\d+ does not serve artifacts \(it runs with --no-serve-artifacts\)/);
  });
});

test('registry: model with tags and description, duplicate tolerated, version from runs:/, aliases set and deleted (JSON body), read back', opts, async () => {
  await replay(pick('05-model-registry', 6, 7, 9, 8, 30, 37, 35, 53, 54), async (t) => {
    await t.createRegisteredModel('rec-spread', { tags: { target: 'spread' }, description: 'spread model' });
    await t.createRegisteredModel('rec-spread');
    const v = await t.registerModelVersion({ name: 'rec-spread', runId: '1c568b24e5e64ff5ab3b5ae04b703244' });
    assert.deepEqual([v.version, v.source, v.runId, v.currentStage], [1, 'runs:/1c568b24e5e64ff5ab3b5ae04b703244/model', '1c568b24e5e64ff5ab3b5ae04b703244', 'None']);
    await t.setAlias('rec-spread', 'champion', 2);
    await t.deleteAlias('rec-spread', 'previous');
    const m = (await t.getRegisteredModel('rec-spread'))!;
    assert.deepEqual(m.aliases, { champion: 2, previous: 1 });
    assert.deepEqual(m.tags, { target: 'spread' });
    assert.equal(m.description, 'spread model');
    assert.deepEqual(m.versions.map((x) => [x.version, x.currentStage]), [[1, 'None'], [2, 'Production'], [3, 'None'], [4, 'None']]);
    assert.equal(await t.getRegisteredModel('rec-missing'), undefined);
  });
  assert.equal(responseJson('05-model-registry', 34).error_code, 'INVALID_PARAMETER_VALUE', 'a missing alias is a 400, not a 404');
});
