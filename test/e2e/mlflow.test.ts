// The real CLI on a copy of the MLflow fixture: `edgelab runs` and `edgelab mlflow sync`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MockMlflowServer } from '../support/mock-mlflow-server.ts';
import { copyFixtureTo, tempDir } from '../support/mlflow-fixture.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';

const project = tempDir('edgelab-e2e-mlflow-');
const server = new MockMlflowServer();

// The CLI in this process (test/helpers/cli-in-process.ts), beside the mock server.
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliInProcess(['--project', project, ...args], { cwd: project, env: { MLFLOW_TRACKING_URI: '', ...env } });
}

before(async () => {
  mkdirSync(join(project, 'artifacts'), { recursive: true });
  copyFixtureTo(join(project, 'artifacts', 'mlruns'));
  await server.start();
});
after(() => server.stop());

test('edgelab runs --json lists the fixture runs with metrics', async () => {
  const r = await cli(['runs', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { store: string; runs: { runName: string; status: string; metrics: Record<string, number> }[] };
  assert.equal(out.store, join(project, 'artifacts', 'mlruns'));
  assert.deepEqual(out.runs.map((x) => [x.runName, x.status]), [['v2-001', 'FINISHED'], ['fold-2023', 'FINISHED'], ['v2-002', 'FINISHED'], ['v2-003-failed', 'FAILED']]);
  assert.equal(out.runs[0]!.metrics.rmse, 13.7);
});

test('edgelab runs: table, unknown experiment exits 1 with a suggestion', async () => {
  const r = await cli(['runs', '--experiment', 'v2_phase1_baseline']);
  assert.equal(r.code, 0, r.stderr);
  // newest first; unprefixed metrics on one "all" row; percentages as percentages, no blank cells
  assert.match(r.stdout, /^started +run +experiment +market +rmse +mkt rmse +bets +hit rate +roi +status\n/);
  assert.match(r.stdout, /^\S+ \S+ +v2-001 +v2_phase1_baseline +all +13\.70 +— +412 +52\.1% +-0\.6% +FINISHED$/m);
  assert.match(r.stderr, /MLflow >= 3\.8 cannot open runs stored below a folder named 'artifacts'/);
  const bad = await cli(['runs', '--experiment', 'v2_phase1_basline']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /no experiment named 'v2_phase1_basline' .*did you mean 'v2_phase1_baseline'/);
});

test('edgelab mlflow sync copies to a server once; a second sync skips everything', async () => {
  const first = await cli(['mlflow', 'sync', '--to', server.url, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const rep = JSON.parse(first.stdout) as { runsCopied: number; modelVersionsCreated: number; aliasesSet: number };
  assert.deepEqual([rep.runsCopied, rep.modelVersionsCreated, rep.aliasesSet], [4, 2, 2]);
  const second = await cli(['mlflow', 'sync', '--to', server.url]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /: 0 runs copied, 4 already there; 0 metric points, 0 artifacts, 0 model versions, 2 aliases\n$/);
  assert.equal(server.count('/api/2.0/mlflow/runs/create'), 4);
  // And `edgelab runs` reads the server when MLFLOW_TRACKING_URI points at it.
  const remote = await cli(['runs', '--json'], { MLFLOW_TRACKING_URI: server.url });
  assert.equal(remote.code, 0, remote.stderr);
  assert.equal((JSON.parse(remote.stdout) as { runs: unknown[] }).runs.length, 4);
});

test('usage errors exit 2; a server error exits 1 naming the endpoint', async () => {
  assert.equal((await cli(['mlflow', 'sync', '--to', 'file:/tmp/x'])).code, 2);
  assert.equal((await cli(['mlflow', 'sync'])).code, 2);
  server.failNext('/api/2.0/mlflow/experiments/get-by-name', 403, 1);
  const r = await cli(['mlflow', 'sync', '--to', server.url]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /MLflow GET \/api\/2\.0\/mlflow\/experiments\/get-by-name failed: HTTP 403 INTERNAL_ERROR: injected failure/);
});

test("doctor's MLflow hint is a sync command that runs as printed (only the server URL swapped)", async () => {
  const doctor = await cli(['doctor', '--json']);
  const report = JSON.parse(doctor.stdout) as { checks: { name: string; advice?: string[] }[] };
  const advice = report.checks.find((c) => c.name === 'mlflow')!.advice ?? [];
  const hint = advice.map((a) => /edgelab (mlflow sync .*)$/.exec(a)?.[1]).find(Boolean);
  assert.ok(hint, advice.join('\n'));
  const fresh = new MockMlflowServer();
  await fresh.start();
  try {
    const args = hint.replace('http://127.0.0.1:5000', fresh.url).split(' ');
    const r = await cli([...args, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { runsCopied: number }).runsCopied, 4);
  } finally {
    await fresh.stop();
  }
});
