// Secrets stay secret, end to end: distinct credentials are planted in every place a user keeps
// them (a password in the tracking URI, MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/PASSWORD,
// CFBD_API_KEY, AWS_SECRET_ACCESS_KEY), the commands that use them run for real against loopback
// stand-ins (an HTTPS MLflow server with a self-signed certificate and basic auth, the CFBD API),
// and then every byte of stdout, stderr, the project trees and what the MLflow server stored is
// searched for each secret — raw, URL-encoded and inside a base64 Basic header: none is found.
//
// Every command runs in a real process, whose every byte is searched (a write to fd 1 or 2, a
// worker thread and a warning included). The dashboard runs in a process of the bin script; the
// other commands several to one process, one after another (test/support/cli-sequence.ts: the
// compiled main the bin script runs, each command with its own argv, environment and working
// directory), a process start and its module loads being much of a command's CPU: the project's
// setup (init, data demo, train), then the look-around commands (runs, mlflow sync, data pull,
// promote), the weekly loop, its report, config show and doctor, all in one. The process starts
// with the secrets in its environment (the tracking URI with its password too), as a process of
// its own per command did, so what the CLI's modules read at their first import holds them as
// well. The setup's commands talk to a server front of their own (trainAuth), so that what they
// sent is told apart from what the later commands sent, as when they ran in a process before
// the others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout } from '../../src/artifacts/layout.ts';
import type { Ran } from '../helpers/spawn.ts';
import { runSequence } from '../support/cli-sequence.ts';
import { tempDir } from '../helpers/tmp.ts';
import { MockMlflowServer } from '../support/mock-mlflow-server.ts';
import { SERVER_CERT, TlsFront } from '../support/tls-front.ts';
import { copyFixtureTo } from '../support/mlflow-fixture.ts';
import { startDashboardProcess } from '../support/dashboard-process.ts';
import * as cfbd from '../fixtures/cfbd/responses.ts';

const S = {
  urlPassword: 'urlpw-Q9x!7/z',
  token: 'mlflowtok-3kd92hf7',
  envUser: 'envuser-pq81',
  envPassword: 'envpw-Lm4@t0',
  cfbdKey: 'cfbdkey-7Hs02Kq',
  awsSecret: 'awssecret-Zt6/P0q+w',
  awsSession: 'awssession-Y2b8n',
};
const URL_USER = 'ana';
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

/** Every spelling in which a secret could leak. */
function needles(): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, v] of Object.entries(S)) {
    out.push([name, v], [`${name} (url-encoded)`, encodeURIComponent(v)]);
  }
  out.push(['url Basic header', basic(URL_USER, S.urlPassword).slice(6)], ['env Basic header', basic(S.envUser, S.envPassword).slice(6)]);
  return out;
}

const mock = new MockMlflowServer();
// HTTPS fronts of the one mock server, each accepting one kind of credential (trainAuth the same
// as urlAuth: the project's setup alone uses it).
let trainAuth: TlsFront;
let urlAuth: TlsFront;
let tokenAuth: TlsFront;
let envAuth: TlsFront;
let cfbdServer: Server;
let cfbdUrl = '';
const cfbdAuth: (string | undefined)[] = [];
const project = tempDir('edgelab-secrets-');
const college = tempDir('edgelab-secrets-cfbd-');
const outputs: { what: string; text: string }[] = [];

/** The environment of every command: all secrets present, whatever the command needs. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    MLFLOW_TRACKING_URI: '',
    MLFLOW_TRACKING_TOKEN: S.token,
    MLFLOW_TRACKING_USERNAME: '',
    MLFLOW_TRACKING_PASSWORD: '',
    MLFLOW_TRACKING_SERVER_CERT_PATH: SERVER_CERT,
    MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
    CFBD_API_KEY: S.cfbdKey,
    CFBD_API_URL: cfbdUrl,
    AWS_ACCESS_KEY_ID: 'AKIATESTSECRETSE2E',
    AWS_SECRET_ACCESS_KEY: S.awsSecret,
    AWS_SESSION_TOKEN: S.awsSession,
    ...extra,
  };
}

/**
 * Commands run in turn in one process, each in `dir` with env(extra); the process starts with
 * env(processExtra). Every command's output and the process's whole output are searched.
 */
