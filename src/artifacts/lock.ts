// An exclusive lock file for commands that change the artifacts tree or allocate ids. The lock
// holds the owner's pid; a lock whose owner is dead is stale and is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class LockTimeoutError extends Error {
  constructor(public readonly file: string, public readonly holder: string) {
    super(`timed out waiting for lock ${file} (held by ${holder || 'unknown'})`);
  }
}

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryAcquire(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    let holder = '';
    try {
      holder = readFileSync(file, 'utf8').trim();
    } catch {
      return false; // vanished between open and read: retry
    }
    if (holder === '' || !pidAlive(Number(holder))) removeIfStale(file);
    return false;
  }
}

/** A holder that never wrote its pid (died between open and write) is stale after this long. */
const EMPTY_STALE_MS = 10_000;

/**
 * Remove `file` if its holder is dead. Two waiters can see the same dead holder; if both simply
 * removed the file, the slower one could remove the lock the faster one had just taken. So the
 * removal happens under a short-lived guard file and re-reads the holder first.
 */
function removeIfStale(file: string): void {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // The guard is held for microseconds; an old one belongs to a waiter that died holding it.
    try {
      if (Date.now() - statSync(guard).mtimeMs > EMPTY_STALE_MS) rmSync(guard, { force: true });
    } catch {
      // gone already
    }
    return;
  }
  try {
    let holder: string;
    let mtime: number;
    try {
      holder = readFileSync(file, 'utf8').trim();
      mtime = statSync(file).mtimeMs;
    } catch {
      return; // released meanwhile
    }
    const stale = holder === '' ? Date.now() - mtime > EMPTY_STALE_MS : !pidAlive(Number(holder));
    if (stale) rmSync(file, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}

const sleepBuf = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepBuf, 0, 0, ms);
}

// Locks this process holds: taking one again (a workflow holding the tree lock calls a helper
// that takes it too) runs the inner work directly instead of waiting on ourselves forever.
const held = new Set<string>();

/**
 * One attempt to take the lock: true when taken; otherwise the delay to wait before the next
 * attempt (exponential with jitter), or a LockTimeoutError once `timeoutMs` has passed.
 */
function attempt(file: string, start: number, timeoutMs: number, tries: number): true | number {
  if (tryAcquire(file)) return true;
  if (Date.now() - start > timeoutMs) {
    let holder = '';
    try {
      holder = readFileSync(file, 'utf8').trim();
    } catch {}
    throw new LockTimeoutError(file, holder);
  }
  const delay = Math.min(2 * 2 ** tries, 50);
  return delay + Math.random() * delay;
}

/** Run `fn` while holding the lock `file` (waiting up to `timeoutMs`). Synchronous. */
export function withLockSync<T>(file: string, fn: () => T, timeoutMs = 60_000): T {
  if (held.has(file)) return fn();
  mkdirSync(dirname(file), { recursive: true });
  const start = Date.now();
  for (let tries = 0, r = attempt(file, start, timeoutMs, 0); r !== true; r = attempt(file, start, timeoutMs, ++tries)) sleepSync(r);
  held.add(file);
  try {
    return fn();
  } finally {
    held.delete(file);
    rmSync(file, { force: true });
  }
}

/** Async variant: waits without blocking the event loop. */
export async function withLock<T>(file: string, fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
  if (held.has(file)) return await fn();
  mkdirSync(dirname(file), { recursive: true });
  const start = Date.now();
  for (let tries = 0, r = attempt(file, start, timeoutMs, 0); r !== true; r = attempt(file, start, timeoutMs, ++tries)) {
    const ms = r;
    await new Promise((res) => setTimeout(res, ms));
  }
  held.add(file);
  try {
    return await fn();
  } finally {
    held.delete(file);
    rmSync(file, { force: true });
  }
}
