import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate } from './interpolate.ts';
import { loadConfig } from './load.ts';
import { makeConf } from '../../test/helpers/tmp.ts';

test('${key} alone keeps the type of the value it refers to; embedded, it is text', () => {
  const t = interpolate({ a: { n: 3, list: [1, 2] }, b: '${a.n}', c: 'n=${a.n}!', d: '${a.list}', e: '${a}' }, {});
  assert.deepEqual(t, { a: { n: 3, list: [1, 2] }, b: 3, c: 'n=3!', d: [1, 2], e: { n: 3, list: [1, 2] } });
});

test('references chain, and a reference to an interpolated value is resolved first', () => {
  const t = interpolate({ x: '${y}', y: '${z.w}', z: { w: 'deep-${k}', k: 0 }, k: 'K' }, {});
  assert.deepEqual(t, { x: 'deep-K', y: 'deep-K', z: { w: 'deep-K', k: 0 }, k: 'K' });
});

test('${env:NAME,default}: set, unset with default, typed when alone, text when embedded', () => {
  const env = { EL_SEED: '11', EL_FLAG: 'true', EL_NAME: 'ridge' };
  const t = interpolate(
    { a: '${env:EL_SEED,5}', b: '${env:EL_MISSING,5}', c: 'v${env:EL_SEED}', d: '${env:EL_FLAG}', e: '${oc.env:EL_NAME}', f: '${env:EL_MISSING,${k}}', k: 2.5, g: '${env:EL_MISSING,}' },
    {},
    env,
  );
  assert.deepEqual(t, { a: 11, b: 5, c: 'v11', d: true, e: 'ridge', f: 2.5, k: 2.5, g: '' });
});

test('\\${ is a literal ${', () => {
  assert.deepEqual(interpolate({ a: 'cost \\${x}' }, {}), { a: 'cost ${x}' });
});

test('interpolation errors name the key and its origin', () => {
  assert.throws(() => interpolate({ a: { b: '${a.c}' }, c: 1 }, { 'a.b': 'conf/x.yaml' }), {
    message: 'interpolation ${a.c} in a.b from conf/x.yaml: no key a.c; did you mean a.b?',
  });
  assert.throws(() => interpolate({ a: '${b}', b: '${c}', c: '${a}' }, {}), { message: 'interpolation cycle: a -> b -> c -> a' });
  assert.throws(() => interpolate({ a: 'x${b' }, {}), { message: "unterminated interpolation in a: 'x${b'" });
  assert.throws(() => interpolate({ a: 'x${b}', b: [1] }, {}), { message: 'interpolation ${b} in a is a list; only a whole value can refer to one' });
  assert.throws(() => interpolate({ a: '${b c}' }, {}), { message: 'bad interpolation ${b c} in a: write ${key.path} or ${env:NAME,default}' });
});

test('interpolation in conf files, resolved after overrides (the final value is used)', () => {
  const conf = makeConf({
    'experiment/v2-010.yaml': 'experiment: {id: v2-010, phase: 2, name: interp}\ngates:\n  significance:\n    seed: ${seed}\ndata:\n  warehouse: data/${data.sport}_${env:EL_TAG,dev}.duckdb\n',
  });
  const c = loadConfig({ confDir: conf, overrides: ['experiment=v2-010', 'seed=1234', 'data.sport=nfl'], env: {} });
  assert.equal(c.config.gates.significance.seed, 1234);
  assert.equal(c.config.data.warehouse, 'data/nfl_dev.duckdb');
  const d = loadConfig({ confDir: conf, overrides: ['experiment=v2-010', 'seed=${env:EL_SEED,77}'], env: { EL_TAG: 'prod' } });
  assert.equal(d.config.seed, 77);
  assert.equal(d.config.gates.significance.seed, 77);
  assert.equal(d.config.data.warehouse, 'data/cfb_prod.duckdb');
});
