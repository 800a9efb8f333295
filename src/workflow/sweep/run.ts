// `edgelab sweep`: plan the configurations, evaluate each on the development seasons (in this
// process, in worker processes, or one shard of the plan for a batch engine's array job), keep
// every result in experiments/sweeps/<sweep id>/ and as a child run of one parent MLflow run,
// and report with White's Reality Check. The sweep id is a fingerprint of the plan, the baseline
// and the development data, so every shard of one sweep — on any machine — agrees on it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sweepFile, sweepResultFile, SWEEP_FILES, type Layout } from '../../artifacts/layout.ts';
import { writeJsonAtomic } from '../../artifacts/atomic.ts';
import { parseOverride } from '../../config/overrides.ts';
import { planSweep, resolveShard, shardConfigurations, type SweepPlan } from '../../config/sweep.ts';
import { datasetFingerprint } from '../../data/warehouse/tables.ts';
import { UsageError, UserError } from '../../util/errors.ts';
import type { Progress } from '../../util/progress.ts';
import { fingerprint } from '../../util/hash.ts';
import { join } from 'node:path';
import { leaguePlan } from '../train/train.ts';
import { loadDataset } from '../train/dataset.ts';
import { lockedRoles } from '../season-lock.ts';
import { readChampion } from '../../artifacts/champion.ts';
import { composeConfiguration, evaluateConfiguration, refuseSeasonKeys, sweepContext, type ConfigurationResult, type SweepContext } from './configuration.ts';
import { logChildRun, openParentRun } from './tracking.ts';
import { CORES_ENV, coresPerProcess } from '../../util/cores.ts';

export interface SweepOptions {
  layout: Layout;
  /** Fixed and swept overrides as given on the command line. */
  args: string[];
  trials?: number;
  seed?: number;
  /** Worker processes on this machine (ignored with a shard). */
  workers?: number;
  /** `I/N`: run one slice of the plan (else JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID). */
  shard?: string;
  /** The experiment every configuration is compared with (default: the swept experiment itself). */
  baseline?: string;
  progress: Progress;
  /** How to start a worker process: the CLI's entry script and node's options. */
  entry?: { script: string; execArgv: string[] };
  /** Internal: the parent run a worker's child runs hang under. */
  parentRunId?: string;
}

/** The sweep's plan file: what a shard or `collect` needs to know without the command line. */
export interface SweepPlanFile {
  sweep_id: string;
  created_at: string;
  args: string[];
  trials: number | null;
  seed: number;
  baseline: string;
  /** The swept experiment's phase and the market its promotion tests are judged on. */
  phase: number;
  market: string;
  mode: SweepPlan['mode'];
  fixed: string[];
  configurations: { index: number; overrides: string[]; values: Record<string, unknown> }[];
  dev_seasons: number[];
  test_season: number;
  data_fingerprint: string;
  weeks: string[];
  parent_run_id?: string;
}

export interface SweepOutcome {
  plan: SweepPlanFile;
  dir: string;
  /** Indices this process (or its workers) evaluated now. */
  evaluated: number[];
  /** Indices whose result already existed. */
  skipped: number[];
  shard: { index: number; count: number };
  complete: boolean;
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new UserError(`${path} is unreadable (${(e as Error).message}); remove it to evaluate that configuration again`);
  }
}

export function existingResults(dir: string): Set<number> {
  const d = join(dir, SWEEP_FILES.results);
  if (!existsSync(d)) return new Set();
  return new Set(
    readdirSync(d)
      .map((f) => /^(\d{4,})\.json$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number),
  );
}

