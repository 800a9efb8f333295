// The locked test season is a budget: every look at it is recorded here, and later looks say how
// many times it has been used, so nobody tunes on it without knowing.
import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from './layout.ts';
import { writeJsonAtomic } from './atomic.ts';
import { withLockSync } from './lock.ts';
import { readJsonArtifact } from './read-json.ts';

export interface TestLook {
  experiment_id: string;
  season: number;
  at: string;
  metrics: Record<string, number | null>;
}

export interface TestLedger {
  looks: TestLook[];
}

export function readTestLedger(layout: Layout): TestLedger {
  if (!existsSync(layout.testLedger)) return { looks: [] };
  return readJsonArtifact<TestLedger>(layout.testLedger, 'test-season ledger');
}

/** Record a look; returns how many looks at that season there had been before this one. */
export function recordTestLook(layout: Layout, look: TestLook): number {
  return withLockSync(layout.lockFile, () => {
    const ledger = readTestLedger(layout);
    const before = ledger.looks.filter((l) => l.season === look.season).length;
    writeJsonAtomic(layout.testLedger, { looks: [...ledger.looks, look] });
    return before;
  });
}
