import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DesignRow, MarketDesign } from '../../features/index.ts';
import { weekOrdinal } from '../../data/schema.ts';
import { Rng } from '../../util/prng.ts';
import { planFolds } from '../../evaluation/walkforward.ts';
import type { EvaluationConfig } from '../../config/groups/evaluation.ts';
import { createModel } from '../../models/factory.ts';
import { designMatrix, designSource, incrementalRidgeModels, needsImputation, nested, poolWorthIt, runWalkForward, sharedFits, startFoldWorkers, trainingRows } from './walkforward-run.ts';
import { fitRows, parseModelConfig } from '../../models/index.ts';
import { closePool, setCallerMode } from '../../util/pool.ts';
import { silentProgress } from '../../util/progress.ts';

// A small design: 4 seasons × 6 weeks × 10 games, two features, target = 3·x1 − 2·x2 + noise.
function design(): MarketDesign {
  const rng = new Rng(3);
  const rows: DesignRow[] = [];
  const X: number[] = [];
  for (let season = 2019; season <= 2022; season++)
    for (let week = 1; week <= 6; week++)
      for (let g = 0; g < 10; g++) {
        const x1 = rng.normal();
        const x2 = rng.normal();
        X.push(x1, x2);
        rows.push({
          game_id: `${season}-${week}-${g}`, season, season_type: 'regular', week, ordinal: weekOrdinal(season, 'regular', week),
          start_date: `${season}-09-0${Math.min(week, 9)}T18:00:00Z`, kickoff: Date.parse(`${season}-09-0${Math.min(week, 9)}T18:00:00Z`), home_team: `h${g}`, away_team: `a${g}`, eligible: true,
          home_prior_games: week, away_prior_games: week, completed: true, home_points: null, away_points: null,
          target: 3 * x1 - 2 * x2 + rng.normal(0, 0.5), offset: 0, line: -1, closing_line: -1, price_a: -110, price_b: -110,
        });
      }
  return { market: 'spread', featureNames: ['x1', 'x2'], X: Float64Array.from(X), rows };
}

const evalCfg: EvaluationConfig = {
  first_season: 2019, exclude_seasons: [], dev_seasons: 2, test_season: null, max_train_seasons: null,
  refit_every: 1, bet_line: 'closing', include_postseason: true, workers: 1,
};
const games = (d: MarketDesign) => d.rows.map((r) => ({ ...r, neutral_site: false, conference_game: false, home_conference: null, away_conference: null }));

test('incremental ridge over an expanding window equals a batch fit at every fold', () => {
  const d = design();
  const folds = planFolds(games(d), [2021, 2022], evalCfg);
  const prepared = folds.map((f) => ({ train: trainingRows(d, f) }));
  assert.ok(nested(prepared.map((p) => p.train)));
  const model = { type: 'ridge' as const, alpha: 2, cv_folds: 5 };
  const inc = incrementalRidgeModels(d, prepared, { model })!;
  assert.equal(inc.length, folds.length);
  prepared.forEach((p, k) => {
    const batch = createModel(model).fit(designMatrix(d, p.train), Float64Array.from(p.train, (i) => d.rows[i]!.target));
    const all = d.rows.map((_, i) => i);
    const a = inc[k]!.predict(designMatrix(d, all));
    const b = batch.predict(designMatrix(d, all));
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-9, `fold ${k} row ${i}: ${v} vs ${b[i]}`));
  });
});

test('no incremental path for an alpha list, GBDT or a moving window', () => {
  const d = design();
  const folds = planFolds(games(d), [2021, 2022], evalCfg);
  const prepared = folds.map((f) => ({ train: trainingRows(d, f) }));
  assert.equal(incrementalRidgeModels(d, prepared, { model: { type: 'ridge', alpha: [1, 10], cv_folds: 3 } }), null);
  const moving = planFolds(games(d), [2021, 2022], { ...evalCfg, max_train_seasons: 1 }).map((f) => ({ train: trainingRows(d, f) }));
  assert.equal(nested(moving.map((p) => p.train)), false);
  assert.equal(incrementalRidgeModels(d, moving, { model: { type: 'ridge', alpha: 1, cv_folds: 3 } }), null);
});