/** Prepare (or reopen) a sweep: plan, development data, the baseline's experiment id. */
export async function prepareSweep(o: SweepOptions): Promise<{ plan: SweepPlanFile; ctx: SweepContext }> {
  const plan = planSweep(o.args, { trials: o.trials, seed: o.seed });
  refuseSeasonKeys(
    plan.dimensions.map((d) => d.key),
    plan.fixed.map((f) => parseOverride(f).key),
  );
  const base = composeConfiguration(o.layout, plan.fixed, []);
  // Compared with what a winner would have to beat: the champion, else the swept experiment.
  const baseline = o.baseline ?? readChampion(o.layout).current?.id ?? base.experiment!.id;
  const data = await loadDataset(o.layout, base);
  if (data.games.length === 0) throw new UserError('the warehouse has no games: load data first (edgelab data demo, or edgelab data import …)');
  // The project's pinned seasons (pinned now if this is the first command that needs them).
  const roles = lockedRoles(o.layout, data.games, base.evaluation, 'sweep', { training: true, planDev: (r) => leaguePlan(r, base) });
  if (roles.dev.length === 0) throw new UserError(`no development season before the test season ${roles.test}; load more seasons`);
  // The test season is cut once, here; the id and every configuration use the same cut data.
  const ctx = sweepContext({ layout: o.layout, sweepId: '', fixed: plan.fixed, data, testSeason: roles.test, devSeasons: roles.dev, progress: o.progress });
  const dev = ctx.data;
  const dataFingerprint = datasetFingerprint({ games: dev.games as never, lines: dev.lines as never, teamGames: dev.teamGames as never });
  const sweepId = `sw-${fingerprint({ fixed: plan.fixed, configurations: plan.configurations.map((c) => c.overrides), mode: plan.mode, seed: plan.seed, trials: o.trials ?? null, baseline, data: dataFingerprint, dev: roles.dev })}`;
  const dir = o.layout.sweepDir(sweepId);
  const planFile: SweepPlanFile = {
    sweep_id: sweepId,
    created_at: new Date().toISOString(),
    args: o.args,
    trials: o.trials ?? null,
    seed: plan.seed,
    baseline,
    phase: base.experiment!.phase,
    market: base.gates.market,
    mode: plan.mode,
    fixed: plan.fixed,
    configurations: plan.configurations,
    dev_seasons: roles.dev,
    test_season: roles.test,
    data_fingerprint: dataFingerprint,
    weeks: ctx.weeks,
  };
  ctx.sweepId = sweepId;
  const file = sweepFile(dir, 'plan');
  if (existsSync(file)) {
    const old = readJson<SweepPlanFile>(file);
    planFile.created_at = old.created_at;
    planFile.parent_run_id = old.parent_run_id;
  } else {
    mkdirSync(dir, { recursive: true });
    writeJsonAtomic(file, planFile);
  }
  return { plan: planFile, ctx };
}

/** The baseline: its experiment's configuration on the same development data. */
export async function ensureBaseline(ctx: SweepContext, plan: SweepPlanFile): Promise<ConfigurationResult> {
  const file = sweepFile(ctx.layout.sweepDir(plan.sweep_id), 'baseline');
  if (existsSync(file)) return readJson<ConfigurationResult>(file);
  ctx.progress.log(`baseline ${plan.baseline}: walk-forward over ${plan.dev_seasons.join(', ')}`);
  const res = await evaluateConfiguration({ ...ctx, fixed: [`experiment=${plan.baseline}`] }, -1, [], {});
  writeJsonAtomic(file, res);
  return res;
}

async function evaluateSlice(ctx: SweepContext, plan: SweepPlanFile, indices: number[], parentRunId: string | undefined, progress: Progress): Promise<void> {
  const dir = ctx.layout.sweepDir(plan.sweep_id);
  for (const i of indices) {
    const c = plan.configurations[i]!;
    const res = await evaluateConfiguration({ ...ctx, progress: quiet(progress) }, c.index, c.overrides, c.values);
    if (parentRunId) res.mlflow_run_id = await logChildRun(ctx.layout, plan, res, parentRunId);
    mkdirSync(dirname(sweepResultFile(dir, i)), { recursive: true });
    writeJsonAtomic(sweepResultFile(dir, i), res);
    progress.tick(1, `#${i} ${c.overrides.join(' ')}`);
  }
}

/** The configurations' own progress bars would fight the sweep's: pass on log lines only. */
function quiet(p: Progress): Progress {
  return { start() {}, tick() {}, stop() {}, log: (m) => p.log(m) };
}

