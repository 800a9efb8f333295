import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { MockMlflowServer } from '../../test/support/mock-mlflow-server.ts';
import { RestTracker } from './rest-tracker.ts';
import { splitBatch } from './rest-wire.ts';
import { MlflowRestError, authHeader } from './rest-client.ts';
import { tempDir } from '../../test/support/mlflow-fixture.ts';

const server = new MockMlflowServer();
let sleeps: number[] = [];
const tracker = (extra: Partial<ConstructorParameters<typeof RestTracker>[0]> = {}) =>
  new RestTracker({ baseUrl: server.url, env: {}, sleep: async (ms) => void sleeps.push(ms), ...extra }, tempDir());

before(async () => {
  await server.start();
});
after(async () => {
  await server.stop();
});

test('startRun creates the experiment when missing, then the run with system and user tags', async () => {
  const t = tracker();
  const run = await t.startRun({ experimentName: 'rest-a', runName: 'v2-010', tags: { phase: '1' }, startTime: 1700000000000, userId: 'ana' });
  const lookups = server.requests.filter((r) => r.path === '/api/2.0/mlflow/experiments/get-by-name');
  assert.equal(lookups.at(-1)!.query.experiment_name, 'rest-a');
  assert.deepEqual(server.bodies('/api/2.0/mlflow/experiments/create').at(-1), { name: 'rest-a' });
  const create = server.bodies('/api/2.0/mlflow/runs/create').at(-1)!;
  assert.equal(create.run_name, 'v2-010');
  assert.equal(create.start_time, 1700000000000);
  assert.equal(create.user_id, 'ana');
  const tags = Object.fromEntries(create.tags.map((x: { key: string; value: string }) => [x.key, x.value]));
  assert.equal(tags.phase, '1');
  assert.equal(tags['mlflow.user'], 'ana');
  assert.equal(tags['mlflow.source.type'], 'LOCAL');
  assert.equal(tags['mlflow.runName'], 'v2-010');
  assert.equal(run.experimentId, create.experiment_id);
  // A second run reuses the experiment: no second create.
  await t.startRun({ experimentName: 'rest-a' });
  assert.equal(server.bodies('/api/2.0/mlflow/experiments/create').filter((b) => b.name === 'rest-a').length, 1);
});

test('log-batch splits at 1000 metrics / 100 params / 100 tags and sends NaN and ±Infinity as strings', async () => {
  const t = tracker();
  const run = await t.startRun({ experimentName: 'rest-b' });
  const before = server.count('/api/2.0/mlflow/runs/log-batch');
  const points = Array.from({ length: 2500 }, (_, i) => ({ key: 'loss', value: i, step: i, timestamp: 1000 + i }));
  points[7]!.value = NaN;
  points[8]!.value = Infinity;
  points[9]!.value = -Infinity;
  await run.logMetrics(points);
  const params = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`p${i}`, i]));
  await run.logParams(params);
  const sent = server.bodies('/api/2.0/mlflow/runs/log-batch').slice(before);
  assert.deepEqual(sent.map((b) => [b.metrics?.length ?? 0, b.params?.length ?? 0, b.tags?.length ?? 0]), [[1000, 0, 0], [1000, 0, 0], [500, 0, 0], [0, 100, 0], [0, 100, 0], [0, 50, 0]]);
  assert.deepEqual(sent[0]!.metrics.slice(7, 10).map((m: { value: unknown }) => m.value), ['NaN', 'Infinity', '-Infinity']);
  assert.deepEqual(sent[0]!.metrics[0], { key: 'loss', value: 0, timestamp: 1000, step: 0 });
  const history = await t.getMetricHistory(run.runId, 'loss');
  assert.equal(history.length, 2500);
  assert.ok(Number.isNaN(history[7]!.value));
  assert.equal(history[9]!.value, -1.7976931348623157e308, 'a SQL-backed server stores -Infinity as -DBL_MAX (rest-3.10/02 #12)');
  const gh = server.requests.filter((r) => r.path === '/api/2.0/mlflow/metrics/get-history').at(-1)!;
  assert.equal(gh.query.max_results, '25000');
  const rec = await t.getRun(run.runId);
  assert.equal(rec.params.p249, '249');
  assert.equal(rec.metrics.loss, 2499);
});

