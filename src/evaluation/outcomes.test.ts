import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closingLineValue, settleBet, settleIfFinal, spreadResult, totalResult, unitsWon } from './outcomes.ts';

test('spread results: home covers when margin + spread > 0, push when = 0', () => {
  // Home favoured by 3 (spread −3): wins by 4 covers, by 3 pushes, by 2 fails.
  assert.equal(spreadResult('home', -3, 4), 'win');
  assert.equal(spreadResult('home', -3, 3), 'push');
  assert.equal(spreadResult('home', -3, 2), 'loss');
  assert.equal(spreadResult('away', -3, 2), 'win');
  assert.equal(spreadResult('away', -3, 3), 'push');
  // Half-point lines never push; a home underdog (+6.5) losing by 6 covers.
  assert.equal(spreadResult('home', 6.5, -6), 'win');
  assert.equal(spreadResult('away', 6.5, -6), 'loss');
  assert.equal(spreadResult('away', 6.5, -7), 'win');
});

test('total results: over when points > total', () => {
  assert.equal(totalResult('over', 47.5, 48), 'win');
  assert.equal(totalResult('under', 47.5, 48), 'loss');
  assert.equal(totalResult('over', 48, 48), 'push');
  assert.equal(totalResult('under', 48, 48), 'push');
  assert.equal(totalResult('under', 48, 41), 'win');
});

test('units won at several prices and stakes', () => {
  assert.equal(unitsWon('win', -110, 1.1), 1);
  assert.equal(unitsWon('win', 150, 2), 3);
  assert.equal(unitsWon('loss', 150, 2), -2);
  assert.equal(unitsWon('push', -110, 2), 0);
  assert.ok(Math.abs(unitsWon('win', -110, 1) - 0.909090909) < 1e-9);
});

test('settleBet for spreads and totals', () => {
  const score = { home_points: 24, away_points: 21 };
  assert.deepEqual(settleBet({ bet_type: 'spread', side: 'home', line: -3, price: -110, recommended_units: 1 }, score), {
    actual_outcome: 3,
    result: 'push',
    units_won: 0,
  });
  assert.deepEqual(settleBet({ bet_type: 'spread', side: 'away', line: -2.5, price: 120, recommended_units: 2 }, score), {
    actual_outcome: 3,
    result: 'loss',
    units_won: -2,
  });
  assert.deepEqual(settleBet({ bet_type: 'total', side: 'over', line: 44.5, price: -125, recommended_units: 1 }, score), {
    actual_outcome: 45,
    result: 'win',
    units_won: 0.8,
  });
  assert.throws(() => settleBet({ bet_type: 'total', side: 'home', line: 44.5, price: -110, recommended_units: 1 }, score), /side home does not belong to a total bet/);
});

test('closing-line value per side', () => {
  assert.equal(closingLineValue('spread', 'home', -3, -4.5), 1.5); // bet home −3, closed −4.5: got 1.5 points
  assert.equal(closingLineValue('spread', 'away', -3, -4.5), -1.5);
  assert.equal(closingLineValue('total', 'over', 44, 46), 2);
  assert.equal(closingLineValue('total', 'under', 44, 46), -2);
});

test('property: the two sides of a line are complementary', () => {
  fc.assert(
    fc.property(fc.integer({ min: -60, max: 60 }), fc.integer({ min: -80, max: 80 }), (m, twiceLine) => {
      const line = twiceLine / 2;
      const h = spreadResult('home', line, m);
      const a = spreadResult('away', line, m);
      if (h === 'push') assert.equal(a, 'push');
      else assert.notEqual(h, a);
      assert.equal(h === 'push', Number.isInteger(line) && m + line === 0);
    }),
  );
});

test('settleIfFinal leaves unfinished games pending', () => {
  const bet = { bet_type: 'total' as const, side: 'under' as const, line: 50, price: 105, recommended_units: 2 };
  assert.equal(settleIfFinal(bet, { completed: false, home_points: 20, away_points: 10 }), null);
  assert.equal(settleIfFinal(bet, { completed: true, home_points: null, away_points: null }), null);
  assert.deepEqual(settleIfFinal(bet, { completed: true, home_points: 20, away_points: 10 }), { actual_outcome: 30, result: 'win', units_won: 2.1 });
});
