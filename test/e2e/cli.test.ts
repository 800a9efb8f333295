// The CLI in temporary directories: exit codes 0 / 1 / 2 and the messages users see. The real
// bin script (`node bin/edgelab.js`) gives each exit code (init and doctor 0, a broken project 1,
// an unknown command 2, --help); the configuration, "not a project", other usage and system-error
// cases and the commands that only set a case up run the same compiled main in this process
// (test/helpers/cli-in-process.ts: same argv, cwd, stdout, stderr and exit code), a process start
// being most of such a command's CPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/spawn.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';
import { REPO, tempDir } from '../helpers/tmp.ts';

const home = tempDir('edgelab-e2e-');
/** `edgelab ARGS` in `cwd`, in this process. */
const inProcess = (args: string[], opts: { cwd?: string } = {}) => cliInProcess(args, opts);
const project = join(home, 'cfb');

test('init, then doctor from inside the project: exit 0', async () => {
  const init = await runCli(['init', project], { cwd: home });
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /^initialised .*cfb\n/);
  assert.match(init.stdout, /created {2}conf\/config\.yaml\n/);
  const doctor = await runCli(['doctor'], { cwd: join(project, 'artifacts', 'models') });
  assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  assert.match(doctor.stdout, new RegExp(`^project ${project}\\n`));
  assert.match(doctor.stdout, /\nhealthy\n$/);
  const again = await inProcess(['init'], { cwd: project });
  assert.equal(again.code, 0);
  assert.equal(again.stdout, `${project}: already initialised, nothing to do\n`);
});

test('config show with a wrong key: exit 2 and the suggestion', async () => {
  const r = await inProcess(['config', 'show', 'model.alhpa=3'], { cwd: project });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'error: unknown key model.alhpa in command line; did you mean model.alpha?\n');
  const missing = await inProcess(['config', 'show', 'model=gbdtt'], { cwd: project });
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    `error: no option 'gbdtt' for config group model (command line): searched ${join(project, 'conf', 'model')}; options: gbdt, gbdt_oblivious, ridge; did you mean model=gbdt?\n`,
  );
});

test("config show composes the project's own conf/ (found with --project from elsewhere)", async () => {
  writeFileSync(join(project, 'conf', 'model', 'ridge.yaml'), 'type: ridge\nalpha: 3\n');
  const y = await inProcess(['--project', project, 'config', 'show', 'seed=7'], { cwd: home });
  assert.equal(y.code, 0, y.stderr);
  assert.match(y.stdout, new RegExp(`^# composed from ${join(project, 'conf')}\\n# choices: data=default data@data.quality=quality features=minimal model=ridge`));
  const cfg = parse(y.stdout) as { seed: number; model: unknown };
  assert.equal(cfg.seed, 7);
  assert.deepEqual(cfg.model, { type: 'ridge', alpha: 3, cv_folds: 5 });
  const j = await inProcess(['config', 'show', '--project', project, 'model=gbdt', '--json'], { cwd: home });
  assert.equal(j.code, 0, j.stderr);
  const out = JSON.parse(j.stdout) as { config: { model: { type: string } }; choices: Record<string, string>; origins: Record<string, string> };
  assert.equal(out.config.model.type, 'gbdt');
  assert.equal(out.choices.model, 'gbdt');
  assert.equal(out.origins['model.n_estimators'], 'conf/model/gbdt.yaml');
  const o = await inProcess(['config', 'show', '--origins', 'seed=7'], { cwd: project });
  assert.equal(o.code, 0, o.stderr);
  assert.match(o.stdout, /^key +from\n/);
  assert.match(o.stdout, /\nmodel\.alpha +conf\/model\/ridge\.yaml\n/);
  assert.match(o.stdout, /\nmodel\.cv_folds +schema default\n/);
  assert.match(o.stdout, /\nseed +command line\n/);
});

test("outside any project, config show falls back to the package's conf/", async () => {
  // A real process of the package: the conf/ it falls back to is found beside its own code (in a
  // unit batch the in-process CLI runs the test mirror's modules, test/helpers/batch-setup.ts).
  const r = await runCli(['config', 'show'], { cwd: tempDir() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^# composed from ${join(REPO, 'conf')}\\n`));
});

test('outside a project every command says "not an edgelab project", exits 2 and writes nothing', async () => {
  const dir = tempDir();
  const runs = await Promise.all([['list'], ['where', 'champion'], ['train', 'experiment=v2-001'], ['roi', '--season', '2025'], ['week', '--season', '2025', '--week', '3'], ['doctor', '--fix']].map((a) => inProcess(a, { cwd: dir })));
  for (const r of runs) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^error: not an edgelab project: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*edgelab init DIR`));
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('doctor exits 1 on a dangling champion and says so in --json', async () => {
  const p = join(tempDir(), 'broken');
  assert.equal((await inProcess(['init', p, '--quiet'])).code, 0);
  symlinkSync('../candidates/v2-404', join(p, 'artifacts', 'models', 'production', 'champion_current'));
  const r = await runCli(['--project', p, 'doctor', '--json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout) as { healthy: boolean; checks: { name: string; status: string }[] };
  assert.equal(report.healthy, false);
  assert.deepEqual(report.checks.filter((c) => c.status === 'fail').map((c) => c.name), ['champion_current']);
});

test('usage errors exit 2, system errors 1 without a stack; --help exits 0 and lists the commands', async () => {
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  const badOpt = await inProcess(['doctor', '--bogus']);
  assert.equal(badOpt.code, 2);
  assert.match(badOpt.stderr, /unknown option '--bogus'/);
  const noSub = await inProcess(['config']);
  assert.equal(noSub.code, 2);
  assert.match(noSub.stderr, /Usage: edgelab config/);
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, '');
  const notDir = await inProcess(['init', file]);
  assert.equal(notDir.code, 1);
  assert.equal(notDir.stderr, `error: ENOTDIR: not a directory, mkdir '${join(file, 'artifacts', 'mlruns')}'\n`);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const cmd of ['init', 'doctor', 'config']) assert.match(help.stdout, new RegExp(`\\n  ${cmd}\\b`));
});
