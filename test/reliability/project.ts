// The project the reliability suites start from, and where their copies live.
//
// The project (five demo seasons, two trained experiments, a champion, live weeks 1–2 run and
// revealed, week 3 validated) is built once per test run through the run's shared project cache
// (test/helpers/project-cache.ts: the reliability files wait for one build) by the compiled CLI
// called in this process (test/helpers/cli-in-process.ts): building it is not what is tested, and a
// dozen process starts and module loads cost more than the work. Every case then copies it.
//
// Copies live on a memory filesystem (/dev/shm) when there is one with room: what these suites
// test is a process killed with SIGKILL, after which the page cache is intact whether or not a
// file was fsynced, so an fsync that returns at once changes nothing they check and saves the
// ≈10 ms each of the thousands of fsyncs the killed commands and the reruns make on a disk.
// EDGELAB_RELIABILITY_TMP=DIR puts them elsewhere.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedProject, copyProject } from '../helpers/project-cache.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';
import { liveChampionProject } from '../helpers/demo-projects.ts';
import { SMALL, STEPS, cli, type Ran } from '../support/fault-project.ts';
import { copyKnown } from './tree-state.ts';

/**
 * The trains the cases kill or race (a new id, or a retrain): the project's training overrides
 * (the fewest seasons a train accepts: one development season, its burn-in and training season
 * before it) with the smallest feature set, the spread market alone, the walk-forward in the
 * command's own thread and the league narrowed to the games between teams of two of the demo's
 * ten conferences (`data.fbs_only`, the selection college projects use for FBS: 28 of 130 teams,
 * ≈ a fifth of the games). What those cases check is the train's writing — the experiment
 * directory, the bundle, the MLflow run, the index row, the archive of a retrain, the lock and
 * the id check between two trains — which is the same code, writing the same files, for any
 * features, markets and number of games; the richer features, the second market, the worker
 * threads and the other games only added seconds of computing before the first write (a warm
 * train in process ≈ 1.0–1.5 s of CPU → 0.8–1.0 s with the narrower league), and no assertion
 * depends on them.
 */
export const TRAIN = [...SMALL, 'features=minimal', 'markets=[spread]', 'evaluation.workers=1', 'data.fbs_only=true', 'data.fbs_conferences=[Atlantic Coast,Big Plains]'];

/**
 * The environment of every command these suites run as a process. The matrix runs three such
 * processes at a time and the races two or three, on a 2-core machine: each gets the share of
 * the cores a parent hands children it runs side by side (EDGELAB_CORES, src/util/cores.ts), so
 * a train starts one plot helper thread (one load of vega, vega-lite and resvg) instead of two.
 * Thread counts change no result and no file, only how busy the machine is.
 */
const SIDE_BY_SIDE: Record<string, string> = { EDGELAB_CORES: '1' };

/** `edgelab ARGS` on the project `dir` as a process of its own (the compiled CLI), with its share of the cores and `env`. */
export function cliProcess(dir: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return cli(dir, args, { ...SIDE_BY_SIDE, ...env });
}

const MEMORY_FS = '/dev/shm';
const ROOM = 1 << 30;

function scratchParent(): string {
  const own = process.env.EDGELAB_RELIABILITY_TMP;
  if (own) return own;
  try {
    const s = statfsSync(MEMORY_FS);
    if (s.bavail * s.bsize >= ROOM) return MEMORY_FS;
  } catch {
    // no memory filesystem here
  }
  return tmpdir();
}

