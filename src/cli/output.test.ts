import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levelCell, resultCell, signed, table, verdictCell } from './output.ts';
import { pick } from './figures.ts';

function withEnv(env: Record<string, string | undefined>, f: () => void): void {
  const before = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  try {
    f();
  } finally {
    for (const [k, v] of Object.entries(before)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

test('colour for wins/losses, gains/falls, pass/fail and alert levels; none with NO_COLOR', () => {
  withEnv({ FORCE_COLOR: '1', NO_COLOR: undefined }, () => {
    assert.equal(resultCell('win'), '\x1b[32mwin\x1b[0m');
    assert.equal(resultCell('loss'), '\x1b[31mloss\x1b[0m');
    assert.equal(resultCell('push'), 'push');
    assert.equal(signed('-8.3%', -0.083), '\x1b[31m-8.3%\x1b[0m');
    assert.equal(verdictCell('passed'), '\x1b[32mpassed\x1b[0m');
    assert.equal(verdictCell('not passed'), '\x1b[31mnot passed\x1b[0m');
    assert.equal(verdictCell('benchmark'), 'benchmark');
    assert.equal(levelCell('yellow'), '\x1b[33myellow\x1b[0m');
    assert.equal(levelCell('orange'), '\x1b[35morange\x1b[0m');
    assert.equal(levelCell('red'), '\x1b[31mred\x1b[0m');
    // Painted cells align like plain ones (colour codes take no room).
    assert.equal(table(['alert', 'roi'], [[levelCell('red'), signed('-1.0%', -1)], ['green', '2.0%']]).replace(/\x1b\[[0-9;]*m/g, ''), 'alert    roi\n-----  -----\nred    -1.0%\ngreen   2.0%');
  });
  withEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }, () => {
    assert.equal(resultCell('loss'), 'loss');
    assert.equal(levelCell('red'), 'red');
    assert.equal(verdictCell('not passed'), 'not passed');
  });
  assert.equal(levelCell(null), '');
});

test('pick: the side and its own number (a home-quoted spread is negated for the away side)', () => {
  assert.equal(pick('home', 27.5), 'home +27.5');
  assert.equal(pick('away', 27.5), 'away -27.5');
  assert.equal(pick('away', '-30'), 'away +30');
  assert.equal(pick('home', 0), 'home 0');
  assert.equal(pick('away', 0), 'away 0');
  assert.equal(pick('over', 44.5), 'over 44.5');
  assert.equal(pick('under', '70'), 'under 70');
});