test('runWalkForward with one ridge alpha: out-of-sample predictions for the folds\' weeks only, near the truth', async () => {
  const d = design();
  const folds = planFolds(games(d), [2022], evalCfg);
  const one = await runWalkForward(d, folds, { model: { type: 'ridge', alpha: 2, cv_folds: 5 }, seed: 1, workers: 1, progress: silentProgress });
  d.rows.forEach((r, i) => assert.equal(Number.isFinite(one.oos[i]!), r.season === 2022, `row ${i}`));
  const rmse = Math.sqrt(d.rows.reduce((s, r, i) => (r.season === 2022 ? s + (r.target - one.oos[i]!) ** 2 : s), 0) / 60);
  assert.ok(rmse < 0.7, `rmse ${rmse}`);
});

test('GBDT folds on started fold workers: the pool is used and every out-of-sample prediction equals the in-thread run', async () => {
  const d = design();
  const folds = planFolds(games(d), [2022], evalCfg);
  const model = {
    type: 'gbdt' as const, tree: 'depthwise' as const, objective: 'huber' as const, huber_delta: 14, n_estimators: 1000, learning_rate: 0.01, max_depth: 1,
    min_child_weight: 5, lambda: 1, gamma: 0, subsample: 0.8, colsample_bytree: 1, max_bins: 32, early_stopping_rounds: null, validation_fraction: 0.15, n_threads: 1,
  };
  const tasks = folds.map((f) => ({ config: model, X: designMatrix(d, trainingRows(d, f)), y: new Float64Array(trainingRows(d, f).length) }));
  assert.equal(poolWorthIt(tasks, { model, workers: 2 }), false, 'small fits on cold workers stay in this thread');
  assert.equal(poolWorthIt(tasks, { model, workers: 1 }), false);
  await startFoldWorkers(2, [{ ...model, n_estimators: 5 }]);
  assert.equal(poolWorthIt(tasks, { model, workers: 2 }), true, 'started workers are used');
  assert.equal(poolWorthIt(tasks, { model: { type: 'ridge', alpha: [1, 10], cv_folds: 3 }, workers: 2 }), false, 'fits shorter than their messages stay in this thread');
  const inThread = await runWalkForward(d, folds, { model, seed: 7, workers: 1, progress: silentProgress });
  const pooled = await runWalkForward(d, folds, { model, seed: 7, workers: 2, progress: silentProgress });
  assert.equal(pooled.oos.length, inThread.oos.length);
  assert.ok(inThread.oos.some(Number.isFinite));
  pooled.oos.forEach((v, i) => assert.ok(Object.is(v, inThread.oos[i]), `row ${i}: ${v} vs ${inThread.oos[i]}`));
  // The workers are kept for the next test (a fold worker's start costs ≈ 0.25 s of CPU); it ends them.
});

test("GBDT folds with this thread helping the fold worker (the demo's trainings) equal the in-thread run to the bit", async () => {
  const d = design();
  const folds = planFolds(games(d), [2021, 2022], evalCfg);
  const model = {
    type: 'gbdt' as const, tree: 'oblivious' as const, objective: 'squared_error' as const, huber_delta: 14, n_estimators: 800, learning_rate: 0.02, max_depth: 2,
    min_child_weight: 5, lambda: 1, gamma: 0, subsample: 0.8, colsample_bytree: 1, max_bins: 32, early_stopping_rounds: null, validation_fraction: 0.15, n_threads: 1,
  };
  const mode = setCallerMode('helps');
  try {
    await startFoldWorkers(2, [model]);
    const tasks = folds.map((f) => ({ X: { nRows: trainingRows(d, f).length, nCols: 2 } }));
    assert.equal(poolWorthIt(tasks, { model, workers: 2 }), true, 'the folds go to the pool');
    const helped = await runWalkForward(d, folds, { model, seed: 11, workers: 2, progress: silentProgress });
    setCallerMode('waits');
    const inThread = await runWalkForward(d, folds, { model, seed: 11, workers: 1, progress: silentProgress });
    assert.equal(helped.folds.length, folds.length);
    assert.ok(inThread.oos.filter(Number.isFinite).length >= 100);
    helped.oos.forEach((v, i) => assert.ok(Object.is(v, inThread.oos[i]), `row ${i}: ${v} vs ${inThread.oos[i]}`));
  } finally {
    setCallerMode(mode);
    await closePool();
  }
});

