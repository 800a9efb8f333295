import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FileStoreTracker } from './filestore-tracker.ts';
import { listFilesRecursive, readRegisteredModel, readRun, readStore } from './filestore-reader.ts';
import { fixtureCopy, mlflowFixture, tempDir } from '../../test/support/mlflow-fixture.ts';
import { runCommand } from '../../test/helpers/spawn.ts';
import { fileUri } from './filestore-writer.ts';
import { gitCommit } from './system-tags.ts';

/** Write, through the Tracker, the same content the fixture's MLflow script logged. */
async function writeFixtureTwin(root: string, sourceDir: string) {
  const t = new FileStoreTracker(root, sourceDir);
  const common = { experimentName: 'v2_phase1_baseline', experimentTags: { phase: '1' }, userId: 'root' };
  const v1 = await t.startRun({ ...common, runName: 'v2-001', tags: { experiment_id: 'v2-001', phase: '1' } });
  await v1.logParams({ model: 'ridge', alpha: '1.0', features: 'minimal_unadjusted_v1' });
  for (const [step, v] of [14.2, 13.9, 13.7].entries()) await v1.logMetric('rmse', v, { step });
  await v1.logMetrics({ mae: 10.8, hit_rate: 0.521, roi: -0.006, n_bets: 412 });
  const src = tempDir();
  writeFileSync(join(src, 'summary.json'), '{"rmse": 13.7}');
  mkdirSync(join(src, 'plots'));
  writeFileSync(join(src, 'plots', 'residuals.txt'), 'placeholder');
  await v1.logArtifact(join(src, 'summary.json'));
  await v1.logArtifacts(join(src, 'plots'), 'plots');
  const fold = await t.startRun({ ...common, runName: 'fold-2023', parentRunId: v1.runId });
  await fold.logMetric('rmse', 13.5);
  await fold.endRun('FINISHED');
  await v1.endRun('FINISHED');
  const v2 = await t.startRun({ ...common, runName: 'v2-002' });
  await v2.logParams({ model: 'gbdt' });
  await v2.logMetrics({ rmse: 13.4, weird_values: NaN });
  await v2.endRun();
  const v3 = await t.startRun({ ...common, runName: 'v2-003-failed' });
  await v3.logParams({ model: 'gbdt' });
  await v3.endRun('FAILED');
  await t.createRegisteredModel('cfb_spread', { tags: { target: 'spread' }, description: 'spread model' });
  await t.registerModelVersion({ name: 'cfb_spread', runId: v1.runId });
  await t.registerModelVersion({ name: 'cfb_spread', runId: v2.runId });
  await t.setAlias('cfb_spread', 'champion', 2);
  await t.setAlias('cfb_spread', 'previous', 1);
  return { t, ids: { 'v2-001': v1.runId, 'fold-2023': fold.runId, 'v2-002': v2.runId, 'v2-003-failed': v3.runId } };
}

function allPaths(dir: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p).split(sep).join('/');
      if (e.isDirectory()) {
        dirs.push(rel);
        walk(p);
      } else files.push(rel);
    }
  };
  walk(dir);
  return { files: files.sort(), dirs: dirs.sort() };
}

/** Replace ids, times and absolute locations by placeholders so two stores can be compared. */
function normaliser(root: string, expId: string, runIds: Record<string, string>) {
  return (s: string) => {
    let out = s.split(fileUri(root)).join('ROOT').split('file:///home/analyst/cfb/store/mlruns').join('ROOT');
    out = out.split(expId).join('EXP');
    for (const [name, id] of Object.entries(runIds)) out = out.split(id).join(`RUN(${name})`);
    return out.replace(/\b\d{13}\b/g, 'T');
  };
}

