import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout } from '../artifacts/layout.ts';
import { loadConfig } from '../config/load.ts';
import { initProject } from './init.ts';
import { PACKAGE_CONF, tempDir } from '../../test/helpers/tmp.ts';

const compose = (dir: string, overrides: string[] = []) => loadConfig({ confDir: join(dir, 'conf'), overrides }).config;

test('init --league nfl: NFL sport and source, no excluded season, NFL home field, whatever the experiment', () => {
  const dir = tempDir('init-nfl');
  initProject(createLayout(dir), PACKAGE_CONF, { league: 'nfl' });
  assert.match(readFileSync(join(dir, 'conf/config.yaml'), 'utf8'), /^\s*- league: nfl$/m);
  for (const exp of ['v2-001', 'v2-002', 'v2-004']) {
    const c = compose(dir, [`experiment=${exp}`]);
    assert.equal(c.data.sport, 'nfl');
    assert.equal(c.data.source, 'nflverse');
    assert.equal(c.data.league, 'nfl');
    assert.deepEqual(c.evaluation.exclude_seasons, []);
    assert.equal(c.evaluation.first_season, 2002);
    assert.equal(c.features.ratings.home_advantage_prior, 1.8);
    assert.equal(c.features.market.offset, exp !== 'v2-001', 'the benchmark v2-001 has no market input');
    // NFL key numbers, most frequent first: 3, 7, 10, 6, 4, 14 (and ties).
    assert.deepEqual(c.betting.key_numbers?.margins.map((m) => m.margin), [3, 7, 10, 6, 4, 14, 0]);
    assert.equal(c.betting.key_numbers?.margins[0]!.share, 0.1539);
  }
});

test('init --league cfb: 2020 excluded for college only, FBS filtering on; the CLI still wins', () => {
  const dir = tempDir('init-cfb');
  initProject(createLayout(dir), PACKAGE_CONF, { league: 'cfb' });
  const c = compose(dir);
  assert.equal(c.data.sport, 'cfb');
  assert.deepEqual(c.evaluation.exclude_seasons, [2020]);
  assert.equal(c.data.fbs_only, true);
  assert.equal(c.betting.key_numbers, undefined, 'college margins: the smooth distribution');
  assert.ok(c.data.fbs_conferences.includes('SEC'));
  assert.deepEqual(compose(dir, ['evaluation.exclude_seasons=[]']).evaluation.exclude_seasons, []);
  assert.equal(compose(dir, ['league=nfl']).data.sport, 'nfl');
});

test('init switches the league of an unchanged config.yaml, keeps a user-edited one, refuses an unknown league', () => {
  const dir = tempDir('init-switch');
  const layout = createLayout(dir);
  initProject(layout, PACKAGE_CONF);
  assert.equal(compose(dir).data.league, 'demo');
  const r = initProject(layout, PACKAGE_CONF, { league: 'nfl' });
  assert.ok(r.created.includes('conf/config.yaml (league nfl)'));
  assert.equal(compose(dir).data.sport, 'nfl');
  const file = join(dir, 'conf/config.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('seed: 42', 'seed: 7'));
  const r2 = initProject(layout, PACKAGE_CONF, { league: 'cfb' });
  assert.ok(r2.kept.includes('conf/config.yaml'));
  assert.equal(compose(dir).data.sport, 'nfl');
  assert.throws(() => initProject(layout, PACKAGE_CONF, { league: 'xfl' }), /--league xfl: unknown league \(choose one of cfb, demo, nfl\)/);
});
