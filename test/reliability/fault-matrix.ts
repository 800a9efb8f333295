// The fault-injection matrix: every command that writes, killed (SIGKILL, through EDGELAB_FAULT)
// at each of its fault points, on a copy of one prepared project. After each kill:
//   1. the process really died at that step (the point is on the command's path);
//   2. every JSON and CSV file in the tree is whole (parses; no torn write);
//   3. `doctor` names the state (consistent, or what was interrupted) without throwing;
//   4. `doctor --fix` leaves a healthy, consistent tree;
//   5. nothing was lost: every file of the project before the command is still there with its
//      bytes, or (moved) found by content elsewhere in the tree — only files the command rewrites
//      by design (logs, index, journals) may change, and only cleanup's planned files may go;
//   6. running the command again (without the fault) succeeds, or refuses with a clear message.
// The killed command is a real process of the compiled CLI (bin/edgelab.js → dist/, no TypeScript
// loader; the fault point kills it with SIGKILL on the spot); the checks after it (doctor, its
// repairs, the tree walks) and the rerun, which are not about a process, run in this process
// (the rerun through the same compiled CLI: test/helpers/cli-in-process.ts). Each case works on
// a copy of one prepared project (test/reliability/project.ts).
//
// This module holds the cases and the checks; two test files run them, split by command so that
// neither is the suite's longest file (each ≈ half of the matrix's CPU, and a file's cases share
// one process's in-process CLI, whose reruns run one at a time): fault-matrix-experiments.test.ts
// (train, archive, cleanup, promote, rollback) and fault-matrix-weekly.test.ts (the data and
// weekly commands). Part of `npm test`; `npm run test:reliability` runs the reliability files alone.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout } from '../../src/artifacts/layout.ts';
import { runDoctor } from '../../src/workflow/doctor.ts';
import { completeInterruptedWork } from '../../src/workflow/doctor-repair.ts';
import { exportWarehouseCsv } from '../../src/workflow/data-export.ts';
import { listExperiments, listRuns } from '../../src/tracking/filestore-reader.ts';
import { SOURCE_RUN_TAG, SYNC_STATE_TAG } from '../../src/tracking/sync.ts';
import { MockMlflowServer } from '../support/mock-mlflow-server.ts';
import { planCleanup } from '../../src/workflow/cleanup.ts';
import { archiveExperiment } from '../../src/workflow/archive.ts';
import { promote } from '../../src/workflow/champion-change.ts';
import { DEMO, type Ran } from '../support/fault-project.ts';
import { TRAIN, cliHere, cliProcess, preparedWith, projectCopyHashed, reliabilityProject, tornFiles, treeHashes } from './project.ts';

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
      // Every copy holds the same warehouse: its export is made once.
      movedLines ??= exportWarehouseCsv(createLayout(dir), `${dir}-export`).then(() => {
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

function lost(before: Map<string, string>, after: Map<string, string>, mayDelete: Set<string>): string[] {
  const contents = new Set(after.values());
  const out: string[] = [];
  for (const [rel, hash] of before) {
    if (mayDelete.has(rel)) continue;
    const now = after.get(rel);
    if (now === hash) continue;
    if (now !== undefined && MUTABLE.some((re) => re.test(rel))) continue;
    if (contents.has(hash)) continue; // moved (archive, recovered, deprecated), bytes intact
    out.push(`${rel}${now === undefined ? ' (gone)' : ' (changed)'}`);
  }
  return out;
}

/**
 * The matrix's tests for the cases named `names` (every kill point of each), in a describe block
 * titled `title`. Three cases at a time: each is a child process on its own copy and then this
 * process's checks and rerun, so while one case checks the others' processes keep both cores busy.
 */
export function matrix(title: string, names: readonly string[]): void {
  const chosen = names.map((n) => {
    const c = CASES.find((x) => x.name === n);
    if (!c) throw new Error(`fault matrix: no case named ${n}`);
    return c;
  });
  let base = '';
  before(async () => {
    base = await reliabilityProject();
  });
  describe(title, { concurrency: Number(process.env.EDGELAB_MATRIX_JOBS ?? 3) }, () => {
    for (const c of chosen) {
      const only = process.env.EDGELAB_MATRIX_ONLY;
      for (const step of c.steps.filter((s) => !only || new RegExp(only).test(`${c.name}@${s}`))) {
        test(`${c.name} killed at ${step}: whole files, doctor names the state, --fix heals, nothing lost, the rerun completes`, { todo: c.gaps?.[step] }, async () => {
          await runCase(c, step, c.start ? await preparedWith(c.start.key, c.start.change) : base);
        });
      }
    }
  });
}

async function runCase(c: Case, step: string, template: string): Promise<void> {
  const { dir, hashes } = projectCopyHashed(template, 'case');
  await c.setup?.(dir);
  const layout = createLayout(dir);
  const mayDelete = c.mayDelete?.(dir) ?? new Set<string>();
  const server = c.mlflow ? new MockMlflowServer() : null;
  const url = server ? await server.start() : '';
  const args = c.args.map((a) => a.replace('{mlflow}', url).replace('{import}', `${dir}-import`));
  // The copy's hashes, known from its template: walked again only if the setup touched the tree.
  const beforeSnap = c.setup ? treeHashes(dir) : hashes;
  const killed: Ran = await cliProcess(dir, args, { EDGELAB_FAULT: step });
  assert.equal(killed.signal, 'SIGKILL', `the fault point ${step} was not reached: exit ${killed.code}\n${killed.err}`);
  assert.deepEqual(tornFiles(dir, quarantined), [], 'torn files after the kill');
  const verdict = runDoctor(layout);
  assert.match(verdict.state, /^(consistent|interrupted)/);
  await completeInterruptedWork(layout);
  runDoctor(layout, { fix: true });
  const healed = runDoctor(layout);
  assert.equal(healed.state, 'consistent: no interrupted command left anything half done', JSON.stringify(healed.checks.filter((x) => x.status !== 'ok')));
  assert.equal(healed.healthy, true, JSON.stringify(healed.checks.filter((x) => x.status === 'fail')));
  assert.deepEqual(lost(beforeSnap, treeHashes(dir), mayDelete), [], 'lost files');
  const again = await cliHere(dir, args);
  if (again.code !== 0) assert.match(again.err, c.rerunRefusal ?? /^$/, `rerun failed: ${again.err}`);
  assert.equal(runDoctor(layout).state, 'consistent: no interrupted command left anything half done');
  assert.deepEqual(tornFiles(dir, quarantined), []);
  if (server) {
    c.mlflow!.verify(dir, server);
    await server.stop();
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-import`, { recursive: true, force: true });
}

/** The two halves (the two test files): together every case, once. */
export const EXPERIMENT_CASES = ['train', 'train --force', 'archive', 'archive --restore', 'cleanup --apply', 'promote', 'rollback'] as const;
export const WEEKLY_CASES = ['evaluate', 'predict', 'score', 'monitor', 'validate', 'week', 'data import', 'mlflow sync', 'data demo'] as const;
{
  const halves = [...EXPERIMENT_CASES, ...WEEKLY_CASES].sort();
  const all = CASES.map((c) => c.name).sort();
  if (JSON.stringify(halves) !== JSON.stringify(all)) throw new Error(`fault matrix: the two test files must run every case once (${halves.join(', ')} vs ${all.join(', ')})`);
}

export const PAIRS = CASES.reduce((n, c) => n + c.steps.length, 0);
