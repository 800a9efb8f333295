// Composition: defaults list, each override form, experiments, packages, origins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './load.ts';
import { makeConf, PACKAGE_CONF } from '../../test/helpers/tmp.ts';

const minimal = readFileSync(join(PACKAGE_CONF, 'features', 'minimal.yaml'), 'utf8');
const EXTRA = {
  'features/opponent_adjusted.yaml': minimal.replace('name: minimal', 'name: opponent_adjusted').replace('method: none', 'method: iterative'),
  'experiment/v2-002.yaml': `experiment:
  id: v2-002
  phase: 2
  name: opponent_adjusted
  description: Opponent-adjusted ratings.
defaults:
  - override /features: opponent_adjusted
model:
  alpha: 5
seed: 7
`,
  'data/strict.yaml': readFileSync(join(PACKAGE_CONF, 'data', 'quality.yaml'), 'utf8').replace('missing_line: warn', 'missing_line: fail'),
};
const conf = makeConf(EXTRA);
const load = (...overrides: string[]) => loadConfig({ confDir: conf, overrides, env: {} });

test('the defaults list composes every group with its origins', () => {
  const c = load();
  assert.deepEqual(c.choices, {
    data: 'default',
    'data@data.quality': 'quality',
    features: 'minimal',
    model: 'ridge',
    evaluation: 'default',
    betting: 'default',
    gates: 'phase2',
    monitoring: 'alerts',
    league: 'demo',
    experiment: null,
  });
  assert.equal(c.config.seed, 42);
  assert.deepEqual(c.config.markets, ['spread', 'total']);
  assert.deepEqual(c.config.model, { type: 'ridge', alpha: [1, 10, 100, 1000, 10000], cv_folds: 5 });
  assert.equal(c.config.experiment, undefined);
  assert.equal(c.origins.seed, 'conf/config.yaml');
  assert.equal(c.origins['model.alpha'], 'conf/model/ridge.yaml');
  assert.equal(c.origins['features.ratings.alpha'], 'conf/features/minimal.yaml');
});

test('group@pkg places an option at a package path (data@data.quality)', () => {
  const c = load();
  assert.equal(c.config.data.quality.max_abs_spread, 70);
  assert.equal(c.config.data.sport, 'cfb');
  assert.equal(c.origins['data.quality.max_abs_spread'], 'conf/data/quality.yaml');
  assert.equal(c.origins['data.sport'], 'conf/data/default.yaml');
  const strict = load('data@data.quality=strict');
  assert.equal(strict.config.data.quality.missing_line, 'fail');
  assert.equal(strict.choices['data@data.quality'], 'strict');
  assert.equal(strict.origins['data.quality.missing_line'], 'conf/data/strict.yaml');
});

test('group=option replaces the whole group (nothing of ridge survives in gbdt)', () => {
  const c = load('model=gbdt');
  assert.equal(c.choices.model, 'gbdt');
  assert.equal(c.config.model.type, 'gbdt');
  assert.ok(!('alpha' in c.config.model));
  if (c.config.model.type !== 'gbdt') throw new Error('unreachable');
  assert.equal(c.config.model.n_estimators, 300);
  assert.equal(c.config.model.max_depth, 3);
});

test('key=value overrides are typed: int, float, bool, null, string', () => {
  const c = load(
    'evaluation.refit_every=2',
    'betting.markets.spread.edge_threshold=2.5',
    'evaluation.include_postseason=false',
    'evaluation.workers=null',
    'evaluation.test_season=2024',
    'data.warehouse=other/wh.duckdb',
  );
  assert.equal(c.config.evaluation.refit_every, 2);
  assert.equal(c.config.betting.markets.spread.edge_threshold, 2.5);
  assert.equal(c.config.evaluation.include_postseason, false);
  assert.equal(c.config.evaluation.workers, null);
  assert.equal(c.config.evaluation.test_season, 2024);
  assert.equal(c.config.data.warehouse, 'other/wh.duckdb');
  assert.equal(c.origins['evaluation.refit_every'], 'command line');
});

test('key=[a,b] lists, with quoted elements', () => {
  const c = load('markets=[spread]', 'evaluation.exclude_seasons=[2020, 2021]', "data.line_provider_preference=['ESPN Bet', consensus]");
  assert.deepEqual(c.config.markets, ['spread']);
  assert.deepEqual(c.config.evaluation.exclude_seasons, [2020, 2021]);
  assert.deepEqual(c.config.data.line_provider_preference, ['ESPN Bet', 'consensus']);
});

test('a key the YAML lacks but the schema knows can be set (model.cv_folds, gbdt variant keys)', () => {
  const c = load('model=gbdt_oblivious', 'model.max_depth=5');
  assert.equal(c.config.model.type === 'gbdt' && c.config.model.max_depth, 5);
  const r = loadConfig({ confDir: makeConf({ 'model/ridge.yaml': 'type: ridge\nalpha: 1\n' }), overrides: ['model.cv_folds=3'] });
  assert.deepEqual(r.config.model, { type: 'ridge', alpha: 1, cv_folds: 3 });
});

