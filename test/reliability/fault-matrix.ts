// The fault-injection matrix: every command that writes, killed (SIGKILL, through EDGELAB_FAULT)
// at each of its fault points, on a copy of one prepared project. After each kill:
//   1. the process really got to that step (the point is on the command's path): it died there
//      (a real kill) or copied the tree there (a copied kill point, below);
//   2. every JSON and CSV file in the tree is whole (parses; no torn write);
//   3. `doctor` names the state (consistent, or what was interrupted) without throwing;
//   4. `doctor --fix` leaves a healthy, consistent tree;
//   5. nothing was lost: every file of the project before the command is still there with its
//      bytes, or (moved) found by content elsewhere in the tree — only files the command rewrites
//      by design (logs, index, journals) may change, and only cleanup's planned files may go;
//   6. running the command again (without the fault) succeeds, or refuses with a clear message.
// The killed command is a real process of the compiled CLI (bin/edgelab.js → dist/, no TypeScript
// loader; the fault point kills it with SIGKILL on the spot). One process serves all of a case's
// kill points: at each step but the last it copies the tree (what a kill there would leave: see
// `Run`) and goes on, at the last it dies, and that real kill is compared with a copy taken at
// the same point. The checks after it (doctor, its repairs, the tree walks) and the rerun, which
// are not about a process, run in this process (the rerun through the same compiled CLI:
// test/helpers/cli-in-process.ts). Each case works on a copy of one prepared project
// (test/reliability/project.ts).
//
// This module holds the cases and the checks; two test files run them, split by command (each
// ≈ half of the matrix's CPU, and a file's cases share one process's in-process CLI, whose reruns
// run one at a time; `npm test` runs the two halves one after the other in one process, a group
// of scripts/unit-batches.mjs, so the second finds the CLI, the doctor and the prepared project's
// hashes loaded and warm): fault-matrix-experiments.test.ts
// (train, evaluate, archive, cleanup, promote, rollback) and fault-matrix-weekly.test.ts (the
// data and weekly commands; `evaluate` is in the first half because the weekly half, started
// first when the halves run as processes of their own, is the one that builds the shared project, ≈ 4 s of CPU). Part of `npm test`; `npm run test:reliability` runs the reliability files alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout } from '../../src/artifacts/layout.ts';
import { runDoctor } from '../../src/workflow/doctor.ts';
import { completeInterruptedWork } from '../../src/workflow/doctor-repair.ts';
import { listExperiments, listRuns } from '../../src/tracking/filestore-reader.ts';
import { SOURCE_RUN_TAG, SYNC_STATE_TAG } from '../../src/tracking/sync.ts';
import { MockMlflowServer, type MockServerState } from '../support/mock-mlflow-server.ts';
import { planCleanup } from '../../src/workflow/cleanup.ts';
import { archiveExperiment } from '../../src/workflow/archive.ts';
import { promote } from '../../src/workflow/champion-change.ts';
import { FAULT_COPY_ENV, FAULT_ENV } from '../../src/util/fault.ts';
import { DEMO, type Ran as FaultRan } from '../support/fault-project.ts';
import { startLauncher } from '../helpers/spawn.ts';
import { TRAIN, cliHere, cliProcess, holds, preparedWith, projectCopyHashed, reliabilityProject, removeTree, tornFiles, treeDifferences, treeFiles, treeHashes, type TreeFile } from './project.ts';

interface Case {
  name: string;
  args: string[];
  steps: string[];
  /** Prepare the copy before the killed run (in-process). */
  setup?: (dir: string) => Promise<void> | void;
  /** The starting state, when it is not the prepared project: a change made once to it (in-process) and copied for every kill point. */
  start?: { key: string; change: (dir: string) => Promise<void> };
  /** A refusal on the rerun that is the right answer (the work is done). */
  rerunRefusal?: RegExp;
  /** Project files the command may delete by design (relative to the project). */
  mayDelete?: (dir: string) => Set<string>;
  /** Known gaps: steps after which the tree is not yet healed automatically (reported as TODO). */
  gaps?: Record<string, string>;
  /** The case talks to a (mock) MLflow server: `{mlflow}` in args is its URL; `verify` checks it after the rerun. */
  mlflow?: { verify: (dir: string, server: MockMlflowServer) => void };
}

