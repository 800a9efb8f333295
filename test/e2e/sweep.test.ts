// End to end: one sweep plan run in one process, in 2 shards (one after the other) and in 4 shards
// (processes side by side against one tracking store), and with a shard killed and
// `collect --rerun-missing` — every way gives the same sweep id and the same numbers for every
// configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';

const BIN = fileURLToPath(new URL('../../bin/edgelab.js', import.meta.url));
const project = tempDir('edgelab-sweep-e2e-');
const env = { ...process.env, NO_COLOR: '1', EDGELAB_PROJECT: '', EDGELAB_ARTIFACTS: '' };
// One command at a time runs in this process (test/helpers/cli-in-process.ts), the 2 shards too
// (one after the other: what sharding splits and collect joins is the same either way); the 4
// shards run side by side, as users run them: shards 1–3 and the killed one as real processes of
// their own, shard 0 in this process while they run (each process start, load and feature build
// costs ≈ 1–2 s of CPU here). The three processes side by side get one core's
// share each (EDGELAB_CORES=1, what `sweep --workers 4` hands the processes it starts): their
// walk-forwards run in their own threads instead of each starting two fold workers on the same
// two cores. Thread counts change no number (src/util/cores.ts), and here the in-process run
// with its fold workers is the reference the shards' numbers must equal.
const cli = async (root: string, ...args: string[]) => {
  const r = await cliInProcess(['--project', project, '--artifacts', join(project, root), ...args], { env: { EDGELAB_PROJECT: '', EDGELAB_ARTIFACTS: '' } });
  return { code: r.code, out: r.stdout, err: r.stderr };
};
const cliAsync = (root: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
  const child = spawn(process.execPath, [BIN, '--project', project, '--artifacts', join(project, root), ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { child, done: new Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }>((res) => child.on('close', (code, signal) => res({ code, signal, err }))) };
};
// Four demo seasons: test 2019, development 2018, burn-in 2017 trained on 2016.
const ARGS = ['experiment=v2-001', 'evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'model.alpha=1,30,1000'];

function results(root: string, id: string): unknown[] {
  const dir = join(project, root, 'experiments/sweeps', id, 'results');
  return readdirSync(dir)
    .sort()
    .map((f) => {
      const { duration_ms: _d, mlflow_run_id: _m, ...rest } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      return rest;
    });
}

test('a sweep gives the same configurations and numbers in 1, 2 and 4 shards and after a killed shard', async () => {
  let r = await cli('a', 'init');
  assert.equal(r.code, 0, r.err);
  r = await cli('a', 'data', 'demo', '--seasons', '2016-2019', '--live-season', 'none', '--quiet');
  assert.equal(r.code, 0, r.err);

  r = await cli('a', 'sweep', ...ARGS, '--json');
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out) as { sweep_id: string; n_results: number; ranking: { index: number; n_bets: number }[]; reality_check: { p_value: number; selection_bias: number }; dev_seasons: number[] };
  assert.match(report.sweep_id, /^sw-[0-9a-f]{12}$/);
  assert.equal(report.n_results, 3);
  assert.deepEqual(report.dev_seasons, [2018]);
  assert.ok(report.reality_check.p_value >= 0 && report.reality_check.p_value <= 1);
  assert.ok(report.reality_check.selection_bias >= 0);
  const id = report.sweep_id;
  const one = results('a', id);
  assert.equal(one.length, 3);
  assert.ok(existsSync(join(project, 'a/experiments/sweeps', id, 'report.md')));

  // Again: nothing left to do, the same report.
  r = await cli('a', 'sweep', ...ARGS, '--json');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).ranking, report.ranking);

  for (const n of [2, 4]) {
    const root = `s${n}`;
    if (n === 2) {
      for (let i = 0; i < n; i++) {
        const shard = await cli(root, 'sweep', ...ARGS, '--shard', `${i}/${n}`, '--quiet');
        assert.equal(shard.code, 0, shard.err);
      }
    } else {
      // Shards 1–3 as processes of their own, shard 0 in this process while they run: four
      // processes writing one tracking store at once, as before, one process start fewer.
      const runs = Array.from({ length: n - 1 }, (_, i) => cliAsync(root, ['sweep', ...ARGS, '--shard', `${i + 1}/${n}`, '--quiet'], { EDGELAB_CORES: '1' }));
      const here = await cli(root, 'sweep', ...ARGS, '--shard', `0/${n}`, '--quiet');
      assert.equal(here.code, 0, here.err);
      for (const x of runs) {
        const { code, err } = await x.done;
        assert.equal(code, 0, err);
      }
    }
    r = await cli(root, 'sweep', 'collect', id, '--json');
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).n_results, 3);
    assert.deepEqual(results(root, id), one, `${n} shards`);
    // One tracking store: a parent run and one child run per configuration.
    const runsDir = join(project, root, 'mlruns');
    const exp = readdirSync(runsDir).filter((d) => /^\d+$/.test(d) && d !== '0');
    const children = exp.flatMap((e) => readdirSync(join(runsDir, e)).filter((x) => existsSync(join(runsDir, e, x, 'tags', 'mlflow.parentRunId'))));
    assert.equal(children.length, 3, `${n} shards: child runs`);
  }

  // A shard killed mid-way, and results present only on the tracking server for the other one.
  // The kill comes at a fault point, not after a time: the shard (the first on this tree) has
  // loaded the data and made its plan, and dies with the plan's temporary file written but not
  // yet renamed (the first atomic write, src/artifacts/atomic.ts): its configuration undone and a
  // torn write left for shard 0 and collect to step over, on every machine. (Killed 1.5 s after
  // its start, a shard on a busy machine was still loading its modules, and on a quiet one could
  // have finished.)
  const killed = await cliAsync('k', ['sweep', ...ARGS, '--shard', '1/2', '--quiet'], { EDGELAB_FAULT: 'atomic-before-rename' }).done;
  assert.equal(killed.signal, 'SIGKILL', killed.err);
  const torn = readdirSync(join(project, 'k/experiments/sweeps', id));
  assert.ok(torn.length === 1 && torn[0]!.startsWith('.plan.json.tmp-'), `the killed shard left its plan half written: ${torn.join(', ')}`);
  r = await cli('k', 'sweep', ...ARGS, '--shard', '0/2', '--quiet');
  assert.equal(r.code, 0, r.err);
  rmSync(join(project, 'k/experiments/sweeps', id, 'results'), { recursive: true, force: true });
  r = await cli('k', 'sweep', 'collect', id, '--json');
  assert.equal(r.code, 0, r.err);
  const partial = JSON.parse(r.out) as { n_results: number; missing: number[]; from_server: number };
  assert.ok(partial.from_server >= 2, 'shard 0 results come back from its child runs');
  assert.deepEqual(partial.missing, [1], 'the killed shard\'s configuration is the one missing');
  r = await cli('k', 'sweep', 'collect', id, '--rerun-missing', '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).n_results, 3);
  assert.deepEqual(results('k', id), one, 'after a killed shard');

  r = await cli('a', 'sweep', 'experiment=v2-001', 'evaluation.test_season=2018', 'model.alpha=1,2');
  assert.equal(r.code, 2);
  assert.match(r.err, /evaluation\.test_season cannot be overridden/);
  r = await cli('a', 'sweep', 'experiment=v2-001', 'model.alpha=range(5,5)');
  assert.equal(r.code, 2);
  assert.match(r.err, /range\(5, 5, 1\) is empty/);
});