let scratchDir: string | null = null;
/** This process's scratch directory (removed when the process exits). */
export function scratch(): string {
  if (!scratchDir) {
    const parent = scratchParent();
    mkdirSync(parent, { recursive: true });
    const dir = mkdtempSync(join(parent, 'edgelab-reliability-'));
    scratchDir = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratchDir;
}

/**
 * `edgelab ARGS` on the project `dir`, in this process: exit code and stderr. With one core's
 * share too (SIDE_BY_SIDE): these commands run while other cases' processes keep the cores busy,
 * and the plot helpers a process starts are fixed by its first command (one load of vega and
 * resvg per helper), whether that is the project's build or a rerun.
 */
export async function cliHere(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; err: string }> {
  const r = await cliInProcess(['--project', dir, ...args], { env: { ...SIDE_BY_SIDE, ...env } });
  return { code: r.code, err: r.stderr };
}

/** STEPS after what the live-champion project already did (init, data demo, train v2-001, promote v2-001). */
const LIVE_CHAMPION_STEPS = [STEPS[0], STEPS[1], STEPS[2], ['promote', 'v2-001']].map((a) => a!.join(' '));
/**
 * The second experiment, v2-002, is trained like the trains the cases kill (TRAIN: the minimal
 * features, the spread market, two conferences) instead of STEPS' SMALL alone: ≈ 1.2 s less CPU
 * for the project's one build (≈ 2.2 vs 3.4 s as a process). What the suites do with v2-002 —
 * archive and restore it (moving its directories and MLflow run), promote it with --force (no
 * gates), roll back from it, retrain it with --force (with TRAIN, as before) — writes the same
 * files whatever features, markets and games it was fitted on, and no assertion reads its numbers.
 */
const V2_002 = ['train', 'experiment=v2-002', ...SMALL, '--quiet'].join(' ');
const AFTER_LIVE_CHAMPION = STEPS.filter((a) => !LIVE_CHAMPION_STEPS.includes(a.join(' '))).map((a) => (a.join(' ') === V2_002 ? ['train', 'experiment=v2-002', ...TRAIN, '--quiet'] : a));
if (!STEPS.some((a) => a.join(' ') === V2_002)) throw new Error(`reliability project: STEPS no longer trains v2-002 as ${V2_002}`);

/** The prepared project (a template: never change it, copy it with `projectCopy`). */
export function reliabilityProject(): Promise<string> {
  return cachedProject('reliability-project', async (into) => {
    // Built on the scratch filesystem, then copied into the cache (with its paths made the cache's).
    const dir = join(mkdtempSync(join(scratch(), 'build-')), 'project');
    // Its first steps (init, the league revealed to week 0, v2-001 trained and promoted) are the
    // live-champion project that end-to-end files start from (test/helpers/demo-projects.ts), built
    // once per run for all of them: copied, then the rest of STEPS. v2-002 is trained after the
    // promotion instead of before it: a train does not look at the champion (only `--force` asks
    // whether the id was ever promoted), so the tree is the same apart from the order of index and
    // decision-log rows.
    // When this file is the first to need it, it is built here with one core's share like the
    // rest (SIDE_BY_SIDE, below): no fold workers kept in this process for nothing; same results.
    const cores = process.env.EDGELAB_CORES;
    process.env.EDGELAB_CORES = SIDE_BY_SIDE.EDGELAB_CORES;
    try {
      copyProject(await liveChampionProject(), dir);
    } finally {
      if (cores === undefined) delete process.env.EDGELAB_CORES;
      else process.env.EDGELAB_CORES = cores;
    }
    // With one core's share like the processes (SIDE_BY_SIDE): the trains' walk-forward runs in
    // this thread instead of starting worker threads (each loading the models' modules) that this
    // process would keep for nothing; the results and the recorded configuration are the same.
    for (const args of AFTER_LIVE_CHAMPION) {
      const r = await cliHere(dir, args, SIDE_BY_SIDE);
      if (r.code !== 0) throw new Error(`preparing the reliability project: edgelab ${args.join(' ')} failed (${r.code}): ${r.err}`);
    }
    rmSync(into, { recursive: true, force: true });
    copyProject(dir, into);
    rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * The prepared project with `change` made to it (in this process), built once per test run like
 * the project itself: the starting state that several cases share (an archived experiment for
 * every kill of a restore, a second promotion for every kill of a rollback), made once and
 * copied, not made again on every copy.
 */
export async function preparedWith(key: string, change: (dir: string) => Promise<void>): Promise<string> {
  const base = await reliabilityProject();
  return cachedProject(`reliability-project-${key}`, async (into) => {
    rmSync(into, { recursive: true, force: true });
    copyProject(base, into);
    await change(into);
  });
}

let copies = 0;
/** A fresh copy of the prepared project on the scratch filesystem (`name` labels it), with its tree hashes. */
export function projectCopyHashed(template: string, name: string): { dir: string; hashes: Map<string, string> } {
  const dir = join(scratch(), `${name}-${++copies}`);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  return { dir, hashes: copyKnown(template, dir) };
}

/** A fresh copy of the prepared project on the scratch filesystem; `name` labels it. */
export function projectCopy(template: string, name: string): string {
  return projectCopyHashed(template, name).dir;
}

/** Tree hashes and torn files (test/reliability/tree-state.ts: a file unchanged since it was read, or copied unchanged, is not read again). */
export { holds, removeTree, stateDifferences, treeDifferences, treeFiles, treeHashes, treeState, tornFiles, type TreeFile } from './tree-state.ts';
