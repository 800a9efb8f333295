// A small worker_threads pool for CPU-bound work (fitting walk-forward folds, bootstraps):
// run fn(arg) for every arg on up to `workers` threads; results come back in task order, so
// they are identical whatever the worker count as long as fn is pure. Workers are kept for the
// next call (see `acquire`). Workers run compiled
// JavaScript, or load TypeScript task modules through tsx when the parent runs from sources
// (pool-worker.mjs decides by the module's extension).
import { cores } from './cores.ts';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from './errors.ts';

export interface PoolOptions {
  /** Module exporting `fn`: an absolute path, a file: URL, or `import.meta.url`-relative URL. */
  module: string | URL;
  /** Name of the exported function; called as fn(arg), may return a promise. */
  fn: string;
  /** Threads to use (default: available cores, at most one per task). ≤ 1 runs in this thread. */
  workers?: number;
}

interface WorkerError {
  name: string;
  message: string;
  stack?: string;
  exitCode?: 1 | 2;
}

function moduleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^[a-z]+:/i.test(module)) return module;
  if (!isAbsolute(module)) throw new Error(`pool: module path must be absolute or a URL (got ${module})`);
  return pathToFileURL(module).href;
}

function rebuildError(e: WorkerError, task: number): Error {
  const msg = e.message;
  const err = e.exitCode !== undefined ? new UserError(msg, e.exitCode) : new Error(`pool task ${task}: ${msg}`);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** Default worker count: the cores this process may use (util/cores.ts; the machine's 2 here), never more than tasks. */
export function defaultWorkers(tasks: number): number {
  return Math.max(1, Math.min(cores(), tasks));
}

/**
 * A bare worker running the pool's bootstrap (pool-worker.mjs): post it
 * `{ id, module, fn, arg }` and it answers `{ id, ok, result | error }`. For long-lived helpers
 * (e.g. GBDT's histogram thread); the caller terminates or unrefs it.
 */
export function spawnTaskWorker(): Worker {
  // execArgv [] : the bootstrap registers tsx itself when a task module is TypeScript;
  // inheriting `--import tsx` would register it twice.
  return new Worker(new URL('./pool-worker.mjs', import.meta.url), { execArgv: [] });
}

// Workers are kept between calls (idle ones unref'd, so they never hold the process open): a
// worker's start-up — loading the task module, through tsx when running from sources — costs
// ≈ 0.1–1 s, far more than a walk-forward fold of ridge, and a kept worker pays it once.
// Calls running at the same time (two trainings of the demo overlapping) share the kept workers:
// a call takes an idle worker, starts a new one while fewer than its thread count are alive, or
// waits for one that another call gives back; a worker is given back as soon as its call has no
// task left for it and another call waits. So overlapping calls never start cold workers beyond
// one per core.
const idle: Worker[] = [];
let alive = 0;
const waiting: { limit: number; take: (w: Worker) => void }[] = [];
// What a call attached to a worker it uses, removed when the worker is given back.
const detach = new Map<Worker, () => void>();

/** An idle kept worker, a new one (while fewer than `limit` are alive), or null. */
function tryAcquire(limit: number): Worker | null {
  const kept = idle.pop();
  if (kept) {
    kept.ref();
    return kept;
  }
  if (alive >= limit) return null;
  alive++;
  const w = spawnTaskWorker();
  w.on('exit', () => {
    alive--;
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
    wakeWaiters();
  });
  return w;
}

/** Hand idle or newly allowed workers to the calls that wait, oldest first. */
function wakeWaiters(): void {
  while (waiting.length > 0) {
    const w = tryAcquire(waiting[0]!.limit);
    if (!w) return;
    waiting.shift()!.take(w);
  }
}

/** To a call that waits for a worker, else back to the idle set (at most one per core; the rest end). */
function release(w: Worker): void {
  detach.get(w)?.();
  detach.delete(w);
  const waiter = waiting.shift();
  if (waiter) return waiter.take(w);
  if (idle.length < cores()) {
    w.unref();
    idle.push(w);
  } else void w.terminate();
}

/** End the kept idle workers (tests; a long-lived process that is done with fitting). */
export async function closePool(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}

/**
 * What the calling thread does during a pool call of n threads (n ≥ 2):
 * - 'waits' (the default): the n threads are workers; this thread only waits for them.
 * - 'helps': this thread is one of the n — n − 1 workers, and it runs tasks itself whenever it
 *   would otherwise wait. One isolate fewer loads the task module and has V8 compile its code
 *   (a fold worker's start-up and compiles cost about as much CPU as its first folds), for a
 *   caller with nothing else to do meanwhile (a training's folds). Its event loop is blocked
 *   while it runs a task, so each worker is kept two tasks ahead.
 * - 'busy': this thread is one of the n but has its own work (the demo's live season beside the
 *   test look's folds): n − 1 workers, none of the tasks here.
 * Results are the same in every mode (tasks are pure, results in task order).
 */
export type CallerMode = 'waits' | 'helps' | 'busy';
let callerMode: CallerMode = 'waits';

/** Set what the calling thread does in pool calls made from now on; returns the mode before. */
export function setCallerMode(mode: CallerMode): CallerMode {
  const before = callerMode;
  callerMode = mode;
  return before;
}

/** `fn()` with pool calls made in caller mode `mode` (the mode before is back when it settles). */
export async function withCallerMode<T>(mode: CallerMode, fn: () => Promise<T>): Promise<T> {
  const before = setCallerMode(mode);
  try {
    return await fn();
  } finally {
    setCallerMode(before);
  }
}

/** The workers a pool call of `threads` threads uses in the current caller mode. */
export function workerThreads(threads: number): number {
  return threads <= 1 ? 0 : callerMode === 'waits' ? threads : threads - 1;
}

/** The task function, loaded in this thread. */
async function localFn<A, R>(url: string, name: string): Promise<(a: A) => R | Promise<R>> {
  const mod = (await import(url)) as Record<string, unknown>;
  const fn = mod[name];
  if (typeof fn !== 'function') throw new Error(`pool: module ${url} has no exported function '${name}'`);
  return fn as (a: A) => R | Promise<R>;
}

export async function runPool<A, R>(args: readonly A[], options: PoolOptions): Promise<R[]> {
  const url = moduleUrl(options.module);
  const threads = Math.min(options.workers ?? defaultWorkers(args.length), args.length);
  // Read when the call is made: a mode set later applies to later calls only.
  const helps = threads > 1 && callerMode === 'helps';
  const nWorkers = workerThreads(threads);
  if (args.length === 0) return [];
  if (nWorkers === 0) {
    const fn = await localFn<A, R>(url, options.fn);
    const out: R[] = [];
    for (const a of args) out.push((await fn(a)) as R);
    return out;
  }
  const results = new Array<R>(args.length);
  const mine = new Set<Worker>(); // workers this call holds (given back as they run out of tasks)
  const waits: { limit: number; take: (w: Worker) => void }[] = [];
  let next = 0;
  let failed = false;
  const limit = Math.max(cores(), nWorkers);
  // This thread's share of a helping call: the next task whenever it is free, the event loop
  // turned between tasks (workers' answers handled, their next tasks posted).
  const runHere = async (finished: () => void, fail: (e: Error) => void) => {
    try {
      const fn = await localFn<A, R>(url, options.fn);
      while (!failed && next < args.length) {
        const id = next++;
        try {
          results[id] = (await fn(args[id]!)) as R;
        } catch (e) {
          // As a worker's error would come back (a UserError keeps its class and exit code).
          const err = e instanceof Error ? e : new Error(String(e));
          return fail(rebuildError({ name: err.name, message: err.message, stack: err.stack, exitCode: (err as UserError).exitCode }, id));
        }
        finished();
        await new Promise((r) => setImmediate(r));
      }
    } catch (e) {
      fail(e as Error);
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      const fail = (e: Error) => {
        if (!failed) {
          failed = true;
          reject(e);
        }
      };
      const finished = () => {
        if (++done === args.length) resolve();
      };
      // Tasks posted to each worker and not yet answered: while this thread runs a task it cannot
      // hand a worker its next one, so a helping call keeps each worker two tasks ahead.
      const inFlight = new Map<Worker, number>();
      const ahead = helps ? 2 : 1;
      // A worker out of tasks goes early only to a call that waits for one; otherwise the call
      // keeps it to the end, so that after a failure every worker it used is ended, not reused.
      const giveBack = (w: Worker) => {
        if (waiting.length === 0 || inFlight.get(w)! > 0) return;
        mine.delete(w);
        release(w);
      };
      const feed = (w: Worker) => {
        if (failed) return;
        if (next >= args.length) return giveBack(w);
        while (next < args.length && inFlight.get(w)! < ahead) {
          const id = next++;
          inFlight.set(w, inFlight.get(w)! + 1);
          w.postMessage({ id, module: url, fn: options.fn, arg: args[id] });
        }
      };
      const take = (w: Worker) => {
        if (failed || next >= args.length) return release(w);
        mine.add(w);
        inFlight.set(w, 0);
        const onMessage = (msg: { id: number; ok: boolean; result?: R; error?: WorkerError }) => {
          if (failed) return;
          inFlight.set(w, inFlight.get(w)! - 1);
          if (!msg.ok) return fail(rebuildError(msg.error!, msg.id));
          results[msg.id] = msg.result as R;
          finished();
          feed(w);
        };
        const onExit = (code: number) => fail(new Error(`pool: worker exited with code ${code}`));
        w.on('message', onMessage).on('error', fail).on('exit', onExit);
        detach.set(w, () => w.off('message', onMessage).off('error', fail).off('exit', onExit));
        feed(w);
      };
      for (let k = 0; k < nWorkers; k++) {
        const w = tryAcquire(limit);
        if (w) take(w);
        else {
          const wait = { limit, take };
          waits.push(wait);
          waiting.push(wait);
        }
      }
      if (helps) void runHere(finished, fail);
    });
  } finally {
    // Requests still waiting when the call ends are withdrawn.
    for (const wait of waits) if (waiting.includes(wait)) waiting.splice(waiting.indexOf(wait), 1);
    // After a failure the other workers may still be busy with this call's tasks: end them.
    if (failed) await Promise.all([...mine].map((w) => (detach.delete(w), w.terminate())));
    else [...mine].forEach(release);
  }
  return results;
}
