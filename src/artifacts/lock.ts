// An exclusive lock file for commands that change the artifacts tree or allocate ids.
//
// The lock records who holds it: host, PID, the process's start time (Linux: field 22 of
// /proc/PID/stat, plus the boot id) and the command. A lock is stale — and is taken over — when
//   - its holder ran on this host and boot, and that PID is dead or now belongs to a process that
//     started at another time (a reused PID is not mistaken for the owner);
//   - its holder ran on another host (a shared filesystem) or before a reboot: local PIDs say
//     nothing about it, so it expires only when its heartbeat (the file's mtime, refreshed while
//     held) is older than EDGELAB_LOCK_EXPIRE_MS (default 10 minutes);
//   - it holds no record (the holder died between creating and writing it) and is 10 s old.
// Re-entrancy follows the async call chain (AsyncLocalStorage), not the process: a workflow that
// holds the lock may call helpers that take it again, but two independent tasks of one process
// (two dashboard requests, say) still exclude each other.
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../util/errors.ts';

export interface LockRecord {
  host: string;
  pid: number;
  /** Process start time in clock ticks since boot (Linux); null where unknown. */
  start: number | null;
  /** Kernel boot id (Linux); null where unknown. */
  boot: string | null;
  /** What the holder runs (for the waiter's message). */
  cmd: string;
  at: string;
  token: string;
}