test('a written store matches the fixture file by file (ids, times and paths aside)', async () => {
  const fx = mlflowFixture();
  const fxStore = readStore(fx);
  const fxExp = fxStore.experiments.find((e) => e.name === 'v2_phase1_baseline')!.experimentId;
  const fxIds = Object.fromEntries(fxStore.runs.map((r) => [r.runName, r.runId]));
  const root = join(tempDir(), 'mlruns');
  const outside = tempDir(); // not a git repository: the commit tags are edgelab's own (below)
  const { ids } = await writeFixtureTwin(root, outside);
  const ours = readStore(root);
  const ourExp = ours.experiments.find((e) => e.name === 'v2_phase1_baseline')!.experimentId;
  assert.match(ourExp, /^[1-9]\d{17}$/);
  const nf = normaliser(fx, fxExp, fxIds);
  const no = normaliser(root, ourExp, ids);

  const a = allPaths(fx);
  const b = allPaths(root);
  const bFiles = new Set(b.files.map(no));
  const bDirs = new Set(b.dirs.map(no));
  for (const f of a.files) assert.ok(bFiles.has(nf(f)), `missing file ${nf(f)}`);
  for (const d of a.dirs) assert.ok(bDirs.has(nf(d)), `missing dir ${nf(d)}`);
  // Nothing extra except what the fixture's git checkout could not keep (empty dirs), .trash, and
  // the provenance every edgelab run carries (its version, and a commit when edgelab is a checkout).
  const aFiles = new Set(a.files.map(nf));
  const provenance = /\/tags\/(edgelab\.version|edgelab\.git_commit|mlflow\.source\.git\.commit)$/;
  const extra = b.files.map(no).filter((f) => !aFiles.has(f) && !f.startsWith('.edgelab'));
  assert.deepEqual(extra.filter((f) => !provenance.test(f)), []);
  assert.equal(extra.filter((f) => f.endsWith('/tags/edgelab.version')).length, Object.keys(ids).length);
  for (const name of Object.keys(ids)) {
    for (const sub of ['metrics', 'params', 'artifacts', 'tags']) assert.ok(bDirs.has(`EXP/RUN(${name})/${sub}`), `${name}/${sub}`);
  }
  assert.ok(bDirs.has('.trash'));

  for (const f of a.files) {
    const fa = readFileSync(join(fx, f), 'utf8');
    const ourPath = b.files.find((p) => no(p) === nf(f))!;
    const fb = readFileSync(join(root, ourPath), 'utf8');
    if (f.endsWith('mlflow.source.name')) continue; // the logging program's path
    if (f.endsWith('meta.yaml') && /RUN\(/.test(nf(f))) {
      // Ours carries run_uuid as well (MLflow <= 2.x needs it; 3.x ignores it).
      const lines = no(fb).split('\n');
      const uuid = lines.findIndex((l) => l.startsWith('run_uuid: '));
      assert.ok(uuid > 0, `${f}: run_uuid`);
      assert.equal(lines[uuid], lines[uuid - 2]!.replace('run_id', 'run_uuid'));
      lines.splice(uuid, 1);
      assert.equal(lines.join('\n'), nf(fa), f);
    } else assert.equal(no(fb), nf(fa), f);
  }
});

test('status is an integer, run_id and run_uuid both present, params have no newline', async () => {
  const root = join(tempDir(), 'mlruns');
  const { ids } = await writeFixtureTwin(root, tempDir());
  const run = readRun(root, ids['v2-003-failed'])!;
  const meta = readFileSync(join(root, run.experimentId, run.runId, 'meta.yaml'), 'utf8');
  assert.match(meta, /^status: 4$/m);
  assert.match(meta, new RegExp(`^run_id: ${run.runId}$`, 'm'));
  assert.match(meta, new RegExp(`^run_uuid: ${run.runId}$`, 'm'));
  assert.equal(readFileSync(join(root, run.experimentId, run.runId, 'params', 'model'), 'utf8'), 'gbdt');
  const v2 = readRun(root, ids['v2-002'])!;
  assert.match(readFileSync(join(root, v2.experimentId, v2.runId, 'metrics', 'weird_values'), 'utf8'), /^\d{13} nan 0\n$/);
  assert.deepEqual(readRegisteredModel(root, 'cfb_spread')!.aliases, { champion: 2, previous: 1 });
});

test('params are immutable: same value fine, different value names the key, nothing written', async () => {
  const root = join(tempDir(), 'mlruns');
  const t = new FileStoreTracker(root);
  const run = await t.startRun({ experimentName: 'e', runName: 'r' });
  await run.logParams({ alpha: 1, model: 'ridge' });
  await run.logParams({ alpha: 1 });
  await assert.rejects(run.logParams({ beta: 'x', alpha: 2 }), /param 'alpha' of run [0-9a-f]{32} was already logged with value '1'; cannot change it to '2'/);
  assert.deepEqual((await t.getRun(run.runId)).params, { alpha: '1', model: 'ridge' }); // beta not written
});

test('key validation follows MLflow: bad characters, path tricks, length', async () => {
  const root = join(tempDir(), 'mlruns');
  const t = new FileStoreTracker(root);
  const run = await t.startRun({ experimentName: 'e', runName: 'r' });
  await run.logMetric('valid/name-1.2 x:y', 1);
  await assert.rejects(run.logMetric('bad(name)', 1), /Invalid metric name: 'bad\(name\)'. Names may only contain alphanumerics/);
  await assert.rejects(run.logParams({ '../escape': 'x' }), /Invalid parameter name: '..\/escape'. Names may be treated as files/);
  await assert.rejects(run.setTag('/abs', 'x'), /Invalid tag name: '\/abs'/);
  await assert.rejects(run.setTag('a/./b', 'x'), /would resolve to 'a\/b'/);
  await assert.rejects(run.logParams({ ['k'.repeat(251)]: 'x' }), /had length 251, which exceeded length limit of 250/);
  await assert.rejects(run.logParams({ k: 'v'.repeat(6001) }), /Param value for 'k' had length 6001/);
  await assert.rejects(run.logMetric('m', 1, { step: 1.5 }), /invalid step 1.5/);
  await assert.rejects(run.logArtifact('/etc/hostname', '../x'), /Invalid artifact path/);
  await assert.rejects(t.setAlias('nope', 'latest', 1), /'latest' alias name \(case insensitive\) is reserved/);
  const r = await t.getRun(run.runId);
  assert.deepEqual(Object.keys(r.metrics), ['valid/name-1.2 x:y']);
  assert.deepEqual(r.params, {});
  assert.ok(!existsSync(join(root, r.experimentId, 'escape')));
});

test('system tags: user, source, git commit of the repository', async () => {
  const root = join(tempDir(), 'mlruns');
  const here = process.cwd();
  const t = new FileStoreTracker(root, here);
  const run = await t.startRun({ experimentName: 'e' });
  const r = await t.getRun(run.runId);
  assert.equal(r.runName, `run-${run.runId.slice(0, 8)}`);
  assert.equal(r.tags['mlflow.runName'], r.runName);
  assert.equal(r.tags['mlflow.source.type'], 'LOCAL');
  assert.ok(r.tags['mlflow.user']);
  assert.equal(r.status, 'RUNNING');
  assert.equal(r.endTime, null);
  // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults.
  const git = await runCommand('git', ['rev-parse', 'HEAD'], { cwd: here, env: process.env }).catch(() => null); // no git: no commit to compare
  if (git?.code === 0) {
    assert.equal(r.tags['mlflow.source.git.commit'], git.stdout.trim());
    assert.equal(gitCommit(here), git.stdout.trim());
  }
  assert.equal(gitCommit(tempDir()), undefined);
});

test('the fixture copy accepts new runs in its existing experiment and registry', async () => {
  const root = fixtureCopy();
  const t = new FileStoreTracker(root, tempDir());
  const run = await t.startRun({ experimentName: 'v2_phase1_baseline', runName: 'v2-004' });
  assert.equal(run.experimentId, '638942671754850245');
  await run.endRun();
  const mv = await t.registerModelVersion({ name: 'cfb_spread', runId: run.runId });
  assert.equal(mv.version, 3);
  await t.setAlias('cfb_spread', 'champion', 3);
  await t.deleteAlias('cfb_spread', 'previous');
  const m = readRegisteredModel(root, 'cfb_spread')!;
  assert.deepEqual(m.aliases, { champion: 3 });
  assert.match(readFileSync(join(root, 'models', 'cfb_spread', 'meta.yaml'), 'utf8'), /^aliases:\n {2}champion: '3'\ncreation_timestamp: 1795922353895\n/);
  assert.deepEqual(listFilesRecursive(join(root, 'models', 'cfb_spread', 'aliases')), ['champion']);
  assert.ok(statSync(join(root, 'models', 'cfb_spread', 'version-3', 'meta.yaml')).isFile());
});
