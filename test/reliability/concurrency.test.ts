// Concurrency with real processes (no mocked locks): two edgelab commands at once on one project
// end with a consistent tree (doctor), and the loser gets one clear message. The dashboard reads
// while commands write; the warehouse refuses a second writer with "busy" and keeps its previous
// data when a load is killed. Real processes of the compiled CLI on copies of one prepared project
// (test/reliability/project.ts); only the final load that shows the warehouse still takes one
// runs in this process.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout } from '../../src/artifacts/layout.ts';
import { readChampion } from '../../src/artifacts/champion.ts';
import { runDoctor, type DoctorReport } from '../../src/workflow/doctor.ts';
import { locateExperiment } from '../../src/readers/experiments.ts';
import { createApp } from '../../src/dashboard/app.ts';
import { Warehouse } from '../../src/data/warehouse.ts';
import { DEMO, type Ran } from '../support/fault-project.ts';
import { watchTree } from '../support/tree-changes.ts';
import { startLauncher } from '../helpers/spawn.ts';
import { TRAIN, cliHere, cliProcess, projectCopy, reliabilityProject } from './project.ts';

// The commands' processes are started by the test launcher, started before this process loads
// the CLI and builds or copies the project (test/helpers/spawn.ts: a fork from a large heap costs
// the parent a fault per page it writes afterwards), and reaped at the end.
startLauncher();

let base = '';
before(async () => {
  base = await reliabilityProject();
});
const fresh = () => projectCopy(base, 'conc');
const CONSISTENT = 'consistent: no interrupted command left anything half done';

/** doctor's report `r` says the tree is consistent and healthy. */
function assertVerdict(r: DoctorReport): void {
  assert.equal(r.state, CONSISTENT, JSON.stringify(r.checks.filter((c) => c.status !== 'ok')));
  assert.equal(r.healthy, true, JSON.stringify(r.checks.filter((c) => c.status === 'fail')));
}

/** A copy of v2-003 (a ridge) under the id v2-006, in the project `dir`. */
function twin(dir: string): void {
  // What races is the two trains' writing, and a GBDT (v2-004) would only add seconds of fitting to it.
  const conf = (id: string) => join(dir, 'conf', 'experiment', `${id}.yaml`);
  writeFileSync(conf('v2-006'), readFileSync(conf('v2-003'), 'utf8').replace('id: v2-003', 'id: v2-006').replace(/name: (\S+)/, 'name: $1_twin'));
}

test('two trains of different ids both finish, each whole', async () => {
  // The two trains run in the shared writers' race below, beside a promotion, monitor and predict
  // while the dashboard reads: each takes the project lock only for its writes, so they race as they would
  // alone. v2-003 is the one of its two rival trains that won (the same-id test below).
  const { dir, race, doctor } = await writersRace();
  const [a, b] = [sameIdOutcome(race).winner, race.train6];
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  const L = createLayout(dir);
  for (const id of ['v2-003', 'v2-006']) {
    const summary = JSON.parse(readFileSync(join(locateExperiment(L, id)!.outputs!, 'summary.json'), 'utf8'));
    assert.ok(summary.mlflow_run_id, `${id} names its MLflow run`);
  }
  assertVerdict(doctor);
});

test('two trains of the same id: one wins, the other is refused with a clear message and writes nothing', async () => {
  // The two v2-003 trains start together in the shared writers' race (beside the v2-006 train, a
  // promotion, monitor and predict): the id check between two trains is the same with other writers about.
  const { race, doctor } = await writersRace();
  const rs = [race.train3, race.train3Rival];
  const codes = rs.map((r) => r.code).sort();
  assert.deepEqual(codes, [0, 1], rs.map((r) => r.err).join('\n'));
  const { loser } = sameIdOutcome(race);
  assert.match(loser.err, /v2-003 (was trained by another edgelab process while this one ran|already has artifacts)/);
  assert.equal(loser.err.trim().split('\n').length, 1, 'one line, no stack');
  assertVerdict(doctor);
});

/** The writers of the shared race, each a process of its own. */
interface Writers {
  /** Two trains of v2-003 started together: one must be refused. */
  train3: Ran;
  train3Rival: Ran;
  train6: Ran;
  /** The promotion of v2-002. */
  promote: Ran;
  monitor: Ran;
  /** predict of the live week, started with monitor. */
  predict: Ran;
}

/** Of the two v2-003 trains, the one refused (exit 1; the rival if neither was) and the other. */
function sameIdOutcome(w: Writers): { winner: Ran; loser: Ran } {
  return w.train3.code === 1 ? { winner: w.train3Rival, loser: w.train3 } : { winner: w.train3, loser: w.train3Rival };
}

/**
 * One race on one copy, which five tests look at: three trains (two of v2-003, one of v2-006), a
 * promotion, monitor and predict started together while the dashboard reads the tree. The
 * different-ids, same-id, train-during-a-promotion and predict-and-monitor tests had races of
 * their own with the same commands from the same state; here they race just the same, the other
 * writers beside them, and the processes of the other races (≈ 2.5 s of CPU a train, ≈ 1.2 s a
 * monitor) are saved.
 */
