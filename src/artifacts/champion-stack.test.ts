import { test } from 'node:test';
import assert from 'node:assert/strict';
import { belowAfterRollback, championStack, rollbackTarget } from './champion-stack.ts';
import type { ChampionEvent } from './champion.ts';

const ev = (action: ChampionEvent['action'], current: string, previous: string | null): ChampionEvent => ({ action, at: '', current, previous, reason: '' });

test('the stack: promotions push, a rollback pops to its target and remembers what it rolled back from', () => {
  const h = [ev('promote', 'v2-001', null), ev('promote', 'v2-002', 'v2-001'), ev('promote', 'v2-004', 'v2-002')];
  let s = championStack(h);
  assert.deepEqual(s, { stack: ['v2-001', 'v2-002', 'v2-004'], rolled_back: [] });
  assert.equal(rollbackTarget(s), 'v2-002');
  assert.equal(belowAfterRollback(s, 'v2-002'), 'v2-001');
  // roll back once: v2-002 on top, v2-004 rolled back from; the next target is v2-001, not v2-004
  s = championStack([...h, ev('rollback', 'v2-002', 'v2-004')]);
  assert.deepEqual(s, { stack: ['v2-001', 'v2-002'], rolled_back: ['v2-004'] });
  assert.equal(rollbackTarget(s), 'v2-001');
  // twice: v2-001, nothing below
  s = championStack([...h, ev('rollback', 'v2-002', 'v2-004'), ev('rollback', 'v2-001', 'v2-002')]);
  assert.deepEqual(s, { stack: ['v2-001'], rolled_back: ['v2-004', 'v2-002'] });
  assert.equal(rollbackTarget(s), null);
  // promoting a rolled-back model again clears its mark
  s = championStack([...h, ev('rollback', 'v2-002', 'v2-004'), ev('promote', 'v2-004', 'v2-002')]);
  assert.deepEqual(s, { stack: ['v2-001', 'v2-002', 'v2-004'], rolled_back: [] });
});

test('a rollback --to a model below jumps over the ones between; to a model off the stack replaces the top', () => {
  const h = [ev('promote', 'v2-001', null), ev('promote', 'v2-002', 'v2-001'), ev('promote', 'v2-004', 'v2-002')];
  assert.deepEqual(championStack([...h, ev('rollback', 'v2-001', 'v2-004')]).stack, ['v2-001']);
  const off = championStack([...h, ev('rollback', 'v2-003', 'v2-004')]);
  assert.deepEqual(off.stack, ['v2-001', 'v2-002', 'v2-003']);
  assert.equal(belowAfterRollback(championStack(h), 'v2-003'), 'v2-002');
});

test('the issue-17 flip: after a rollback, a second advice never reinstates the bad model', () => {
  // before: rollback swapped current and previous, so a second rollback brought the bad model back
  const h = [ev('promote', 'v2-001', null), ev('promote', 'v2-004', 'v2-001'), ev('rollback', 'v2-001', 'v2-004')];
  const s = championStack(h);
  assert.equal(rollbackTarget(s), null);
  assert.deepEqual(s.rolled_back, ['v2-004']);
});