test('splitBatch keeps every request within all limits, including the 1000-entity total', () => {
  const m = Array.from({ length: 1500 }, (_, i) => ({ key: 'm', value: i, timestamp: 0, step: i }));
  const p = Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: '' }));
  const tg = Array.from({ length: 150 }, (_, i) => ({ key: `t${i}`, value: '' }));
  const parts = splitBatch(m, p, tg);
  assert.deepEqual(parts.map((x) => [x.metrics.length, x.params.length, x.tags.length]), [[800, 100, 100], [700, 50, 50]]);
  assert.deepEqual(parts.flatMap((x) => x.metrics).map((x) => x.step), m.map((x) => x.step));
});

test('splitBatch keeps each request body under the 1 MB limit of MLflow', () => {
  const p = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: 'x'.repeat(6000) }));
  const tg = Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: 'é'.repeat(4000) }));
  const parts = splitBatch([], p, tg);
  assert.ok(parts.length >= 2);
  for (const part of parts) assert.ok(Buffer.byteLength(JSON.stringify({ run_id: 'x'.repeat(32), ...part })) < 1_000_000);
  assert.deepEqual(parts.flatMap((x) => x.params), p);
  assert.deepEqual(parts.flatMap((x) => x.tags), tg);
});

test('429 and 5xx are retried with exponential backoff; the call then succeeds', async () => {
  const t = tracker();
  const run = await t.startRun({ experimentName: 'rest-c' });
  sleeps = [];
  server.failNext('/api/2.0/mlflow/runs/set-tag', 503, 2);
  server.failNext('/api/2.0/mlflow/runs/set-tag', 429, 1);
  const before = server.count('/api/2.0/mlflow/runs/set-tag');
  await run.setTag('k', 'v');
  assert.equal(server.count('/api/2.0/mlflow/runs/set-tag') - before, 4);
  assert.deepEqual(sleeps, [500, 1000, 2000]);
  assert.equal((await t.getRun(run.runId)).tags.k, 'v');
});

test('retries are bounded: the error names the endpoint and MLflow error code', async () => {
  const t = tracker({ maxRetries: 3 });
  const run = await t.startRun({ experimentName: 'rest-c' });
  sleeps = [];
  server.failNext('/api/2.0/mlflow/runs/update', 500, 10);
  await assert.rejects(run.endRun('FAILED'), (e: unknown) => {
    assert.ok(e instanceof MlflowRestError);
    assert.equal(e.message, 'MLflow POST /api/2.0/mlflow/runs/update failed: HTTP 500 INTERNAL_ERROR: injected failure');
    return true;
  });
  assert.deepEqual(sleeps, [500, 1000, 2000]);
  assert.equal(server.count('/api/2.0/mlflow/runs/update'), 4);
  server.clearFaults();
  await run.endRun('FAILED');
  assert.equal((await t.getRun(run.runId)).status, 'FAILED');
});

test('an unreachable server fails after the bounded retries, naming the URL', async () => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  sleeps = [];
  const t = new RestTracker({ baseUrl: `http://127.0.0.1:${port}`, env: {}, maxRetries: 2, sleep: async (ms) => void sleeps.push(ms) });
  await assert.rejects(
    t.listExperiments(),
    new RegExp(`^MlflowRestError: MLflow POST /api/2\\.0/mlflow/experiments/search failed: cannot reach http://127\\.0\\.0\\.1:${port}: fetch failed \\(ECONNREFUSED\\), after 3 attempts$`),
  );
  assert.deepEqual(sleeps, [500, 1000]);
});

test('a 4xx is not retried and reports MLflow error_code and message', async () => {
  const t = tracker();
  const run = await t.startRun({ experimentName: 'rest-d' });
  await run.logParams({ alpha: 1 });
  const before = server.count('/api/2.0/mlflow/runs/log-batch');
  await assert.rejects(
    run.logParams({ alpha: 2 }),
    /^MlflowRestError: MLflow POST \/api\/2\.0\/mlflow\/runs\/log-batch failed: HTTP 400 INVALID_PARAMETER_VALUE: Changing param values is not allowed. Param with key='alpha'/,
  );
  assert.equal(server.count('/api/2.0/mlflow/runs/log-batch') - before, 1);
  await assert.rejects(t.getRun('nope'), /GET \/api\/2\.0\/mlflow\/runs\/get failed: HTTP 404 RESOURCE_DOES_NOT_EXIST: Run with id=nope not found/);
  await assert.rejects(run.logMetric('bad(key)', 1), /Invalid metric name/); // validated before any request
});

