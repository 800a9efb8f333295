import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './prng.ts';

test('Rng.fillUniform draws exactly what next() would, and leaves the generator where next() would', () => {
  for (const seed of [0, 1, 42, 2 ** 31 + 7, 4294967295]) {
    const a = new Rng(seed);
    const b = new Rng(seed);
    const out = new Float64Array(1000);
    a.fillUniform(out, 999); // the last slot is left alone
    const want = Array.from({ length: 999 }, () => b.next());
    assert.deepEqual([...out.subarray(0, 999)], want);
    assert.equal(out[999], 0);
    assert.equal(a.nextU32(), b.nextU32());
    a.fillUniform(out);
    out.forEach((v) => assert.ok(Object.is(v, b.next())));
    assert.equal(a.normal(), b.normal());
  }
});
