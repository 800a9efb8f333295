// Every configuration error: one message naming the key, where it came from, and a suggestion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './load.ts';
import { UsageError } from '../util/errors.ts';
import { makeConf } from '../../test/helpers/tmp.ts';

const conf = makeConf({
  'model/typo.yaml': 'type: ridge\nalhpa: 3\ncv_folds: 5\n',
  'model/broken.yaml': 'type: ridge\nalpha: [1, 2\n',
  'experiment/v2-004.yaml': 'experiment: {id: v2-004, phase: 2, name: x}\ndefaults:\n  - features: minimal\n',
  'experiment/v2-005.yaml': 'experiment: {id: v2-005, phase: 2, name: x}\ndefaults:\n  - override /weather: rainy\n',
  'experiment/v2-006.yaml': 'experiment: {id: v2-006, phase: 2, name: x}\nmodel:\n  alpha: -1\n',
});

function fails(overrides: string[], message: string): void {
  assert.throws(
    () => loadConfig({ confDir: conf, overrides, env: {} }),
    (e: unknown) => {
      assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
      assert.equal(e.exitCode, 2);
      assert.equal(e.message.replaceAll(conf, '<conf>'), message);
      return true;
    },
  );
}

const cases: [string[], string][] = [
  [['model.alhpa=3'], 'unknown key model.alhpa in command line; did you mean model.alpha?'],
  [['model.max_depth=3'], 'key model.max_depth in command line does not apply when model.type is "ridge"; it needs model.type=gbdt'],
  [['model=gbdtt'], "no option 'gbdtt' for config group model (command line): searched <conf>/model; options: broken, gbdt, gbdt_oblivious, ridge, typo; did you mean model=gbdt?"],
  [['evaluation=nope'], "no option 'nope' for config group evaluation (command line): searched <conf>/evaluation; options: default"],
  // An id not written yet: no "did you mean v2-005?" (ids differ by a digit), but how to create one.
  [['experiment=v2-007'], "no option 'v2-007' for config group experiment (command line): searched <conf>/experiment; options: v2-001, v2-002, v2-003, v2-004, v2-005, v2-006; to create an experiment: edgelab experiment new --phase N [--features NAME] [--model NAME] (it takes the next free id and writes its file)"],
  [['experiment=v2-04'], "no option 'v2-04' for config group experiment (command line): searched <conf>/experiment; options: v2-001, v2-002, v2-003, v2-004, v2-005, v2-006; to create an experiment: edgelab experiment new --phase N [--features NAME] [--model NAME] (it takes the next free id and writes its file)"],
  [['modle=gbdt'], 'unknown key modle in command line; did you mean model?'],
  [['weather=rainy'], 'unknown key weather in command line; keys at the top level: betting, data, evaluation, experiment, features, gates, markets, model, monitoring, seed'],
  [['seed=abc'], 'invalid value for seed in command line: expected number (got "abc")'],
  [['gates.phase=4'], 'invalid value for gates.phase in command line: expected one of 2, 3 (got 4)'],
  [['model.type=rdge'], 'invalid value for model.type in command line: expected one of ridge, gbdt (got "rdge")'],
  [['markets=[spread,moneyline]'], 'invalid value for markets.1 in command line: expected one of spread, total (got "moneyline")'],
  [['data.quality.max_null_rate.plays=2'], 'invalid value for data.quality.max_null_rate.plays in command line: expected number to be <=1 (got 2)'],
  [
    ['model=typo'],
    'unknown key model.alhpa in conf/model/typo.yaml; did you mean model.alpha?\n' +
      'missing key model.alpha (not set in conf/model/typo.yaml); set it in a config file or add it with +model.alpha=VALUE',
  ],
  [['model=broken'], 'cannot parse conf/model/broken.yaml line 3: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1'],
  [['~data.sport'], 'missing key data.sport (not set in conf/data/default.yaml); set it in a config file or add it with +data.sport=VALUE'],
  [['seed'], "bad override 'seed' in command line: expected key=value, +key=value, ~key or group=option"],
  [['seed=[1'], "bad value in override 'seed=[1' (command line): expected ']' at position 3 of value '[1'"],
  [['features=[a,b]'], 'features=[a,b] (command line): a config group takes one option name, e.g. features=NAME'],
  [['experiment=v2-004'], "conf/experiment/v2-004.yaml: defaults entry 'features' must be written 'override /features: minimal' (only config.yaml adds groups)"],
  [['experiment=v2-005'], 'conf/experiment/v2-005.yaml overrides /weather, which is not in the defaults list (groups: data, data@data.quality, features, model, evaluation, betting, gates, monitoring, league, experiment)'],
  [['experiment=v2-006'], 'invalid value for model.alpha in conf/experiment/v2-006.yaml: expected number to be >=0 (got -1)'],
  [['+model=gbdt'], 'group model is already in the defaults list (conf/config.yaml); write model=gbdt to change it (command line)'],
  [['+seed=1'], 'key seed already exists (set in conf/config.yaml); write seed=1 to change it (command line)'],
  [['~model.alhpa'], 'unknown key model.alhpa in command line; did you mean model.alpha?'],
  [['~seed=41'], 'cannot remove seed (command line): its value is 42 (from conf/config.yaml), not 41'],
  [['seed=${env:EDGELAB_NOPE}'], 'environment variable EDGELAB_NOPE is not set (needed by seed from command line); set it or give a default: ${env:EDGELAB_NOPE,VALUE}'],
  [['seed=${sed}'], 'interpolation ${sed} in seed from command line: no key sed; did you mean seed?'],
  [['data.warehouse=${data.warehouse}'], 'interpolation cycle: data.warehouse -> data.warehouse'],
  [['++seed.x=1'], 'cannot set seed.x (command line): seed holds 42, not a mapping'],
];