/** The warehouse's lines, exported, with one closing total moved (data import's input). */
let movedLines: Promise<string> | undefined;

const PROMOTE_STEPS = ['promote:after-plan', 'champion:after-journal', 'champion:after-previous', 'champion:after-current', 'promote:after-champion', 'promote:after-mlflow', 'promote:after-decision', 'promote:after-index'];

/** Every (command, fault point) pair: `matrix` runs those of the commands it is given. */
export const CASES: Case[] = [
  {
    name: 'train',
    args: ['train', 'experiment=v2-003', ...TRAIN, '--quiet'],
    steps: ['atomic-before-rename', 'atomic-dir-before-rename', 'train:after-bundle', 'train:after-outputs', 'train:after-mlflow', 'train:after-summary'],
    // Killed after its last tree write, the train is whole (doctor adds the lost index row): a rerun is refused.
    rerunRefusal: /v2-003 already has artifacts/,
  },
  { name: 'train --force', args: ['train', 'experiment=v2-002', ...TRAIN, '--force', '--quiet'], steps: ['train:after-archive-old', 'train:after-bundle', 'train:after-summary'] },
  // v2-002, trained with the cases' narrower overrides (project.ts), rather than the champion v2-001:
  // the same walk-forward and the same file written, ≈ 0.5 s less CPU for the killed process.
  { name: 'evaluate', args: ['evaluate', 'v2-002', '--season', '2018'], steps: ['atomic-before-rename'] },
  { name: 'predict', args: ['predict', '--season', '2020', '--week', '3'], steps: ['atomic-before-rename', 'predict:after-bets'] },
  { name: 'score', args: ['score', '--season', '2020', '--week', '2'], steps: ['atomic-before-rename'] },
  { name: 'monitor', args: ['monitor'], steps: ['atomic-before-rename', 'monitor:after-alerts', 'monitor:after-performance-log'] },
  { name: 'validate', args: ['validate', '--season', '2020', '--week', '4'], steps: ['atomic-before-rename'] },
  { name: 'week', args: ['week', '--season', '2020', '--week', '3'], steps: ['atomic-before-rename', 'monitor:after-performance-log', 'predict:after-bets'] },
  {
    name: 'archive',
    args: ['archive', 'v2-002', '--reason', 'fault matrix'],
    steps: ['archive:journal', 'archive:move:models/candidates/v2-002', 'archive:move:experiments/phase2_features/v2-002', 'archive:mlflow', 'archive:index', 'archive:manifest'],
    // doctor --fix completes the journalled archive: the rerun finds it archived.
    rerunRefusal: /v2-002 is already archived/,
  },
  {
    name: 'archive --restore',
    args: ['archive', '--restore', 'v2-002'],
    start: { key: 'archived-v2-002', change: async (dir) => void (await archiveExperiment(createLayout(dir), 'v2-002', 'fault matrix')) },
    steps: ['archive:journal', 'archive:move:archive/deprecated/v2-002', 'archive:move:archive/deprecated/v2-002_outputs', 'archive:mlflow', 'archive:index', 'archive:manifest'],
    rerunRefusal: /v2-002 is not archived/,
  },
  {
    name: 'cleanup --apply',
    args: ['cleanup', '--apply', '--older-than', '0h'],
    steps: ['cleanup:after-delete'],
    mayDelete: (dir) => new Set(planCleanup(createLayout(dir), { olderThan: '0h' }).items.map((i) => join('artifacts', i.path))),
  },
  {
    name: 'data import',
    // The exported lines with one closing total moved: a real change for the killed load to carry.
    args: ['data', 'import', 'csv', '{import}/lines.csv', '--table', 'lines'],
    setup: async (dir) => {
      // Every copy holds the same warehouse: its export is made once, by `data export csv` (a
      // read-only open: the copy's tree is unchanged) through the CLI this process has loaded
      // for the reruns — importing the export from the sources would load DuckDB's API a second
      // time, unbundled (≈ 0.5 s of CPU).
      movedLines ??= cliHere(dir, ['data', 'export', 'csv', `${dir}-export`]).then((r) => {
        if (r.code !== 0) throw new Error(`data export csv failed (${r.code}): ${r.err}`);
        const [head, first, ...rest] = readFileSync(join(`${dir}-export`, 'lines.csv'), 'utf8').split('\n');
        const col = head!.split(',').indexOf('total');
        const cells = first!.split(',');
        cells[col] = String(Number(cells[col]) + 0.5);
        rmSync(`${dir}-export`, { recursive: true, force: true });
        return [head, cells.join(','), ...rest].join('\n');
      });
      const lines = await movedLines;
      mkdirSync(`${dir}-import`);
      writeFileSync(join(`${dir}-import`, 'lines.csv'), lines);
    },
    steps: ['data:after-lines', 'data:before-commit', 'data:after-commit'],
  },
  {
    name: 'mlflow sync',
    args: ['mlflow', 'sync', '--to', '{mlflow}'],
    steps: ['mlflow-sync:before-complete', 'mlflow-sync:after-run'],
    mlflow: {
      // Every local run is on the server exactly once, marked complete (a partial copy was replaced).
      verify: (dir, server) => {
        const store = createLayout(dir).mlruns;
        const finished = (r: { lifecycleStage: string; status: string }) => r.lifecycleStage === 'active' && r.status !== 'RUNNING' && r.status !== 'SCHEDULED';
        const local = listExperiments(store).flatMap((e) => listRuns(store, e.experimentId).filter(finished).map((r) => r.runId)).sort();
        const remote = [...server.runs.values()].filter((r) => r.info.lifecycle_stage !== 'deleted');
        assert.deepEqual(remote.map((r) => r.tags.get(SOURCE_RUN_TAG)).sort(), local);
        assert.deepEqual([...new Set(remote.map((r) => r.tags.get(SYNC_STATE_TAG)))], ['complete']);
      },
    },
  },
  { name: 'data demo', args: [...DEMO, '--reveal-week', '3'], steps: ['data:after-games', 'data:after-lines', 'data:before-commit', 'data:after-commit'] },
  { name: 'promote', args: ['promote', 'v2-002', '--force', '--reason', 'fault matrix'], steps: PROMOTE_STEPS, rerunRefusal: /v2-002 is already the champion/ },
  {
    name: 'rollback',
    args: ['rollback', '--reason', 'fault matrix'],
    start: { key: 'promoted-v2-002', change: async (dir) => void (await promote({ layout: createLayout(dir), id: 'v2-002', force: true, reason: 'set up a rollback target' })) },
    steps: ['promote:after-plan', 'champion:after-journal', 'champion:after-previous', 'champion:after-current', 'promote:after-decision'],
    rerunRefusal: /no previous champion|previous/,
  },
];

