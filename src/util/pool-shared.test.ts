// Overlapping pool calls (the demo's trainings overlap): they share the kept workers instead of
// starting cold ones, and each still gets its own results in task order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closePool, runPool } from './pool.ts';
import { seededSum } from '../../test/support/pool-fixture.ts';

// The fixture twin of this file's kind: compiled (npm test runs the .js mirror, whose workers
// need no tsx) or the TypeScript source (workers load it through tsx).
const fixture = new URL(`../../test/support/pool-fixture${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

test('pool: calls at the same time share two workers, each with its results in task order', async () => {
  await closePool();
  const threads = () => runPool<number, number>([1, 2, 3, 4, 5, 6], { module: fixture, fn: 'threadIdOf', workers: 2 });
  const [a, b, c] = await Promise.all([threads(), threads(), threads()]);
  const used = new Set([...a!, ...b!, ...c!]);
  assert.equal(used.size, 2, `three overlapping calls ran on ${used.size} threads, not the two kept ones`);
  // Sums: each call's results in its own task order, whatever worker ran them.
  const args = (k: number) => Array.from({ length: 5 }, (_, i) => ({ seed: 10 * k + i, count: 2000 }));
  const sums = await Promise.all([1, 2, 3].map((k) => runPool(args(k), { module: fixture, fn: 'seededSum', workers: 2 })));
  sums.forEach((s, k) => assert.deepEqual(s, args(k + 1).map(seededSum)));
  // A failing call does not take the other's workers down with it, nor leave it waiting.
  const [ok, bad] = await Promise.allSettled([runPool(args(4), { module: fixture, fn: 'seededSum', workers: 2 }), runPool([1, 3, 5, 7], { module: fixture, fn: 'failOn', workers: 2 })]);
  assert.equal(bad!.status, 'rejected');
  assert.deepEqual(ok!.status === 'fulfilled' ? ok.value : ok, args(4).map(seededSum));
  assert.equal(new Set(await threads()).size, 2);
  await closePool();
});
