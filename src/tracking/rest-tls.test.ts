// The REST client against an HTTPS server with a self-signed certificate on 127.0.0.1 (in front
// of the mock MLflow server): MLflow's TLS variables, credentials in the URL, and which failures
// are retried. No message may contain a password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MockMlflowServer } from '../../test/support/mock-mlflow-server.ts';
import { CLIENT_PEM, SERVER_CERT, TlsFront } from '../../test/support/tls-front.ts';
import { tempDir } from '../../test/support/mlflow-fixture.ts';
import { UsageError } from '../util/errors.ts';
import { MlflowRestError } from './rest-client.ts';
import { RestTracker } from './rest-tracker.ts';

const PASSWORD = 'pw-Zq7!x/y@z';
const BASIC = `Basic ${Buffer.from(`ana:${PASSWORD}`).toString('base64')}`;
const mock = new MockMlflowServer();
let front: TlsFront;
let mtls: TlsFront;
let sleeps: number[] = [];

const withCreds = (url: string, user = 'ana', pw = PASSWORD) => url.replace('https://', `https://${user}:${encodeURIComponent(pw)}@`);
const tracker = (baseUrl: string, env: NodeJS.ProcessEnv) =>
  new RestTracker({ baseUrl, env, maxRetries: 3, sleep: async (ms) => void sleeps.push(ms) }, tempDir());

/** The rejection's message, checked to hold no password in any spelling. */
async function failure(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => assert.fail('expected a failure'),
    (x: unknown) => x as Error,
  );
  for (const s of [PASSWORD, encodeURIComponent(PASSWORD), 'wrong-pw']) assert.ok(!e.message.includes(s), `secret in: ${e.message}`);
  return e.message;
}

before(async () => {
  await mock.start();
  front = new TlsFront({ upstream: mock.url, authorization: BASIC });
  await front.start();
  mtls = new TlsFront({ upstream: mock.url, requireClientCert: true });
  await mtls.start();
});
after(async () => {
  await front.stop();
  await mtls.stop();
  await mock.stop();
});

test('credentials in the URL become Basic auth; MLFLOW_TRACKING_SERVER_CERT_PATH trusts the self-signed server', async () => {
  const t = tracker(withCreds(front.url), { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT });
  const run = await t.startRun({ experimentName: 'tls-a', runName: 'r1' });
  await run.logMetric('rmse', 13.2);
  await run.endRun('FINISHED');
  assert.equal((await t.getRun(run.runId)).metrics.rmse, 13.2);
  assert.ok(front.authHeaders.length >= 4);
  assert.ok(front.authHeaders.every((h) => h === BASIC));
  // What is shown of the server: the user, never the password.
  assert.equal(t.location, `https://ana:***@127.0.0.1:${new URL(front.url).port}`);
});

test('URL credentials win over MLFLOW_TRACKING_TOKEN (as requests applies them); username+password win over the token', async () => {
  const n = front.authHeaders.length;
  await tracker(withCreds(front.url), { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT, MLFLOW_TRACKING_TOKEN: 'tok-1' }).listExperiments();
  await tracker(front.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT, MLFLOW_TRACKING_TOKEN: 'tok-1', MLFLOW_TRACKING_USERNAME: 'ana', MLFLOW_TRACKING_PASSWORD: PASSWORD }).listExperiments();
  assert.deepEqual(front.authHeaders.slice(n), [BASIC, BASIC]);
  // The token alone is a Bearer header (refused by this basic-auth server: 401, not retried).
  const before = front.requests;
  sleeps = [];
  const msg = await failure(tracker(front.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT, MLFLOW_TRACKING_TOKEN: 'tok-1' }).listExperiments());
  assert.equal(front.authHeaders.at(-1), 'Bearer tok-1');
  assert.equal(front.requests - before, 1);
  assert.deepEqual(sleeps, []);
  assert.match(msg, /HTTP 401 UNAUTHENTICATED: .*; the server refused the credentials \(sent a Bearer token from MLFLOW_TRACKING_TOKEN\): check them$/);
  assert.ok(!msg.includes('tok-1'));
});

test('a wrong password: 401 once, no retry, the message says what to check and hides the password', async () => {
  const before = front.requests;
  sleeps = [];
  const msg = await failure(tracker(withCreds(front.url, 'ana', 'wrong-pw'), { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT }).listExperiments());
  assert.equal(front.requests - before, 1);
  assert.deepEqual(sleeps, []);
  assert.match(msg, /^MLflow POST \/api\/2\.0\/mlflow\/experiments\/search failed: HTTP 401 UNAUTHENTICATED: .*; the server refused the credentials \(sent Basic auth from the user:password in the tracking URI\): check them$/);
  const none = await failure(tracker(front.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT }).listExperiments());
  assert.match(none, /the server wants credentials: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, or put user:password in the tracking URI$/);
});

test('an untrusted certificate fails at once (no retry) and names the variables to check', async () => {
  const connections = front.connections;
  sleeps = [];
  const msg = await failure(tracker(withCreds(front.url), {}).listExperiments());
  assert.deepEqual(sleeps, []);
  assert.equal(front.connections - connections, 1);
  assert.match(
    msg,
    new RegExp(
      `^MLflow POST /api/2\\.0/mlflow/experiments/search failed: cannot reach https://ana:\\*\\*\\*@127\\.0\\.0\\.1:${new URL(front.url).port}: fetch failed \\(DEPTH_ZERO_SELF_SIGNED_CERT\\); the TLS connection failed: check the server certificate \\(MLFLOW_TRACKING_SERVER_CERT_PATH`,
    ),
  );
});

