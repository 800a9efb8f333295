import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { preferredLines } from './line-preference.ts';
import type { Line } from './schema.ts';

const line = (game_id: string, provider: string, spread: number | null, total: number | null = null): Line => ({
  game_id, provider, spread, spread_open: null, total, total_open: null, home_moneyline: null, away_moneyline: null,
  spread_price_home: -110, spread_price_away: -110, captured_at: null,
});

test('first preferred provider with a value wins; never an average', () => {
  const lines = [line('a', 'Bovada', -3, 44), line('a', 'consensus', -2.5, null), line('a', 'DraftKings', -4, 45), line('b', 'zeta', 7), line('b', 'alpha', 6.5)];
  const pref = ['consensus', 'Bovada'];
  const spread = preferredLines(lines, pref);
  assert.equal(spread.get('a')!.spread, -2.5);
  // Nobody preferred: alphabetical, so the choice is deterministic.
  assert.equal(spread.get('b')!.provider, 'alpha');
  // consensus has no total: Bovada's total is used for the total market.
  assert.equal(preferredLines(lines, pref, 'total').get('a')!.total, 44);
  assert.equal(preferredLines(lines, pref, 'total').has('b'), false);
  assert.equal(preferredLines(lines, ['CONSENSUS']).get('a')!.provider, 'consensus');
});

test('property: the chosen spread is always one provider’s actual value, independent of row order', () => {
  const arb = fc.array(fc.record({ p: fc.constantFrom('consensus', 'Bovada', 'x', 'y'), s: fc.integer({ min: -40, max: 40 }) }), { minLength: 1, maxLength: 8 })
    .map((rows) => [...new Map(rows.map((r) => [r.p, r])).values()].map((r) => line('g', r.p, r.s / 2)));
  fc.assert(fc.property(arb, (lines) => {
    const chosen = preferredLines(lines, ['Bovada', 'consensus']).get('g')!;
    assert.ok(lines.some((l) => l.provider === chosen.provider && l.spread === chosen.spread));
    assert.equal(preferredLines([...lines].reverse(), ['Bovada', 'consensus']).get('g')!.provider, chosen.provider);
  }));
});