/** Files the commands rewrite by design (atomically): their bytes may change, their presence may not. */
const MUTABLE = [
  /^docs\//,
  /^data\/warehouse\.duckdb(\.wal)?$/,
  /^artifacts\/mlruns\//,
  /^artifacts\/models\/production\/registry\.json$/,
  /^artifacts\/production\/(monitoring|production_log)/,
  /^artifacts\/production\/bankroll\.csv$/,
  /^artifacts\/production\/scored\//,
  /^artifacts\/archive\/MANIFEST\.md$/,
  /^artifacts\/validation\//,
  /^artifacts\/models\/production\/champion_(current|previous)$/,
];

/** Quarantined leftovers may be torn: that is why they are there. */
const quarantined = (rel: string) => rel.includes('/archive/recovered/');

/** What of the project before the command (`before`) is not in the tree after it (`after`). */
function lost(before: Map<string, string>, after: Map<string, TreeFile>, mayDelete: Set<string>): string[] {
  const out: string[] = [];
  for (const [rel, hash] of before) {
    if (mayDelete.has(rel)) continue;
    const now = after.get(rel);
    if (now !== undefined && MUTABLE.some((re) => re.test(rel))) continue;
    if (now?.hash() === hash) continue;
    if (holds(after, hash)) continue; // moved (archive, recovered, deprecated), bytes intact
    out.push(`${rel}${now === undefined ? ' (gone)' : ' (changed)'}`);
  }
  return out;
}

