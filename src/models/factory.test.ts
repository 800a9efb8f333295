import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError, UserError } from '../util/errors.ts';
import { createModel, modelFromJSON } from './factory.ts';
import { fitMany } from './fit-many.ts';
import { Gbdt } from './gbdt/gbdt.ts';
import { friedman1 } from '../../test/support/gbdt-testdata.ts';
import { sliceRows } from './matrix.ts';
import { Ridge } from './ridge.ts';

const conf = (name: string) => parse(readFileSync(new URL(`../../conf/model/${name}.yaml`, import.meta.url), 'utf8'));

test('createModel builds every shipped conf/model group; modelFromJSON round-trips', () => {
  const { X, y } = friedman1(400, 6, 1);
  for (const name of ['ridge', 'gbdt', 'gbdt_oblivious']) {
    const m = createModel(conf(name), { seed: 42 });
    assert.ok(m instanceof (name === 'ridge' ? Ridge : Gbdt));
    m.fit(X, y);
    const back = modelFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    assert.equal(back.type, m.type);
    assert.deepEqual(Array.from(back.predict(X)), Array.from(m.predict(X)));
  }
  const g = createModel(conf('gbdt'), { seed: 42 }) as Gbdt;
  assert.equal(g.params.seed, 42);
  assert.equal(g.params.max_depth, 3);
});

test('createModel: unknown or bad parameters are usage errors naming the key', () => {
  assert.throws(() => createModel({ ...conf('gbdt'), learning_rte: 0.1 }), (e: Error) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /unknown parameter 'learning_rte' \(did you mean 'learning_rate'\?\)/);
    return true;
  });
  assert.throws(() => createModel({ ...conf('gbdt'), max_depth: 0 }), /model\.max_depth:/);
  assert.throws(() => createModel({ type: 'forest' }), UsageError);
  assert.throws(() => modelFromJSON({ schema: 'edgelab.model', version: 2, type: 'gbdt', featureNames: [] }), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /schema version 2 is newer; this edgelab reads version 1/);
    return true;
  });
  assert.throws(() => modelFromJSON({ schema: 'sklearn' }), /schema is 'sklearn'/);
});

test('fitMany: walk-forward folds give identical models with 1 and 2 workers', async () => {
  const { X, y } = friedman1(900, 6, 2);
  const config = { ...conf('gbdt'), n_estimators: 40, early_stopping_rounds: null };
  const tasks = [300, 600, 900].map((end) => ({ config, seed: 7, X: sliceRows(X, 0, end), y: y.slice(0, end) }));
  tasks.push({ config: conf('ridge'), seed: 7, X, y: y.slice() });
  const one = await fitMany(tasks, { workers: 1 });
  const two = await fitMany(tasks, { workers: 2 });
  assert.equal(one.length, 4);
  for (let k = 0; k < 4; k++) {
    assert.deepEqual(two[k]!.toJSON(), one[k]!.toJSON());
    assert.deepEqual(Array.from(two[k]!.predict(X)), Array.from(one[k]!.predict(X)));
  }
  // And equal to fitting in this thread directly.
  const direct = createModel(config, { seed: 7 }).fit(tasks[1]!.X, tasks[1]!.y);
  assert.deepEqual(JSON.parse(JSON.stringify(direct.toJSON())), one[1]!.toJSON());
});