test('artifacts go to PUT /api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>', async () => {
  const t = tracker();
  const run = await t.startRun({ experimentName: 'rest-e' });
  const dir = tempDir();
  writeFileSync(join(dir, 'summary.json'), '{"rmse": 13.7}');
  mkdirSync(join(dir, 'plots', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'plots', 'residuals.txt'), 'r');
  writeFileSync(join(dir, 'plots', 'deep', 'a b.txt'), 'ab');
  await run.logArtifact(join(dir, 'summary.json'));
  await run.logArtifact(join(dir, 'summary.json'), 'copies/x');
  await run.logArtifacts(join(dir, 'plots'), 'plots');
  const base = `${run.experimentId}/${run.runId}/artifacts`;
  assert.equal(server.artifacts.get(`${base}/summary.json`)?.toString(), '{"rmse": 13.7}');
  assert.equal(server.artifacts.get(`${base}/copies/x/summary.json`)?.toString(), '{"rmse": 13.7}');
  assert.equal(server.artifacts.get(`${base}/plots/residuals.txt`)?.toString(), 'r');
  assert.equal(server.artifacts.get(`${base}/plots/deep/a b.txt`)?.toString(), 'ab');
  const put = server.requests.find((r) => r.path.endsWith('deep/a b.txt'))!;
  assert.equal(put.method, 'PUT');
});

test('auth: bearer token, else basic from username and password', async () => {
  assert.equal(authHeader({ MLFLOW_TRACKING_TOKEN: 'tok' }), 'Bearer tok');
  assert.equal(authHeader({ MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'p' }), `Basic ${Buffer.from('u:p').toString('base64')}`);
  assert.equal(authHeader({}), undefined);
  await tracker({ env: { MLFLOW_TRACKING_TOKEN: 'sekret' } }).listExperiments();
  assert.equal(server.requests.at(-1)!.headers.authorization, 'Bearer sekret');
});

test('registry: version from a run, aliases set and deleted, model read back', async () => {
  const t = tracker();
  const run = await t.startRun({ experimentName: 'rest-f' });
  await t.createRegisteredModel('m1', { tags: { target: 'spread' }, description: 'd' });
  await t.createRegisteredModel('m1'); // exists: fine
  const v1 = await t.registerModelVersion({ name: 'm1', runId: run.runId, tags: { a: 'b' } });
  const v2 = await t.registerModelVersion({ name: 'm1', runId: run.runId, artifactPath: 'bundle' });
  assert.deepEqual([v1.version, v2.version], [1, 2]);
  assert.equal(server.bodies('/api/2.0/mlflow/model-versions/create').at(-1)!.source, `runs:/${run.runId}/bundle`);
  await t.setAlias('m1', 'champion', 2);
  await t.setAlias('m1', 'previous', 1);
  assert.deepEqual(server.bodies('/api/2.0/mlflow/registered-models/alias').at(-1), { name: 'm1', alias: 'previous', version: '1' });
  await t.deleteAlias('m1', 'previous');
  const del = server.requests.at(-1)!;
  assert.equal(del.method, 'DELETE');
  assert.deepEqual(del.body, { name: 'm1', alias: 'previous' }); // a JSON body, as MLflow's client sends it (05 #37)
  const m = (await t.getRegisteredModel('m1'))!;
  assert.deepEqual(m.aliases, { champion: 2 });
  assert.deepEqual(m.tags, { target: 'spread' });
  assert.deepEqual(m.versions.map((v) => v.version), [1, 2]);
  assert.equal(await t.getRegisteredModel('nope'), undefined);
  await assert.rejects(t.setAlias('m1', 'x', 9), /HTTP 404 RESOURCE_DOES_NOT_EXIST: Model Version \(name=m1, version=9\) not found/);
});

test('searchRuns filters by tag with MLflow filter syntax', async () => {
  const t = tracker();
  const a = await t.startRun({ experimentName: 'rest-g', tags: { kind: 'x' } });
  await t.startRun({ experimentName: 'rest-g', tags: { kind: 'y' } });
  const found = await t.searchRuns({ experimentName: 'rest-g', tags: { kind: 'x' } });
  assert.deepEqual(found.map((r) => r.runId), [a.runId]);
  assert.equal(server.bodies('/api/2.0/mlflow/runs/search').at(-1)!.filter, "tags.`kind` = 'x'");
  assert.deepEqual(await t.searchRuns({ experimentName: 'no-such' }), []);
});
