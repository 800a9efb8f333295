// Task functions for pool.test.ts (run inside workers).
import { UserError } from '../../src/util/errors.ts';
import { Rng } from '../../src/util/prng.ts';

/** Sum of `count` seeded uniforms: deterministic, and TypeScript-only syntax on purpose. */
export function seededSum(arg: { seed: number; count: number }): number {
  const rng: Rng = new Rng(arg.seed);
  let s = 0;
  for (let i = 0; i < arg.count; i++) s += rng.next();
  return s;
}

export async function failOn(arg: number): Promise<number> {
  if (arg === 3) throw new UserError('task three is bad input');
  return arg * 2;
}

/** The worker thread a task ran on (pool.test.ts checks that workers are kept between calls). */
export async function threadIdOf(_: unknown): Promise<number> {
  const { threadId } = await import('node:worker_threads');
  // Long enough that both workers of a call get a task.
  await new Promise((r) => setTimeout(r, 20));
  return threadId;
}