export class LockTimeoutError extends UserError {
  constructor(public readonly file: string, public readonly holder: string) {
    super(`${file} is busy: another edgelab command holds the lock (${holder || 'holder unknown'}); try again when it has finished`);
    this.name = 'LockTimeoutError';
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

/** Start time of `pid` in clock ticks since boot (Linux /proc); null where /proc is not there. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]); // field 22 overall
    return Number.isFinite(start) ? start : null;
  } catch {
    return null;
  }
}

let bootIdCache: string | null | undefined;
function bootId(): string | null {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache;
}

// This process's start time never changes: read once (every lock taken wrote it anew).
let ownStart: number | null | undefined;

function ownRecord(): LockRecord {
  if (ownStart === undefined) ownStart = processStartTime(process.pid);
  return {
    host: hostname(),
    pid: process.pid,
    start: ownStart,
    boot: bootId(),
    cmd: process.argv.slice(2).join(' ').slice(0, 200),
    at: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
}

/** Parse a lock file's text: a JSON record, or (older edgelab) a bare PID; null when empty/garbled. */
export function parseLockRecord(text: string): LockRecord | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { host: hostname(), pid: Number(t), start: null, boot: null, cmd: '', at: '', token: t };
  try {
    const r = JSON.parse(t) as Partial<LockRecord>;
    if (typeof r.host === 'string' && typeof r.pid === 'number') {
      return { host: r.host, pid: r.pid, start: r.start ?? null, boot: r.boot ?? null, cmd: r.cmd ?? '', at: r.at ?? '', token: r.token ?? '' };
    }
  } catch {
    // garbled: judged like an empty lock, by age
  }
  return null;
}

/** A record-less holder (died between open and write) is stale after this long. */
const EMPTY_STALE_MS = 10_000;
/** The holder refreshes its lock's mtime this often (async holders). */
const HEARTBEAT_MS = 30_000;
function foreignExpiryMs(): number {
  const v = Number(process.env.EDGELAB_LOCK_EXPIRE_MS);
  return Number.isFinite(v) && v > 0 ? v : 10 * 60_000;
}

export type LockState = { state: 'free' } | { state: 'held' | 'stale'; record: LockRecord | null; why: string };

/** Who holds `file` and whether that holder is still alive (the rules at the top of this file). */
export function inspectLock(file: string): LockState {
  let text: string;
  let mtime: number;
  try {
    text = readFileSync(file, 'utf8');
    mtime = statSync(file).mtimeMs;
  } catch {
    return { state: 'free' };
  }
  const age = Date.now() - mtime;
  const r = parseLockRecord(text);
  if (!r) return age > EMPTY_STALE_MS ? { state: 'stale', record: null, why: `no holder recorded, ${Math.round(age / 1000)} s old` } : { state: 'held', record: null, why: 'being written' };
  const sameBoot = r.host === hostname() && (r.boot === null || bootId() === null || r.boot === bootId());
  if (!sameBoot) {
    const expiry = foreignExpiryMs();
    return age > expiry
      ? { state: 'stale', record: r, why: `held from ${r.host === hostname() ? 'before a reboot' : `host ${r.host}`}, no heartbeat for ${Math.round(age / 1000)} s` }
      : { state: 'held', record: r, why: `held from ${r.host === hostname() ? 'before a reboot' : `host ${r.host}`}; expires after ${Math.round(expiry / 1000)} s without a heartbeat` };
  }
  if (!pidAlive(r.pid)) return { state: 'stale', record: r, why: `process ${r.pid} is gone` };
  if (r.start !== null) {
    const now = processStartTime(r.pid);
    if (now !== null && now !== r.start) return { state: 'stale', record: r, why: `PID ${r.pid} now belongs to another process (started at tick ${now}, the holder at ${r.start})` };
  }
  return { state: 'held', record: r, why: 'holder alive' };
}

export function describeHolder(r: LockRecord | null): string {
  if (!r) return 'holder unknown';
  return `${r.cmd ? `\`edgelab ${r.cmd}\`, ` : ''}PID ${r.pid} on ${r.host}${r.at ? ` since ${r.at}` : ''}`;
}

function tryAcquire(file: string, rec: LockRecord): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (inspectLock(file).state === 'stale') removeIfStale(file);
    return false;
  }
  try {
    writeSync(fd, JSON.stringify(rec) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Remove `file` if its holder is dead. Two waiters can see the same dead holder; if both simply
 * removed the file, the slower one could remove the lock the faster one had just taken. So the
 * removal happens under a short-lived guard file and re-judges the holder first.
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
    if (inspectLock(file).state === 'stale') rmSync(file, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}

/** Remove the lock only if it is still ours (a holder judged stale may have lost it meanwhile). */
function release(file: string, rec: LockRecord): void {
  try {
    if (parseLockRecord(readFileSync(file, 'utf8'))?.token === rec.token) rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

const sleepBuf = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepBuf, 0, 0, ms);
}

// Locks held by the current async call chain (re-entrancy), and by the process as a whole.
const context = new AsyncLocalStorage<ReadonlySet<string>>();
const processHeld = new Map<string, number>();

/**
 * One attempt to take the lock: true when taken; otherwise the delay to wait before the next
 * attempt (exponential with jitter), or a LockTimeoutError once `timeoutMs` has passed.
 */
function attempt(file: string, rec: LockRecord, start: number, timeoutMs: number, tries: number): true | number {
  if (tryAcquire(file, rec)) return true;
  if (Date.now() - start > timeoutMs) {
    const s = inspectLock(file);
    throw new LockTimeoutError(file, s.state === 'free' ? '' : describeHolder(s.record));
  }
  const delay = Math.min(2 * 2 ** tries, 50);
  return delay + Math.random() * delay;
}

function enter<T>(file: string, fn: () => T): T {
  processHeld.set(file, (processHeld.get(file) ?? 0) + 1);
  return context.run(new Set([...(context.getStore() ?? []), file]), fn);
}

function leave(file: string, rec: LockRecord): void {
  const n = (processHeld.get(file) ?? 1) - 1;
  if (n <= 0) processHeld.delete(file);
  else processHeld.set(file, n);
  release(file, rec);
}

/** Run `fn` while holding the lock `file` (waiting up to `timeoutMs`). Synchronous. */
export function withLockSync<T>(file: string, fn: () => T, timeoutMs = 60_000): T {
  if (context.getStore()?.has(file)) return fn();
  // Waiting synchronously for another task of this very process would block it from ever
  // releasing: say so instead of hanging until the timeout.
  if (processHeld.has(file)) throw new LockTimeoutError(file, `another task of this process, PID ${process.pid}`);
  mkdirSync(dirname(file), { recursive: true });
  const rec = ownRecord();
  const start = Date.now();
  for (let tries = 0, r = attempt(file, rec, start, timeoutMs, 0); r !== true; r = attempt(file, rec, start, timeoutMs, ++tries)) sleepSync(r);
  try {
    return enter(file, fn);
  } finally {
    leave(file, rec);
  }
}

/** Async variant: waits without blocking the event loop, and keeps a heartbeat while held. */
export async function withLock<T>(file: string, fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
  if (context.getStore()?.has(file)) return await fn();
  mkdirSync(dirname(file), { recursive: true });
  const rec = ownRecord();
  const start = Date.now();
  for (let tries = 0, r = attempt(file, rec, start, timeoutMs, 0); r !== true; r = attempt(file, rec, start, timeoutMs, ++tries)) {
    const ms = r;
    await new Promise((res) => setTimeout(res, ms));
  }
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // lost the file: release() will notice it is not ours
    }
  }, HEARTBEAT_MS);
  beat.unref();
  try {
    return await enter(file, fn);
  } finally {
    clearInterval(beat);
    leave(file, rec);
  }
}