export async function runSweep(o: SweepOptions): Promise<SweepOutcome> {
  const { plan, ctx } = await prepareSweep(o);
  const dir = o.layout.sweepDir(plan.sweep_id);
  const shard = resolveShard(o.shard);
  const mine = shardConfigurations({ configurations: plan.configurations } as SweepPlan, shard).map((c) => c.index);
  const done = existingResults(dir);
  const todo = mine.filter((i) => !done.has(i));
  const skipped = mine.filter((i) => done.has(i));
  let parentRunId = o.parentRunId ?? plan.parent_run_id;
  if (!parentRunId) {
    parentRunId = await openParentRun(o.layout, plan);
    plan.parent_run_id = parentRunId;
    writeJsonAtomic(sweepFile(dir, 'plan'), plan);
  }
  // One baseline per sweep: shard 0 (or this process) evaluates it, `collect` if no shard 0 did.
  if (shard.index === 0) await ensureBaseline(ctx, plan);
  const workers = Math.max(1, Math.min(o.workers ?? 1, todo.length));
  o.progress.start(todo.length, `sweep ${plan.sweep_id}: ${todo.length} configuration(s)${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}`);
  if (workers > 1 && shard.count === 1 && o.entry) {
    await runWorkers(o, plan, todo, workers, parentRunId);
  } else {
    await evaluateSlice(ctx, plan, todo, parentRunId, o.progress);
  }
  o.progress.stop();
  const complete = existingResults(dir).size === plan.configurations.length;
  return { plan, dir, evaluated: todo, skipped, shard, complete };
}

/** Evaluate `todo` in `workers` processes, each a shard of the same plan; progress from the files. */
async function runWorkers(o: SweepOptions, plan: SweepPlanFile, todo: number[], workers: number, parentRunId: string): Promise<void> {
  const dir = o.layout.sweepDir(plan.sweep_id);
  const before = existingResults(dir);
  const children = Array.from({ length: workers }, (_, w) => {
    const args = [...o.entry!.execArgv, o.entry!.script, '--project', o.layout.project, '--artifacts', o.layout.root, 'sweep', ...o.args, '--quiet', '--shard', `${w}/${workers}`, '--parent-run', parentRunId, '--no-report'];
    if (o.trials !== undefined) args.push('--trials', String(o.trials));
    if (o.seed !== undefined) args.push('--seed', String(o.seed));
    if (o.baseline !== undefined) args.push('--baseline', o.baseline);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, JOB_COMPLETION_INDEX: undefined, SLURM_ARRAY_TASK_ID: undefined, [CORES_ENV]: String(coresPerProcess(workers)) } });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    return new Promise<void>((res, rej) =>
      child.on('close', (code) => (code === 0 ? res() : rej(new UserError(`sweep worker ${w}/${workers} failed (exit ${code}): ${err.trim().split('\n').pop() ?? ''}`)))),
    );
  });
  let seen = before.size;
  const timer = setInterval(() => {
    const now = existingResults(dir).size;
    if (now > seen) o.progress.tick(now - seen);
    seen = now;
  }, 500);
  try {
    await Promise.all(children);
  } finally {
    clearInterval(timer);
    const now = existingResults(dir).size;
    if (now > seen) o.progress.tick(now - seen);
  }
  const missing = todo.filter((i) => !existingResults(dir).has(i));
  if (missing.length) throw new UserError(`sweep ${plan.sweep_id}: configurations ${missing.join(', ')} have no result; run the sweep again to finish them`);
}

/** Read a sweep's plan and results from its directory. */
export function readSweep(layout: Layout, sweepId: string): { plan: SweepPlanFile; baseline: ConfigurationResult | null; results: ConfigurationResult[] } {
  const dir = layout.sweepDir(sweepId);
  const file = sweepFile(dir, 'plan');
  if (!existsSync(file)) {
    const known = existsSync(layout.sweepsDir) ? readdirSync(layout.sweepsDir).filter((d) => d.startsWith('sw-')) : [];
    throw new UsageError(`no sweep ${sweepId} in ${layout.sweepsDir}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }
  const plan = readJson<SweepPlanFile>(file);
  const b = sweepFile(dir, 'baseline');
  const baseline = existsSync(b) ? readJson<ConfigurationResult>(b) : null;
  const results = [...existingResults(dir)].sort((x, y) => x - y).map((i) => readJson<ConfigurationResult>(sweepResultFile(dir, i)));
  return { plan, baseline, results };
}