async function clis(steps: [what: string, dir: string, args: string[], extra?: NodeJS.ProcessEnv][], processExtra: NodeJS.ProcessEnv = {}): Promise<Ran[]> {
  const t0 = Date.now();
  const { steps: done, raw } = await runSequence(
    steps.map(([, dir, args, extra]) => ({ args: ['--project', dir, ...args], env: env(extra), cwd: dir })),
    env(processExtra),
  );
  if (process.env.EDGELAB_SECRETS_TIMING) process.stderr.write(`${steps.map((s) => s[0]).join(', ')} (one process): ${Date.now() - t0} ms\n`);
  outputs.push({ what: `the process of ${steps.map((s) => s[0]).join(', ')}`, text: raw });
  return done.map((r, i) => {
    outputs.push({ what: steps[i]![0], text: r.stdout + r.stderr });
    return { code: r.code, signal: null, stdout: r.stdout, stderr: r.stderr };
  });
}

function cfbdStandIn(): Server {
  // The CFBD API as the official client calls it; answers 401 unless the key comes as a Bearer header.
  return createServer((req, res) => {
    cfbdAuth.push(req.headers.authorization);
    const u = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== `Bearer ${S.cfbdKey}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'Unauthorized' }));
      return;
    }
    const body =
      u.pathname === '/games' ? cfbd.games
      : u.pathname === '/lines' ? cfbd.lines
      : u.pathname === '/stats/game/advanced' ? cfbd.advanced
      : u.pathname === '/games/teams' ? (cfbd.boxScores[`${u.searchParams.get('seasonType')} ${u.searchParams.get('week')}`] ?? [])
      : undefined;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { message: 'not found' }));
  });
}

before(async () => {
  await mock.start();
  trainAuth = new TlsFront({ upstream: mock.url, authorization: basic(URL_USER, S.urlPassword) });
  urlAuth = new TlsFront({ upstream: mock.url, authorization: basic(URL_USER, S.urlPassword) });
  tokenAuth = new TlsFront({ upstream: mock.url, authorization: `Bearer ${S.token}` });
  envAuth = new TlsFront({ upstream: mock.url, authorization: basic(S.envUser, S.envPassword) });
  for (const f of [trainAuth, urlAuth, tokenAuth, envAuth]) await f.start();
  cfbdServer = cfbdStandIn();
  await new Promise<void>((r) => cfbdServer.listen(0, '127.0.0.1', r));
  cfbdUrl = `http://127.0.0.1:${(cfbdServer.address() as AddressInfo).port}`;
});
after(async () => {
  for (const f of [trainAuth, urlAuth, tokenAuth, envAuth]) await f.stop();
  await mock.stop();
  cfbdServer.closeAllConnections();
  await new Promise<void>((r) => cfbdServer.close(() => r()));
});

const withPassword = (url: string) => url.replace('https://', `https://${URL_USER}:${encodeURIComponent(S.urlPassword)}@`);

// One test: every command costs CPU (a process start much of a short one's), so each is run once.
test('train, runs, sync, data pull, config, doctor and the dashboard use the credentials and never show or store them', { timeout: 900_000 }, async () => {
  // --- a small league, trained to an authenticated HTTPS server (password in the URI; the token is set too and loses) ---
  // A live season (2021, results revealed through week 3) so that a champion can bet and report.
  const SMALL = ['evaluation.first_season=2017', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'features.market.offset=false'];
  const withUrlPassword = { MLFLOW_TRACKING_URI: withPassword(urlAuth.url) };
  const setup = { MLFLOW_TRACKING_URI: withPassword(trainAuth.url) };
  // (the store that mlflow sync copies from, in the project's tree that is searched)
  const store = copyFixtureTo(join(project, 'synced-mlruns'));
  const looks = [['config', 'show'], ['doctor']];
  // Every command below, in turn in one process; checked in that order.
  const [init, demo, train, runs, wrong, nowhere, sync, syncMasked, pull, badKey, promoted, week, report, ...looked] = await clis([
    ['init', project, ['init'], setup],
    ['data demo', project, ['data', 'demo', '--seasons', '2017-2021', '--live-season', '2021', '--reveal-week', '3', '--quiet'], setup],
    ['train', project, ['train', 'experiment=v2-001', ...SMALL], setup],
    ['runs', project, ['runs', '--json'], { MLFLOW_TRACKING_URI: envAuth.url, MLFLOW_TRACKING_USERNAME: S.envUser, MLFLOW_TRACKING_PASSWORD: S.envPassword }],
    ['runs wrong password', project, ['runs'], { MLFLOW_TRACKING_URI: envAuth.url.replace('https://', `https://${URL_USER}:${encodeURIComponent(S.urlPassword)}@`) }],
    ['runs unreachable', project, ['runs'], { MLFLOW_TRACKING_URI: `http://user:${encodeURIComponent(S.urlPassword)}@127.0.0.1:9/`, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '' }],
    ['mlflow sync', project, ['mlflow', 'sync', '--from', store, '--to', tokenAuth.url]],
    ['mlflow sync masked', project, ['mlflow', 'sync', '--from', store, '--to', withPassword(urlAuth.url)]],
    ['data pull cfbd', college, ['data', 'pull', 'cfbd', '--season', '2023', '--season-type', 'regular', '--week', '1']],
    ['data pull cfbd wrong key', college, ['data', 'pull', 'cfbd', '--season', '2023', '--season-type', 'regular', '--week', '1', '--refresh'], { CFBD_API_KEY: `${S.cfbdKey}-old` }],
    ['promote v2-001', project, ['promote', 'v2-001'], withUrlPassword],
    // the weekly loop and its report, with the server's URL and password in the environment
    ['week --season 2021 --week 4', project, ['week', '--season', '2021', '--week', '4'], withUrlPassword],
    ['report --season 2021 --week 4', project, ['report', '--season', '2021', '--week', '4'], withUrlPassword],
    // config and doctor: what a user runs to look around
    ...looks.map((args) => [args.join(' '), project, args, withUrlPassword] as [string, string, string[], NodeJS.ProcessEnv]),
  ], withUrlPassword);
  assert.equal(init!.code, 0, init!.stderr);
  assert.equal(demo!.code, 0, demo!.stderr);
  assert.equal(train!.code, 0, train!.stderr);
  assert.ok(trainAuth.requests > 5 && trainAuth.refused === 0, 'every request carried the URL credentials');
  // (the run train recorded: mlflow sync later copies a run of the same name from the fixture)
  const runId = (JSON.parse(readFileSync(join(createLayout(project).experimentDir('v2-001', 1), 'summary.json'), 'utf8')) as { mlflow_run_id: string }).mlflow_run_id;
  const trained = mock.runs.get(runId);
  assert.ok(trained && trained.info.run_name === 'v2-001' && trained.params.size > 20, 'the run and its config params reached the server');

  // --- runs: username/password from the environment ---
  assert.equal(runs.code, 0, runs.stderr);
  assert.ok((JSON.parse(runs.stdout) as { runs: { runName: string }[] }).runs.some((r) => r.runName === 'v2-001'));

  // --- refused credentials and an unreachable server: one attempt each, masked, saying what to check ---
  assert.equal(wrong.code, 1, wrong.stderr);
  assert.match(wrong.stderr, /HTTP 401 UNAUTHENTICATED: .*the server refused the credentials \(sent Basic auth from the user:password in the tracking URI\): check them/);
  // The issue's case: port 9 is one fetch never connects to; with the default retries, no retry.
  assert.equal(nowhere.code, 1, nowhere.stderr);
  assert.equal(
    nowhere.stderr,
    'error: MLflow POST /api/2.0/mlflow/experiments/search failed: cannot reach http://user:***@127.0.0.1:9: fetch failed (bad port); ' +
      'fetch never connects to this port (a blocked port of the Fetch standard): check the port in the tracking URI\n',
  );
  // (A malformed URI and an untrusted certificate: src/tracking/rest-tls.test.ts.)

  // --- sync a local file store with the token; the report names the server without secrets ---
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stdout, /→ https:\/\/127\.0\.0\.1:\d+: 4 runs copied/);
  assert.ok(tokenAuth.requests > 10 && tokenAuth.refused === 0);
  assert.equal(syncMasked.code, 0, syncMasked.stderr);
  assert.match(syncMasked.stdout, new RegExp(`→ https://${URL_USER}:\\*\\*\\*@127\\.0\\.0\\.1:\\d+: 0 runs copied, 4 already there`));

  // --- data pull cfbd against the stand-in: the key in the header only, never in the cache ---
  assert.equal(pull.code, 0, pull.stderr);
  // (the pull with the wrong key ran right after it in the same process: its requests come last)
  const firstPull = cfbdAuth.findIndex((h) => h !== `Bearer ${S.cfbdKey}`);
  assert.ok(firstPull >= 3 && cfbdAuth.slice(firstPull).every((h) => h === `Bearer ${S.cfbdKey}-old`), JSON.stringify(cfbdAuth));
  const raw = join(college, 'data', 'raw', 'cfbd');
  assert.ok(readdirSync(raw).length >= 3, 'responses cached');
  assert.equal(badKey.code, 1);
  assert.match(badKey.stderr, /failed with HTTP 401.*\(check CFBD_API_KEY: the API refused the key\)/);

  // --- the weekly loop and its report, with the server's URL and password in the environment ---
  assert.equal(promoted!.code, 0, `promote v2-001: ${promoted!.stderr}`);
  assert.equal(week!.code, 0, `week: ${week!.stderr}`);
  assert.equal(report!.code, 0, `report: ${report!.stderr}`);
  assert.ok(filesUnder(join(project, 'artifacts', 'production')).some((f) => f.endsWith('.html')), 'the report was written (and is searched below)');

  // --- config and doctor: what a user runs to look around ---
  assert.equal(looked.length, looks.length);
  looked.forEach((r, i) => assert.ok(r.code === 0 || r.code === 1, `${looks[i]!.join(' ')}: ${r.stderr}`));

  // --- the dashboard: every page and file it serves ---
  outputs.push({ what: 'dashboard', text: await dashboardBytes(project) });

  // --- the search: output, both project trees, and what the MLflow server holds ---
  const serverState = JSON.stringify({
    runs: [...mock.runs.values()].map((r) => ({ info: r.info, params: [...r.params], tags: [...r.tags] })),
    experiments: [...mock.experiments.values()],
    models: [...mock.models.values()].map((m) => ({ model: m.model, versions: m.versions, tags: [...m.tags] })),
    bodies: mock.requests.map((r) => r.raw.toString('latin1')),
  });
  const haystacks: { what: string; bytes: Buffer }[] = [
    ...outputs.map((o) => ({ what: `output of ${o.what}`, bytes: Buffer.from(o.text) })),
    { what: 'MLflow server state and request bodies', bytes: Buffer.from(serverState) },
    ...[...mock.artifacts].map(([p, b]) => ({ what: `MLflow artifact ${p}`, bytes: b })),
    ...filesUnder(project).concat(filesUnder(college)).map((f) => ({ what: f, bytes: readFileSync(f) })),
  ];
  assert.ok(haystacks.length > 50, `searched ${haystacks.length} outputs and files`);
  const found: string[] = [];
  for (const h of haystacks) for (const [name, n] of needles()) if (h.bytes.includes(n)) found.push(`${name} in ${h.what}`);
  assert.deepEqual(found, []);
});

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() || statSync(p).isFile()) out.push(p);
  }
  return out;
}

/** Start `edgelab dashboard`, fetch the page, its JSON and every file it links, stop it. */
async function dashboardBytes(dir: string): Promise<string> {
  const d = await startDashboardProcess(dir, env());
  try {
    let text = await (await fetch(d.url)).text();
    const json = await (await fetch(`${d.url}api/dashboard`)).text();
    text += json;
    const files = new Set([...json.matchAll(/"(?:\/files\/)?((?:experiments|production|bets|monitoring|data)\/[^"]+\.(?:json|csv|yaml|png|md|txt))"/g)].map((m) => m[1]!));
    for (const f of files) text += await (await fetch(`${d.url}files/${f}`)).text();
    return `${d.output()}\n${text}`;
  } finally {
    await d.stop();
  }
}
