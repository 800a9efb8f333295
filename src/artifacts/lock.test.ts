import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { LockTimeoutError, inspectLock, processStartTime, withLock, withLockSync } from './lock.ts';
import { tempDir } from '../../test/helpers/tmp.ts';
import { runCommand } from '../../test/helpers/spawn.ts';

/**
 * The pid of a process that has exited (so is certainly dead): `node --version`, which exits
 * before starting a script (≈ 0.01 s of CPU, not 0.13), started through the test launcher when
 * this process is big (test/helpers/spawn.ts).
 */
async function deadPid(): Promise<number> {
  return (await runCommand(process.execPath, ['--version'], { env: process.env, cwd: process.cwd() })).pid!;
}

test('withLockSync runs the function, returns its value and releases the lock', () => {
  const lock = join(tempDir(), 'sub', 'x.lock');
  assert.equal(withLockSync(lock, () => (existsSync(lock) ? 'held' : 'not held')), 'held');
  assert.ok(!existsSync(lock));
  assert.throws(() => withLockSync(lock, () => { throw new Error('boom'); }), { message: 'boom' });
  assert.ok(!existsSync(lock), 'released after an exception');
});

test('a stale lock (its owner is dead) is taken over', async () => {
  const dir = tempDir();
  const lock = join(dir, 'x.lock');
  writeFileSync(lock, `${await deadPid()}\n`);
  assert.equal(withLockSync(lock, () => 7, 5_000), 7);
  assert.ok(!existsSync(lock));
  writeFileSync(lock, `${await deadPid()}\n`);
  assert.equal(await withLock(lock, async () => 8, 5_000), 8);
});

test('a lock held by a live process times out with the holder named', async () => {
  const lock = join(tempDir(), 'x.lock');
  writeFileSync(lock, `${process.pid}\n`);
  assert.throws(() => withLockSync(lock, () => 1, 50), (e: unknown) => e instanceof LockTimeoutError && e.holder === `PID ${process.pid} on ${hostname()}` && /is busy: another edgelab command holds the lock/.test(e.message));
  await assert.rejects(withLock(lock, () => 1, 50), LockTimeoutError);
  assert.ok(existsSync(lock), 'a live holder keeps its lock');
});

test('a lock file left empty (holder died before writing its pid) is stale once old', () => {
  const lock = join(tempDir(), 'x.lock');
  writeFileSync(lock, '');
  assert.throws(() => withLockSync(lock, () => 1, 30), LockTimeoutError, 'a fresh empty lock may be a holder still writing');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  assert.equal(withLockSync(lock, () => 2, 5_000), 2);
});

test('a takeover guard left by a dead waiter does not block forever', async () => {
  const dir = tempDir();
  const lock = join(dir, 'x.lock');
  writeFileSync(lock, `${await deadPid()}\n`);
  writeFileSync(lock + '.takeover', '');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock + '.takeover', old, old);
  assert.equal(withLockSync(lock, () => 3, 5_000), 3);
  assert.ok(!existsSync(lock + '.takeover'));
});

const record = (over: Record<string, unknown>) => JSON.stringify({ host: hostname(), pid: process.pid, start: processStartTime(process.pid), boot: null, cmd: 'train', at: '2026-01-01T00:00:00.000Z', token: 't', ...over }) + '\n';

test('the lock records host, PID, start time and command; a live PID with another start time (reused) is stale', () => {
  const lock = join(tempDir(), 'x.lock');
  const seen = withLockSync(lock, () => {
    const r = JSON.parse(readFileSync(lock, 'utf8'));
    return [r.host, r.pid, r.start === processStartTime(process.pid), typeof r.token];
  });
  assert.deepEqual(seen, [hostname(), process.pid, true, 'string']);
  writeFileSync(lock, record({}));
  assert.equal(inspectLock(lock).state, 'held');
  if (processStartTime(process.pid) !== null) {
    writeFileSync(lock, record({ start: processStartTime(process.pid)! - 1 }));
    const s = inspectLock(lock);
    assert.equal(s.state, 'stale');
    assert.match(s.state === 'stale' ? s.why : '', /now belongs to another process/);
    assert.equal(withLockSync(lock, () => 4, 5_000), 4);
  }
});

test('a lock from another host is not judged by local PIDs: held until its heartbeat is older than the expiry', () => {
  const lock = join(tempDir(), 'x.lock');
  writeFileSync(lock, record({ host: 'elsewhere.example', pid: 999_999_999 }));
  assert.equal(inspectLock(lock).state, 'held', 'a dead local PID says nothing about another host');
  assert.throws(() => withLockSync(lock, () => 1, 30), (e: unknown) => e instanceof LockTimeoutError && /`edgelab train`, PID 999999999 on elsewhere\.example/.test(e.message));
  const old = new Date(Date.now() - 11 * 60_000);
  utimesSync(lock, old, old);
  assert.equal(inspectLock(lock).state, 'stale');
  assert.equal(withLockSync(lock, () => 5, 5_000), 5);
});

test('re-entrancy follows the call chain: nested takes run, two independent tasks of one process exclude each other', async () => {
  const lock = join(tempDir(), 'x.lock');
  assert.equal(await withLock(lock, async () => withLockSync(lock, () => 6)), 6, 'nested take in the same chain');
  const order: string[] = [];
  const task = (name: string) =>
    withLock(lock, async () => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 30));
      order.push(`${name}-`);
    });
  await Promise.all([task('a'), task('b')]);
  assert.deepEqual([order[0]!.slice(1), order[1]!.slice(1), order[2]!.slice(1), order[3]!.slice(1)], ['+', '-', '+', '-'], order.join(' '));
  const holding = withLock(lock, () => new Promise((r) => setTimeout(r, 80)));
  await new Promise((r) => setTimeout(r, 20));
  assert.throws(() => withLockSync(lock, () => 1), (e: unknown) => e instanceof LockTimeoutError && /another task of this process/.test(e.message), 'a synchronous wait on our own other task would hang: refused');
  await holding;
  assert.ok(!existsSync(lock));
});
