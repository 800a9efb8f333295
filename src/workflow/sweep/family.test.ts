import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLayout } from '../../artifacts/layout.ts';
import { familyOf, holm } from '../../evaluation/holm.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { readAttempts, recordSweepAttempts } from '../promotion-attempts.ts';

const line = (i: number, p: number) => ({
  at: '2026-12-05T00:00:00Z',
  phase: 'phase3' as const,
  candidate: `sw-0123456789ab#${i}`,
  baseline: 'v2-001',
  market: 'spread',
  exploratory: false,
  passed: false,
  p_value: p,
  alpha: 0.05,
  file: 'report.json',
  candidate_hashes: {} as never,
  baseline_hashes: {} as never,
});

test("a sweep's configurations join the promotion family once; a later promote-test counts them all", () => {
  const layout = createLayout(tempDir('sweep-family-'));
  assert.equal(recordSweepAttempts(layout, [line(0, 0.4), line(1, 0.01), line(2, 0.7)]), 3);
  assert.equal(recordSweepAttempts(layout, [line(0, 0.4), line(1, 0.01), line(2, 0.7)]), 0, 'idempotent');
  const attempts = readAttempts(layout);
  assert.deepEqual(attempts.map((a) => [a.attempt, a.candidate]), [[1, 'sw-0123456789ab#0'], [2, 'sw-0123456789ab#1'], [3, 'sw-0123456789ab#2']]);
  // The sweep's winner trained as v2-009 and tested in phase 3 against v2-001 on the spread:
  const family = familyOf(attempts, { phase: 'phase3', baseline: 'v2-001', market: 'spread', candidate: 'v2-009' });
  assert.equal(family.length, 3);
  // Alone, p = 0.02 passes at 0.05; with the sweep's three it is the second smallest of four:
  // Holm gives max(4 × 0.01, 3 × 0.02) = 0.06 ≥ 0.05 → refused.
  const h = holm([0.02, ...family.map((f) => f.p_value)], 0.05);
  assert.ok(Math.abs(h.adjusted[0]! - 0.06) < 1e-12, String(h.adjusted[0]));
  assert.equal(h.rejected[0], false);
  assert.equal(familyOf(attempts, { phase: 'phase2', baseline: 'v2-001', market: 'spread', candidate: 'v2-009' }).length, 0, 'another phase does not count');
});