test('+key=value adds a key; ++key=value adds or overrides', () => {
  const c = load('+data.quality.max_null_rate.points=0.1', '++seed=9', '++data.quality.max_null_rate.drives=0.2');
  assert.equal(c.config.data.quality.max_null_rate.points, 0.1);
  assert.equal(c.config.data.quality.max_null_rate.drives, 0.2);
  assert.equal(c.config.seed, 9);
  assert.equal(c.origins['data.quality.max_null_rate.points'], 'command line');
});

test('~key removes a key; a schema default then fills it in', () => {
  const c = load('~data.quality.max_null_rate.plays', '~model.cv_folds');
  assert.ok(!('plays' in c.config.data.quality.max_null_rate));
  assert.equal(c.config.model.type === 'ridge' && c.config.model.cv_folds, 5);
  assert.equal(c.origins['model.cv_folds'], 'schema default');
  const d = load('~data.quality.max_null_rate.plays=0.05');
  assert.ok(!('plays' in d.config.data.quality.max_null_rate));
});

test('experiment=ID loads a global-package file: group overrides and top-level keys', () => {
  const c = load('experiment=v2-002');
  assert.equal(c.choices.experiment, 'v2-002');
  assert.equal(c.choices.features, 'opponent_adjusted');
  assert.equal(c.config.features.name, 'opponent_adjusted');
  assert.equal(c.config.features.adjustment.method, 'iterative');
  assert.deepEqual(c.config.experiment, { id: 'v2-002', phase: 2, name: 'opponent_adjusted', description: 'Opponent-adjusted ratings.' });
  // merged into the chosen model, not replacing it
  assert.deepEqual(c.config.model, { type: 'ridge', alpha: 5, cv_folds: 5 });
  assert.equal(c.origins['model.alpha'], 'conf/experiment/v2-002.yaml');
  assert.equal(c.origins['features.name'], 'conf/features/opponent_adjusted.yaml');
  // the experiment's seed wins over config.yaml's own
  assert.equal(c.config.seed, 7);
});

test('the command line wins over the experiment, whatever the order', () => {
  const c = load('model.alpha=7', 'experiment=v2-002', 'features=minimal', 'seed=3');
  assert.equal(c.config.model.type === 'ridge' && c.config.model.alpha, 7);
  assert.equal(c.config.features.name, 'minimal');
  assert.equal(c.choices.features, 'minimal');
  assert.equal(c.config.seed, 3);
  assert.equal(c.config.experiment?.id, 'v2-002');
});

test('an experiment can switch the model and set keys of the new model', () => {
  const dir = makeConf({
    'experiment/v2-003.yaml': 'experiment: {id: v2-003, phase: 3, name: gbdt_depth4}\ndefaults:\n  - override /model: gbdt\n  - _self_\nmodel:\n  max_depth: 4\n',
  });
  const c = loadConfig({ confDir: dir, overrides: ['experiment=v2-003'] });
  assert.equal(c.choices.model, 'gbdt');
  assert.equal(c.config.model.type === 'gbdt' && c.config.model.max_depth, 4);
  assert.equal(c.config.experiment?.description, '');
});

test('the shipped experiment v2-001 composes', () => {
  const c = loadConfig({ confDir: PACKAGE_CONF, overrides: ['experiment=v2-001'] });
  assert.equal(c.config.experiment?.name, 'baseline_ridge_minimal');
  assert.equal(c.choices.model, 'ridge');
});

test('+group=option adds a group; ~group removes one', () => {
  const dir = makeConf({ 'config.yaml': readFileSync(join(PACKAGE_CONF, 'config.yaml'), 'utf8').replace('  - optional experiment: null\n', '') });
  const c = loadConfig({ confDir: dir, overrides: ['+experiment=v2-001'] });
  assert.equal(c.choices.experiment, 'v2-001');
  assert.equal(c.config.experiment?.id, 'v2-001');
  const d = load('~experiment');
  assert.ok(!('experiment' in d.choices));
});

test('# @package header puts a file at another path', () => {
  const dir = makeConf({ 'evaluation/short.yaml': '# @package _global_\nevaluation:\n' + readFileSync(join(PACKAGE_CONF, 'evaluation', 'default.yaml'), 'utf8').replace(/^(?=.)/gm, '  ').replace('dev_seasons: 3', 'dev_seasons: 1') });
  const c = loadConfig({ confDir: dir, overrides: ['evaluation=short'] });
  assert.equal(c.config.evaluation.dev_seasons, 1);
});

test('an experiment can override a packaged group entry (override /data@data.quality)', () => {
  const dir = makeConf({
    ...EXTRA,
    'experiment/v2-012.yaml': 'experiment: {id: v2-012, phase: 2, name: strict_quality}\ndefaults:\n  - override /data@data.quality: strict\n',
  });
  const c = loadConfig({ confDir: dir, overrides: ['experiment=v2-012'] });
  assert.equal(c.choices['data@data.quality'], 'strict');
  assert.equal(c.config.data.quality.missing_line, 'fail');
  assert.equal(c.choices.data, 'default');
});