test('MLFLOW_TRACKING_INSECURE_TLS=true skips verification; with a CA path too it is refused, as by MLflow', async () => {
  await tracker(withCreds(front.url), { MLFLOW_TRACKING_INSECURE_TLS: 'true' }).listExperiments();
  await tracker(withCreds(front.url), { MLFLOW_TRACKING_INSECURE_TLS: '1' }).listExperiments();
  assert.throws(() => tracker(front.url, { MLFLOW_TRACKING_INSECURE_TLS: 'yes' }), (e: unknown) => e instanceof UsageError && /MLFLOW_TRACKING_INSECURE_TLS must be true, false, 1 or 0/.test(e.message));
  assert.throws(
    () => tracker(front.url, { MLFLOW_TRACKING_INSECURE_TLS: 'true', MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT }),
    /MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set/,
  );
  // "false" verifies as usual.
  assert.match(await failure(tracker(front.url, { MLFLOW_TRACKING_INSECURE_TLS: 'false' }).listExperiments()), /DEPTH_ZERO_SELF_SIGNED_CERT/);
});

test('MLFLOW_TRACKING_CLIENT_CERT_PATH: one PEM with certificate and key, presented to a server that demands one', async () => {
  const env = { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT, MLFLOW_TRACKING_CLIENT_CERT_PATH: CLIENT_PEM };
  const run = await tracker(mtls.url, env).startRun({ experimentName: 'tls-mtls' });
  assert.ok(mock.runs.has(run.runId));
  // Without it the server closes the connection after the handshake, which looks like a dropped
  // connection (retried); the final message points at the variable.
  const before = mtls.requests;
  const msg = await failure(tracker(mtls.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT }).listExperiments());
  assert.equal(mtls.requests, before);
  assert.match(msg, /fetch failed \(UND_ERR_SOCKET\), after 4 attempts; if the server wants a client certificate, set MLFLOW_TRACKING_CLIENT_CERT_PATH$/);
  // A PEM without the key is refused before any request, naming the variable and the remedy.
  assert.throws(() => tracker(mtls.url, { MLFLOW_TRACKING_CLIENT_CERT_PATH: SERVER_CERT }), /MLFLOW_TRACKING_CLIENT_CERT_PATH=.*server-cert\.pem: expected one PEM file holding the client certificate and its unencrypted private key/);
  assert.throws(() => tracker(mtls.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: '/nonexistent/ca.pem' }), /MLFLOW_TRACKING_SERVER_CERT_PATH=\/nonexistent\/ca\.pem: cannot read the file \(ENOENT\)/);
});

test('a malformed URL with credentials: a usage error that masks the password, before any request', () => {
  for (const bad of [`https://ana:${PASSWORD}@127.0.0.1:notaport`, `http://ana:${PASSWORD}@`]) {
    assert.throws(
      () => tracker(bad, {}),
      (e: unknown) => {
        assert.ok(e instanceof UsageError, String(e));
        assert.match(e.message, /^malformed tracking URI 'https?:\/\/ana:\*\*\*@[^']*': check MLFLOW_TRACKING_URI \(or --to\)/);
        assert.ok(!e.message.includes('Zq7'), e.message);
        return true;
      },
    );
  }
});

test('transient failures are still retried: 503 then success; a bare 404 says to check the URL', async () => {
  mock.failNext('/api/2.0/mlflow/experiments/search', 503, 2);
  sleeps = [];
  await tracker(withCreds(front.url), { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT }).listExperiments();
  assert.deepEqual(sleeps, [500, 1000]);
  mock.failNext('/api/2.0/mlflow/experiments/search', 501, 1);
  sleeps = [];
  const e = await tracker(withCreds(front.url), { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT }).listExperiments().catch((x: unknown) => x);
  assert.ok(e instanceof MlflowRestError && e.status === 501, String(e));
  assert.deepEqual(sleeps, [], '501 is not among the statuses MLflow retries');
  const wrongPrefix = await failure(tracker(withCreds(`${front.url}/not-mlflow`), { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT }).listExperiments());
  assert.match(wrongPrefix, /HTTP 404[\s\S]*; no MLflow REST API at https:\/\/ana:\*\*\*@127\.0\.0\.1:\d+\/not-mlflow: check the tracking URI/);
});

test("the issue's case: http://user:pw@127.0.0.1:9 fails at once (a port fetch refuses), the password masked", async () => {
  sleeps = [];
  const msg = await failure(tracker(`http://user:${encodeURIComponent(PASSWORD)}@127.0.0.1:9/`, {}).listExperiments());
  assert.deepEqual(sleeps, []);
  assert.equal(
    msg,
    'MLflow POST /api/2.0/mlflow/experiments/search failed: cannot reach http://user:***@127.0.0.1:9: fetch failed (bad port); ' +
      'fetch never connects to this port (a blocked port of the Fetch standard): check the port in the tracking URI',
  );
  // MLFLOW_HTTP_REQUEST_MAX_RETRIES bounds the retries of a transient failure.
  mock.failNext('/api/2.0/mlflow/experiments/search', 503, 5);
  const t = new RestTracker({ baseUrl: withCreds(front.url), env: { MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' }, sleep: async (ms) => void sleeps.push(ms) }, tempDir());
  await assert.rejects(t.listExperiments(), /HTTP 503/);
  assert.deepEqual(sleeps, [500]);
  mock.clearFaults();
  assert.throws(() => new RestTracker({ baseUrl: front.url, env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '12' } }), /MLFLOW_HTTP_REQUEST_MAX_RETRIES must be a whole number from 0 to 9/);
});
