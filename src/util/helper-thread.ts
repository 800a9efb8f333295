// One long-lived helper thread per process for synchronous code that wants a second core
// (GBDT histograms, ridge's Gram matrix): the caller posts a task, then works on its own half
// and blocks on a SharedArrayBuffer flag until the helper is done. Started on first use, then
// reused; unref'd so it never keeps the process alive.
import type { Worker } from 'node:worker_threads';
import { spawnTaskWorker } from './pool.ts';

let helper: Worker | null = null;
let broken = false;

/** Post fn(arg) from `module` (a URL string) to the helper; false when no helper is available. */
export function postToHelper(module: string, fn: string, arg: unknown): boolean {
  if (broken) return false;
  try {
    if (!helper) {
      helper = spawnTaskWorker();
      helper.unref();
      helper.on('error', () => {
        broken = true;
        helper = null;
      });
    }
    helper.postMessage({ id: 0, module, fn, arg });
    return true;
  } catch {
    broken = true;
    return false;
  }
}

/** Whether the helper thread has been started (so a hand-off costs no start-up). */
export function helperRunning(): boolean {
  return helper !== null && !broken;
}

/** Mark the helper unusable (after it failed to answer); callers fall back to one thread. */
export function abandonHelper(): void {
  broken = true;
  void helper?.terminate();
  helper = null;
}

/** Block until until(flags[index]) holds; throws after timeoutMs. */
export function waitForFlag(flags: Int32Array, index: number, until: (v: number) => boolean, what: string, timeoutMs = 60_000): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = Atomics.load(flags, index);
    if (until(v)) return;
    const left = deadline - Date.now();
    if (left <= 0) {
      abandonHelper();
      throw new Error(`helper thread did not answer (${what})`);
    }
    Atomics.wait(flags, index, v, Math.min(left, 1000));
  }
}

/** Set flags[index] = value and wake waiters. */
export function signalFlag(flags: Int32Array, index: number, value: number): void {
  Atomics.store(flags, index, value);
  Atomics.notify(flags, index);
}