// The design with each season's first two weeks ineligible (too little history): the folds that
// predict weeks 1, 2 and 3 of a season then train on the same rows.
function designWithEarlyWeeksOut(): MarketDesign {
  const d = design();
  for (const r of d.rows) r.eligible = r.week > 2;
  return d;
}

test('sharedFits: folds that train on the same rows share one fit, the others keep their own', () => {
  const d = designWithEarlyWeeksOut();
  const folds = planFolds(games(d), [2021, 2022], evalCfg);
  const prepared = folds.map((f) => ({ train: trainingRows(d, f) }));
  const fits = sharedFits(prepared);
  // 2021: weeks 1-3 share (rows of 2019-2020 only), then 4, 5, 6 alone; 2022 the same.
  assert.deepEqual(fits.map((f) => f.folds), [[0, 1, 2], [3], [4], [5], [6, 7, 8], [9], [10], [11]]);
  fits.forEach((f) => f.folds.forEach((k) => assert.deepEqual(prepared[k]!.train, f.train)));
  // Same rows in another order are another fit.
  assert.equal(sharedFits([{ train: [1, 2, 3] }, { train: [1, 3, 2] }, { train: [1, 2, 3] }]).length, 2);
});

test('runWalkForward: a shared fit gives every fold, to the bit, what its own fit gave (GBDT, ridge with an alpha list)', async () => {
  const d = designWithEarlyWeeksOut();
  // Offsets and a missing value, so that the offsets and the imputer are in play.
  d.rows.forEach((r, i) => (r.offset = (i % 7) - 3));
  d.X[2 * 130] = NaN;
  const folds = planFolds(games(d), [2021, 2022], evalCfg);
  const gbdt = {
    type: 'gbdt' as const, tree: 'depthwise' as const, objective: 'huber' as const, huber_delta: 14, n_estimators: 60, learning_rate: 0.1, max_depth: 3,
    min_child_weight: 5, lambda: 1, gamma: 0, subsample: 0.8, colsample_bytree: 1, max_bins: 32, early_stopping_rounds: null, validation_fraction: 0.15, n_threads: 1,
  };
  for (const model of [gbdt, { type: 'ridge' as const, alpha: [0.1, 1, 10], cv_folds: 3 }]) {
    const run = await runWalkForward(d, folds, { model, seed: 5, workers: 1, progress: silentProgress });
    const source = designSource(d, false);
    const config = parseModelConfig(model);
    assert.equal(run.folds.length, folds.length);
    folds.forEach((fold, k) => {
      const train = trainingRows(d, fold);
      const predicted = run.folds[k]!.predicted;
      assert.ok(predicted.length > 0);
      const own = fitRows({ source, config, seed: 5, impute: needsImputation(model), train: Int32Array.from(train), predict: Int32Array.from(predicted) });
      predicted.forEach((i, j) => {
        const want = own[j]! + d.rows[i]!.offset;
        assert.ok(Object.is(run.folds[k]!.predictions[j], want), `${model.type} fold ${k} row ${i}: ${run.folds[k]!.predictions[j]} vs ${want}`);
        assert.ok(Object.is(run.oos[i], want));
      });
    });
  }
});
