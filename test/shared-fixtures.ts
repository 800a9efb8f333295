// Where the shared, read-only fixtures live: `<repo>/../shared/fixtures` on a clean clone, else
// /work/shared/fixtures (worktrees sit one level deeper). Tests skip with a message when absent.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkoutOf } from './helpers/tmp.ts';

const repo = checkoutOf(resolve(dirname(fileURLToPath(import.meta.url)), '..'));

/** Absolute path of a shared fixture, or undefined when no shared fixtures are reachable. */
export function sharedFixture(rel: string): string | undefined {
  for (const base of [join(repo, '..', 'shared', 'fixtures'), '/work/shared/fixtures']) {
    const p = join(base, rel);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export const NFLVERSE_SAMPLE = 'formats/nflverse_games_2023_w1-2.csv';

/** The `skip` option of node:test when a shared fixture is missing. */
export function skipWithout(rel: string): { skip?: string } {
  return sharedFixture(rel) ? {} : { skip: `shared fixture ${rel} not found (looked in ../shared/fixtures and /work/shared/fixtures)` };
}
