import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { friedman1 } from '../../test/support/gbdt-testdata.ts';
import { closePool } from '../util/pool.ts';
import { createModel, modelFromJSON, parseModelConfig } from './factory.ts';
import { fitRows, fitRowsMany, rowsMatrix, shareRows, type RowsTask } from './fit-rows.ts';
import { createMatrix } from './matrix.ts';
import { MeanImputer } from './pipeline.ts';

const conf = (name: string) => parse(readFileSync(new URL(`../../conf/model/${name}.yaml`, import.meta.url), 'utf8'));
const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

/** What a fold cost before: the training matrix built here, the model fitted, sent as model.json, loaded and run. */
function viaModelJson(X: Float64Array, y: Float64Array, names: string[], t: Pick<RowsTask, 'config' | 'seed' | 'impute' | 'train' | 'predict'>): Float64Array {
  const raw = rowsMatrix(X, names, t.train);
  const imputer = t.impute ? new MeanImputer().fit(raw) : undefined;
  const fitted = createModel(t.config, { seed: t.seed }).fit(imputer ? imputer.transform(raw) : raw, Float64Array.from(t.train, (i) => y[i]!));
  const model = modelFromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
  const P = rowsMatrix(X, names, t.predict);
  return model.predict(imputer ? imputer.transform(P) : P);
}

test('rowsMatrix copies the named rows in order', () => {
  const X = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const m = rowsMatrix(X, ['a', 'b'], [2, 0]);
  assert.deepEqual([m.nRows, m.nCols, m.layout, [...m.data]], [2, 2, 'row', [5, 6, 1, 2]]);
});

test('fitRows on the fold workers and in this thread: the same bits as a model sent as model.json (GBDT, ridge with imputed gaps)', async () => {
  const { X: M, y } = friedman1(900, 6, 4);
  const names = M.featureNames.slice();
  const X = Float64Array.from(M.data);
  // Gaps for the ridge imputer: every 7th row misses feature 2.
  const Xgaps = X.slice();
  for (let i = 0; i < 900; i += 7) Xgaps[i * 6 + 2] = NaN;
  const gbdt = parseModelConfig({ ...conf('gbdt'), n_estimators: 30, early_stopping_rounds: null });
  const ridge = parseModelConfig({ ...conf('ridge'), alpha: [0.1, 1, 10], cv_folds: 3 });
  const folds = [300, 600, 800].map((end) => ({ train: range(0, end), predict: range(end, end + 100) }));
  folds.push({ train: range(0, 500), predict: new Int32Array(0) });
  const cases = [
    { X, config: gbdt, impute: false },
    { X: Xgaps, config: ridge, impute: true },
  ];
  for (const c of cases) {
    const plain = { X: c.X, y: Float64Array.from(y), featureNames: names };
    const shared = shareRows(c.X, Float64Array.from(y), names);
    assert.ok(shared.X.buffer instanceof SharedArrayBuffer);
    const tasks = folds.map((f): RowsTask => ({ source: shared, config: c.config, seed: 5, impute: c.impute, ...f }));
    const two = await fitRowsMany(tasks, 2);
    const one = await fitRowsMany(tasks, 1);
    tasks.forEach((t, k) => {
      const before = viaModelJson(c.X, plain.y, names, t);
      const here = fitRows({ ...t, source: plain });
      assert.equal(here.length, t.predict.length);
      for (const out of [here, one[k]!, two[k]!]) {
        assert.equal(out.length, before.length);
        out.forEach((v, i) => assert.ok(Object.is(v, before[i]), `${c.config.type} fold ${k} row ${i}: ${v} vs ${before[i]}`));
      }
      if (t.predict.length) assert.ok(here.every(Number.isFinite), 'imputed rows predict finite values');
    });
  }
  await closePool();
});

test('the fold module loads without the config schema (zod stays out of the fold workers)', async () => {
  const seen = new Set<string>();
  const visit = (file: URL) => {
    if (seen.has(file.href)) return;
    seen.add(file.href);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import (?!type)[^;]*? from '(\.[^']+)'/gms)) visit(new URL(m[1]!, file));
  };
  visit(new URL('./fit-rows.ts', import.meta.url));
  assert.ok([...seen].some((f) => f.endsWith('/gbdt/gbdt.ts')), 'the walk is followed');
  assert.ok(![...seen].some((f) => f.includes('/config/')), [...seen].filter((f) => f.includes('/config/')).join(', '));
  assert.equal(createMatrix(new Float64Array(4), 2, 2, ['a', 'b']).nRows, 2);
});
