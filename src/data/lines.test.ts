import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectLines } from './lines.ts';
import type { Line } from './schema.ts';

const line = (game_id: string, provider: string, spread: number | null, total: number | null = 50): Line => ({
  game_id,
  provider,
  spread,
  spread_open: null,
  total,
  total_open: null,
  home_moneyline: null,
  away_moneyline: null,
  spread_price_home: -110,
  spread_price_away: -110,
  captured_at: null,
});

test('the preferred provider wins; never an average; fallback is alphabetical', () => {
  const lines = [line('g1', 'Bovada', -3.5), line('g1', 'consensus', -3), line('g2', 'zeta', 7), line('g2', 'alpha', 6.5), line('g3', 'Bovada', null, null)];
  const m = selectLines(lines, ['consensus', 'Bovada']);
  assert.equal(m.get('g1')!.spread, -3);
  assert.equal(m.get('g2')!.provider, 'alpha');
  assert.equal(m.has('g3'), false); // a row with neither spread nor total is no line
  assert.equal(selectLines(lines, ['bovada']).get('g1')!.spread, -3.5); // case-insensitive
});
