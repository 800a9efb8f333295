import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LockTimeoutError, withLock, withLockSync } from './lock.ts';
import { tempDir } from '../../test/helpers/tmp.ts';

/** The pid of a process that has exited (so is certainly dead). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
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
  writeFileSync(lock, `${deadPid()}\n`);
  assert.equal(withLockSync(lock, () => 7, 5_000), 7);
  assert.ok(!existsSync(lock));
  writeFileSync(lock, `${deadPid()}\n`);
  assert.equal(await withLock(lock, async () => 8, 5_000), 8);
});

test('a lock held by a live process times out with the holder named', async () => {
  const lock = join(tempDir(), 'x.lock');
  writeFileSync(lock, `${process.pid}\n`);
  assert.throws(() => withLockSync(lock, () => 1, 50), (e: unknown) => e instanceof LockTimeoutError && e.holder === String(process.pid));
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

test('a takeover guard left by a dead waiter does not block forever', () => {
  const dir = tempDir();
  const lock = join(dir, 'x.lock');
  writeFileSync(lock, `${deadPid()}\n`);
  writeFileSync(lock + '.takeover', '');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock + '.takeover', old, old);
  assert.equal(withLockSync(lock, () => 3, 5_000), 3);
  assert.ok(!existsSync(lock + '.takeover'));
});
