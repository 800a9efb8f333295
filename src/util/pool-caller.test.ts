// The pool's caller modes: 'helps' (this thread is one of a call's threads and runs tasks while
// it would wait) and 'busy' (it counts as one but runs none). Results must not depend on the mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { closePool, runPool, setCallerMode, withCallerMode, workerThreads } from './pool.ts';
import { seededSum } from '../../test/support/pool-fixture.ts';
import { UserError } from './errors.ts';

// The fixture twin of this file's kind (compiled: workers need no tsx; sources: through tsx).
const fixture = new URL(`../../test/support/pool-fixture${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

const inMode = withCallerMode;

test('pool caller modes: how many workers a call of n threads uses', async () => {
  assert.deepEqual([1, 2, 3].map(workerThreads), [0, 2, 3], "'waits' (the default): n workers");
  await inMode('helps', async () => assert.deepEqual([1, 2, 3].map(workerThreads), [0, 1, 2]));
  await inMode('busy', async () => assert.deepEqual([1, 2, 3].map(workerThreads), [0, 1, 2]));
  assert.equal(setCallerMode('waits'), 'waits', 'the mode is restored');
});

test("pool 'helps': this thread runs tasks beside n − 1 workers; results in task order, as in every other mode", async () => {
  const args = Array.from({ length: 9 }, (_, k) => ({ seed: k + 1, count: 20_000 }));
  const expected = args.map(seededSum);
  for (const mode of ['helps', 'busy', 'waits'] as const) {
    for (const workers of [2, 3]) assert.deepEqual(await inMode(mode, () => runPool(args, { module: fixture, fn: 'seededSum', workers })), expected, `${mode}, ${workers} threads`);
  }
  const threads = (mode: 'helps' | 'busy', workers: number) => inMode(mode, () => runPool<number, number>([1, 2, 3, 4, 5, 6, 7, 8], { module: fixture, fn: 'threadIdOf', workers }));
  // (Kept workers are reused: a call takes only as many as its mode says.)
  for (const workers of [2, 3]) {
    const used = new Set(await threads('helps', workers));
    assert.ok(used.has(threadId), `helping, ${workers} threads: this thread ran tasks (${[...used]})`);
    assert.equal(used.size, workers, `helping: this thread and ${workers - 1} worker(s), not ${used.size} threads`);
  }
  const busy = new Set(await threads('busy', 3));
  assert.ok(!busy.has(threadId), 'busy: no task ran in this thread');
  assert.equal(busy.size, 2, 'busy, 3 threads: 2 workers');
  await closePool();
});

test("pool 'helps': a task failing in this thread rejects the call as a worker's failure would", { timeout: 120_000 }, async () => {
  // Two threads: the worker is handed tasks 0 and 1 (two ahead), this thread takes task 2 — the
  // bad one in the first list; in the second the worker has it.
  for (const args of [[1, 2, 3, 4], [3, 1, 1, 1]]) {
    await assert.rejects(
      inMode('helps', () => runPool(args, { module: fixture, fn: 'failOn', workers: 2 })),
      (e: Error) => e instanceof UserError && e.message === 'task three is bad input' && e.exitCode === 1,
    );
  }
  // The pool is usable after a failure.
  assert.deepEqual(await inMode('helps', () => runPool([1, 2, 4], { module: fixture, fn: 'failOn', workers: 2 })), [2, 4, 8]);
  // Its worker is kept (idle, unref'd) for the pool's next callers in a unit batch: a worker's
  // start costs ≈ 0.1 s of CPU. (The test before ends its workers: this one starts cold.)
});

test('withCallerMode: the mode holds inside and the mode before is back when fn settles, also on failure', async () => {
  assert.equal(workerThreads(2), 2);
  assert.equal(await withCallerMode('helps', async () => workerThreads(2)), 1);
  await assert.rejects(withCallerMode('busy', async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(workerThreads(2), 2);
});
