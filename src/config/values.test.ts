import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScalar, parseValue } from './values.ts';
import { parseOverride } from './overrides.ts';

test('scalars: int, float, bool, null, string', () => {
  assert.equal(parseValue('42'), 42);
  assert.equal(parseValue('-7'), -7);
  assert.equal(parseValue('2.5'), 2.5);
  assert.equal(parseValue('1e-3'), 0.001);
  assert.equal(parseValue('.5'), 0.5);
  assert.equal(parseValue('true'), true);
  assert.equal(parseValue('False'), false);
  assert.equal(parseValue('null'), null);
  assert.equal(parseValue('ridge'), 'ridge');
  assert.equal(parseValue('2014-2025'), '2014-2025');
  assert.equal(parseValue('ESPN Bet'), 'ESPN Bet');
  assert.equal(parseValue("'42'"), '42');
  assert.equal(parseValue('"a,b"'), 'a,b');
  assert.equal(parseValue(''), '');
  assert.equal(parseValue('99999999999999999999'), '99999999999999999999');
});

test('lists and maps, nested, with quoted elements', () => {
  assert.deepEqual(parseValue('[a,b]'), ['a', 'b']);
  assert.deepEqual(parseValue('[ 1, 2.5 , null, true ]'), [1, 2.5, null, true]);
  assert.deepEqual(parseValue('[]'), []);
  assert.deepEqual(parseValue('[[points, rest], [a, b]]'), [['points', 'rest'], ['a', 'b']]);
  assert.deepEqual(parseValue("['ESPN Bet', \"x,y\"]"), ['ESPN Bet', 'x,y']);
  assert.deepEqual(parseValue('{a: 1, b: [x]}'), { a: 1, b: ['x'] });
  assert.equal(parseValue('${env:X,1}'), '${env:X,1}');
  assert.deepEqual(parseValue('[${a.b}, c]'), ['${a.b}', 'c']);
});

test('malformed values are errors', () => {
  assert.throws(() => parseValue('[a,b'), /expected '\]'/);
  assert.throws(() => parseValue("'open"), /unterminated quote/);
  assert.throws(() => parseValue('a]'), /unexpected '\]'/);
});

test('property: integers and finite floats round-trip through their text', () => {
  fc.assert(fc.property(fc.integer(), (n) => parseValue(String(n)) === n));
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(parseValue(String(x)), x) || (x === 0 && parseValue(String(x)) === 0)));
});

test('property: a list of safe words parses to those words', () => {
  const word = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/).filter((w) => !['null', 'true', 'false'].includes(w));
  fc.assert(fc.property(fc.array(word), (ws) => assert.deepEqual(parseValue(`[${ws.join(', ')}]`), ws) === undefined));
});

test('parseScalar leaves non-numbers alone', () => {
  assert.equal(parseScalar(' 1.2.3 '), '1.2.3');
  assert.equal(parseScalar('0x10'), '0x10');
});

test('parseOverride: each form', () => {
  assert.deepEqual(parseOverride('model.alpha=5'), { kind: 'set', key: 'model.alpha', hasValue: true, value: 5, text: '5', raw: 'model.alpha=5' });
  assert.equal(parseOverride('+a.b=x').kind, 'add');
  assert.equal(parseOverride('++a.b=x').kind, 'force');
  const del = parseOverride('~a.b');
  assert.equal(del.kind, 'delete');
  assert.equal(del.hasValue, false);
  assert.deepEqual(parseOverride('~a.b=3').value, 3);
  const g = parseOverride('data@data.quality=strict');
  assert.equal(g.key, 'data');
  assert.equal(g.pkg, 'data.quality');
  assert.equal(g.text, 'strict');
  assert.equal(parseOverride('a=b=c').value, 'b=c');
  assert.throws(() => parseOverride('a..b=1'), { message: "bad key 'a..b' in override 'a..b=1' (command line): keys look like model.alpha or data@data.quality" });
});
