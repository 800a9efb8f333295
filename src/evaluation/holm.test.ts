import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { familyOf, holm, type PromotionAttempt } from './holm.ts';

test('holm: adjusted p-values by hand (statsmodels multipletests method="holm" gives the same)', () => {
  // sorted 0.01, 0.02, 0.04, 0.3 → ×4, ×3, ×2, ×1 = 0.04, 0.06, 0.08, 0.3 (running max)
  const r = holm([0.04, 0.01, 0.3, 0.02], 0.05);
  const want = [0.08, 0.04, 0.3, 0.06];
  r.adjusted.forEach((p, i) => assert.ok(Math.abs(p - want[i]!) < 1e-12, `${i}: ${p}`));
  assert.deepEqual(r.rejected, [false, true, false, false]);
  // a family of one is the single test, strict
  assert.deepEqual(holm([0.1], 0.1).rejected, [false]);
  assert.deepEqual(holm([0.0999], 0.1).rejected, [true]);
  // capped at 1, monotone
  assert.deepEqual(holm([0.6, 0.7], 0.1).adjusted, [1, 1]);
  assert.throws(() => holm([NaN], 0.1), /not in \[0, 1\]/);
});

test('property: holm adjusted ≥ raw, ≤ Bonferroni, and rejects only what the single test rejects', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), (ps) => {
      const r = holm(ps, 0.1);
      ps.forEach((p, i) => {
        assert.ok(r.adjusted[i]! >= p - 1e-15);
        assert.ok(r.adjusted[i]! <= Math.min(1, ps.length * p) + 1e-15);
        if (r.rejected[i]) assert.ok(p < 0.1);
      });
    }),
  );
});

test('property: under the global null holm keeps the family-wise error at or below alpha', () => {
  let seed = 1;
  const uniform = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  let any = 0;
  const reps = 20000;
  for (let r = 0; r < reps; r++) if (holm([uniform(), uniform(), uniform(), uniform(), uniform()], 0.1).rejected.some(Boolean)) any++;
  assert.ok(any / reps <= 0.1 + 0.006, `FWER ${any / reps}`);
  assert.ok(any / reps >= 0.08, 'and not far below it for independent tests');
});

test('familyOf: same phase, baseline and market; other candidates once each at their latest attempt', () => {
  const a = (attempt: number, candidate: string, p_value: number, o: Partial<PromotionAttempt> = {}): PromotionAttempt => ({ attempt, at: '', phase: 'phase2', candidate, baseline: 'v2-001', market: 'all', p_value, ...o });
  const log = [
    a(1, 'v2-002', 0.4),
    a(2, 'v2-003', 0.2),
    a(3, 'v2-002', 0.3), // retest: replaces attempt 1
    a(4, 'v2-004', 0.01, { phase: 'phase3' }),
    a(5, 'v2-005', 0.01, { baseline: 'v2-002' }),
    a(6, 'v2-006', 0.01, { market: 'spread' }),
    a(7, 'v2-007', 0.05, { exploratory: true }),
    a(8, 'v2-009', 0.5), // the candidate under test itself
  ];
  assert.deepEqual(familyOf(log, { phase: 'phase2', baseline: 'v2-001', market: 'all', candidate: 'v2-009' }), [
    { candidate: 'v2-002', p_value: 0.3 },
    { candidate: 'v2-003', p_value: 0.2 },
    { candidate: 'v2-007', p_value: 0.05 },
  ]);
});