/**
 * The processes a case's kill points come from. A SIGKILL keeps every write(2) the process
 * completed, and every write to the tree is synchronous on the CLI's main thread, so a copy of the
 * tree taken at a step's first occurrence (`@snapshot`, src/util/fault.ts) is the tree a kill
 * there leaves: one run copies the tree at each step but the last and dies at the last, a real
 * SIGKILL, where it also copies the tree just before dying (`copyIsKill`: the copy and what the
 * kill left must be the same tree). Each step's tree is then checked where the process ran (moved
 * there in turn), so the absolute paths the tree holds (MLflow's artifact locations, a champion
 * change's bundles, links) are its own, as after a kill. Cases with one step keep their one kill.
 * A case that talks to an MLflow server has part of its state on the server, which the process
 * goes on writing after a copy: the (mock) server's state is saved as the first request after a
 * step's copy arrives (the process sends it only once the copy is made, and waits for each
 * answer) or, when none follows, once the process is gone — the server a kill there leaves —
 * and that step's checks run against it (restored on the one server, the steps checked one at a
 * time).
 */
interface Run {
  /** Steps copied on the way, in the order of EDGELAB_FAULT (the N-th goes to DIR.fault-N). */
  copies: string[];
  /** The step the process is killed at (copied too when there are copies). */
  kill: string;
  /** The steps whose trees are checked (all, unless EDGELAB_MATRIX_ONLY leaves some out). */
  checked: string[];
}

function runsOf(c: Case): Run[] {
  if (c.steps.length === 1) return c.steps.map((kill) => ({ copies: [], kill, checked: [kill] }));
  return [{ copies: c.steps, kill: c.steps.at(-1)!, checked: c.steps }];
}

/** A run's outcome: where it ran, what the tree was before it, how it ended, where each step's tree waits. */
interface Ran {
  dir: string;
  args: string[];
  before: Map<string, string>;
  mayDelete: Set<string>;
  server: MockMlflowServer | null;
  killed: FaultRan;
  /** Where each checked step's tree waits for its checks (the kill's: `dir` itself when nothing was copied). */
  trees: Map<string, string>;
  /** What differs between the copy at the kill step and the tree the kill left (null: no copy there). */
  copyIsKill: string[] | null;
  /** The MLflow server's state at each checked step (with a server). */
  serverAt: Map<string, MockServerState>;
  /** The steps' checks, one at a time (each moves its tree to `dir`). */
  turn: Promise<unknown>;
  /** Steps still to check (the run's files go when none is left). */
  pending: number;
}

