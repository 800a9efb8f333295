import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { breakEvenProbability, isValidAmericanOdds, profitPerUnit } from './odds.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

test('profit per unit at negative and positive prices', () => {
  close(profitPerUnit(-110), 100 / 110);
  close(profitPerUnit(-200), 0.5);
  close(profitPerUnit(150), 1.5);
  close(profitPerUnit(100), 1);
  close(profitPerUnit(-100), 1);
});

test('implied and break-even probabilities', () => {
  close(breakEvenProbability(-110), 110 / 210);
  assert.equal(breakEvenProbability(-110).toFixed(4), '0.5238');
  // The implied probability of the price, vig included: |p|/(|p|+100) for p < 0, 100/(p+100) for p > 0.
  close(breakEvenProbability(-200), 2 / 3);
  close(breakEvenProbability(150), 0.4);
});

test('validity of American odds', () => {
  assert.equal(isValidAmericanOdds(-110), true);
  assert.equal(isValidAmericanOdds(100), true);
  assert.equal(isValidAmericanOdds(-100), true);
  for (const bad of [0, 50, -99.5, NaN, Infinity, -Infinity]) assert.equal(isValidAmericanOdds(bad), false, String(bad));
  assert.throws(() => profitPerUnit(50), /invalid American odds 50/);
  assert.throws(() => breakEvenProbability(NaN), /invalid American odds NaN/);
});

test('property: a bet at the break-even probability has zero expected value', () => {
  const price = fc.oneof(fc.integer({ min: -2000, max: -100 }), fc.integer({ min: 100, max: 2000 }));
  fc.assert(
    fc.property(price, (p) => {
      const q = breakEvenProbability(p);
      close(q * profitPerUnit(p) - (1 - q), 0, 1e-12);
      close(q, p < 0 ? -p / (-p + 100) : 100 / (p + 100), 1e-12);
    }),
  );
});
