// Artifact roots as MLflow's client resolves them: the proxy, a shared path, an S3 bucket (a real
// S3 API server on 127.0.0.1), and refusals before anything is copied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockMlflowServer, type MockServerOptions } from '../../test/support/mock-mlflow-server.ts';
import { S3TestServer } from '../../test/support/s3-test-server.ts';
import { mlflowFixture, tempDir } from '../../test/support/mlflow-fixture.ts';
import { contentTypeOf, parseArtifactLocation } from './artifact-store.ts';
import { RestTracker } from './rest-tracker.ts';
import { SOURCE_RUN_TAG, syncStore } from './sync.ts';
import { s3Settings } from './s3-store.ts';

const V1 = 'ac0a87b7e9c6407c8e212d88b2841bef';
const V1_ARTIFACTS = join(mlflowFixture(), '638942671754850245', V1, 'artifacts');

async function withServer(opts: MockServerOptions, env: NodeJS.ProcessEnv, fn: (s: MockMlflowServer, t: RestTracker) => Promise<void>) {
  const s = new MockMlflowServer(opts);
  await s.start();
  try {
    await fn(s, new RestTracker({ baseUrl: s.url, env, sleep: async () => undefined, maxRetries: 0 }, tempDir()));
  } finally {
    await s.stop();
  }
}

const remoteV1 = (s: MockMlflowServer) => [...s.runs.values()].find((r) => r.tags.get(SOURCE_RUN_TAG) === V1)!;
const nothingCreated = (s: MockMlflowServer) => {
  assert.equal(s.count('/api/2.0/mlflow/experiments/create'), 0, 'no experiment created');
  assert.equal(s.count('/api/2.0/mlflow/runs/create'), 0, 'no run created');
  assert.equal(s.requests.filter((r) => r.method === 'PUT').length, 0, 'no artifact sent');
};

test('artifact URIs parse as MLflow resolves them (recorded forms from rest-3.10)', () => {
  assert.deepEqual(parseArtifactLocation('mlflow-artifacts:/4/f071e7f08008472590fa360c326ac4e0/artifacts'), { kind: 'proxy', uri: 'mlflow-artifacts:/4/f071e7f08008472590fa360c326ac4e0/artifacts', path: '4/f071e7f08008472590fa360c326ac4e0/artifacts' });
  assert.equal((parseArtifactLocation('mlflow-artifacts:/custom/place/r/artifacts') as { path: string }).path, 'custom/place/r/artifacts');
  assert.deepEqual(parseArtifactLocation('mlflow-artifacts://mlflow.team:5000/1'), { kind: 'proxy', uri: 'mlflow-artifacts://mlflow.team:5000/1', path: '1', baseUrl: '//mlflow.team:5000' });
  assert.deepEqual(parseArtifactLocation('/srv/mlrec/noproxy/1/9b90/artifacts'), { kind: 'local', uri: '/srv/mlrec/noproxy/1/9b90/artifacts', dir: '/srv/mlrec/noproxy/1/9b90/artifacts' });
  assert.equal((parseArtifactLocation('file:///mnt/mlflow/1') as { dir: string }).dir, '/mnt/mlflow/1');
  assert.deepEqual(parseArtifactLocation('s3://bucket/prefix/215a/artifacts'), { kind: 's3', uri: 's3://bucket/prefix/215a/artifacts', bucket: 'bucket', prefix: 'prefix/215a/artifacts' });
  assert.throws(() => parseArtifactLocation('gs://b/x'), /keeps artifacts at 'gs:\/\/b\/x': edgelab writes only to mlflow-artifacts:, local\/shared paths and s3:\/\/ locations, not 'gs:'; run the MLflow server with `--serve-artifacts/);
  assert.throws(() => parseArtifactLocation('./mlruns/1'), /relative path '\.\/mlruns\/1'/);
  assert.deepEqual(['a.csv', 'b.json', 'p/r.png', 'm/MLmodel'].map(contentTypeOf), ['text/plain', 'text/plain', 'image/png', 'application/octet-stream']);
});

test('S3 settings follow MLflow: endpoint from MLFLOW_S3_ENDPOINT_URL, path-style there, standard AWS variables', () => {
  assert.deepEqual(s3Settings({}), { region: 'us-east-1', endpoint: undefined, forcePathStyle: false, credentials: undefined });
  const s = s3Settings({ MLFLOW_S3_ENDPOINT_URL: 'http://minio:9000', AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', AWS_DEFAULT_REGION: 'eu-west-1' });
  assert.deepEqual(s, { region: 'eu-west-1', endpoint: 'http://minio:9000', forcePathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's', sessionToken: 't' } });
  assert.equal(s3Settings({ MLFLOW_S3_ENDPOINT_URL: 'http://x', MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE: 'virtual' }).forcePathStyle, false);
});

test('a shared-path artifact root (--default-artifact-root /path) gets the files written there, none through the proxy', async () => {
  const root = tempDir('edgelab-shared-root-');
  await withServer({ artifactRoot: root, serveArtifacts: false }, {}, async (s, t) => {
    const report = await syncStore(mlflowFixture(), t);
    assert.equal(report.artifactsUploaded, 2);
    const run = remoteV1(s);
    assert.equal(run.info.artifact_uri, `${root}/${run.info.experiment_id}/${run.info.run_id}/artifacts`);
    const dir = join(root, run.info.experiment_id, run.info.run_id, 'artifacts');
    assert.deepEqual(readFileSync(join(dir, 'summary.json')), readFileSync(join(V1_ARTIFACTS, 'summary.json')));
    assert.deepEqual(readFileSync(join(dir, 'plots', 'residuals.txt')), readFileSync(join(V1_ARTIFACTS, 'plots', 'residuals.txt')));
    assert.equal(s.requests.filter((r) => r.path.startsWith('/api/2.0/mlflow-artifacts/')).length, 0);
  });
});

test('a server path this machine cannot write is refused before anything is copied, naming it and the fix', async () => {
  const root = '/nonexistent-edgelab-test/srv/mlflow';
  await withServer({ artifactRoot: root, serveArtifacts: false }, {}, async (s, t) => {
    await assert.rejects(syncStore(mlflowFixture(), t), (e: Error) => {
      assert.match(e.message, /^MLflow experiment 'v2_phase1_baseline' on http:\/\/127\.0\.0\.1:\d+ keeps its artifacts at \/nonexistent-edgelab-test\/srv\/mlflow on the server's filesystem, which this machine cannot write/);
      assert.match(e.message, /Mount the server's artifact directory at that same path here, or run the MLflow server with `--serve-artifacts --artifacts-destination/);
      return true;
    });
    nothingCreated(s);
    assert.equal(existsSync('/nonexistent-edgelab-test'), false, 'no server path created on this disk');
    // Training straight to the server refuses the same way, before its run exists.
    await assert.rejects(t.startRun({ experimentName: 'phase1_baseline' }), /keeps its artifacts at \/nonexistent-edgelab-test\/srv\/mlflow/);
    nothingCreated(s);
  });
});

