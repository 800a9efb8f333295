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
  /** opened: recorded before anything was computed; completed: its metrics filled in after. */
  status?: 'opened' | 'completed';
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

/**
 * Open a look before computing anything on the test season (a crash or an interrupted run still
 * counts as a look); returns its position in the ledger and the number of earlier looks.
 */
export function openTestLook(layout: Layout, look: Omit<TestLook, 'metrics' | 'status'>): { index: number; prior: number } {
  return withLockSync(layout.lockFile, () => {
    const ledger = readTestLedger(layout);
    const prior = ledger.looks.filter((l) => l.season === look.season).length;
    writeJsonAtomic(layout.testLedger, { looks: [...ledger.looks, { ...look, metrics: {}, status: 'opened' }] });
    return { index: ledger.looks.length, prior };
  });
}

/** Fill in the metrics of an opened look once they are computed. */
export function completeTestLook(layout: Layout, index: number, metrics: TestLook['metrics']): void {
  withLockSync(layout.lockFile, () => {
    const ledger = readTestLedger(layout);
    const look = ledger.looks[index];
    if (!look) throw new Error(`test ledger ${layout.testLedger}: no look #${index + 1} to complete`);
    ledger.looks[index] = { ...look, metrics, status: 'completed' };
    writeJsonAtomic(layout.testLedger, ledger);
  });
}