async function run(c: Case, r: Run, template: string): Promise<Ran> {
  const { dir, hashes } = projectCopyHashed(template, 'case');
  await c.setup?.(dir);
  const mayDelete = c.mayDelete?.(dir) ?? new Set<string>();
  const server = c.mlflow ? new MockMlflowServer() : null;
  const url = server ? await server.start() : '';
  const args = c.args.map((a) => a.replace('{mlflow}', url).replace('{import}', `${dir}-import`));
  // The copy's hashes, known from its template: walked again only if the setup touched the tree.
  const before = c.setup ? treeHashes(dir) : hashes;
  const fault = [...r.copies.map((s) => `${s}@snapshot`), r.kill].join(',');
  // The server's state at each copied step: saved before anything after the copy reaches it.
  const serverAt = new Map<string, MockServerState>();
  const saveCopied = () => r.copies.forEach((s, n) => void (!serverAt.has(s) && existsSync(`${dir}.fault-${n}`) && serverAt.set(s, server!.save())));
  if (server) server.onRequest = saveCopied;
  // The checks start once the process is gone: its PID (in the lock file) is dead, as a killed one's is.
  const killed = await cliProcess(dir, args, { [FAULT_ENV]: fault, [FAULT_COPY_ENV]: dir });
  if (server) {
    server.onRequest = null;
    saveCopied();
    // The kill's own step: the server as the kill left it.
    serverAt.set(r.kill, server.save());
  }
  const trees = new Map(r.copies.map((s, n) => [s, `${dir}.fault-${n}`]));
  let copyIsKill: string[] | null = null;
  const atKill = trees.get(r.kill);
  if (atKill && killed.signal === 'SIGKILL' && existsSync(atKill)) copyIsKill = treeDifferences(atKill, dir);
  // The kill step is checked on what the kill left, not on the copy; the copies wait for `dir`.
  if (atKill) removeTree(atKill);
  if (!r.checked.includes(r.kill)) removeTree(dir);
  else if (r.copies.length === 0) trees.set(r.kill, dir);
  else {
    renameSync(dir, `${dir}.killed`);
    trees.set(r.kill, `${dir}.killed`);
  }
  return { dir, args, before, mayDelete, server, killed, trees, copyIsKill, serverAt, turn: Promise.resolve(), pending: r.checked.length };
}

/**
 * The matrix's tests for the cases named `names` (every kill point of each), in a describe block
 * titled `title`, three tests at a time: while this process checks one case's states (doctor,
 * repairs, rerun), the next case's process runs (started when the one before it is done).
 */
export function matrix(title: string, names: readonly string[]): void {
  // The killed processes are started by the test launcher, started now while this process is
  // small (test/helpers/spawn.ts: a fork from this process's heap costs it a fault per page it
  // writes afterwards); it is ended and reaped at the end, so their CPU counts as this process's.
  startLauncher();
  const chosen = names.map((n) => {
    const c = CASES.find((x) => x.name === n);
    if (!c) throw new Error(`fault matrix: no case named ${n}`);
    return c;
  });
  const only = process.env.EDGELAB_MATRIX_ONLY;
  const wanted = (c: Case, step: string) => !only || new RegExp(only).test(`${c.name}@${step}`);
  // Every run of the chosen cases that holds a wanted step (copying only at those), in order; each started once.
  const runs = chosen.flatMap((c) =>
    runsOf(c)
      .map((r) => ({ copies: r.copies.filter((s) => wanted(c, s)), kill: r.kill, checked: r.checked.filter((s) => wanted(c, s)) }))
      .filter((r) => r.checked.length > 0)
      .map((r) => ({ c, r, ran: undefined as Promise<Ran> | undefined })),
  );
  const start = (i: number): Promise<Ran> => {
    const x = runs[i]!;
    x.ran ??= (async () => {
      try {
        return await run(x.c, x.r, x.c.start ? await preparedWith(x.c.start.key, x.c.start.change) : await reliabilityProject());
      } finally {
        if (i + 1 < runs.length) void start(i + 1).catch(() => {}); // its own tests report a failure
      }
    })();
    return x.ran;
  };
  describe(title, { concurrency: Number(process.env.EDGELAB_MATRIX_JOBS ?? 3) }, () => {
    runs.forEach(({ c, r }, i) => {
      for (const step of r.checked) {
        test(`${c.name} killed at ${step}: whole files, doctor names the state, --fix heals, nothing lost, the rerun completes`, { todo: c.gaps?.[step] }, async () => {
          await checkStep(c, step, await start(i), step === r.kill);
        });
      }
      if (r.copies.includes(r.kill)) {
        test(`${c.name}: the tree copied at ${r.kill} is the tree the SIGKILL there left`, async () => {
          const ran = await start(i);
          assert.notEqual(ran.copyIsKill, null, `no copy and kill at ${r.kill}: ${ran.killed.signal ?? `exit ${ran.killed.code}`}\n${ran.killed.err}`);
          assert.deepEqual(ran.copyIsKill, []);
        });
      }
    });
  });
}