test('a server root missing here is refused even when its parent is writable (a mount that is not there)', async () => {
  const root = join(tempDir('edgelab-no-mount-'), 'srv-mlflow');
  await withServer({ artifactRoot: root, serveArtifacts: false }, {}, async (s, t) => {
    await assert.rejects(syncStore(mlflowFixture(), t), new RegExp(`keeps its artifacts at ${root} on the server's filesystem, which this machine cannot write \\(it is not a writable directory here\\)`));
    nothingCreated(s);
    assert.equal(existsSync(root), false);
  });
});

test('a server running --no-serve-artifacts with proxy locations is refused before anything is copied', async () => {
  await withServer({ serveArtifacts: false }, {}, async (s, t) => {
    await assert.rejects(syncStore(mlflowFixture(), t), /keeps its artifacts at mlflow-artifacts:\/, but the server at http:\/\/127\.0\.0\.1:\d+ does not serve artifacts \(it runs with --no-serve-artifacts\); run the MLflow server with `--serve-artifacts/);
    nothingCreated(s);
  });
});

const s3 = new S3TestServer('mlflow');
before(async () => {
  await s3.start();
});
after(async () => {
  await s3.stop();
});

test('an s3:// artifact root gets every artifact uploaded straight to the bucket (S3 API server on 127.0.0.1)', async () => {
  await withServer({ artifactRoot: 's3://mlflow/edgelab', serveArtifacts: false }, s3.env(), async (s, t) => {
    const report = await syncStore(mlflowFixture(), t);
    assert.equal(report.artifactsUploaded, 2);
    const run = remoteV1(s);
    const prefix = `edgelab/${run.info.experiment_id}/${run.info.run_id}/artifacts`;
    assert.equal(run.info.artifact_uri, `s3://mlflow/${prefix}`);
    const summary = await s3.get(`${prefix}/summary.json`);
    assert.deepEqual(summary.body, readFileSync(join(V1_ARTIFACTS, 'summary.json')));
    assert.equal(summary.contentType, 'text/plain');
    assert.deepEqual((await s3.get(`${prefix}/plots/residuals.txt`)).body, readFileSync(join(V1_ARTIFACTS, 'plots', 'residuals.txt')));
    // Runs without artifacts put nothing; the second sync uploads nothing again.
    const again = await syncStore(mlflowFixture(), t);
    assert.equal(again.artifactsUploaded, 0);
  });
});

test('S3 refusals name the location and the variables that fix them, before any run is created', async () => {
  await withServer({ artifactRoot: 's3://mlflow/edgelab' }, s3.env({ AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'WRONG' }), async (s, t) => {
    await assert.rejects(syncStore(mlflowFixture(), t), /keeps its artifacts at s3:\/\/mlflow\/edgelab, and edgelab cannot write there: access denied \(.+\): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY \(or AWS_PROFILE\)/);
    nothingCreated(s);
  });
  await withServer({ artifactRoot: 's3://no-such-bucket/x' }, s3.env(), async (s, t) => {
    await assert.rejects(syncStore(mlflowFixture(), t), new RegExp(`bucket 'no-such-bucket' does not exist at the S3 endpoint ${s3.endpoint} \\(MLFLOW_S3_ENDPOINT_URL\\)`));
    nothingCreated(s);
  });
  await withServer({ artifactRoot: 's3://mlflow/x' }, s3.env({ MLFLOW_S3_ENDPOINT_URL: 'http://127.0.0.1:9' }), async (s, t) => {
    await assert.rejects(syncStore(mlflowFixture(), t), /cannot reach the S3 endpoint http:\/\/127\.0\.0\.1:9 \(MLFLOW_S3_ENDPOINT_URL\)/);
    nothingCreated(s);
  });
});
