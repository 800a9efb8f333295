import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { keyStatus, knownKeys, unknownKeyMessage } from './keys.ts';
import { edgelabConfigSchema } from './schema.ts';

test('known keys reach through defaults, nullables, records, unions and intersections', () => {
  const s = z
    .object({
      a: z.object({ b: z.number().default(1), c: z.string().nullable() }),
      r: z.record(z.string(), z.number()),
      m: z.discriminatedUnion('type', [z.object({ type: z.literal('x'), p: z.number() }), z.object({ type: z.literal('y'), q: z.number() })]),
      i: z.intersection(z.object({ u: z.number() }), z.object({ v: z.number() })),
      t: z.string().transform((x) => x.length),
    })
    .strict();
  const keys = knownKeys(s);
  assert.deepEqual(
    keys.filter((k) => !k.variant).map((k) => k.path),
    ['a', 'a.b', 'a.c', 'r', 'r.*', 'm', 'i', 'i.u', 'i.v', 't'],
  );
  assert.deepEqual(
    keys.filter((k) => k.variant).map((k) => `${k.path}@${k.variant!.value}`),
    ['m.type@x', 'm.p@x', 'm.type@y', 'm.q@y'],
  );
  const tree = { m: { type: 'x' } };
  assert.deepEqual(keyStatus(keys, 'm.p', tree), { ok: true });
  assert.deepEqual(keyStatus(keys, 'm.q', tree), { ok: false, otherVariants: ['m.type=y'] });
  assert.deepEqual(keyStatus(keys, 'r.anything', tree), { ok: true });
  assert.deepEqual(keyStatus(keys, 'r.a.b', tree), { ok: false, otherVariants: [] });
});

test('suggestions come from the schema even for keys the composed tree lacks', () => {
  const keys = knownKeys(edgelabConfigSchema);
  const tree = { model: { type: 'gbdt', max_depth: 3 } };
  assert.equal(unknownKeyMessage('model.n_estimaters', 'command line', tree, keys), 'unknown key model.n_estimaters in command line; did you mean model.n_estimators?');
  assert.equal(unknownKeyMessage('model.cv_folds', 'command line', tree, keys), 'key model.cv_folds in command line does not apply when model.type is "gbdt"; it needs model.type=ridge');
  assert.equal(unknownKeyMessage('model.zzzzzzzz', undefined, { model: { type: 'ridge', alpha: 1 } }, keys), 'unknown key model.zzzzzzzz; keys under model: alpha, cv_folds, type');
});