for (const [overrides, message] of cases) {
  test(`error: ${overrides.join(' ')}`, () => fails(overrides, message));
}

test('error: a directory without config.yaml', () => {
  assert.throws(() => loadConfig({ confDir: '/nonexistent/conf' }), {
    message: "no config.yaml in /nonexistent/conf; run 'edgelab init' to create the default configuration",
  });
});

test('error: the source label names where overrides came from', () => {
  assert.throws(() => loadConfig({ confDir: conf, overrides: ['model.alhpa=3'], source: 'sweep.yaml' }), {
    message: 'unknown key model.alhpa in sweep.yaml; did you mean model.alpha?',
  });
});

test('error: a YAML file that is not a mapping, and a defaults list that is not a list', () => {
  const dir = makeConf({ 'model/list.yaml': '- a\n- b\n', 'experiment/v2-007.yaml': 'defaults: {override /model: gbdt}\n' });
  assert.throws(() => loadConfig({ confDir: dir, overrides: ['model=list'] }), { message: 'conf/model/list.yaml must hold a mapping of keys, not a list' });
  assert.throws(() => loadConfig({ confDir: dir, overrides: ['experiment=v2-007'] }), {
    message: 'defaults in conf/experiment/v2-007.yaml must be a list (e.g. - model: ridge)',
  });
});

test('error: an unknown key inside an experiment file names that file', () => {
  const dir = makeConf({ 'experiment/v2-008.yaml': 'experiment: {id: v2-008, phase: 2, name: x}\nfeatures:\n  min_gmaes: 3\n' });
  assert.throws(() => loadConfig({ confDir: dir, overrides: ['experiment=v2-008'] }), {
    message: 'unknown key features.min_gmaes in conf/experiment/v2-008.yaml; did you mean features.min_games?',
  });
});

test('error: many problems are capped at ten lines', () => {
  const dir = makeConf({ 'config.yaml': 'defaults:\n  - data: default\n  - _self_\n', 'data/default.yaml': 'sprot: cfb\n' });
  assert.throws(
    () => loadConfig({ confDir: dir }),
    (e: unknown) => {
      const lines = (e as Error).message.split('\n');
      assert.equal(lines.length, 11);
      assert.equal(lines[0], 'unknown key data.sprot in conf/data/default.yaml; did you mean data.sport?');
      assert.equal(lines[1], 'missing key seed; set it in a config file or add it with +seed=VALUE');
      assert.equal(lines[10], '... and 5 more problems');
      return true;
    },
  );
});