async function checkStep(c: Case, step: string, ran: Ran, killedHere: boolean): Promise<void> {
  const { killed, dir } = ran;
  const tree = ran.trees.get(step)!;
  const mine = ran.turn.then(async () => {
    try {
      // 1. The process died at the step (the kill) or passed it (a copy of the tree there exists).
      if (killedHere) assert.equal(killed.signal, 'SIGKILL', `the fault point ${step} was not reached: exit ${killed.code}\n${killed.err}`);
      else assert.ok(existsSync(tree), `the fault point ${step} was not reached (no copy of the tree there): ${killed.signal ?? `exit ${killed.code}`}\n${killed.err}`);
      if (tree !== dir) renameSync(tree, dir);
      if (ran.server) {
        const at = ran.serverAt.get(step);
        assert.ok(at, `no state of the MLflow server at ${step}`);
        ran.server.restore(at);
      }
      await checkTree(c, ran);
    } finally {
      removeTree(dir);
      if (--ran.pending === 0) {
        await ran.server?.stop();
        rmSync(`${dir}-import`, { recursive: true, force: true });
      }
    }
  });
  ran.turn = mine.catch(() => {});
  await mine;
}

/** Checks 2–6 on the tree a kill left at `ran.dir`. */
async function checkTree(c: Case, ran: Ran): Promise<void> {
  const { dir } = ran;
  const layout = createLayout(dir);
  assert.deepEqual(tornFiles(dir, quarantined), [], 'torn files after the kill');
  const verdict = runDoctor(layout);
  assert.match(verdict.state, /^(consistent|interrupted)/);
  await completeInterruptedWork(layout);
  runDoctor(layout, { fix: true });
  const healed = runDoctor(layout);
  assert.equal(healed.state, 'consistent: no interrupted command left anything half done', JSON.stringify(healed.checks.filter((x) => x.status !== 'ok')));
  assert.equal(healed.healthy, true, JSON.stringify(healed.checks.filter((x) => x.status === 'fail')));
  assert.deepEqual(lost(ran.before, treeFiles(dir), ran.mayDelete), [], 'lost files');
  const again = await cliHere(dir, ran.args);
  if (again.code !== 0) assert.match(again.err, c.rerunRefusal ?? /^$/, `rerun failed: ${again.err}`);
  assert.equal(runDoctor(layout).state, 'consistent: no interrupted command left anything half done');
  assert.deepEqual(tornFiles(dir, quarantined), []);
  if (ran.server) c.mlflow!.verify(dir, ran.server);
}

/** The two halves (the two test files): together every case, once. */
export const EXPERIMENT_CASES = ['train', 'train --force', 'evaluate', 'archive', 'archive --restore', 'cleanup --apply', 'promote', 'rollback'] as const;
export const WEEKLY_CASES = ['predict', 'score', 'monitor', 'validate', 'week', 'data import', 'mlflow sync', 'data demo'] as const;
{
  const halves = [...EXPERIMENT_CASES, ...WEEKLY_CASES].sort();
  const all = CASES.map((c) => c.name).sort();
  if (JSON.stringify(halves) !== JSON.stringify(all)) throw new Error(`fault matrix: the two test files must run every case once (${halves.join(', ')} vs ${all.join(', ')})`);
}

export const PAIRS = CASES.reduce((n, c) => n + c.steps.length, 0);