let shared: Promise<{ dir: string; race: Writers; answers: number[]; doctor: DoctorReport }> | null = null;
function writersRace() {
  shared ??= (async () => {
    const dir = fresh();
    twin(dir);
    const app = createApp(createLayout(dir));
    let stop = false;
    const answers: number[] = [];
    // The dashboard reads every 20 ms while the tree changes: a read of a tree unchanged since the
    // last read began would only answer again from the same bytes (3–8 ms of CPU each, most of
    // this process's CPU while the trains fit and nothing is written). Every change (a write, a
    // rename, a removal anywhere in the tree) is followed by a read within 20 ms, as before.
    const changes = watchTree(dir);
    const reader = (async () => {
      while (!stop) {
        if (changes.take()) {
          const res = await app.request('/api/dashboard');
          answers.push(res.status);
          if (res.status === 200) await res.json();
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const [train3, train3Rival, train6, promote, monitor, predict] = (await Promise.all([
      cliProcess(dir, ['train', 'experiment=v2-003', ...TRAIN, '--quiet']),
      cliProcess(dir, ['train', 'experiment=v2-003', ...TRAIN, '--quiet']),
      cliProcess(dir, ['train', 'experiment=v2-006', ...TRAIN, '--quiet']),
      cliProcess(dir, ['promote', 'v2-002', '--force', '--reason', 'race']),
      cliProcess(dir, ['monitor']),
      cliProcess(dir, ['predict', '--season', '2020', '--week', '3']),
    ])) as [Ran, Ran, Ran, Ran, Ran, Ran];
    stop = true;
    await reader;
    changes.close();
    // doctor's report on the tree the race left, which each test checks: nothing writes the tree
    // after the race (the tests only read it), so one run of doctor is the run each test made.
    return { dir, race: { train3, train3Rival, train6, promote, monitor, predict }, answers, doctor: runDoctor(createLayout(dir)) };
  })();
  return shared;
}

test('a train during a promotion: both finish; the champion is the promoted one', async () => {
  const { dir, race, doctor } = await writersRace();
  const [t, p] = [sameIdOutcome(race).winner, race.promote];
  assert.equal(t.code, 0, t.err);
  assert.equal(p.code, 0, p.err);
  assert.equal(readChampion(createLayout(dir)).current?.id, 'v2-002');
  assertVerdict(doctor);
});

test('predict and monitor racing: both finish, the bets and the monitoring files are whole', async () => {
  // predict and monitor start together in the shared writers' race (beside the trains and the
  // promotion): they race each other as they did on a copy of their own, and a promotion during
  // predict is a state predict completes first (championRecipe) whichever champion it finds.
  const { dir, race, doctor } = await writersRace();
  const [p, m] = [race.predict, race.monitor];
  assert.equal(p.code, 0, p.err);
  assert.equal(m.code, 0, m.err);
  const L = createLayout(dir);
  assert.ok(existsSync(L.predictionsFile(2020, 3)));
  JSON.parse(readFileSync(L.dashboardData, 'utf8'));
  assertVerdict(doctor);
});

test('the dashboard reads the tree while train, promote, monitor and predict write: every answer is 200 and whole', async () => {
  const { race, answers, doctor } = await writersRace();
  // Every writer finishes, but the v2-003 train its rival beat (the same-id test).
  for (const r of [sameIdOutcome(race).winner, race.train6, race.promote, race.monitor, race.predict]) assert.equal(r.code, 0, r.err);
  assert.ok(answers.length > 5, `${answers.length} reads`);
  assert.deepEqual([...new Set(answers)], [200]);
  assertVerdict(doctor);
});

test('the warehouse: a second writer gets "busy" (exit 1, one line); a killed load leaves the previous data', async () => {
  const dir = fresh();
  const L = createLayout(dir);
  const count = async () => {
    const wh = await Warehouse.open(L.warehouse, { readOnly: true });
    try {
      return JSON.stringify((await wh.query('SELECT COUNT(*) AS n, SUM(home_points) AS p FROM games')).rows);
    } finally {
      await wh.close();
    }
  };
  const before = await count();
  const holder = await Warehouse.open(L.warehouse);
  try {
    const r = await cliProcess(dir, [...DEMO, '--reveal-week', '3']);
    assert.equal(r.code, 1);
    assert.match(r.err, /warehouse .*warehouse\.duckdb is busy: another process has it open for writing/);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  } finally {
    await holder.close();
  }
  for (const step of ['data:after-games', 'data:before-commit']) {
    const k = await cliProcess(dir, [...DEMO, '--reveal-week', '3'], { EDGELAB_FAULT: step });
    assert.equal(k.signal, 'SIGKILL', k.err);
    assert.equal(await count(), before, `after a kill at ${step} the warehouse holds the previous data`);
  }
  const ok = await cliHere(dir, [...DEMO, '--reveal-week', '3']);
  assert.equal(ok.code, 0, ok.err);
  assert.notEqual(await count(), before, 'the completed load revealed week 3');
});
